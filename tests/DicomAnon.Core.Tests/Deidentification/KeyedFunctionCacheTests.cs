// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Deidentification;
using Xunit;

namespace DicomAnon.Core.Tests.Deidentification;

/// <summary>
/// Issue 13 (per-file CPU): keyed-function results are shared between the runs of one deidentifier. A cached result
/// must be the one the key gives, before and after the cache fills and is emptied, and never another key's.
/// </summary>
public class KeyedFunctionCacheTests
{
    private static byte[] KeyOf(byte seed)
    {
        var key = new byte[32];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        return key;
    }

    /// <summary>The documented UID function, computed here without the deidentifier.</summary>
    private static string ExpectedUid(byte[] key, string uid)
    {
        using var hmac = new HMACSHA256(key);
        byte[] h = hmac.ComputeHash(Encoding.UTF8.GetBytes("uid:" + uid));
        var le = new byte[17];
        for (int i = 0; i < 16; i++)
        {
            le[i] = h[15 - i];
        }

        return "2.25." + new BigInteger(le).ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Uids_stay_the_keyed_function_across_runs_and_past_the_cache_limit()
    {
        byte[] key = KeyOf(3);
        var d = new Deidentifier(new DeidentificationSettings { Key = key });
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 5000; i++)
            {
                string uid = "1.2.826.0.1.3680043.2." + i.ToString(CultureInfo.InvariantCulture);
                Assert.True(ExpectedUid(key, uid) == d.MapUid(uid), $"UID {i} in round {round} is not the keyed function's");
            }
        }
    }

    [Fact]
    public void Pseudonyms_and_offsets_from_a_warm_cache_equal_a_fresh_deidentifiers()
    {
        var settings = new DeidentificationSettings { Key = KeyOf(5) };
        var warm = new Deidentifier(settings);
        for (int i = 0; i < 300; i++)
        {
            string id = "PID" + i.ToString(CultureInfo.InvariantCulture);
            _ = warm.GetPseudonymPatientId(id);
            _ = warm.GetDateOffsetDays(id);
        }

        for (int i = 0; i < 300; i++)
        {
            string id = "PID" + i.ToString(CultureInfo.InvariantCulture);
            var fresh = new Deidentifier(settings);
            Assert.True(fresh.GetPseudonymPatientId(id) == warm.GetPseudonymPatientId(id), $"pseudonym {i} differs from a fresh deidentifier's");
            Assert.True(fresh.GetDateOffsetDays(id) == warm.GetDateOffsetDays(id), $"date offset {i} differs from a fresh deidentifier's");
        }
    }

    [Fact]
    public void Deidentifiers_with_different_keys_never_share_results()
    {
        var a = new Deidentifier(new DeidentificationSettings { Key = KeyOf(1) });
        var b = new Deidentifier(new DeidentificationSettings { Key = KeyOf(2) });
        const string uid = "1.2.826.0.1.3680043.2.99";
        Assert.True(ExpectedUid(KeyOf(1), uid) == a.MapUid(uid), "first key");
        Assert.True(ExpectedUid(KeyOf(2), uid) == b.MapUid(uid), "second key after the first was cached");
        Assert.False(a.GetPseudonymPatientId("PID1") == b.GetPseudonymPatientId("PID1"), "two keys gave one pseudonym");
    }

    [Fact]
    public void A_result_is_cached_only_when_its_input_was_asked_for_before()
    {
        // A file's own SOP Instance UID is asked for once: caching it would only make old-generation garbage.
        var cache = new KeyedFunctionCache();
        cache.AddUid("1.2.3", "2.25.1");
        Assert.False(cache.TryGetUid("1.2.3", out _));
        cache.AddUid("1.2.3", "2.25.1");
        Assert.True(cache.TryGetUid("1.2.3", out string mapped));
        Assert.Equal("2.25.1", mapped);

        byte[] mac = { 1, 2, 3 };
        cache.AddMac("pid", "PID1", mac);
        Assert.False(cache.TryGetMac("pid", "PID1", out _));
        cache.AddMac("pid", "PID1", mac);
        Assert.True(cache.TryGetMac("pid", "PID1", out byte[] cached));
        Assert.Same(mac, cached);
    }
}
