// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using DicomAnon.Core.Dictionary;

namespace DicomAnon.Core;

/// <summary>A transfer syntax: how a dataset is encoded (VR form, byte order, deflate, pixel encapsulation).</summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
public sealed class DicomTransferSyntax : IEquatable<DicomTransferSyntax>
{
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", explicitVR: false, bigEndian: false, deflated: false, encapsulated: false);
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", true, false, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", true, false, true, false);
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", true, true, false, false);
    public static readonly DicomTransferSyntax JpegBaseline8Bit = new("1.2.840.10008.1.2.4.50", true, false, false, true);
    public static readonly DicomTransferSyntax JpegLossless = new("1.2.840.10008.1.2.4.57", true, false, false, true);
    public static readonly DicomTransferSyntax JpegLosslessSV1 = new("1.2.840.10008.1.2.4.70", true, false, false, true);
    public static readonly DicomTransferSyntax RleLossless = new("1.2.840.10008.1.2.5", true, false, false, true);

    private static readonly Dictionary<string, DicomTransferSyntax> Known = new(StringComparer.Ordinal)
    {
        [ImplicitVRLittleEndian.Uid] = ImplicitVRLittleEndian,
        [ExplicitVRLittleEndian.Uid] = ExplicitVRLittleEndian,
        [DeflatedExplicitVRLittleEndian.Uid] = DeflatedExplicitVRLittleEndian,
        [ExplicitVRBigEndian.Uid] = ExplicitVRBigEndian,
        [JpegBaseline8Bit.Uid] = JpegBaseline8Bit,
        [JpegLossless.Uid] = JpegLossless,
        [JpegLosslessSV1.Uid] = JpegLosslessSV1,
        [RleLossless.Uid] = RleLossless,
        ["1.2.840.10008.1.20"] = new("1.2.840.10008.1.20", false, false, false, false), // Papyrus 3 Implicit VR LE (retired)
    };

    private DicomTransferSyntax(string uid, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated)
    {
        Uid = uid;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
    }

    public string Uid { get; }

    /// <summary>Registry name, or the UID itself when it is not in the registry.</summary>
    public string Name => DicomUidRegistry.TryGet(Uid, out DicomUidInfo? info) ? info!.Name : Uid;

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    public bool IsDeflated { get; }

    /// <summary>Pixel data is encapsulated (compressed or otherwise fragmented) rather than native.</summary>
    public bool IsEncapsulated { get; }

    /// <summary>True when the UID is in the registry as a transfer syntax or is one of the built-in ones.</summary>
    public bool IsKnown => Known.ContainsKey(Uid) || (DicomUidRegistry.TryGet(Uid, out DicomUidInfo? i) && i!.Type == "Transfer Syntax");

    /// <summary>
    /// The transfer syntax for a UID. Syntaxes other than the native and deflated ones are explicit VR little endian with
    /// encapsulated pixel data (PS3.5 A.4), which is what every compressed syntax of the registry is.
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        string u = (uid ?? throw new ArgumentNullException(nameof(uid))).TrimEnd('\0', ' ');
        return Known.TryGetValue(u, out DicomTransferSyntax? ts) ? ts : new DicomTransferSyntax(u, true, false, false, true);
    }

    public bool Equals(DicomTransferSyntax? other) => other is not null && string.Equals(Uid, other.Uid, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DicomTransferSyntax);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Uid);

    public override string ToString() => Name;
}
