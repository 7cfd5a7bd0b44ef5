// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DicomAnon.Core;
using DicomAnon.Core.Values;
using Xunit;

namespace DicomAnon.Core.Tests.Values;

/// <summary>Our validator against pydicom 2.3.1's validate_value on the values of make_validator_fixture.py.</summary>
public sealed class ValidatorPydicomTests
{
    /// <summary>
    /// Values pydicom accepts and we reject, each for a rule of PS3.5 that pydicom's regular expressions do not check.
    /// Everything else must agree in both directions.
    /// </summary>
    private static readonly Dictionary<(string Vr, string Value), string> Stricter = new()
    {
        [("AE", "A\\B")] = "a backslash is the value delimiter, never part of one value",
        [("LO", "a\\b")] = "a backslash is the value delimiter",
        [("SH", "a\\b")] = "a backslash is the value delimiter",
        [("LO", "line\nbreak")] = "LO excludes control characters other than ESC",
        [("DA", "20230229")] = "not a calendar date (2023 is not a leap year)",
        [("DA", "20240230")] = "not a calendar date",
        [("DA", "20240100")] = "day 00 is not a date",
        [("DA", "20240431")] = "April has 30 days",
        [("DA", "20240101-20240131")] = "a range is query syntax (PS3.4 C.2.2.2.5), not a stored DA value",
        [("DT", "20240230")] = "not a calendar date",
        [("DT", "20240101+1500")] = "UTC offsets run from -1200 to +1400 (PS3.5 Table 6.2-1)",
        [("IS", "2147483648")] = "IS is limited to -2^31..2^31-1",
        [("PN", "A^B^C^D^E^F")] = "a component group has at most five components (PS3.5 6.2.1)",
    };

    public static TheoryData<string, string, bool> Rows()
    {
        using Stream s = typeof(ValidatorPydicomTests).Assembly.GetManifestResourceStream("DicomAnon.Core.Tests.Values.validator_fixture.json")!;
        using JsonDocument doc = JsonDocument.Parse(s);
        var data = new TheoryData<string, string, bool>();
        foreach (JsonElement j in doc.RootElement.GetProperty("values").EnumerateArray())
        {
            data.Add(j.GetProperty("vr").GetString()!, j.GetProperty("value").GetString()!, j.GetProperty("pydicomValid").GetBoolean());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void ValidateValue_PydicomVerdict_AgreesOrIsStricterForADocumentedRule(string vrCode, string value, bool pydicomValid)
    {
        Assert.True(DicomVRInfo.TryParse(vrCode, out DicomVR vr));

        bool ours = DicomValueValidator.ValidateValue(vr, value) is null;

        if (Stricter.TryGetValue((vrCode, value), out string? reason))
        {
            Assert.True(pydicomValid, "listed as stricter but pydicom rejects it too: " + reason);
            Assert.False(ours, reason);
        }
        else
        {
            Assert.Equal(pydicomValid, ours);
        }
    }

    [Fact]
    public void Fixture_CoversEveryFormattedVR()
    {
        var vrs = Rows().Select(r => (string)r[0]).Distinct().ToList();

        Assert.Superset(new HashSet<string> { "AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR", "PN", "LO", "SH" }, vrs.ToHashSet());
    }
}
