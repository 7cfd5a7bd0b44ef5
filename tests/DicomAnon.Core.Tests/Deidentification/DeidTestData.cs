// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>Synthetic patients and helpers for de-identification tests (never real patient data).</summary>
internal static class DeidTestData
{
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static Deidentifier Create(params DeidentificationOption[] options) =>
        new(new DeidentificationSettings { Options = options, Key = Key });

    /// <summary>The explicit opt-out of date shifting: dates follow the Basic Profile.</summary>
    public static Deidentifier CreateRemovingDates(params DeidentificationOption[] options) =>
        new(new DeidentificationSettings { Options = options, Key = Key, RemoveTemporalInformation = true });

    public static Deidentifier Default() => new(new DeidentificationSettings { Key = Key });

    public static DicomTag Tag(string keywordOrTag) =>
        DicomDictionary.TryParseTag(keywordOrTag, out DicomTag t) ? t : throw new ArgumentException("unknown " + keywordOrTag);

    public static DicomDataset With(this DicomDataset ds, string keywordOrTag, DicomVR vr, string value)
    {
        ds.SetString(Tag(keywordOrTag), vr, value);
        return ds;
    }

    public static DicomDataset With(this DicomDataset ds, string keywordOrTag, params DicomDataset[] items)
    {
        ds.Set(new DicomSequence(Tag(keywordOrTag), items));
        return ds;
    }

    public static DicomDataset WithBytes(this DicomDataset ds, string keywordOrTag, DicomVR vr, params byte[] value)
    {
        ds.Set(new DicomValueElement(Tag(keywordOrTag), vr, value));
        return ds;
    }

    /// <summary>A CT image of a synthetic patient.</summary>
    public static DicomDataset Image(string patientId = "MRN0042", string name = "DOE^JANE^Q", string study = "1.2.826.0.1.3680043.99.1", string sop = "1.2.826.0.1.3680043.99.1.1.1", string studyDate = "20240110") =>
        new DicomDataset()
            .With("SOPClassUID", DicomVR.UI, CtImageStorage)
            .With("SOPInstanceUID", DicomVR.UI, sop)
            .With("StudyDate", DicomVR.DA, studyDate)
            .With("ContentDate", DicomVR.DA, studyDate)
            .With("StudyTime", DicomVR.TM, "083015.25")
            .With("AccessionNumber", DicomVR.SH, "ACC77123")
            .With("Modality", DicomVR.CS, "CT")
            .With("Manufacturer", DicomVR.LO, "SynthVendor")
            .With("InstitutionName", DicomVR.LO, "St Elsewhere General")
            .With("InstitutionAddress", DicomVR.ST, "1 Hospital Road\\Springfield")
            .With("ReferringPhysicianName", DicomVR.PN, "HOUSE^GREGORY")
            .With("StudyDescription", DicomVR.LO, "CT HEAD for Jane Doe")
            .With("PatientName", DicomVR.PN, name)
            .With("PatientID", DicomVR.LO, patientId)
            .With("PatientBirthDate", DicomVR.DA, "19700502")
            .With("PatientSex", DicomVR.CS, "F")
            .With("PatientAge", DicomVR.AS, "053Y")
            .With("StudyInstanceUID", DicomVR.UI, study)
            .With("SeriesInstanceUID", DicomVR.UI, study + ".1")
            .With("FrameOfReferenceUID", DicomVR.UI, study + ".9")
            .WithBytes("Rows", DicomVR.US, 2, 0);

    public static DicomFile File(DicomDataset ds)
    {
        var meta = new DicomDataset()
            .With("MediaStorageSOPClassUID", DicomVR.UI, ds.GetString(Tag("SOPClassUID")) ?? CtImageStorage)
            .With("MediaStorageSOPInstanceUID", DicomVR.UI, ds.GetString(Tag("SOPInstanceUID")) ?? "1.2.3")
            .With("TransferSyntaxUID", DicomVR.UI, "1.2.840.10008.1.2.1")
            .With("SourceApplicationEntityTitle", DicomVR.AE, "MODALITY7");
        return new DicomFile(meta, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>Every value of the file (file meta included) decoded as text, at every depth.</summary>
    public static List<string> AllText(DicomFile file)
    {
        var list = new List<string>();
        Collect(file.FileMetaInformation, list);
        Collect(file.Dataset, list);
        return list;
    }

    public static string Dump(DicomFile file)
    {
        var sb = new StringBuilder();
        Dump(file.FileMetaInformation, sb, 0);
        Dump(file.Dataset, sb, 0);
        return sb.ToString();
    }

    /// <summary>The keyed UID function computed independently: "2.25." + decimal of the first 16 bytes of HMAC(key, "uid:" + uid).</summary>
    public static string ExpectedUid(string uid, byte[]? key = null)
    {
        using var h = new HMACSHA256(key ?? Key);
        byte[] mac = h.ComputeHash(Encoding.UTF8.GetBytes("uid:" + uid));
        return "2.25." + new BigInteger(mac.Take(16).ToArray(), isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IEnumerable<DicomDataset> Walk(DicomDataset ds)
    {
        yield return ds;
        foreach (DicomElement e in ds)
        {
            if (e is DicomSequence sq)
            {
                foreach (DicomDataset item in sq.Items)
                {
                    foreach (DicomDataset d in Walk(item))
                    {
                        yield return d;
                    }
                }
            }
        }
    }

    private static void Collect(DicomDataset ds, List<string> list)
    {
        foreach (DicomDataset d in Walk(ds))
        {
            foreach (DicomElement e in d)
            {
                if (e is DicomValueElement v && v.Buffer.IsLoaded)
                {
                    byte[] b = v.GetBytes();
                    list.Add(Encoding.Latin1.GetString(b));
                    list.Add(Encoding.UTF8.GetString(b));
                }
            }
        }
    }

    private static void Dump(DicomDataset ds, StringBuilder sb, int depth)
    {
        foreach (DicomElement e in ds)
        {
            sb.Append(' ', depth * 2).Append(e.Tag).Append(' ').Append(DicomVRInfo.ToCode(e.VR)).Append(' ');
            if (e is DicomValueElement v)
            {
                sb.Append(Convert.ToHexString(v.GetBytes()));
            }

            sb.Append('\n');
            if (e is DicomSequence sq)
            {
                foreach (DicomDataset item in sq.Items)
                {
                    sb.Append(' ', depth * 2).Append("item\n");
                    Dump(item, sb, depth + 1);
                }
            }
        }
    }
}
