// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// The keyed functions behind every replacement: HMAC-SHA256(key, domain + ":" + value), so that the same input and
/// key give the same output on any machine, in any order, on any thread. One instance per run (HMAC objects are not
/// thread-safe; the run rents one from its <see cref="Deidentifier"/>'s pool and returns it); the UID caches (the run's,
/// and the <see cref="KeyedFunctionCache"/> its deidentifier shares between runs) only avoid recomputation and never
/// change a result.
/// </summary>
internal sealed class Pseudonymizer
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly HMACSHA256 _hmac;
    private readonly KeyedFunctionCache? _shared;
    private readonly Dictionary<string, string> _uids = new(StringComparer.Ordinal);

    public Pseudonymizer(HMACSHA256 hmac, KeyedFunctionCache? shared = null)
    {
        _hmac = hmac;
        _shared = shared;
    }

    /// <summary>HMAC(key, domain + ":" + value). The array may be shared: callers read it and never change it.</summary>
    public byte[] Mac(string domain, string value)
    {
        if (_shared is not null && _shared.TryGetMac(domain, value, out byte[] cached))
        {
            return cached;
        }

        byte[] mac = _hmac.ComputeHash(Encoding.UTF8.GetBytes(domain + ":" + value));
        _shared?.AddMac(domain, value, mac);
        return mac;
    }

    /// <summary>"2.25." + the decimal of the first 128 bits of HMAC(key, "uid:" + uid): at most 44 characters.</summary>
    public string Uid(string uid)
    {
        if (_uids.TryGetValue(uid, out string? cached))
        {
            return cached;
        }

        if (_shared is not null && _shared.TryGetUid(uid, out string shared))
        {
            _uids[uid] = shared;
            return shared;
        }

        byte[] h = _hmac.ComputeHash(Encoding.UTF8.GetBytes("uid:" + uid)); // Mac("uid", uid), not kept twice
        byte[] le = new byte[17]; // 16 bytes big-endian from the MAC, reversed, plus a zero sign byte
        for (int i = 0; i < 16; i++)
        {
            le[i] = h[15 - i];
        }

        string result = "2.25." + new BigInteger(le).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _uids[uid] = result;
        _shared?.AddUid(uid, result);
        return result;
    }

    /// <summary>Base32 (RFC 4648 alphabet, no padding) of HMAC(key, domain:value), <paramref name="chars"/> characters (at most 51).</summary>
    public string Base32(string domain, string value, int chars)
    {
        byte[] h = Mac(domain, value);
        var sb = new StringBuilder(chars);
        int bit = 0;
        for (int i = 0; i < chars && i < 51; i++)
        {
            int byteIndex = bit >> 3, shift = bit & 7;
            int two = (h[byteIndex] << 8) | (byteIndex + 1 < h.Length ? h[byteIndex + 1] : 0);
            sb.Append(Base32Alphabet[(two >> (11 - shift)) & 31]);
            bit += 5;
        }

        return sb.ToString();
    }

    /// <summary>A whole number of days in [min, max] from HMAC(key, "date:" + patientId).</summary>
    public int DateOffset(string patientId, int min, int max)
    {
        byte[] h = Mac("date", patientId);
        ulong v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | h[i];
        }

        ulong span = (ulong)((long)max - min + 1);
        return (int)(min + (long)(v % span));
    }
}
