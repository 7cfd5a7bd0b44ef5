// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using DicomAnon.Core.Dictionary;
using DicomAnon.Core.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// Applies PS3.15 2026c Annex E (Table E.1-1 and its options) to a file in memory: every attribute at every depth
/// (sequence items nested to any level, private blocks, file meta). Thread-safe: one instance can serve many
/// threads; each <see cref="Apply"/> uses its own state, so output depends only on the file, settings and key.
/// </summary>
/// <remarks>
/// <para>Per attribute, in order: (1) a custom rule for it; (2) Patient ID and Patient's Name get pseudonyms;
/// (3) private elements are removed unless Retain Safe Private is on and Table E.3.10-1 lists (group, creator,
/// element) — creators are kept only for blocks that keep an element; (4) the Table E.1-1 action for the
/// option set; (5) attributes not in the table: see below. Then the safety net: whatever an action keeps, a PN is
/// emptied, a UI that is not a standard UID is remapped unless Retain UIDs, and DA/DT/TM follow the date policy.</para>
/// <para>Date policy: with Modified Dates, DA and DT values (partial precision and ranges too) move by the patient's
/// offset (time of day and UTC offset kept; TM is kept since the shift is whole days); with Full Dates they are kept;
/// with neither, DA/DT/TM that the table would keep are emptied and (0028,0303) is REMOVED.</para>
/// <para>Public attributes not in Table E.1-1: known to PS3.6 → kept, except PN (emptied), UI and dates (safety net)
/// and free text LT/ST/UT/UC and URLs (UR) (removed; inside a Content Sequence replaced by a dummy, or cleaned with Clean Structured
/// Content, so SR content items stay valid). Not in PS3.6 → kept only for VRs that cannot carry free text (binary
/// numbers, AT, CS, DS, IS); otherwise removed. Odd groups 0001-0007 and group lengths are removed.</para>
/// <para>Dummies: "ANONYMIZED" for text (AE "ANONYMOUS"), 19000101 / 000000 / 19000101000000 for dates and times,
/// 0 for numbers, zero bytes for binary values (same length up to 64 KiB); D on a UI remaps it. Clean: text is
/// scrubbed (see the cleaner's documentation in TextCleaner), AE titles get a keyed pseudonym, binary values that cannot be
/// cleaned (e.g. overlay bitmaps) are removed with a warning. Sequences kept, cleaned or remapped keep
/// their items and every item is de-identified by the same rules; D on a sequence writes one new item shaped like
/// the first original item, every text a dummy, UIDs remapped, dates by the date policy, codes (CS) and numbers
/// kept (never the original items); Z gives an empty sequence, or removes it where the IOD does not require it.</para>
/// <para>Compound codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) follow the attribute's Type in the IOD of the file's SOP Class
/// (<see cref="CompoundActionPolicy.ByIodType"/>, generated from dicom3tools); removing Overlay Data removes its
/// whole overlay group. UIDs are standard only when the PS3.6 registry lists them; class and coding UID attributes
/// (SOP Class, Transfer Syntax, Coding Scheme, Context Group) are kept. File meta keeps only what Part 10 needs;
/// command-group elements and Encrypted Attributes Sequence are removed from the dataset.</para>
/// <para>Pixel data and other bulk values that the rules keep are never read (deferred buffers stay unloaded). The
/// preamble is cleared.</para>
/// </remarks>
/// <threadsafety>Immutable after construction; <see cref="Apply"/> may run concurrently on different files.</threadsafety>
internal sealed class Deidentifier
{
    /// <summary>The patient's own identifiers (Table E.1-1 rows naming the patient, not other people or devices).</summary>
    /// <summary>Flags that state what was done (identity removed, method, Burned In Annotation, temporal information): never set by site rules.</summary>
    private static readonly HashSet<uint> EngineFlags = new() { 0x00120062, 0x00120063, 0x00120064, 0x00280301, 0x00280303 };

    private static readonly HashSet<uint> PatientIdentityTags = new()
    {
        0x00100010, 0x00100020, 0x00100030, 0x00100032, 0x00101000, 0x00101001, 0x00101002, 0x00101005,
        0x00101040, 0x00101060, 0x00101090, 0x00102154, 0x00102155,
    };

    private readonly HashSet<DeidentificationOption> _options;
    private readonly Dictionary<uint, CustomRule> _publicRules = new();
    private readonly Dictionary<string, CustomRule> _privateRules = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<HMACSHA256> _macs = new();

    /// <exception cref="ArgumentException">Key shorter than 16 bytes, both temporal options (or one with the opt-out), or invalid pseudonym/offset settings.</exception>
    /// <exception cref="NotSupportedException">A site rule that would set a flag DicomAnon writes itself (Patient Identity Removed, the method, Burned In Annotation, Longitudinal Temporal Information Modified).</exception>
    public Deidentifier(DeidentificationSettings settings)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        DeidentificationKey.Validate(settings.Key);
        Key = (byte[])settings.Key.Clone();
        _options = ComposeOptions(settings);
        if (_options.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates) &&
            _options.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates))
        {
            throw new ArgumentException("Retain Longitudinal Temporal Information with Full Dates and with Modified Dates exclude each other.", nameof(settings));
        }

        if (settings.MinimumDateOffsetDays > settings.MaximumDateOffsetDays || settings.MinimumDateOffsetDays < -36500 || settings.MaximumDateOffsetDays > 36500)
        {
            throw new ArgumentException("The date offset range must satisfy -36500 <= minimum <= maximum <= 36500.", nameof(settings));
        }

        string prefix = settings.PseudonymPrefix ?? string.Empty;
        foreach (char c in prefix)
        {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            {
                throw new ArgumentException("The pseudonym prefix may hold ASCII letters, digits, '-', '_' and '.' only.", nameof(settings));
            }
        }

        if (settings.PseudonymHashLength < 8 || settings.PseudonymHashLength > 32 || prefix.Length + settings.PseudonymHashLength > 64)
        {
            throw new ArgumentException("The pseudonym hash length must be 8-32 and prefix + hash at most 64 characters.", nameof(settings));
        }

        foreach (CustomRule r in settings.CustomRules ?? Array.Empty<CustomRule>())
        {
            if (r.IsPrivate)
            {
                _privateRules[PrivateKey(r.Tag.Group, r.PrivateCreator!, (byte)(r.Tag.Element & 0xFF))] = r;
            }
            else if (r.Action != CustomRuleAction.Keep && EngineFlags.Contains(r.Tag.Value))
            {
                throw new NotSupportedException(
                    $"A site rule cannot {r.Action.ToString().ToLowerInvariant()} {r.Tag}: DicomAnon writes it from what it did to the file (identity, pixels, dates).");
            }
            else
            {
                _publicRules[r.Tag.Value] = r;
            }
        }

        Rules = new ProfileRuleTable(_options, settings.CompoundActions);
        var keptBySiteRules = new List<string>();
        foreach (CustomRule r in settings.CustomRules ?? Array.Empty<CustomRule>())
        {
            if (r.Action == CustomRuleAction.Keep && OverridesProfile(r))
            {
                keptBySiteRules.Add(r.IsPrivate
                    ? string.Format(CultureInfo.InvariantCulture, "({0:X4},xx{1:X2})", r.Tag.Group, r.Tag.Element & 0xFF)
                    : r.Tag.ToString());
                KeepsPatientIdentity |= !r.IsPrivate && PatientIdentityTags.Contains(r.Tag.Value);
            }
        }

        KeptBySiteRules = keptBySiteRules.AsReadOnly();
        if (_options.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates))
        {
            DatePolicy = DatePolicy.Shift;
        }
        else if (_options.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates))
        {
            DatePolicy = DatePolicy.Keep;
        }
        else
        {
            DatePolicy = DatePolicy.Remove;
        }

        var codes = new List<DeidentificationCode> { DeidentificationCodes.BasicProfile };
        foreach (DeidentificationOption o in (DeidentificationOption[])Enum.GetValues(typeof(DeidentificationOption)))
        {
            if (_options.Contains(o))
            {
                codes.Add(DeidentificationCodes.For(o));
            }
        }

        MethodCodes = codes.AsReadOnly();
        var effective = new List<DeidentificationOption>();
        foreach (DeidentificationOption o in (DeidentificationOption[])Enum.GetValues(typeof(DeidentificationOption)))
        {
            if (_options.Contains(o))
            {
                effective.Add(o);
            }
        }

        Options = effective.AsReadOnly();
        NeedsCleaner = _options.Contains(DeidentificationOption.CleanDescriptors) || _options.Contains(DeidentificationOption.CleanStructuredContent) ||
            _options.Contains(DeidentificationOption.CleanGraphics) || _options.Contains(DeidentificationOption.RetainPatientCharacteristics);
    }

    public DeidentificationSettings Settings { get; }

    /// <summary>Tags that site rules keep although the profile with these options would change them, e.g. "(0010,0010)", "(0029,xx10)".</summary>
    internal IReadOnlyList<string> KeptBySiteRules { get; }

    /// <summary>True when a site rule keeps one of the patient's own identifiers, so the file must not claim Patient Identity Removed.</summary>
    internal bool KeepsPatientIdentity { get; }

    /// <summary>The options in effect: those given plus Modified Dates unless Full Dates or the opt-out is given (code order).</summary>
    public IReadOnlyCollection<DeidentificationOption> Options { get; private set; } = Array.Empty<DeidentificationOption>();

    /// <summary>The CID 7050 codes this instance records: the Basic Profile and each option given, in code order.</summary>
    public IReadOnlyList<DeidentificationCode> MethodCodes { get; }

    internal byte[] Key { get; }

    internal ProfileRuleTable Rules { get; }

    internal DatePolicy DatePolicy { get; }

    internal bool NeedsCleaner { get; }

    /// <summary>Keyed-function results shared by this instance's runs (files of a series repeat their patient and UIDs).</summary>
    internal KeyedFunctionCache KeyedResults { get; } = new();

    /// <summary>True when <paramref name="option"/> is in effect.</summary>
    public bool Has(DeidentificationOption option) => _options.Contains(option);

    /// <summary>De-identifies <paramref name="file"/> in place (header and file meta); pixel data is not touched.</summary>
    public DeidentificationResult Apply(DicomFile file)
    {
        if (file is null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        using var run = new DeidentificationRun(this);
        return run.Run(file);
    }

    /// <summary>The pseudonym Patient ID this instance derives for <paramref name="originalPatientId"/> (subject map first).</summary>
    public string GetPseudonymPatientId(string originalPatientId)
    {
        using var run = new DeidentificationRun(this);
        return run.PseudonymFor(originalPatientId ?? string.Empty).Id;
    }

    /// <summary>The UID this instance writes for <paramref name="uid"/> (standard UIDs, and all UIDs under Retain UIDs, are unchanged).</summary>
    public string MapUid(string uid)
    {
        using var run = new DeidentificationRun(this);
        return run.MapUid(uid ?? string.Empty, force: false);
    }

    /// <summary>The date offset in days for <paramref name="originalPatientId"/> (subject map first).</summary>
    public int GetDateOffsetDays(string originalPatientId)
    {
        using var run = new DeidentificationRun(this);
        return run.DateOffsetFor(originalPatientId ?? string.Empty).Offset;
    }

    /// <summary>An HMAC-SHA256 over the key (pooled: creating one costs more than de-identifying a small file).</summary>
    internal HMACSHA256 RentMac() => _macs.TryTake(out HMACSHA256? mac) ? mac : new HMACSHA256(Key);

    internal void ReturnMac(HMACSHA256 mac)
    {
        if (_macs.Count < 64)
        {
            _macs.Add(mac);
        }
        else
        {
            mac.Dispose();
        }
    }

    /// <summary>
    /// Options compose: what is asked for adds to Modified Dates, so no combination silently stops date shifting
    /// (issue 8). Full Dates replaces it; only <see cref="DeidentificationSettings.RemoveTemporalInformation"/> drops it.
    /// </summary>
    private static HashSet<DeidentificationOption> ComposeOptions(DeidentificationSettings settings)
    {
        var set = new HashSet<DeidentificationOption>(settings.Options ?? Array.Empty<DeidentificationOption>());
        bool full = set.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationFullDates);
        bool modified = set.Contains(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates);
        if (settings.RemoveTemporalInformation)
        {
            if (full || modified)
            {
                throw new ArgumentException("Removing temporal information excludes the Retain Longitudinal Temporal Information options.", nameof(settings));
            }

            return set;
        }

        if (!full)
        {
            set.Add(DeidentificationOption.RetainLongitudinalTemporalInformationModifiedDates);
        }

        return set;
    }

    /// <summary>
    /// True when keeping <paramref name="rule"/>'s attribute departs from the profile: private attributes (the profile
    /// removes them or keeps only safe ones after checks), attributes whose action is not K, and PN, UI and date
    /// attributes, which the profile's safety net would still clean.
    /// </summary>
    private bool OverridesProfile(CustomRule rule)
    {
        if (rule.IsPrivate)
        {
            return true;
        }

        if (Rules.TryGetAction(rule.Tag, out ProfileAction action) && action != ProfileAction.Keep)
        {
            return true;
        }

        return DicomDictionary.GetVR(rule.Tag) is DicomVR.PN or DicomVR.UI or DicomVR.DA or DicomVR.DT;
    }

    internal bool TryGetCustomRule(DicomTag tag, out CustomRule? rule) => _publicRules.TryGetValue(tag.Value, out rule);

    internal bool TryGetPrivateRule(ushort group, string? creator, byte element, out CustomRule? rule)
    {
        rule = null;
        return creator is not null && _privateRules.Count > 0 && _privateRules.TryGetValue(PrivateKey(group, creator.Trim(DicomTextChars.Padding), element), out rule);
    }

    private static string PrivateKey(ushort group, string creator, byte element) =>
        string.Concat(((uint)group).ToString("X4", System.Globalization.CultureInfo.InvariantCulture), "|", element.ToString("X2", System.Globalization.CultureInfo.InvariantCulture), "|", creator);
}
