// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using DicomAnon.Core.Values;

namespace DicomAnon.Core.Deidentification;

/// <summary>Moves DA and DT values (and their ranges) by whole days, keeping precision and UTC offsets.</summary>
internal static class DateValueShift
{
    /// <summary>Shifts one DA or DT value, or a range "A-B", "A-", "-B"; null when it is not valid.</summary>
    public static string? Shift(string v, DicomVR vr, int days)
    {
        if (v.Length == 0)
        {
            return v;
        }

        string? single = ShiftSingle(v, vr, days);
        if (single is not null)
        {
            return single;
        }

        // A range: try each '-' as the separator (a DT may also contain '-' in its UTC offset).
        for (int i = v.IndexOf('-'); i >= 0; i = i + 1 < v.Length ? v.IndexOf('-', i + 1) : -1)
        {
            string a = v.Substring(0, i), b = v.Substring(i + 1);
            string? sa = a.Length == 0 ? string.Empty : ShiftSingle(a, vr, days);
            string? sb = b.Length == 0 ? string.Empty : ShiftSingle(b, vr, days);
            if (sa is not null && sb is not null && (a.Length + b.Length) > 0)
            {
                return sa + "-" + sb;
            }
        }

        return null;
    }

    private static string? ShiftSingle(string v, DicomVR vr, int days)
    {
        if (vr == DicomVR.DA)
        {
            return DicomDate.TryParse(v, out DicomDate d) && d.TryAddDays(days, out DicomDate r) ? r.ToString() : null;
        }

        return DicomDateTime.TryParse(v, out DicomDateTime dt) && dt.TryAddDays(days, out DicomDateTime rt) ? rt.ToString() : null;
    }
}
