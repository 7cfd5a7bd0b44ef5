// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DicomAnon.Core.Identifiers;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

/// <summary>
/// Issue 13 (per-file CPU): a small identifier set is matched by tail buckets instead of the Aho-Corasick automaton.
/// The two engines must report the same matches in the same order, for text, names and raw bytes in every encoding.
/// Failures name the seed and the case, never a value.
/// </summary>
public class SmallSetEngineTests
{
    private static readonly string[] Given = { "John", "Jane", "Li", "Ng", "Jürgen", "Åse", "Zoë", "O'Neil", "Mary-Ann", "José", "山田", "Wei" };
    private static readonly string[] Family = { "Doe", "Müller", "Smith", "Van Der Berg", "Ng", "Li", "Øster", "Nguyen", "Smithson", "太郎", "Doe-Smith" };
    private static readonly string[] Fillers =
    {
        " ", "^", "\\", "_", "-", ".", "/", ", ", "x", "7", "ANONYMIZED", "report of ", "MRN", "DR ", "\u0000", "=", "é", "2.25.", "19", "DOE",
    };

    private static IdentifierSet RandomSet(Random r)
    {
        var set = new IdentifierSet();
        int names = r.Next(1, 6);
        for (int i = 0; i < names; i++)
        {
            string name = Family[r.Next(Family.Length)] + "^" + Given[r.Next(Given.Length)] + (r.Next(3) == 0 ? "^Q" : string.Empty);
            set.Add(i == 0 ? IdentifierKind.PatientName : IdentifierKind.OtherPersonName, name);
        }

        set.Add(IdentifierKind.PatientId, "P" + r.Next(0, 1000000).ToString("D6", CultureInfo.InvariantCulture));
        set.Add(IdentifierKind.AccessionNumber, r.Next(2) == 0 ? "A" + r.Next(100000, 999999).ToString(CultureInfo.InvariantCulture) : r.Next(100, 99999).ToString(CultureInfo.InvariantCulture));
        set.Add(IdentifierKind.BirthDate, new DateTime(1930, 1, 1).AddDays(r.Next(0, 30000)).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        set.Add(IdentifierKind.StudyDate, new DateTime(2000, 1, 1).AddDays(r.Next(0, 9000)).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        set.Add(IdentifierKind.Institution, r.Next(2) == 0 ? "St. Mary's Hospital" : "Klinikum Süd");
        int uids = r.Next(1, 8);
        for (int i = 0; i < uids; i++)
        {
            set.Add(IdentifierKind.Uid, "2.25." + r.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture) + r.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture));
        }

        return set;
    }

    /// <summary>Pieces of the identifiers' own values (so that there is something to find), glued and separated at random.</summary>
    private static string RandomText(Random r, IdentifierSet set)
    {
        var values = new List<string>();
        foreach (Identifier i in set)
        {
            values.Add(i.Value);
        }

        var sb = new StringBuilder();
        int pieces = r.Next(0, 12);
        for (int p = 0; p < pieces; p++)
        {
            if (r.Next(3) == 0)
            {
                sb.Append(Fillers[r.Next(Fillers.Length)]);
                continue;
            }

            string v = values[r.Next(values.Count)];
            int from = r.Next(0, Math.Max(1, v.Length / 3));
            int to = r.Next(2) == 0 ? v.Length : r.Next(from, v.Length + 1);
            string piece = v.Substring(from, to - from);
            sb.Append(r.Next(2) == 0 ? piece.ToUpperInvariant() : piece.ToLowerInvariant());
            if (r.Next(2) == 0)
            {
                sb.Append(Fillers[r.Next(Fillers.Length)]);
            }
        }

        return sb.ToString();
    }

    private static string Describe(IReadOnlyList<IdentifierMatch> matches)
    {
        var sb = new StringBuilder();
        foreach (IdentifierMatch m in matches)
        {
            sb.Append(m.ToString()).Append(" set ").Append(m.SetIndex).Append(" tag ").Append(m.Identifier.Tag.ToString()).Append(" #")
              .Append(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(m.Identifier)).Append(';');
        }

        return sb.ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Tail_buckets_report_exactly_what_the_automaton_reports(int seed)
    {
        var r = new Random(seed);
        int found = 0;
        for (int round = 0; round < 60; round++)
        {
            IdentifierSet[] sets = r.Next(4) == 0 ? new[] { RandomSet(r), RandomSet(r) } : new[] { RandomSet(r) };
            IdentifierMatcher small = IdentifierMatcher.CreateFiltered(sets, null, null, forceAutomaton: false);
            IdentifierMatcher automaton = IdentifierMatcher.CreateFiltered(sets, null, null, forceAutomaton: true);
            Assert.Equal(automaton.PatternCount, small.PatternCount);
            for (int t = 0; t < 25; t++)
            {
                string text = RandomText(r, sets[0]);
                string context = $"seed {seed} round {round} text {t}";
                IReadOnlyList<IdentifierMatch> expected = automaton.Find(text);
                found += expected.Count;
                Assert.True(Describe(expected) == Describe(small.Find(text)), "Find differs: " + context);
                Assert.True(Describe(automaton.FindInName(text)) == Describe(small.FindInName(text)), "FindInName differs: " + context);
                Assert.Equal(automaton.TryMatchWhole(text, out _), small.TryMatchWhole(text, out _));
                foreach (Encoding e in new[] { Encoding.Latin1, Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
                {
                    byte[] bytes = new byte[r.Next(0, 3)]; // shifts the UTF-16 alignment
                    byte[] data = Combine(bytes, e.GetBytes(text));
                    Assert.True(
                        Describe(automaton.FindInBytes(data, 0, data.Length)) == Describe(small.FindInBytes(data, 0, data.Length)),
                        "FindInBytes differs: " + context + " " + e.WebName);
                }
            }
        }

        Assert.True(found > 100, "the random texts hold too few identifiers to compare the engines");
    }

    /// <summary>
    /// The echo scan empties one small-set matcher and refills it for every file: a recycled matcher must report what
    /// the automaton of the new set reports (and nothing of the sets it held before), through the string and the
    /// char-array entry points alike.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void A_recycled_small_set_matcher_reports_what_a_new_automaton_reports(int seed)
    {
        var r = new Random(seed);
        IdentifierMatcher? recycled = null;
        int found = 0;
        for (int round = 0; round < 40; round++)
        {
            IdentifierSet[] sets = { RandomSet(r) };
            IdentifierMatcher reused = IdentifierMatcher.CreateFiltered(sets, null, null, forceAutomaton: false, recycled);
            Assert.True(recycled is null || ReferenceEquals(recycled, reused), "the recycled matcher was not reused");
            IdentifierMatcher automaton = IdentifierMatcher.CreateFiltered(sets, null, null, forceAutomaton: true);
            Assert.Equal(automaton.PatternCount, reused.PatternCount);
            for (int t = 0; t < 20; t++)
            {
                string text = RandomText(r, sets[0]);
                string context = $"seed {seed} round {round} text {t}";
                IReadOnlyList<IdentifierMatch> expected = automaton.Find(text);
                found += expected.Count;
                var viaChars = new List<IdentifierMatch>();
                reused.FindInto(text.ToCharArray(), text.Length, viaChars);
                Assert.True(Describe(expected) == Describe(reused.Find(text)), "Find differs: " + context);
                Assert.True(Describe(expected) == Describe(viaChars), "FindInto differs: " + context);
                Assert.Equal(automaton.MatchesWhole(text, 0, text.Length), reused.MatchesWhole(text.ToCharArray(), 0, text.Length));
                byte[] data = Encoding.Unicode.GetBytes(text);
                Assert.True(Describe(automaton.FindInBytes(data, 0, data.Length)) == Describe(reused.FindInBytes(data, 0, data.Length)), "FindInBytes differs: " + context);
            }

            reused.Recycle();
            Assert.Equal(0, reused.PatternCount);
            recycled = reused;
        }

        Assert.True(found > 100, "the random texts hold too few identifiers to compare the engines");
    }

    [Fact]
    public void An_automaton_is_not_recycled()
    {
        var set = new IdentifierSet();
        set.Add(IdentifierKind.PatientName, "DOE^JANE");
        IdentifierMatcher automaton = IdentifierMatcher.CreateFiltered(new[] { set }, null, null, forceAutomaton: true);
        Assert.False(automaton.IsRecyclable);
        Assert.Throws<InvalidOperationException>(automaton.Recycle);
    }

    private static byte[] Combine(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        Buffer.BlockCopy(a, 0, result, 0, a.Length);
        Buffer.BlockCopy(b, 0, result, a.Length, b.Length);
        return result;
    }
}
