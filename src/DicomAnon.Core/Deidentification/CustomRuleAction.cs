// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

namespace DicomAnon.Core.Deidentification;

/// <summary>What a <see cref="CustomRule"/> does to the attributes it targets (at every depth).</summary>
internal enum CustomRuleAction
{
    /// <summary>Keep the value as it is (no safety net; sequences are kept and their items still de-identified).</summary>
    Keep,

    /// <summary>Remove the attribute.</summary>
    Remove,

    /// <summary>Replace with a zero-length value (sequences: no items).</summary>
    Empty,

    /// <summary>Replace with <see cref="CustomRule.Value"/> (text VRs, and US/SS/UL/SL/FL/FD from decimal numbers separated by '\').</summary>
    Replace,

    /// <summary>Replace each value with a keyed hash: base32 of HMAC-SHA256(key, "hash:" + value), cut to the VR's length (UIDs are remapped).</summary>
    Hash,

    /// <summary>Shift DA/DT values by the patient's date offset (TM is kept; other VRs are emptied with a warning).</summary>
    Shift,

    /// <summary>Remap UIDs with the keyed UID function even under Retain UIDs (other VRs: <see cref="Hash"/>).</summary>
    Remap,
}
