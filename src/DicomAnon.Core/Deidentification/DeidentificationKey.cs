// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace DicomAnon.Core.Deidentification;

/// <summary>
/// The secret HMAC-SHA256 key of a de-identification project: generate, read and write key files.
/// A key file is text: optional '#' comment lines, then the key on one line in base64 (what <see cref="ToFileText"/>
/// writes) or hex. A "base64:" or "hex:" prefix removes any doubt; without one, a value made only of an even number
/// of hex digits is read as hex. The caller restricts the file's permissions.
/// </summary>
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
internal static class DeidentificationKey
{
    /// <summary>Shortest key accepted (bytes).</summary>
    public const int MinimumLength = 16;

    /// <summary>Length of generated keys in bytes (256 bits, the output size of SHA-256).</summary>
    public const int GeneratedLength = 32;

    /// <summary>A new random 32-byte key from the operating system's cryptographic generator.</summary>
    public static byte[] Generate()
    {
        byte[] key = new byte[GeneratedLength];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(key);
        }

        return key;
    }

    /// <summary>Parses a key written as base64 or hex (see the class remarks).</summary>
    /// <exception cref="FormatException">Neither base64 nor hex, or shorter than <see cref="MinimumLength"/> bytes.</exception>
    public static byte[] Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        string s = sb.ToString();
        byte[] key;
        if (s.StartsWith("hex:", StringComparison.OrdinalIgnoreCase))
        {
            key = FromHex(s.Substring(4)) ?? throw new FormatException("The key is not valid hex.");
        }
        else if (s.StartsWith("base64:", StringComparison.OrdinalIgnoreCase))
        {
            key = FromBase64(s.Substring(7)) ?? throw new FormatException("The key is not valid base64.");
        }
        else
        {
            key = FromHex(s) ?? FromBase64(s) ?? throw new FormatException("The key is neither base64 nor hex.");
        }

        if (key.Length < MinimumLength)
        {
            throw new FormatException($"The key has {key.Length} bytes; at least {MinimumLength} are required.");
        }

        return key;
    }

    /// <summary>Reads a key file's text: skips blank and '#' lines and parses the first other line.</summary>
    public static byte[] Read(TextReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            string t = line.Trim();
            if (t.Length > 0 && t[0] != '#')
            {
                return Parse(t);
            }
        }

        throw new FormatException("The key file holds no key.");
    }

    /// <summary>Reads a key file (see <see cref="Read(TextReader)"/>).</summary>
    public static byte[] ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.ASCII);
        return Read(reader);
    }

    /// <summary>The key in base64 (one line, no prefix).</summary>
    public static string Format(byte[] key) => Convert.ToBase64String(Validate(key));

    /// <summary>The text of a key file: a comment line naming the format, then the base64 key and a newline.</summary>
    public static string ToFileText(byte[] key) =>
        "# DicomAnon de-identification key (HMAC-SHA256, base64). Secret: anyone with it can re-link pseudonyms.\n" + Format(key) + "\n";

    /// <summary>The bytes to write to a key file (ASCII of <see cref="ToFileText"/>).</summary>
    public static byte[] ToFileBytes(byte[] key) => Encoding.ASCII.GetBytes(ToFileText(key));

    /// <summary>
    /// A short non-secret identifier of the key (16 hex digits of SHA-256 over a domain label and the key), so an
    /// audit trail can tell which key was used without revealing it.
    /// </summary>
    public static string Fingerprint(byte[] key)
    {
        Validate(key);
        byte[] label = Encoding.ASCII.GetBytes("DicomAnon key fingerprint:");
        byte[] data = new byte[label.Length + key.Length];
        Buffer.BlockCopy(label, 0, data, 0, label.Length);
        Buffer.BlockCopy(key, 0, data, label.Length, key.Length);
        using var sha = SHA256.Create();
        byte[] h = sha.ComputeHash(data);
        var sb = new StringBuilder(16);
        for (int i = 0; i < 8; i++)
        {
            sb.Append(h[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    internal static byte[] Validate(byte[] key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        if (key.Length < MinimumLength)
        {
            throw new ArgumentException($"The key has {key.Length} bytes; at least {MinimumLength} are required.", nameof(key));
        }

        return key;
    }

    private static byte[]? FromHex(string s)
    {
        if (s.Length == 0 || (s.Length & 1) != 0)
        {
            return null;
        }

        byte[] b = new byte[s.Length / 2];
        for (int i = 0; i < b.Length; i++)
        {
            int hi = HexValue(s[2 * i]), lo = HexValue(s[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                return null;
            }

            b[i] = (byte)((hi << 4) | lo);
        }

        return b;
    }

    private static int HexValue(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

    private static byte[]? FromBase64(string s)
    {
        try
        {
            return s.Length == 0 ? null : Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
