// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace DicomAnon.Core.Identifiers;

/// <summary>
/// One Aho–Corasick automaton over the folded forms of every identifier of any number of <see cref="IdentifierSet"/>s,
/// so that searching a value for the identifiers of thousands of files is one pass over it. Texts are folded like
/// the identifiers (see <see cref="IdentifierText"/>); a match must start and end on a word boundary (letters next
/// to letters, or digits next to digits, do not count; CJK always does), except forms of 6+ characters that mix
/// letters and digits (IDs), which are found glued to other words too, and dates of 8 digits, which may be followed
/// by digits (a time glued on, the DICOM DT spelling 20140502101500). Raw bytes are read as ASCII/Latin-1,
/// UTF-8, and UTF-16 in both byte orders and both alignments. Matches name the kind, never the value.
/// <para>A small set (one file's identifiers, compiled for every file by the echo scan) is not built into an
/// automaton: its patterns are bucketed by their last two characters, longest first, and each text position is
/// checked against its bucket. Building that costs a few hundred operations instead of one trie state per pattern
/// character, and the matches, and their order (by end, then longest first), are exactly the automaton's.</para>
/// </summary>
/// <threadsafety>Immutable after construction: any number of threads may search concurrently.</threadsafety>
internal sealed class IdentifierMatcher
{
    /// <summary>Folded length from which <see cref="FindInName"/> matches a form inside a longer word.</summary>
    internal const int GluedMinimumLength = 5;

    private const int WindowBytes = 1 << 20;

    /// <summary>Byte values up to this length are read into per-thread arrays (<see cref="SearchWindow"/>).</summary>
    private const int SmallWindow = 4096;

    [ThreadStatic]
    private static char[]? _windowChars;

    [ThreadStatic]
    private static int[]? _windowStart;

    [ThreadStatic]
    private static int[]? _windowEnd;

    /// <summary>Up to this many patterns, the tail buckets replace the automaton (see the remarks above).</summary>
    private const int SmallSetLimit = 512;
    private readonly int[] _rootAscii = new int[128];
    private readonly Dictionary<char, int> _rootOther = new();
    private readonly List<int> _firstChild;
    private readonly List<int> _nextSibling;
    private readonly List<int> _parent;
    private readonly List<char> _via;
    private readonly List<int> _fail;
    private readonly List<int> _out;
    private readonly List<int> _outLink;
    private readonly List<int> _depth;
    private readonly List<int> _patternLength;
    private readonly List<(Identifier Identifier, int Set)> _patternOwner;
    private readonly List<bool> _matchesGlued;
    private readonly List<bool> _dateBeforeTime;
    private readonly FoldedFormTable _exact;
    private readonly bool _automaton;
    private readonly List<string> _patternText;
    private Dictionary<int, int>? _tails;
    private int[] _tailNext = Array.Empty<int>();
    private readonly ulong[] _asciiTails = new ulong[128 * 128 / 64]; // one bit per ASCII pair that ends a pattern
    private Dictionary<char, int>? _singles;
    private Dictionary<string, bool>? _seen;
    private int _maxPatternLength;

    private IdentifierMatcher(bool automaton, int states, int patterns, int exact)
    {
        _automaton = automaton;
        _patternText = new List<string>(patterns);
        _firstChild = new List<int>(states) { 0 };
        _nextSibling = new List<int>(states) { 0 };
        _parent = new List<int>(states) { 0 };
        _via = new List<char>(states) { '\0' };
        _fail = new List<int>(states) { 0 };
        _out = new List<int>(states) { -1 };
        _outLink = new List<int>(states) { -1 };
        _depth = new List<int>(states) { 0 };
        _patternLength = new List<int>(patterns);
        _patternOwner = new List<(Identifier Identifier, int Set)>(patterns);
        _matchesGlued = new List<bool>(patterns);
        _dateBeforeTime = new List<bool>(patterns);
        _exact = new FoldedFormTable(exact);
    }

    /// <summary>Number of distinct folded patterns searched for.</summary>
    public int PatternCount => _patternLength.Count;

    /// <summary>True for a small-set matcher, which <see cref="Recycle"/> can empty for the next build.</summary>
    internal bool IsRecyclable => !_automaton;

    /// <summary>Compiles the identifiers of every set; matches report the index of their set in this sequence.</summary>
    public static IdentifierMatcher Create(IEnumerable<IdentifierSet> sets) => CreateFiltered(sets, null);

    /// <summary>As <see cref="Create(IEnumerable{IdentifierSet})"/>, leaving out identifiers <paramref name="include"/> rejects and folded forms in <paramref name="excludedForms"/>.</summary>
    internal static IdentifierMatcher CreateFiltered(IEnumerable<IdentifierSet> sets, Func<Identifier, bool>? include, ISet<string>? excludedForms = null) =>
        CreateFiltered(sets, include, excludedForms, forceAutomaton: false);

    /// <summary>As above; <paramref name="forceAutomaton"/> builds the automaton for a small set too (tests compare the two engines).</summary>
    internal static IdentifierMatcher CreateFiltered(IEnumerable<IdentifierSet> sets, Func<Identifier, bool>? include, ISet<string>? excludedForms, bool forceAutomaton) =>
        CreateFiltered(sets, include, excludedForms, forceAutomaton, recycled: null);

    /// <summary>
    /// As above; a small set is compiled into <paramref name="recycled"/> (a matcher <see cref="Recycle"/> emptied, no
    /// longer used by anyone) instead of new tables: the echo scan builds one matcher for every file.
    /// </summary>
    internal static IdentifierMatcher CreateFiltered(IEnumerable<IdentifierSet> sets, Func<Identifier, bool>? include, ISet<string>? excludedForms, bool forceAutomaton, IdentifierMatcher? recycled)
    {
        if (sets is null)
        {
            throw new ArgumentNullException(nameof(sets));
        }

        // First the distinct patterns, so that every table is allocated once at its final size (the lists too: this
        // runs for every file).
        ICollection<IdentifierSet> all = sets as ICollection<IdentifierSet> ?? new List<IdentifierSet>(sets);
        int patternBound = 0, exactBound = 0;
        foreach (IdentifierSet set in all)
        {
            foreach (Identifier id in set)
            {
                patternBound += id.Patterns.Count;
                exactBound += id.Exact.Count;
            }
        }

        if (!forceAutomaton && patternBound <= SmallSetLimit)
        {
            return CreateSmall(all, include, excludedForms, patternBound, exactBound, recycled);
        }

        var patterns = new List<(string Pattern, Identifier Owner, int Set)>(patternBound);
        var seen = new Dictionary<string, bool>(patternBound, StringComparer.Ordinal); // a HashSet cannot be presized on netstandard2.0
        var exact = new List<(string Form, Identifier Owner, int Set)>(exactBound);
        int states = 1;
        int setIndex = 0;
        foreach (IdentifierSet set in all)
        {
            foreach (Identifier id in set)
            {
                if (include is not null && !include(id))
                {
                    continue;
                }

                IReadOnlyList<string> forms = id.Patterns; // indexed: an interface foreach boxes an enumerator per identifier
                for (int k = 0; k < forms.Count; k++)
                {
                    string p = forms[k];
                    if ((excludedForms is null || !excludedForms.Contains(p)) && !seen.ContainsKey(p))
                    {
                        seen.Add(p, true);
                        patterns.Add((p, id, setIndex));
                        states += p.Length;
                    }
                }

                IReadOnlyList<string> whole = id.Exact;
                for (int k = 0; k < whole.Count; k++)
                {
                    string x = whole[k];
                    if (excludedForms is null || !excludedForms.Contains(x))
                    {
                        exact.Add((x, id, setIndex));
                    }
                }
            }

            setIndex++;
        }

        var m = new IdentifierMatcher(true, states, patterns.Count, exact.Count);
        foreach ((string p, Identifier id, int set) in patterns)
        {
            m.Insert(p, id, set);
        }

        foreach ((string x, Identifier id, int set) in exact)
        {
            m._exact.TryAdd(x, (id, set));
        }

        m.Link();
        return m;
    }

    /// <summary>
    /// The small-set engine in one pass: patterns and whole forms go straight into the tables, in the order (and so with
    /// the owners) the two-pass build gives them.
    /// </summary>
    private static IdentifierMatcher CreateSmall(ICollection<IdentifierSet> all, Func<Identifier, bool>? include, ISet<string>? excludedForms, int patternBound, int exactBound, IdentifierMatcher? recycled)
    {
        IdentifierMatcher m = recycled is { IsRecyclable: true, PatternCount: 0, _exact.Count: 0 } ? recycled : new IdentifierMatcher(false, 1, patternBound, exactBound);
        Dictionary<string, bool> seen = m._seen ??= new Dictionary<string, bool>(patternBound, StringComparer.Ordinal);
        int setIndex = 0;
        foreach (IdentifierSet set in all)
        {
            foreach (Identifier id in set)
            {
                if (include is not null && !include(id))
                {
                    continue;
                }

                IReadOnlyList<string> forms = id.Patterns;
                for (int k = 0; k < forms.Count; k++)
                {
                    string p = forms[k];
                    if ((excludedForms is null || !excludedForms.Contains(p)) && !seen.ContainsKey(p))
                    {
                        seen.Add(p, true);
                        m.AddPattern(p, id, setIndex);
                    }
                }

                IReadOnlyList<string> whole = id.Exact;
                for (int k = 0; k < whole.Count; k++)
                {
                    string x = whole[k];
                    if (excludedForms is null || !excludedForms.Contains(x))
                    {
                        m._exact.TryAdd(x, (id, setIndex));
                    }
                }
            }

            setIndex++;
        }

        seen.Clear();
        m.BuildTails();
        return m;
    }

    /// <summary>
    /// Empties a small-set matcher that nobody uses any more, keeping its tables for <see cref="CreateFiltered(IEnumerable{IdentifierSet}, Func{Identifier, bool}?, ISet{string}?, bool, IdentifierMatcher?)"/>
    /// (the identifiers it held are let go).
    /// </summary>
    internal void Recycle()
    {
        if (_automaton)
        {
            throw new InvalidOperationException("Only a small-set matcher is recycled.");
        }

        foreach (string p in _patternText)
        {
            if (p.Length >= 2 && (p[p.Length - 2] | p[p.Length - 1]) < 0x80)
            {
                int bit = (p[p.Length - 2] << 7) | p[p.Length - 1];
                _asciiTails[bit >> 6] = 0;
            }
        }

        _patternText.Clear();
        _patternLength.Clear();
        _patternOwner.Clear();
        _matchesGlued.Clear();
        _dateBeforeTime.Clear();
        _exact.Clear();
        _tails?.Clear();
        _singles?.Clear();
        _maxPatternLength = 0;
    }

    /// <summary>Every identifier found in <paramref name="text"/> (offsets are character indexes in it).</summary>
    public IReadOnlyList<IdentifierMatch> Find(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var result = new List<IdentifierMatch>();
        if (PatternCount > 0 && text.Length > 0)
        {
            Search(FoldedText.Transient(text), TextEncodingKind.Text, result);
        }

        return result;
    }

    /// <summary>As <see cref="Find"/>, for the first <paramref name="count"/> characters of <paramref name="text"/>, into <paramref name="result"/> (added to).</summary>
    internal void FindInto(char[] text, int count, List<IdentifierMatch> result)
    {
        if (PatternCount > 0 && count > 0)
        {
            Search(FoldedText.Transient(text, count), TextEncodingKind.Text, result);
        }
    }

    /// <summary>
    /// Every identifier found in a file or folder name: forms of <see cref="GluedMinimumLength"/> or more folded
    /// characters also inside longer words ("DrSmith", "MRNAB12345", a study date in "CT_201405021015"), shorter ones
    /// on word boundaries. A name that matches only becomes a token, so a false positive costs nothing but the name.
    /// </summary>
    internal IReadOnlyList<IdentifierMatch> FindInName(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var result = new List<IdentifierMatch>();
        if (PatternCount > 0 && name.Length > 0)
        {
            Search(FoldedText.Transient(name), TextEncodingKind.Text, result, GluedMinimumLength);
        }

        return result;
    }

    /// <summary>True when the whole text, folded, is one of the identifiers' forms (e.g. a folder named by a UID or a two-letter surname).</summary>
    public bool TryMatchWhole(string text, out IdentifierMatch match)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        match = default;
        if (_exact.TryGetValue(IdentifierText.Fold(text), out (Identifier Identifier, int Set) hit))
        {
            match = new IdentifierMatch(hit.Identifier.Kind, 0, text.Length, TextEncodingKind.Text, hit.Set, hit.Identifier);
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/>, folded, are one of the identifiers' forms.</summary>
    internal bool MatchesWhole(string text, int start, int length) => _exact.Contains(IdentifierText.Fold(text, start, length));

    /// <summary>As <see cref="MatchesWhole(string, int, int)"/>, for characters of an array (folded into a scratch buffer, no string).</summary>
    internal bool MatchesWhole(char[] text, int start, int length)
    {
        int n = IdentifierText.FoldInto(text, start, length, out char[] folded);
        return _exact.Contains(folded, 0, n);
    }

    /// <summary>
    /// Every identifier found in <paramref name="count"/> bytes from <paramref name="offset"/>, read as Latin-1 (ASCII),
    /// UTF-8 and UTF-16 (both byte orders, both alignments). Offsets are indexes into <paramref name="data"/>.
    /// </summary>
    public IReadOnlyList<IdentifierMatch> FindInBytes(byte[] data, int offset, int count)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (offset < 0 || count < 0 || offset > data.Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        var result = new List<IdentifierMatch>();
        if (PatternCount == 0 || count == 0)
        {
            return result;
        }

        // Windows of 1 MiB overlapping by the longest pattern (4 bytes a character at most), so memory stays bounded.
        int overlap = checked((_maxPatternLength * 4) + 8);
        for (int pos = offset; pos < offset + count; pos += WindowBytes)
        {
            int length = Math.Min(WindowBytes + overlap, offset + count - pos);
            SearchWindow(data, pos, length, result);
            if (length < WindowBytes + overlap)
            {
                break;
            }
        }

        return result.Count == 0 ? result : Deduplicate(result);
    }

    private void SearchWindow(byte[] data, int offset, int count, List<IdentifierMatch> result)
    {
        // small values (the file meta version, short private OB values) use this thread's arrays; the texts are folded
        // into the thread's transient FoldedText, one reading after the other
        bool small = count <= SmallWindow;
        char[] chars = small ? (_windowChars ??= new char[SmallWindow]) : new char[count];
        int[] start = small ? (_windowStart ??= new int[SmallWindow]) : new int[count];
        int[] end = small ? (_windowEnd ??= new int[SmallWindow]) : new int[count];
        bool high = false;
        for (int i = 0; i < count; i++)
        {
            byte b = data[offset + i];
            high |= b >= 0x80;
            chars[i] = (char)b;
            start[i] = offset + i;
            end[i] = offset + i + 1;
        }

        Search(FoldedText.Transient(chars, count, start, end), TextEncodingKind.Latin1, result);
        if (high)
        {
            int n = DecodeUtf8(data, offset, count, chars, start, end);
            Search(FoldedText.Transient(chars, n, start, end), TextEncodingKind.Utf8, result);
        }

        for (int align = 0; align < 2 && count - align >= 2; align++)
        {
            for (int order = 0; order < 2; order++)
            {
                bool little = order == 0;
                int n = 0;
                for (int i = offset + align; i + 1 < offset + count; i += 2)
                {
                    chars[n] = little ? (char)(data[i] | (data[i + 1] << 8)) : (char)((data[i] << 8) | data[i + 1]);
                    start[n] = i;
                    end[n] = i + 2;
                    n++;
                }

                Search(FoldedText.Transient(chars, n, start, end), little ? TextEncodingKind.Utf16LittleEndian : TextEncodingKind.Utf16BigEndian, result);
            }
        }
    }

    internal void Search(FoldedText ft, TextEncodingKind encoding, List<IdentifierMatch> result, int anywhereFrom = int.MaxValue)
    {
        if (!_automaton)
        {
            SearchTails(ft, encoding, result, anywhereFrom);
            return;
        }

        char[] t = ft.Chars;
        int count = ft.Length;
        int s = 0;
        for (int i = 0; i < count; i++)
        {
            char c = t[i];
            int n;
            while (true)
            {
                n = Goto(s, c);
                if (n != 0 || s == 0)
                {
                    break;
                }

                s = _fail[s];
            }

            s = n;
            for (int o = _out[s] >= 0 ? s : _outLink[s]; o > 0; o = _outLink[o])
            {
                int pid = _out[o];
                Report(ft, encoding, result, anywhereFrom, pid, i);
            }
        }
    }

    /// <summary>
    /// The small-set engine: at each end position, the patterns whose last two characters end there (longest first),
    /// then the one-character pattern, if any: the automaton's matches in the automaton's order.
    /// </summary>
    private void SearchTails(FoldedText ft, TextEncodingKind encoding, List<IdentifierMatch> result, int anywhereFrom)
    {
        char[] t = ft.Chars;
        int count = ft.Length;
        Dictionary<int, int> tails = _tails!;
        for (int i = 0; i < count; i++)
        {
            if (i > 0 && MayEndBucket(t[i - 1], t[i]) && tails.TryGetValue((t[i - 1] << 16) | t[i], out int head))
            {
                for (int pid = head; pid >= 0; pid = _tailNext[pid])
                {
                    int len = _patternLength[pid];
                    int from = i + 1 - len;
                    if (from >= 0 && StartsWith(t, from, _patternText[pid], len - 2))
                    {
                        Report(ft, encoding, result, anywhereFrom, pid, i);
                    }
                }
            }

            if (_singles is { Count: > 0 } && _singles.TryGetValue(t[i], out int single))
            {
                Report(ft, encoding, result, anywhereFrom, single, i);
            }
        }
    }

    /// <summary>True when the first <paramref name="length"/> characters of <paramref name="pattern"/> stand in <paramref name="text"/> from <paramref name="from"/>.</summary>
    private static bool StartsWith(char[] text, int from, string pattern, int length)
    {
        for (int k = 0; k < length; k++)
        {
            if (text[from + k] != pattern[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>False when no pattern ends in these two characters (exact for ASCII pairs, which skip the table then).</summary>
    private bool MayEndBucket(char a, char b)
    {
        if ((a | b) >= 0x80)
        {
            return true;
        }

        int bit = (a << 7) | b;
        return (_asciiTails[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary>Pattern <paramref name="pid"/> ends at folded index <paramref name="i"/>: a match unless the word boundaries rule it out.</summary>
    private void Report(FoldedText ft, TextEncodingKind encoding, List<IdentifierMatch> result, int anywhereFrom, int pid, int i)
    {
        int len = _patternLength[pid];
        int from = i + 1 - len;
        if (len >= anywhereFrom || _matchesGlued[pid] || ft.IsWord(from, i + 1) || (_dateBeforeTime[pid] && ft.StartsWord(from)))
        {
            (Identifier id, int set) = _patternOwner[pid];
            int a = ft.Start[from], b = ft.End[i];
            result.Add(new IdentifierMatch(id.Kind, a, b - a, encoding, set, id));
        }
    }

    private static List<IdentifierMatch> Deduplicate(List<IdentifierMatch> matches)
    {
        var seen = new HashSet<long>();
        var result = new List<IdentifierMatch>(matches.Count);
        foreach (IdentifierMatch m in matches)
        {
            if (seen.Add(((long)m.Start << 32) | (uint)m.Length))
            {
                result.Add(m);
            }
        }

        return result;
    }

    /// <summary>Lenient UTF-8: invalid bytes become U+FFFD (a hard break); every character keeps its byte span.</summary>
    private static int DecodeUtf8(byte[] data, int offset, int count, char[] chars, int[] start, int[] end)
    {
        int n = 0, i = offset, stop = offset + count;
        while (i < stop)
        {
            byte b = data[i];
            int need = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
            int cp = need switch { 0 => b, 1 => b & 0x1F, 2 => b & 0x0F, 3 => b & 0x07, _ => -1 };
            int j = i + 1;
            for (int k = 0; k < need && cp >= 0; k++, j++)
            {
                cp = j < stop && (data[j] & 0xC0) == 0x80 ? (cp << 6) | (data[j] & 0x3F) : -1;
            }

            if (cp < 0 || (need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) || cp > 0x10FFFF)
            {
                chars[n] = '\uFFFD';
                start[n] = i;
                end[n] = i + 1;
                n++;
                i++;
                continue;
            }

            if (cp >= 0x10000)
            {
                // the output has room: a 4-byte sequence gives two UTF-16 units
                int v = cp - 0x10000;
                chars[n] = (char)(0xD800 + (v >> 10));
                start[n] = i;
                end[n] = j;
                n++;
                chars[n] = (char)(0xDC00 + (v & 0x3FF));
            }
            else
            {
                chars[n] = (char)cp;
            }

            start[n] = i;
            end[n] = j;
            n++;
            i = j;
        }

        return n;
    }

    private int Goto(int state, char c)
    {
        if (state == 0)
        {
            return c < 128 ? _rootAscii[c] : _rootOther.TryGetValue(c, out int r) ? r : 0;
        }

        // below the root, children are few: a sibling list is faster to build and to walk than a hash table
        for (int k = _firstChild[state]; k != 0; k = _nextSibling[k])
        {
            if (_via[k] == c)
            {
                return k;
            }
        }

        return 0;
    }

    private void Insert(string pattern, Identifier owner, int set)
    {
        int s = 0;
        foreach (char c in pattern)
        {
            int n = Goto(s, c);
            if (n == 0)
            {
                n = _fail.Count;
                _fail.Add(0);
                _out.Add(-1);
                _outLink.Add(-1);
                _depth.Add(_depth[s] + 1);
                _parent.Add(s);
                _via.Add(c);
                _firstChild.Add(0);
                _nextSibling.Add(0);
                if (s == 0 && c < 128)
                {
                    _rootAscii[c] = n;
                }
                else if (s == 0)
                {
                    _rootOther[c] = n;
                }
                else
                {
                    _nextSibling[n] = _firstChild[s];
                    _firstChild[s] = n;
                }
            }

            s = n;
        }

        _out[s] = AddPattern(pattern, owner, set);
    }

    private int AddPattern(string pattern, Identifier owner, int set)
    {
        _maxPatternLength = Math.Max(_maxPatternLength, pattern.Length);
        int pid = _patternLength.Count;
        _patternText.Add(pattern);
        _patternLength.Add(pattern.Length);
        _patternOwner.Add((owner, set));
        _matchesGlued.Add(IsGluedId(pattern));
        _dateBeforeTime.Add((owner.Kind is IdentifierKind.BirthDate or IdentifierKind.StudyDate or IdentifierKind.OtherDate) && IsEightDigits(pattern));
        return pid;
    }

    /// <summary>Buckets the patterns by their last two characters, each bucket longest first; one-character patterns apart.</summary>
    private void BuildTails()
    {
        // each bucket a list linked through _tailNext, kept longest first as patterns are added (buckets hold a few
        // patterns: a date's forms ending in the same year digits, say); distinct patterns of one key and length never
        // both match at one position (they would be the same text), so their relative order does not matter
        int count = _patternText.Count;
        Dictionary<int, int> heads = _tails ?? new Dictionary<int, int>(count);
        int[] next = _tailNext.Length >= count ? _tailNext : new int[count];
        for (int pid = 0; pid < count; pid++)
        {
            string p = _patternText[pid];
            if (p.Length == 1)
            {
                _singles ??= new Dictionary<char, int>();
                _singles[p[0]] = pid;
                continue;
            }

            if (p.Length == 0)
            {
                continue;
            }

            int key = Tail(p);
            char a = p[p.Length - 2], b = p[p.Length - 1];
            if ((a | b) < 0x80)
            {
                int bit = (a << 7) | b;
                _asciiTails[bit >> 6] |= 1UL << (bit & 63);
            }

            bool bucket = heads.TryGetValue(key, out int head);
            if (!bucket || _patternLength[head] <= p.Length)
            {
                next[pid] = bucket ? head : -1;
                heads[key] = pid;
                continue;
            }

            int at = head;
            while (next[at] >= 0 && _patternLength[next[at]] > p.Length)
            {
                at = next[at];
            }

            next[pid] = next[at];
            next[at] = pid;
        }

        _tails = heads;
        _tailNext = next;
    }

    private static int Tail(string p) => (p[p.Length - 2] << 16) | p[p.Length - 1];

    /// <summary>
    /// An ID of letters and digits, 6+ characters (MRN "AB12345", accession "X77150K"): specific enough to be found
    /// glued to other letters ("MRNAB12345"). Names and all-digit IDs keep their word boundaries in text.
    /// </summary>
    private static bool IsGluedId(string pattern)
    {
        if (pattern.Length < 6)
        {
            return false;
        }

        bool letter = false, digit = false;
        foreach (char c in pattern)
        {
            // ASCII as ClassOf has it (digits, and everything else a letter), without the call
            CharClass k = c < 0x80 ? (c >= '0' && c <= '9' ? CharClass.Digit : CharClass.Letter) : IdentifierText.ClassOf(c);
            letter |= k == CharClass.Letter;
            digit |= k == CharClass.Digit;
        }

        return letter && digit;
    }

    /// <summary>A date written as 8 digits (20140502, 02052014): a time glued after it does not hide it.</summary>
    private static bool IsEightDigits(string pattern)
    {
        if (pattern.Length != 8)
        {
            return false;
        }

        foreach (char c in pattern)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Failure and output links, breadth first.</summary>
    private void Link()
    {
        int states = _fail.Count;
        int[] order = new int[states];
        int maxDepth = 0;
        for (int i = 0; i < states; i++)
        {
            maxDepth = Math.Max(maxDepth, _depth[i]);
        }

        int[] counts = new int[maxDepth + 2];
        for (int i = 0; i < states; i++)
        {
            counts[_depth[i] + 1]++;
        }

        for (int d = 1; d < counts.Length; d++)
        {
            counts[d] += counts[d - 1];
        }

        for (int i = 0; i < states; i++)
        {
            order[counts[_depth[i]]++] = i;
        }

        foreach (int s in order)
        {
            if (s == 0)
            {
                continue;
            }

            int p = _parent[s];
            int f = 0;
            if (p != 0)
            {
                char c = _via[s];
                int q = _fail[p];
                while (true)
                {
                    int n = Goto(q, c);
                    if (n != 0)
                    {
                        f = n;
                        break;
                    }

                    if (q == 0)
                    {
                        break;
                    }

                    q = _fail[q];
                }
            }

            _fail[s] = f;
            _outLink[s] = f != 0 && _out[f] >= 0 ? f : (f != 0 ? _outLink[f] : -1);
        }
    }
}
