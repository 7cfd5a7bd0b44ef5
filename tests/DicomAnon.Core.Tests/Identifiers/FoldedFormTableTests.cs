// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using DicomAnon.Core.Identifiers;
using Xunit;

namespace DicomAnon.Core.Tests.Identifiers;

/// <summary>The whole-form table of the identifier matcher: looked up by string and by a range of a char array alike.</summary>
public class FoldedFormTableTests
{
    private static (Identifier Identifier, int Set) Owner(string value, int set) =>
        (new Identifier(IdentifierKind.PatientId, default, value, Array.Empty<string>(), Array.Empty<string>()), set);

    [Fact]
    public void Finds_a_form_by_string_and_by_char_range_and_keeps_the_first_owner()
    {
        var table = new FoldedFormTable(2);
        table.TryAdd("doejane", Owner("a", 0));
        table.TryAdd("doejane", Owner("b", 1));
        table.TryAdd("p000006", Owner("c", 0));
        Assert.Equal(2, table.Count);
        Assert.True(table.TryGetValue("doejane", out (Identifier Identifier, int Set) owner));
        Assert.Equal("a", owner.Identifier.Value);
        char[] text = "xxdoejanexx".ToCharArray();
        Assert.True(table.Contains(text, 2, 7));
        Assert.False(table.Contains(text, 2, 6)); // "doejan": a prefix is not the form
        Assert.False(table.Contains(text, 1, 7));
        Assert.False(table.Contains("doejanex"));
        Assert.False(table.Contains(text, 0, 0));
    }

    [Fact]
    public void Grows_past_its_first_size_and_is_emptied_for_reuse()
    {
        var table = new FoldedFormTable(1);
        var forms = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            forms.Add("f" + i.ToString(CultureInfo.InvariantCulture));
            table.TryAdd(forms[i], Owner(forms[i], i));
        }

        Assert.Equal(2000, table.Count);
        foreach (string f in forms)
        {
            Assert.True(table.Contains(f.ToCharArray(), 0, f.Length), f);
            Assert.True(table.TryGetValue(f, out (Identifier Identifier, int Set) owner) && owner.Identifier.Value == f, f);
        }

        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.False(table.Contains("f1"));
        table.TryAdd("f1", Owner("again", 3));
        Assert.True(table.TryGetValue("f1", out (Identifier Identifier, int Set) again) && again.Set == 3);
        Assert.False(table.Contains("f2".ToCharArray(), 0, 2));
    }
}
