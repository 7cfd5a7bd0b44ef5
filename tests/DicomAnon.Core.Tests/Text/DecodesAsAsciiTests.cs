// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Text;
using DicomAnon.Core.Text;
using Xunit;

namespace DicomAnon.Core.Tests.Text;

/// <summary>
/// The echo scan widens a value's bytes itself when <see cref="DicomCharacterSet.DecodesAsAscii"/> says the decoder
/// would read them one character per byte: it must say so only when Decode gives exactly the widened bytes.
/// </summary>
public class DecodesAsAsciiTests
{
    [Theory]
    [InlineData("", "DOE^JANE", "LO", true)]
    [InlineData("ISO_IR 100", "DOE^JANE\\SMITH", "PN", true)]
    [InlineData("ISO_IR 192", "DOE^JANE", "PN", false)] // a stand-alone set decodes itself
    [InlineData("ISO_IR 100", "M\u00dcLLER", "PN", false)]
    [InlineData("ISO 2022 IR 6\\ISO 2022 IR 87", "A\u001b$BXX", "PN", false)]
    [InlineData("ISO_IR 192", "1.2.3", "UI", true)] // UI is never in the specific character set
    public void Says_true_only_when_decoding_widens_the_bytes(string specificCharacterSet, string latin1Value, string vr, bool expected)
    {
        DicomCharacterSet charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);
        Assert.True(DicomVRInfo.TryParse(vr, out DicomVR dicomVR));
        byte[] bytes = Encoding.Latin1.GetBytes(latin1Value);
        Assert.Equal(expected, charset.DecodesAsAscii(bytes, 0, bytes.Length, dicomVR));
        if (expected)
        {
            Assert.Equal(latin1Value, charset.Decode(bytes, 0, bytes.Length, dicomVR));
        }
    }

    /// <summary>Sets with other 7-bit repertoires too, every 7-bit byte but ESC: when it says yes, Decode gives the widened bytes.</summary>
    [Theory]
    [InlineData("ISO_IR 13")]
    [InlineData("ISO 2022 IR 13\\ISO 2022 IR 87")]
    [InlineData("ISO 2022 IR 6\\ISO 2022 IR 149")]
    [InlineData("ISO_IR 144")]
    [InlineData("GB18030")]
    [InlineData("ISO_IR 100")]
    public void When_it_says_yes_decoding_gives_the_widened_bytes(string specificCharacterSet)
    {
        DicomCharacterSet charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);
        var all = new System.Collections.Generic.List<byte>();
        for (int b = 1; b < 0x80; b++)
        {
            if (b != 0x1B)
            {
                all.Add((byte)b); // ESC would switch sets: it is never widened
            }
        }

        byte[] bytes = all.ToArray();

        foreach (DicomVR vr in new[] { DicomVR.PN, DicomVR.LO, DicomVR.UT, DicomVR.CS })
        {
            if (charset.DecodesAsAscii(bytes, 0, bytes.Length, vr))
            {
                Assert.Equal(Encoding.Latin1.GetString(bytes), charset.Decode(bytes, 0, bytes.Length, vr));
            }
        }
    }
}
