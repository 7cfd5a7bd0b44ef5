// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.IO;
using DicomAnon.Core.Values;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>
/// A synthetic multi-patient corpus (3 patients x 2 studies x 2 instances, with cross references), de-identified,
/// written with our writer and searched byte by byte for every original identifying string and UID.
/// </summary>
public sealed class EndToEndCorpusTests
{
    private const string UidRoot = "1.2.826.0.1.3680043.99.";

    private static readonly string[][] Patients =
    {
        new[] { "MRN-A-7781", "PLUM^VICTORIA^ANNE", "19610314", "ACCA1001", "ACCA1002" },
        new[] { "MRN-B-3310", "MUSTARD^COLONEL", "19480929", "ACCB2001", "ACCB2002" },
        new[] { "MRN-C-0042", "SCARLET^JOSEPHINE", "19900101", "ACCC3001", "ACCC3002" },
    };

    [Fact]
    public void Corpus_NoPhiOrOriginalUidSurvives_ReferencesFollow_IntervalsKept()
    {
        List<DicomFile> files = BuildCorpus();
        var d = Default();
        var results = files.Select(f => d.Apply(f)).ToList();
        List<byte[]> written = files.Select(Write).ToList();

        var phi = new List<string> { "Kingsbridge Royal Infirmary", "Ward 7, Lantern Street", "WHITE^BLANCHE", "GREEN^REVEREND", "SECRETCSAVALUE", "CTSCANNER_B2", "Lantern" };
        foreach (string[] p in Patients)
        {
            phi.AddRange(p);
            phi.AddRange(p[1].Split('^'));
        }

        foreach (byte[] bytes in written)
        {
            string latin1 = Encoding.Latin1.GetString(bytes);
            foreach (string s in phi)
            {
                int at = latin1.IndexOf(s, StringComparison.Ordinal);
                Assert.False(at >= 0, $"synthetic identifying string \"{s}\" survived: {(at >= 0 ? latin1.Substring(Math.Max(0, at - 40), 80) : string.Empty)}");
            }

            Assert.DoesNotContain(UidRoot, latin1, StringComparison.Ordinal);
        }

        // Read back what we wrote and check references and intervals.
        List<DicomFile> back = written.Select(b => DicomReader.Read(new MemoryStream(b), DicomReadOptions.Default)).ToList();
        for (int p = 0; p < Patients.Length; p++)
        {
            DicomFile[] mine = back.Skip(p * 4).Take(4).ToArray();
            Assert.Single(mine.Select(f => f.Dataset.GetString(Tag("PatientID"))).Distinct());
            Assert.Equal(results[p * 4].PseudonymPatientId, mine[0].Dataset.GetString(Tag("PatientID")));

            // Instance 2 of each study references instance 1 (in two sequences) and the study's SR evidence.
            for (int s = 0; s < 2; s++)
            {
                DicomDataset first = mine[s * 2].Dataset, second = mine[(s * 2) + 1].Dataset;
                string sop1 = first.GetString(Tag("SOPInstanceUID"))!;
                // X/Z/U*, Type 3 in the CT Image IOD: removed (issue 8); the evidence sequence keeps the reference.
                Assert.False(second.Contains(Tag("ReferencedImageSequence")));
                Assert.False(second.Contains(Tag("SourceImageSequence")));
                DicomDataset evidence = second.GetSequence(Tag("CurrentRequestedProcedureEvidenceSequence"))!.Items[0];
                Assert.Equal(first.GetString(Tag("StudyInstanceUID")), evidence.GetString(Tag("StudyInstanceUID")));
                DicomDataset series = evidence.GetSequence(Tag("ReferencedSeriesSequence"))!.Items[0];
                Assert.Equal(first.GetString(Tag("SeriesInstanceUID")), series.GetString(Tag("SeriesInstanceUID")));
                Assert.Equal(sop1, series.GetSequence(Tag("ReferencedSOPSequence"))!.Items[0].GetString(Tag("ReferencedSOPInstanceUID")));
                Assert.Equal(first.GetString(Tag("StudyInstanceUID")), second.GetString(Tag("StudyInstanceUID")));
                Assert.Equal(sop1, mine[s * 2].FileMetaInformation.GetString(Tag("MediaStorageSOPInstanceUID")));
            }

            Assert.NotEqual(mine[0].Dataset.GetString(Tag("StudyInstanceUID")), mine[2].Dataset.GetString(Tag("StudyInstanceUID")));
            DateTime d1 = DicomDate.Parse(mine[0].Dataset.GetString(Tag("StudyDate"))!).ToDateTime();
            DateTime d2 = DicomDate.Parse(mine[2].Dataset.GetString(Tag("StudyDate"))!).ToDateTime();
            Assert.Equal(37, (d2 - d1).TotalDays);
            DateTime a1 = DicomDateTime.Parse(mine[1].Dataset.GetString(Tag("AcquisitionDateTime"))!).Date.ToDateTime();
            Assert.Equal(d1, a1);
        }

        Assert.Equal(3, results.Select(r => r.PseudonymPatientId).Distinct().Count());
    }

    [Fact]
    public void Corpus_TwoRunsInOppositeOrderWithSeparateInstances_ByteIdentical()
    {
        List<DicomFile> a = BuildCorpus(), b = BuildCorpus();
        Deidentifier d1 = Default(), d2 = Default();
        foreach (DicomFile f in a)
        {
            d1.Apply(f);
        }

        for (int i = b.Count - 1; i >= 0; i--)
        {
            d2.Apply(b[i]);
        }

        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(Write(a[i]), Write(b[i]));
        }
    }

    private static byte[] Write(DicomFile f)
    {
        using var ms = new MemoryStream();
        DicomWriter.Write(f, ms, new DicomWriteOptions());
        return ms.ToArray();
    }

    private static List<DicomFile> BuildCorpus()
    {
        var files = new List<DicomFile>();
        for (int p = 0; p < Patients.Length; p++)
        {
            string[] pt = Patients[p];
            for (int s = 0; s < 2; s++)
            {
                string study = UidRoot + (p + 1) + "." + (s + 1);
                string series = study + ".1";
                string date = s == 0 ? "20230301" : "20230407"; // 37 days apart
                for (int i = 0; i < 2; i++)
                {
                    string sop = series + "." + (i + 1);
                    DicomDataset ds = Image(pt[0], pt[1], study, sop, date)
                        .With("SeriesInstanceUID", DicomVR.UI, series)
                        .With("AccessionNumber", DicomVR.SH, pt[3 + s])
                        .With("PatientBirthDate", DicomVR.DA, pt[2])
                        .With("InstitutionName", DicomVR.LO, "Kingsbridge Royal Infirmary")
                        .With("InstitutionAddress", DicomVR.ST, "Ward 7, Lantern Street")
                        .With("ReferringPhysicianName", DicomVR.PN, "WHITE^BLANCHE")
                        .With("OperatorsName", DicomVR.PN, "GREEN^REVEREND")
                        .With("StationName", DicomVR.SH, "CTSCANNER_B2")
                        .With("StudyDescription", DicomVR.LO, "CT chest " + pt[1])
                        .With("AcquisitionDateTime", DicomVR.DT, date + "101500")
                        .With("OtherPatientIDsSequence", new DicomDataset().With("PatientID", DicomVR.LO, pt[0] + "-OLD"))
                        .With("RequestAttributesSequence", new DicomDataset()
                            .With("RequestedProcedureID", DicomVR.SH, pt[3 + s])
                            .With("ScheduledProcedureStepID", DicomVR.SH, pt[3 + s]));
                    ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "SIEMENS CSA HEADER");
                    ds.SetString(new DicomTag(0x0029, 0x1010), DicomVR.LO, "SECRETCSAVALUE " + pt[1]);
                    if (i == 1)
                    {
                        string first = series + ".1";
                        DicomDataset Ref() => new DicomDataset().With("ReferencedSOPClassUID", DicomVR.UI, CtImageStorage).With("ReferencedSOPInstanceUID", DicomVR.UI, first);
                        ds.With("ReferencedImageSequence", Ref()).With("SourceImageSequence", Ref());
                        ds.With("CurrentRequestedProcedureEvidenceSequence", new DicomDataset()
                            .With("StudyInstanceUID", DicomVR.UI, study)
                            .With("ReferencedSeriesSequence", new DicomDataset()
                                .With("SeriesInstanceUID", DicomVR.UI, series)
                                .With("ReferencedSOPSequence", Ref())));
                    }

                    files.Add(File(ds));
                }
            }
        }

        return files;
    }
}
