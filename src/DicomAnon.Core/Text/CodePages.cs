// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Reflection;
using System.Text;

namespace DicomAnon.Core.Text;

/// <summary>
/// System.Text encodings for the sets we do not tabulate ourselves (GB18030, GBK). On .NET Framework every code
/// page is built in; on .NET Core the code pages come from <c>CodePagesEncodingProvider</c>, which is part of the
/// shared framework but not of the netstandard2.0 reference surface, so it is registered through reflection.
/// </summary>
internal static class CodePages
{
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>A strict (exception-fallback) and a lenient (replacement) instance of a code page, or null when absent.</summary>
    public static (Encoding Strict, Encoding Lenient)? Get(int codePage)
    {
        EnsureProvider();
        try
        {
            var strict = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            var lenient = Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
            return (strict, lenient);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static void EnsureProvider()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            _registered = true;
            var type = Type.GetType("System.Text.CodePagesEncodingProvider, System.Text.Encoding.CodePages", throwOnError: false);
            PropertyInfo? instance = type?.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static);
            if (instance?.GetValue(null) is EncodingProvider provider)
            {
                Encoding.RegisterProvider(provider);
            }
        }
    }
}
