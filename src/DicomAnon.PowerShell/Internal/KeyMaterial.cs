// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Commands;

/// <summary>
/// Turns key text into key bytes: a key file's text or a key in base64/hex (the engine's
/// <see cref="DeidentificationKey"/> format), or else a passphrase of at least 16 characters (SHA-256 of its UTF-8).
/// </summary>
internal static class KeyMaterial
{
    public const string EnvironmentVariable = "DICOMANON_KEY";

    public static int MinimumBytes => DeidentificationKey.MinimumLength;

    /// <summary>Parses key text; null when it is not a usable key (the text itself never goes into messages).</summary>
    public static byte[]? Parse(string text)
    {
        try
        {
            return DeidentificationKey.Read(new StringReader(text));
        }
        catch (FormatException)
        {
            string t = text.Trim();
            if (t.Length >= MinimumBytes && t.IndexOf('\n') < 0)
            {
                using var sha = SHA256.Create();
                return sha.ComputeHash(Encoding.UTF8.GetBytes(t));
            }

            return null;
        }
    }
}
