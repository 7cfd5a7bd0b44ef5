// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>
/// Issue 8, red team for the profile's leak classes (2 safe private, 3 D on sequences, 4 UIDs under the DICOM root,
/// 5 file meta and friends, 7 validity removals, 8 options): each case plants unique markers, the file is written,
/// read back, de-identified and written again, and every output byte is searched for every marker as ASCII/Latin-1,
/// UTF-8, UTF-16LE and UTF-16BE, with the defaults, with Retain Safe Private, and with every Clean option.
/// </summary>
public sealed class Issue8RedTeamTests
{
    private static readonly Dictionary<string, DeidentificationOption[]> OptionSets = new(StringComparer.Ordinal)
    {
        ["default"] = Array.Empty<DeidentificationOption>(),
        ["RetainSafePrivate"] = new[] { DeidentificationOption.RetainSafePrivate },
        ["Clean"] = new[] { DeidentificationOption.CleanDescriptors, DeidentificationOption.CleanStructuredContent, DeidentificationOption.CleanGraphics },
    };

    public static IEnumerable<object[]> Cases() =>
        OptionSets.Keys.SelectMany(o => CaseNames.Select(c => new object[] { o, c }));

    private static readonly string[] CaseNames =
    {
        "safe-private-wrong-vr", "safe-private-un-sequence", "safe-private-uid", "safe-private-footer",
        "dummy-sequence", "dicom-root-uids", "file-meta-command-encrypted", "overlay-group", "study-date",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Deidentify_RedTeamCase_NoMarkerInAnyOutputByte(string options, string name)
    {
        (DicomFile source, string[] markers) = Build(name);
        byte[] written = Write(source);
        DicomFile file = DicomReader.Read(new MemoryStream(written), DicomReadOptions.Default);
        Create(OptionSets[options]).Apply(file);
        byte[] output = Write(file);

        foreach (string marker in markers)
        {
            foreach (Encoding encoding in new[] { Encoding.Latin1, Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            {
                byte[] needle = encoding.GetBytes(marker);
                Assert.True(IndexOf(written, needle) >= 0 || encoding != Encoding.Latin1, $"case {name} does not plant {marker}");
                Assert.False(IndexOf(output, needle) >= 0, $"{name} with {options}: marker #{Array.IndexOf(markers, marker)} survived as {encoding.WebName}");
            }
        }
    }

    private static (DicomFile File, string[] Markers) Build(string name)
    {
        DicomDataset ds = Image(patientId: "RTMKPID01", name: "RTMKFAMILY^ANN");
        DicomFile f;
        switch (name)
        {
            case "safe-private-wrong-vr":
                Private(ds, 0x2001, "Philips Imaging DD 001", (0x01, DicomVR.LO, "RTMKFLSLOT"), (0x02, DicomVR.IS, "RTMKISSLOT"));
                return (File(ds), new[] { "RTMKFLSLOT", "RTMKISSLOT" });
            case "safe-private-un-sequence":
                ds.SetString(new DicomTag(0x2001, 0x0010), DicomVR.LO, "Philips Imaging DD 001");
                ds.Set(new DicomValueElement(new DicomTag(0x2001, 0x105F), DicomVR.UN,
                    ImplicitItem((0x00100010, "RTMKSQNAME^BOB"), (0x00100020, "RTMKSQID"), (0x00100030, "19310417"), (0x00081030, "RTMKSQTEXT")),
                    "Philips Imaging DD 001"));
                return (File(ds), new[] { "RTMKSQNAME", "RTMKSQID", "19310417", "RTMKSQTEXT" });
            case "safe-private-uid":
                Private(ds, 0x0099, "NQHeader", (0x02, DicomVR.UI, "1.2.826.0.1.3680043.77.2.4"));
                return (File(ds), new[] { "1.2.826.0.1.3680043.77.2.4" });
            case "safe-private-footer":
                {
                    byte[] footer = new byte[96];
                    byte[] text = Encoding.Unicode.GetBytes("RTMKFAMILY");
                    Buffer.BlockCopy(text, 0, footer, 30, text.Length);
                    ds.SetString(new DicomTag(0x7FD1, 0x0010), DicomVR.LO, "SIEMENS Ultrasound SC2000");
                    ds.Set(new DicomValueElement(new DicomTag(0x7FD1, 0x1001), DicomVR.OB, footer, "SIEMENS Ultrasound SC2000"));
                    return (File(ds), new[] { "RTMKFAMILY" });
                }

            case "dummy-sequence":
                {
                    DicomDataset code = new DicomDataset().With("CodeValue", DicomVR.SH, "RTMKCODE").With("CodingSchemeDesignator", DicomVR.SH, "99RTMK").With("CodeMeaning", DicomVR.LO, "RTMKINSTITUTE");
                    DicomDataset step = new DicomDataset().With("ReferencedSOPClassUID", DicomVR.UI, "1.2.840.10008.3.1.2.3.3").With("ReferencedSOPInstanceUID", DicomVR.UI, "1.2.826.0.1.3680043.77.3.1");
                    DicomDataset observer = new DicomDataset().With("VerifyingObserverName", DicomVR.PN, "RTMKOBSERVER^JO").With("VerifyingOrganization", DicomVR.LO, "RTMKORG");
                    ds.With("InstitutionCodeSequence", code).With("ReferencedPerformedProcedureStepSequence", step).With("VerifyingObserverSequence", observer);
                    return (File(ds), new[] { "RTMKCODE", "99RTMK", "RTMKINSTITUTE", "1.2.826.0.1.3680043.77.3.1", "RTMKOBSERVER", "RTMKORG" });
                }

            case "dicom-root-uids":
                ds = Image(patientId: "RTMKPID01", name: "RTMKFAMILY^ANN", study: "1.2.840.10008.77.1", sop: "1.2.840.10008.77.1.1.1");
                return (File(ds), new[] { "1.2.840.10008.77.1" });
            case "file-meta-command-encrypted":
                ds.With("(0000,1030)", DicomVR.AE, "RTMKCMDAE");
                ds.With("(0400,0500)", new DicomDataset()
                    .With("(0400,0510)", DicomVR.UI, "1.2.840.10008.1.2.1")
                    .WithBytes("(0400,0520)", DicomVR.OB, Encoding.ASCII.GetBytes("RTMKENCRYPTED ")));
                f = File(ds);
                f.FileMetaInformation
                    .With("(0002,0026)", DicomVR.UR, "http://RTMKSOURCEURL")
                    .With("(0002,0027)", DicomVR.UR, "http://RTMKSENDURL")
                    .With("(0002,0028)", DicomVR.UR, "http://RTMKRECVURL")
                    .With("(0002,0033)", DicomVR.LO, "RTMKRTVMETA")
                    .WithBytes("(0002,0035)", DicomVR.OB, Encoding.ASCII.GetBytes("RTMKRTVDATA "));
                return (f, new[] { "RTMKCMDAE", "RTMKENCRYPTED", "RTMKSOURCEURL", "RTMKSENDURL", "RTMKRECVURL", "RTMKRTVMETA", "RTMKRTVDATA" });
            case "overlay-group":
                ds.With("(6000,0022)", DicomVR.LO, "RTMKOVERLAY")
                    .With("(6000,1500)", DicomVR.LO, "RTMKOVLABEL")
                    .WithBytes("(6000,0010)", DicomVR.US, 2, 0)
                    .WithBytes("(6000,0011)", DicomVR.US, 2, 0)
                    .WithBytes("(6000,3000)", DicomVR.OW, 0x0F, 0x00);
                return (File(ds), new[] { "RTMKOVERLAY", "RTMKOVLABEL" });
            case "study-date":
                ds = Image(patientId: "RTMKPID01", name: "RTMKFAMILY^ANN", studyDate: "20190311");
                return (File(ds), new[] { "20190311" });
            default:
                throw new ArgumentOutOfRangeException(nameof(name));
        }
    }

    private static void Private(DicomDataset ds, ushort group, string creator, params (byte Element, DicomVR Vr, string Value)[] elements)
    {
        ds.SetString(new DicomTag(group, 0x0010), DicomVR.LO, creator);
        foreach ((byte el, DicomVR vr, string value) in elements)
        {
            ds.Set(new DicomValueElement(new DicomTag(group, (ushort)(0x1000 | el)), vr, Pad(value, vr), creator));
        }
    }

    private static byte[] Pad(string s, DicomVR vr) => Encoding.ASCII.GetBytes(s.Length % 2 == 0 ? s : s + (vr == DicomVR.UI ? "\0" : " "));

    private static byte[] ImplicitItem(params (uint Tag, string Value)[] elements)
    {
        var body = new MemoryStream();
        foreach ((uint tag, string value) in elements)
        {
            byte[] v = Pad(value, DicomVR.LO);
            body.Write(BitConverter.GetBytes((ushort)(tag >> 16)));
            body.Write(BitConverter.GetBytes((ushort)(tag & 0xFFFF)));
            body.Write(BitConverter.GetBytes((uint)v.Length));
            body.Write(v);
        }

        var item = new MemoryStream();
        item.Write(BitConverter.GetBytes((ushort)0xFFFE));
        item.Write(BitConverter.GetBytes((ushort)0xE000));
        item.Write(BitConverter.GetBytes((uint)body.Length));
        item.Write(body.ToArray());
        return item.ToArray();
    }

    private static byte[] Write(DicomFile f)
    {
        using var ms = new MemoryStream();
        DicomWriter.Write(f, ms, new DicomWriteOptions());
        return ms.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
