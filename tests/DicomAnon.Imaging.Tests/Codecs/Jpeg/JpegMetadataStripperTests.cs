// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Imaging.Codecs.Jpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace DicomAnon.Imaging.Tests.Codecs.Jpeg;

public sealed class JpegMetadataStripperTests
{
    [Fact]
    public void Strip_RemovesCommentExifAndThumbnail_KeepsWhatDecodersNeed()
    {
        byte[] jfifWithThumb = Segment(0xE0, Encoding.ASCII.GetBytes("JFIF\0").Concat(new byte[] { 1, 1, 0, 0, 1, 0, 1, 1, 1 }).Concat(new byte[3]).ToArray());
        byte[] comment = Segment(0xFE, Encoding.ASCII.GetBytes("PATIENT DOE^JANE"));
        byte[] exif = Segment(0xE1, Encoding.ASCII.GetBytes("Exif\0\0 2024:01:31"));
        byte[] adobe = Segment(0xEE, Encoding.ASCII.GetBytes("Adobe").Concat(new byte[] { 0, 100, 0, 0, 0, 0, 1 }).ToArray());
        byte[] dqt = Segment(0xDB, new byte[65]);
        byte[] scan = { 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9 };
        byte[] jpeg = new byte[] { 0xFF, 0xD8 }.Concat(jfifWithThumb).Concat(comment).Concat(exif).Concat(adobe).Concat(dqt).Concat(scan).ToArray();

        byte[] stripped = JpegMetadataStripper.Strip(jpeg, out int removed);

        Assert.Equal(3, removed);
        string text = Encoding.ASCII.GetString(stripped);
        Assert.DoesNotContain("DOE", text, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, System.StringComparison.Ordinal);
        Assert.Contains("JFIF", text, System.StringComparison.Ordinal);
        Assert.Contains("Adobe", text, System.StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xFF, 0xE0, 0x00, 0x10 }, stripped.Skip(2).Take(4).ToArray());
        Assert.Equal(new byte[] { 0, 0 }, stripped.Skip(2 + 16).Take(2).ToArray()); // no thumbnail
        Assert.Equal(adobe.Concat(dqt).Concat(scan).ToArray(), stripped.Skip(2 + 18).ToArray());
    }

    [Fact]
    public void Strip_RealJpegWithComment_DecodesToTheSamePixels()
    {
        using var image = new Image<L8>(64, 48);
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                image[x, y] = new L8((byte)((x * 4) ^ (y * 5)));
            }
        }

        using var ms = new MemoryStream();
        image.SaveAsJpeg(ms, new JpegEncoder { Quality = 90 });
        byte[] original = ms.ToArray();
        byte[] withComment = original.Take(2).Concat(Segment(0xFE, Encoding.ASCII.GetBytes("ID 12345"))).Concat(original.Skip(2)).ToArray();

        byte[] stripped = JpegMetadataStripper.Strip(withComment, out int removed);

        Assert.Equal(1, removed);
        using Image<L8> a = Image.Load<L8>(original);
        using Image<L8> b = Image.Load<L8>(stripped);
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                Assert.Equal(a[x, y], b[x, y]);
            }
        }
    }

    [Fact]
    public void Strip_NothingToRemove_ReturnsTheInput()
    {
        byte[] jpeg = new byte[] { 0xFF, 0xD8 }.Concat(Segment(0xDB, new byte[65])).Concat(new byte[] { 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9 }).ToArray();
        Assert.Same(jpeg, JpegMetadataStripper.Strip(jpeg, out int removed));
        Assert.Equal(0, removed);
    }

    [Fact]
    public void Strip_BrokenSegmentLength_IsAFormatError()
    {
        byte[] jpeg = { 0xFF, 0xD8, 0xFF, 0xFE, 0x7F, 0xFF, 0x41 };
        Assert.Throws<JpegFormatException>(() => JpegMetadataStripper.Strip(jpeg, out _));
    }

    private static byte[] Segment(byte marker, byte[] body) =>
        new byte[] { 0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)((body.Length + 2) & 0xFF) }.Concat(body).ToArray();
}
