// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.IO;

namespace DicomAnon.Core.Media;

/// <summary>
/// Builds a media file-set: a PATIENT/STUDY/SERIES/leaf directory (PS3.3 F, PS3.10 8) over instances, each given a
/// conformant File ID (PTnnnnnn/STnnnnnn/SEnnnnnn/IMnnnnnn, as pydicom's FileSet lays them out).
/// </summary>
/// <remarks>
/// Records carry only what the instances carry (plus fixed fallbacks for empty Type 1 keys), so a DICOMDIR built
/// from de-identified files holds only de-identified values. The result is deterministic: the same instances give
/// the same bytes, whatever order they were added in.
/// </remarks>
internal sealed class DicomDirectoryBuilder
{
    /// <summary>The Media Storage Directory Storage SOP Class.</summary>
    public const string DirectorySopClassUid = "1.2.840.10008.1.3.10";

    private static readonly DicomTag[] PatientKeys = { DicomTags.SpecificCharacterSet, DicomTags.PatientName, DicomTags.PatientID };
    private static readonly DicomTag[] StudyKeys =
    {
        DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.StudyDescription, DicomTags.StudyInstanceUID, DicomTags.StudyID, DicomTags.AccessionNumber,
    };

    private static readonly DicomTag[] SeriesKeys = { DicomTags.Modality, DicomTags.SeriesInstanceUID, DicomTags.SeriesNumber };

    private readonly List<MediaInstance> _instances = new();

    public IReadOnlyList<MediaInstance> Instances => _instances;

    /// <summary>Adds an instance from its header (read up to the pixel data is enough).</summary>
    /// <exception cref="InvalidDataException">The header lacks a UID the directory needs (the message names the tag).</exception>
    public MediaInstance Add(string sourcePath, DicomFile file)
    {
        DicomDataset ds = file.Dataset;
        string sopClass = Uid(ds, DicomTags.SOPClassUID) ?? Uid(file.FileMetaInformation, DicomTags.MediaStorageSOPClassUID)
            ?? throw Missing(DicomTags.SOPClassUID);
        string sopInstance = Uid(ds, DicomTags.SOPInstanceUID) ?? Uid(file.FileMetaInformation, DicomTags.MediaStorageSOPInstanceUID)
            ?? throw Missing(DicomTags.SOPInstanceUID);
        if (Uid(ds, DicomTags.StudyInstanceUID) is null)
        {
            throw Missing(DicomTags.StudyInstanceUID);
        }

        if (Uid(ds, DicomTags.SeriesInstanceUID) is null)
        {
            throw Missing(DicomTags.SeriesInstanceUID);
        }

        if (sopClass == DirectorySopClassUid)
        {
            throw new InvalidDataException("A DICOMDIR cannot be an instance of a file-set.");
        }

        var kind = DirectoryRecordKind.ForSopClass(sopClass);
        var keys = new DicomDataset();
        foreach (DicomTag tag in PatientKeys.Concat(StudyKeys).Concat(SeriesKeys).Concat(kind.Required).Concat(kind.Optional))
        {
            if (ds[tag] is DicomElement e)
            {
                keys.Set(e);
            }
        }

        if (kind.RecordType == "SR DOCUMENT" && !keys.Contains(DicomTags.VerificationDateTime) && LatestVerification(ds) is DicomElement verified)
        {
            keys.Set(verified);
        }

        var instance = new MediaInstance(sourcePath, keys, sopClass, sopInstance, file.TransferSyntax.Uid, kind);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Gives every instance its File ID and returns the DICOMDIR that references them.</summary>
    public DicomFile Build(string fileSetId = "")
    {
        var roots = new List<Node>();
        int patientNo = 0;
        foreach (IGrouping<string, MediaInstance> patient in _instances.GroupBy(i => Text(i.Keys, DicomTags.PatientID)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            MediaInstance first = patient.First();
            Node patientNode = Record("PATIENT", first.Keys, PatientKeys, 0);
            roots.Add(patientNode);
            string pt = Component("PT", patientNo++);
            int studyNo = 0;
            foreach (IGrouping<string, MediaInstance> study in patient.GroupBy(i => Text(i.Keys, DicomTags.StudyInstanceUID)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Node studyNode = Record("STUDY", study.First().Keys, StudyKeys, studyNo + 1);
                patientNode.Children.Add(studyNode);
                string st = Component("ST", studyNo++);
                int seriesNo = 0;
                foreach (IGrouping<string, MediaInstance> series in study.GroupBy(i => Text(i.Keys, DicomTags.SeriesInstanceUID))
                             .OrderBy(g => Number(g.First().Keys, DicomTags.SeriesNumber)).ThenBy(g => g.Key, StringComparer.Ordinal))
                {
                    Node seriesNode = Record("SERIES", series.First().Keys, SeriesKeys, seriesNo + 1);
                    studyNode.Children.Add(seriesNode);
                    string se = Component("SE", seriesNo++);
                    var counters = new Dictionary<string, int>(StringComparer.Ordinal);
                    int leafNo = 0;
                    foreach (MediaInstance instance in series.OrderBy(i => Number(i.Keys, DicomTags.InstanceNumber)).ThenBy(i => i.SopInstanceUid, StringComparer.Ordinal))
                    {
                        counters.TryGetValue(instance.Kind.FilePrefix, out int n);
                        counters[instance.Kind.FilePrefix] = n + 1;
                        instance.FileId = new[] { pt, st, se, Component(instance.Kind.FilePrefix, n) };
                        seriesNode.Children.Add(Leaf(instance, ++leafNo));
                    }
                }
            }
        }

        var records = new List<Node>();
        Flatten(roots, records);
        DicomFile dicomdir = NewDirectoryFile(fileSetId, records);
        SetOffsets(dicomdir, roots, records);
        return dicomdir;
    }

    private static Node Record(string type, DicomDataset keys, DicomTag[] tags, int ordinal)
    {
        DicomDataset record = NewRecord(type);
        foreach (DicomTag tag in tags)
        {
            CopyKey(keys, record, tag, required: !IsType2(tag), ordinal);
        }

        return new Node(record);
    }

    private static Node Leaf(MediaInstance instance, int ordinal)
    {
        DicomDataset record = NewRecord(instance.Kind.RecordType);
        record.SetStrings(DicomTags.ReferencedFileID, DicomVR.CS, instance.FileId);
        record.SetString(DicomTags.ReferencedSOPClassUIDInFile, DicomVR.UI, instance.SopClassUid);
        record.SetString(DicomTags.ReferencedSOPInstanceUIDInFile, DicomVR.UI, instance.SopInstanceUid);
        record.SetString(DicomTags.ReferencedTransferSyntaxUIDInFile, DicomVR.UI, instance.TransferSyntaxUid);
        if (instance.Keys[DicomTags.SpecificCharacterSet] is DicomElement charset)
        {
            record.Set(charset);
        }

        foreach (DicomTag tag in instance.Kind.Required)
        {
            CopyKey(instance.Keys, record, tag, required: true, ordinal);
        }

        foreach (DicomTag tag in instance.Kind.Optional)
        {
            if (instance.Keys[tag] is DicomElement e)
            {
                record.Set(e);
            }
        }

        return new Node(record);
    }

    /// <summary>Copies a key; an absent Type 2 key is written empty, an absent or empty Type 1 key gets its fallback.</summary>
    private static void CopyKey(DicomDataset keys, DicomDataset record, DicomTag tag, bool required, int ordinal)
    {
        DicomElement? e = keys[tag];
        bool empty = e is null || e is DicomValueElement { Length: 0 } || e is DicomSequence { Items.Count: 0 };
        if (!empty)
        {
            record.Set(e!);
            return;
        }

        if (tag == DicomTags.SpecificCharacterSet)
        {
            return;
        }

        DicomVR vr = DicomDictionary.GetVR(tag);
        string? fallback = !required ? string.Empty
            : tag == DicomTags.StudyID || tag == DicomTags.SeriesNumber || tag == DicomTags.InstanceNumber ? ordinal.ToString(CultureInfo.InvariantCulture)
            : DirectoryRecordKind.FallbackFor(DicomDictionary.GetKeyword(tag) ?? string.Empty);
        if (fallback is not null)
        {
            record.SetString(tag, vr, fallback);
        }
    }

    /// <summary>An SR record needs the time of the latest verification (F.5.25), which the document keeps per observer.</summary>
    private static DicomElement? LatestVerification(DicomDataset ds)
    {
        if (ds.GetString(DicomTags.VerificationFlag)?.Trim() != "VERIFIED")
        {
            return null;
        }

        // DT values of one form sort as text; the latest is the last.
        return ds.GetSequence(DicomTags.VerifyingObserverSequence)?.Items
            .Where(i => i[DicomTags.VerificationDateTime] is DicomValueElement { Length: > 0 })
            .OrderBy(i => i.GetString(DicomTags.VerificationDateTime)!.Trim(), StringComparer.Ordinal)
            .Select(i => i[DicomTags.VerificationDateTime])
            .LastOrDefault();
    }

    private static bool IsType2(DicomTag tag) =>
        tag == DicomTags.PatientName || tag == DicomTags.StudyDescription || tag == DicomTags.AccessionNumber;

    private static DicomDataset NewRecord(string type)
    {
        var record = new DicomDataset { IsUndefinedLength = false };
        record.Set(UL(DicomTags.OffsetOfTheNextDirectoryRecord, 0));
        record.Set(new DicomValueElement(DicomTags.RecordInUseFlag, DicomVR.US, new byte[] { 0xFF, 0xFF }));
        record.Set(UL(DicomTags.OffsetOfReferencedLowerLevelDirectoryEntity, 0));
        record.SetString(DicomTags.DirectoryRecordType, DicomVR.CS, type);
        return record;
    }

    private DicomFile NewDirectoryFile(string fileSetId, List<Node> records)
    {
        var meta = new DicomDataset();
        meta.SetString(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, DirectorySopClassUid);
        meta.SetString(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, FileSetUid());

        var ds = new DicomDataset();
        ds.SetString(DicomTags.FileSetID, DicomVR.CS, fileSetId);
        ds.Set(UL(DicomTags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, 0));
        ds.Set(UL(DicomTags.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, 0));
        ds.Set(new DicomValueElement(DicomTags.FileSetConsistencyFlag, DicomVR.US, new byte[2]));
        ds.Set(new DicomSequence(DicomTags.DirectoryRecordSequence, records.Select(r => r.Record)) { IsUndefinedLength = false });
        return new DicomFile(meta, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>
    /// Offsets count from the first byte of the file (PS3.3 F.3.2.1). The record sequence is the last element and
    /// has explicit lengths, so the first record starts at the file's length less the records' lengths.
    /// </summary>
    private static void SetOffsets(DicomFile dicomdir, List<Node> roots, List<Node> records)
    {
        long fileLength = Measure(dicomdir);
        long[] sizes = records.Select(r => 8L + DicomWriter.WriteDataset(r.Record, DicomTransferSyntax.ExplicitVRLittleEndian).Length).ToArray();
        long position = fileLength - sizes.Sum();
        for (int i = 0; i < records.Count; i++)
        {
            records[i].Offset = checked((uint)position);
            position += sizes[i];
        }

        Link(roots);
        dicomdir.Dataset.Set(UL(DicomTags.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, roots.Count > 0 ? roots[0].Offset : 0));
        dicomdir.Dataset.Set(UL(DicomTags.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, roots.Count > 0 ? roots[roots.Count - 1].Offset : 0));
        if (Measure(dicomdir) != fileLength)
        {
            throw new InvalidOperationException("The DICOMDIR changed length while its offsets were set.");
        }
    }

    private static void Link(List<Node> siblings)
    {
        for (int i = 0; i < siblings.Count; i++)
        {
            Node node = siblings[i];
            node.Record.Set(UL(DicomTags.OffsetOfTheNextDirectoryRecord, i + 1 < siblings.Count ? siblings[i + 1].Offset : 0));
            node.Record.Set(UL(DicomTags.OffsetOfReferencedLowerLevelDirectoryEntity, node.Children.Count > 0 ? node.Children[0].Offset : 0));
            Link(node.Children);
        }
    }

    private static void Flatten(List<Node> nodes, List<Node> into)
    {
        foreach (Node n in nodes)
        {
            into.Add(n);
            Flatten(n.Children, into);
        }
    }

    private static long Measure(DicomFile file)
    {
        using var counter = new CountingStream();
        DicomWriter.Write(file, counter, DicomWriteOptions.Default);
        return counter.Length;
    }

    /// <summary>A UID derived from the instances, so the same file-set always gets the same DICOMDIR.</summary>
    private string FileSetUid()
    {
        using var sha = SHA256.Create();
        byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes("dicomanon-fileset:" + string.Join("|", _instances.Select(i => i.SopInstanceUid).OrderBy(u => u, StringComparer.Ordinal))));
        byte[] sixteen = new byte[17];
        Array.Copy(digest, sixteen, 16);
        return "2.25." + new BigInteger(sixteen).ToString(CultureInfo.InvariantCulture);
    }

    private static DicomValueElement UL(DicomTag tag, uint value)
    {
        byte[] b = new byte[4];
        LittleEndian.WriteUInt32(b, 0, value);
        return new DicomValueElement(tag, DicomVR.UL, b);
    }

    private static string Component(string prefix, int n) =>
        n <= 999_999 ? prefix + n.ToString("D6", CultureInfo.InvariantCulture) : throw new InvalidOperationException("More than 999,999 entries at one level of a file-set.");

    private static string? Uid(DicomDataset ds, DicomTag tag) => ds.GetString(tag) is { Length: > 0 } s ? s.TrimEnd('\0', ' ') : null;

    private static string Text(DicomDataset ds, DicomTag tag) => ds.GetString(tag)?.Trim() ?? string.Empty;

    private static long Number(DicomDataset ds, DicomTag tag) => ds.GetInteger(tag) ?? long.MaxValue;

    private static InvalidDataException Missing(DicomTag tag) =>
        new($"The file has no {DicomDictionary.GetKeyword(tag)} {tag}, which a directory record needs.");

    private sealed class Node
    {
        public Node(DicomDataset record) => Record = record;

        public DicomDataset Record { get; }

        public List<Node> Children { get; } = new();

        public uint Offset { get; set; }
    }

    /// <summary>Counts the bytes written to it and keeps none.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void WriteByte(byte value) => _length++;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
