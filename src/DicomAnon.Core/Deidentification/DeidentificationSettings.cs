// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Deidentification;

/// <summary>Settings of a de-identification run (CONTRACT: members may be added, not renamed).</summary>
/// <remarks>Read once by the <see cref="Deidentifier"/> constructor; changing a collection afterwards has no effect.</remarks>
internal sealed class DeidentificationSettings
{
    /// <summary>
    /// Options on top of the Basic Profile (default: none given). They add to Retain Longitudinal Temporal Information
    /// with Modified Dates, which the engine always adds: dates are shifted whatever else is given, unless Full Dates
    /// is given (dates kept) or <see cref="RemoveTemporalInformation"/> is set. <see cref="Deidentifier.Options"/> is
    /// the set in effect.
    /// </summary>
    public IReadOnlyCollection<DeidentificationOption> Options { get; init; } = Array.Empty<DeidentificationOption>();

    /// <summary>
    /// The explicit opt-out of date shifting: no temporal option, so dates follow the Basic Profile (removed, emptied,
    /// or dummies where the IOD requires a value) and (0028,0303) says REMOVED. Longitudinal information is lost.
    /// Cannot be combined with either temporal option.
    /// </summary>
    public bool RemoveTemporalInformation { get; init; }

    /// <summary>Secret key for HMAC-SHA256 pseudonyms, UIDs and date offsets (at least 16 bytes). See <see cref="DeidentificationKey"/>.</summary>
    public byte[] Key { get; init; } = Array.Empty<byte>();

    /// <summary>How compound codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) are resolved. Default: by the Type of the attribute in the file's IOD.</summary>
    public CompoundActionPolicy CompoundActions { get; init; } = CompoundActionPolicy.ByIodType;

    /// <summary>Prefix of derived pseudonym Patient IDs (ASCII letters, digits, '-', '_', '.'; default "ANON").</summary>
    public string PseudonymPrefix { get; init; } = "ANON";

    /// <summary>How many base32 characters of HMAC(key, "pid:" + Patient ID) follow the prefix (8-32; default 16 = 80 bits). Prefix + hash must fit 64.</summary>
    public int PseudonymHashLength { get; init; } = 16;

    /// <summary>
    /// When true (default), Patient's Name (0010,0010) becomes the pseudonym (the subject map's pseudonym name, or the
    /// pseudonym ID); when false it is emptied as the Basic Profile says (Z).
    /// </summary>
    public bool PseudonymizePatientName { get; init; } = true;

    /// <summary>Smallest date offset in days derived from HMAC(key, "date:" + Patient ID) (default -3650).</summary>
    public int MinimumDateOffsetDays { get; init; } = -3650;

    /// <summary>Largest derived date offset in days (default -365: dates always move 1 to 10 years into the past).</summary>
    public int MaximumDateOffsetDays { get; init; } = -365;

    /// <summary>Original Patient ID → pseudonym (and optional name and offset); overrides the keyed derivation for listed patients.</summary>
    public SubjectMap? SubjectMap { get; init; }

    /// <summary>
    /// When true (default), after the profile every kept value is searched for the identifiers the profile removed or
    /// replaced in that file, and each echo is cleaned (see the identifier echo scan in the README).
    /// </summary>
    public bool ScanIdentifierEchoes { get; init; } = true;

    /// <summary>Rules applied on top of the profile, overriding it (at every depth). Later rules for the same target win.</summary>
    public IReadOnlyList<CustomRule> CustomRules { get; init; } = Array.Empty<CustomRule>();
}
