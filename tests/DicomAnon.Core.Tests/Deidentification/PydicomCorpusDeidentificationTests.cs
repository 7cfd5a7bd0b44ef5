// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DicomAnon.Core.Deidentification;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;
using DicomAnon.Core.Tests.IO;
using Xunit;
using static DicomAnon.Core.Tests.Deidentification.DeidTestData;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>Every readable real-world file of pydicom's corpus: de-identify, write, read back, check what survives.</summary>
public sealed class PydicomCorpusDeidentificationTests
{
    public static IEnumerable<object[]> Files() => PydicomCorpusRoundTripTests.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void Apply_RealFile_NoNameOriginalUidOrUnsafePrivateSurvives(string relative)
    {
        string path = Path.Combine(PydicomCorpusRoundTripTests.Root, relative);
        DicomFile file;
        try
        {
            file = DicomFile.Open(path);
        }
        catch (Exception ex) when (ex is DicomFormatException || ex is NotDicomFileException)
        {
            return; // malformed on purpose (see the reader's tests)
        }

        var originalUids = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (DicomDataset d in Walk(file.Dataset).Append(file.FileMetaInformation))
        {
            foreach (DicomElement e in d)
            {
                if (e.VR == DicomVR.UI && e is DicomValueElement)
                {
                    // Instance UIDs only: registry UIDs and class/coding UID attributes (e.g. Coding Scheme UID) are kept by design.
                    if (!ClassUidAttributes.Contains(e.Tag))
                    {
                        originalUids.UnionWith(d.GetStrings(e.Tag).Where(u => u.Length > 0 && !DicomUidRegistry.TryGet(u, out _)));
                    }
                }
                else if (e.VR == DicomVR.PN && e is DicomValueElement)
                {
                    names.UnionWith(d.GetStrings(e.Tag).SelectMany(n => n.Split('^', '=')).Where(n => n.Trim().Length >= 4).Select(n => n.Trim()));
                }
            }
        }

        Deidentifier deid = Create(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates, DeidentificationOption.RetainSafePrivate);
        deid.Apply(file);
        using var ms = new MemoryStream();
        DicomWriter.Write(file, ms, DicomWriteOptions.Default);
        DicomFile back = DicomReader.Read(new MemoryStream(ms.ToArray()), DicomReadOptions.Default);

        Assert.Equal("YES", back.Dataset.GetString(Tag("PatientIdentityRemoved")));
        foreach (DicomDataset d in Walk(back.Dataset).Append(back.FileMetaInformation))
        {
            foreach (DicomElement e in d)
            {
                if (e.Tag.IsPrivate && !e.Tag.IsPrivateCreator)
                {
                    Assert.True(SafePrivateAttributes.IsSafe(e.Tag, d.FindPrivateCreator(e.Tag)), $"{e.Tag} private element kept");
                }

                if (e is not DicomValueElement || !DicomVRInfo.IsString(e.VR))
                {
                    continue;
                }

                foreach (string v in d.GetStrings(e.Tag))
                {
                    Assert.False(originalUids.Contains(v), $"{e.Tag} kept an original UID");
                    if (e.VR == DicomVR.PN)
                    {
                        Assert.True(v.Length == 0 || v.StartsWith("ANON", StringComparison.Ordinal) || v == "ANONYMIZED", $"{e.Tag} kept a name");
                    }
                }

                if (e.VR is DicomVR.LO or DicomVR.SH or DicomVR.ST or DicomVR.LT or DicomVR.UT)
                {
                    string text = d.GetString(e.Tag) ?? string.Empty;
                    Assert.DoesNotContain(names, n => text.Contains(n, StringComparison.Ordinal) && !text.StartsWith("ANON", StringComparison.Ordinal));
                }
            }
        }
    }
}
