// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;

namespace DicomAnon.Imaging.Codecs.Native;

/// <summary>
/// A codec library's API, bound once per process: the first use finds the library and binds its entry points; every
/// later use gets the same binding, or the same failure (a missing library is not searched for again for each file).
/// </summary>
/// <typeparam name="T">The bound API.</typeparam>
internal sealed class NativeCodecBinding<T>
    where T : class
{
    private readonly object _gate = new();
    private readonly string _libraryName;
    private readonly Func<string[]> _fileNames;
    private readonly Func<NativeCodecLibrary, T> _bind;
    private readonly Func<T, string?> _unusableBecause;
    private readonly Func<string, string> _missingMessage;
    private T? _api;
    private string? _failure;

    /// <param name="libraryName">How failures name the library ("OpenJPEG 2").</param>
    /// <param name="fileNames">The file names to try on this OS.</param>
    /// <param name="bind">Binds the entry points; throws <see cref="EntryPointNotFoundException"/> when one is absent.</param>
    /// <param name="unusableBecause">Why a bound library cannot be used (e.g. its version), or null when it can.</param>
    /// <param name="missingMessage">The error a file gets, from what was tried.</param>
    public NativeCodecBinding(string libraryName, Func<string[]> fileNames, Func<NativeCodecLibrary, T> bind, Func<T, string?> unusableBecause, Func<string, string> missingMessage)
    {
        _libraryName = libraryName;
        _fileNames = fileNames;
        _bind = bind;
        _unusableBecause = unusableBecause;
        _missingMessage = missingMessage;
    }

    /// <summary>The bound API; throws <see cref="CodecLibraryNotFoundException"/> naming the package when it cannot be loaded.</summary>
    public T Api
    {
        get
        {
            lock (_gate)
            {
                if (_api is null && _failure is null)
                {
                    string tried = Load(out _api);
                    if (_api is null)
                    {
                        _failure = _missingMessage(tried);
                    }
                }

                return _api ?? throw new CodecLibraryNotFoundException(_failure!);
            }
        }
    }

    /// <summary>Binds the library; returns what was tried when it cannot be used (then <paramref name="api"/> is null).</summary>
    private string Load(out T? api)
    {
        api = null;
        if (!NativeCodecLibrary.TryLoad(_fileNames(), out NativeCodecLibrary? lib, out string failure))
        {
            return failure;
        }

        try
        {
            T bound = _bind(lib!);
            string? unusable = _unusableBecause(bound);
            if (unusable is null)
            {
                api = bound;
                return string.Empty;
            }

            return lib!.Path + ": " + unusable;
        }
        catch (EntryPointNotFoundException ex)
        {
            return lib!.Path + ": not a usable " + _libraryName + " library (no " + ex.Message + ")";
        }
    }
}
