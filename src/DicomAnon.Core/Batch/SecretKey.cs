// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Core.Batch;

/// <summary>
/// The secret key of a run, immutable: its bytes are copied in and handed out only as copies. Its
/// <see cref="Fingerprint"/> names the key in logs and resume records without revealing it: a keyed HMAC of a
/// constant, so nobody without the key can compute it (a plain hash of a passphrase could be guessed).
/// </summary>
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
internal sealed class SecretKey
{
    private const string FingerprintLabel = "DicomAnon key fingerprint v1";
    private readonly byte[] _bytes;

    // One HMAC per thread: a rerun hashes every path, and building an HMAC costs more than using one.
    private readonly System.Threading.ThreadLocal<HMACSHA256> _hmac;

    public SecretKey(byte[] bytes)
    {
        if (bytes is null || bytes.Length < DeidentificationKey.MinimumLength)
        {
            throw new ArgumentException($"A key has at least {DeidentificationKey.MinimumLength} bytes.", nameof(bytes));
        }

        _bytes = (byte[])bytes.Clone();
        byte[] copy = _bytes;
        _hmac = new System.Threading.ThreadLocal<HMACSHA256>(() => new HMACSHA256(copy));
        Fingerprint = ToHex(Hmac(FingerprintLabel), 16);
    }

    /// <summary>32 hex digits: HMAC-SHA-256(key, a fixed label), truncated. The same key always gives the same fingerprint.</summary>
    public string Fingerprint { get; }

    /// <summary>The key's bytes (a copy).</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>
    /// Parses key text: a key file's text or a key in base64/hex (the engine's <see cref="DeidentificationKey"/>
    /// format), else a passphrase of at least 16 characters on one line (SHA-256 of its UTF-8). Null when unusable;
    /// the text never goes into a message.
    /// </summary>
    public static SecretKey? TryParse(string text)
    {
        try
        {
            return new SecretKey(DeidentificationKey.Read(new StringReader(text)));
        }
        catch (FormatException)
        {
            string t = text.Trim();
            if (t.Length >= DeidentificationKey.MinimumLength && t.IndexOf('\n') < 0)
            {
                using var sha = SHA256.Create();
                return new SecretKey(sha.ComputeHash(Encoding.UTF8.GetBytes(t)));
            }

            return null;
        }
    }

    /// <summary>A new random key.</summary>
    public static SecretKey Generate() => new(DeidentificationKey.Generate());

    /// <summary>HMAC-SHA-256 of the UTF-8 of <paramref name="text"/> under this key.</summary>
    public byte[] Hmac(string text) => _hmac.Value!.ComputeHash(Encoding.UTF8.GetBytes(text));

    /// <summary>Lower-case hex of the first <paramref name="count"/> bytes.</summary>
    public static string ToHex(byte[] bytes, int count)
    {
        var sb = new StringBuilder(count * 2);
        for (int i = 0; i < count && i < bytes.Length; i++)
        {
            sb.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
