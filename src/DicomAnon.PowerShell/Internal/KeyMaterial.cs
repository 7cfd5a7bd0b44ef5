// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;
using System.Text;

namespace DicomAnon.Commands;

/// <summary>Turns key text (base64 from New-DicomAnonymizationKey, hex, or a long passphrase) into key bytes.</summary>
internal static class KeyMaterial
{
    public const int MinimumBytes = 16;
    public const string EnvironmentVariable = "DICOMANON_KEY";

    public static byte[] NewRandomKey()
    {
        var key = new byte[32];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(key);
        }

        return key;
    }

    /// <summary>Parses key text; null when it is too short to be a key (the text itself never goes into messages).</summary>
    public static byte[]? Parse(string text)
    {
        string t = text.Trim();
        if (t.Length == 0)
        {
            return null;
        }

        if (t.Length % 4 == 0)
        {
            try
            {
                byte[] b = Convert.FromBase64String(t);
                if (b.Length >= MinimumBytes)
                {
                    return b;
                }
            }
            catch (FormatException)
            {
                // Not base64: try the other forms.
            }
        }

        if (t.Length >= MinimumBytes * 2 && t.Length % 2 == 0 && IsHex(t))
        {
            var b = new byte[t.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = Convert.ToByte(t.Substring(i * 2, 2), 16);
            }

            return b;
        }

        if (t.Length >= MinimumBytes)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(Encoding.UTF8.GetBytes(t));
        }

        return null;
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }

        return true;
    }
}
