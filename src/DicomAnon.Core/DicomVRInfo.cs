// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Core;

/// <summary>Rules of each Value Representation (PS3.5 6.2 and 7.1.2).</summary>
internal static class DicomVRInfo
{
    /// <summary>Parses a two-letter VR code; false for anything not in PS3.5.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = (DicomVR)((first << 8) | second);
        return IsKnown(vr);
    }

    public static bool TryParse(string? code, out DicomVR vr)
    {
        vr = DicomVR.None;
        return code is { Length: 2 } && TryParse((byte)code[0], (byte)code[1], out vr);
    }

    public static bool IsKnown(DicomVR vr) => vr switch
    {
        DicomVR.AE or DicomVR.AS or DicomVR.AT or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT
            or DicomVR.FD or DicomVR.FL or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.OB or DicomVR.OD
            or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.PN or DicomVR.SH or DicomVR.SL
            or DicomVR.SQ or DicomVR.SS or DicomVR.ST or DicomVR.SV or DicomVR.TM or DicomVR.UC or DicomVR.UI
            or DicomVR.UL or DicomVR.UN or DicomVR.UR or DicomVR.US or DicomVR.UT or DicomVR.UV => true,
        _ => false,
    };

    public static string ToCode(DicomVR vr) =>
        vr == DicomVR.None ? string.Empty : new string(new[] { (char)((ushort)vr >> 8), (char)((ushort)vr & 0xFF) });

    /// <summary>Explicit VR header with 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).</summary>
    public static bool HasLongLength(DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.SQ
            or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR or DicomVR.UT or DicomVR.UV => true,
        _ => false,
    };

    /// <summary>Character string VRs (values are text, multi-valued ones split on backslash).</summary>
    public static bool IsString(DicomVR vr) => vr switch
    {
        DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.IS
            or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.TM or DicomVR.UC
            or DicomVR.UI or DicomVR.UR or DicomVR.UT => true,
        _ => false,
    };

    /// <summary>Single-valued text VRs, in which backslash is an ordinary character.</summary>
    public static bool IsSingleValuedText(DicomVR vr) =>
        vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.UR;

    /// <summary>VRs whose text is affected by Specific Character Set (PS3.5 6.1.2.3); others are default repertoire.</summary>
    public static bool UsesSpecificCharacterSet(DicomVR vr) => vr switch
    {
        DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT or DicomVR.PN or DicomVR.UC or DicomVR.UT => true,
        _ => false,
    };

    /// <summary>Padding byte for odd-length values: NUL for UI and binary VRs, space for text.</summary>
    public static byte PaddingByte(DicomVR vr) => IsString(vr) && vr != DicomVR.UI ? (byte)' ' : (byte)0;

    /// <summary>Size of the unit whose byte order depends on the transfer syntax (0 for byte strings and text).</summary>
    public static int ByteOrderUnit(DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.OW or DicomVR.SS or DicomVR.US => 2,
        DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 0,
    };

    /// <summary>Fixed size of one value of a binary numeric VR (AT is 4: two 16-bit halves), else 0.</summary>
    public static int ValueSize(DicomVR vr) => vr == DicomVR.AT ? 4 : vr is DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV ? 0 : ByteOrderUnit(vr);

    /// <summary>Maximum length of one value in characters (strings) per PS3.5 Table 6.2-1; 0 when unlimited or not applicable.</summary>
    public static int MaxValueLength(DicomVR vr) => vr switch
    {
        DicomVR.AE => 16,
        DicomVR.AS => 4,
        DicomVR.CS => 16,
        DicomVR.DA => 8,
        DicomVR.DS => 16,
        DicomVR.DT => 26,
        DicomVR.IS => 12,
        DicomVR.LO => 64,
        DicomVR.LT => 10240,
        DicomVR.PN => 64, // per component group
        DicomVR.SH => 16,
        DicomVR.ST => 1024,
        DicomVR.TM => 14,
        DicomVR.UI => 64,
        _ => 0,
    };

    /// <summary>Bulk binary VRs whose values may be large (candidates for deferred loading).</summary>
    public static bool IsBulk(DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.UN => true,
        _ => false,
    };

    internal static Exception Unknown(DicomVR vr) => new ArgumentOutOfRangeException(nameof(vr), vr, "Not a PS3.5 value representation.");
}
