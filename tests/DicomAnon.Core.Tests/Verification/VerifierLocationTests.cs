// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Tests.TestSupport;
using DicomAnon.Core.Verification;
using Xunit;

namespace DicomAnon.Core.Tests.Verification;

// Red team: a finding must name the element that holds the identifier, never its neighbour.
public class VerifierLocationTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Utf16_text_at_the_start_of_a_value_is_found_in_that_value_only(bool littleEndian)
    {
        const string family = "QUORVANE";
        DicomFile source = TestDicom.CtImage(5);
        source.Dataset.SetString(PatientName, DicomVR.PN, family + "^MELISANT");
        DicomFile output = TestDicom.CtImage(5);
        output.Dataset.SetString(PatientName, DicomVR.PN, family + "^MELISANT");
        new Deidentifier(new DeidentificationSettings { Key = Key }).Apply(output);

        // The name starts at the value's first byte, right after a binary value (US) of the batch: read in the other
        // UTF-16 byte order one byte earlier, the match begins in the gap before the value.
        Encoding utf16 = littleEndian ? Encoding.Unicode : Encoding.BigEndianUnicode;
        output.Dataset.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "LEAKY");
        output.Dataset.Set(new DicomValueElement(new DicomTag(0x0029, 0x1010), DicomVR.OB, utf16.GetBytes(family + "  "), "LEAKY"));

        var sources = new VerificationSources(Key);
        sources.Add(source);
        VerificationResult r = new DeidentificationVerifier(sources).Verify(output, "/out/a.dcm", "a.dcm");

        string[] nameLocations = r.Findings.Where(f => f.Kind == FindingKinds.SourcePatientName).Select(f => f.Location).Distinct().ToArray();
        Assert.Equal(new[] { "(0029,1010)" }, nameLocations);
    }
}
