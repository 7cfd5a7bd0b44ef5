// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Threading;

namespace DicomAnon.Ocr.Native;

/// <summary>
/// Started Tesseract engines that no detector uses, kept for the next detector of the same library, data folder and
/// language. Starting an engine (TessBaseAPIInit2: reading and unpacking eng.traineddata) costs about 125 ms of CPU,
/// more than cleaning a frame; a cmdlet call starts two or three, so without reuse a user who cleans file by file
/// (one call each) pays that on every file. An idle engine holds about 12 MB, so at most <see cref="MaxIdle"/> stay.
/// </summary>
/// <remarks>
/// An engine is stateless between images for what the detectors use (LSTM only, no adaptive classifier; the page
/// segmentation mode is set before every read), so a reused engine reads exactly as a new one would.
/// </remarks>
/// <threadsafety>Thread-safe. An engine is used by one detector (one thread) at a time.</threadsafety>
internal static class EnginePool
{
    /// <summary>Idle engines kept in the process: two per worker (first pass and re-check) at -ThrottleLimit 4.</summary>
    public const int MaxIdle = 8;

    private static readonly object Gate = new();
    private static readonly List<(string Key, TessBaseApiHandle Engine)> Idle = new();
    private static int _started;
    private static bool _exitHooked;

    /// <summary>Engines started (TessBaseAPIInit2 succeeded) in this process so far.</summary>
    public static int Started => Volatile.Read(ref _started);

    /// <summary>Engines waiting for a detector now.</summary>
    public static int IdleCount
    {
        get
        {
            lock (Gate)
            {
                return Idle.Count;
            }
        }
    }

    /// <summary>What an engine was started with: only a detector asking for the same may take it.</summary>
    public static string Key(string libraryPath, string dataPath, string language, int engineMode) =>
        libraryPath + "\n" + dataPath + "\n" + language + "\n" + engineMode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An idle engine started with <paramref name="key"/>, or null when there is none.</summary>
    public static TessBaseApiHandle? TryTake(string key)
    {
        lock (Gate)
        {
            for (int i = Idle.Count - 1; i >= 0; i--)
            {
                if (string.Equals(Idle[i].Key, key, StringComparison.Ordinal))
                {
                    TessBaseApiHandle engine = Idle[i].Engine;
                    Idle.RemoveAt(i);
                    return engine;
                }
            }
        }

        return null;
    }

    /// <summary>Counts an engine just started.</summary>
    public static void CountStarted() => Interlocked.Increment(ref _started);

    /// <summary>Keeps <paramref name="engine"/> for the next detector, or ends it when enough are idle.</summary>
    public static void Return(string key, TessBaseApiHandle engine)
    {
        if (engine.IsClosed || engine.IsInvalid)
        {
            return;
        }

        lock (Gate)
        {
            if (Idle.Count < MaxIdle)
            {
                Idle.Add((key, engine));
                HookProcessExit();
                return;
            }
        }

        engine.Dispose();
    }

    /// <summary>Ends every idle engine (tests, and process exit).</summary>
    public static void Clear()
    {
        List<(string Key, TessBaseApiHandle Engine)> ending;
        lock (Gate)
        {
            ending = new List<(string, TessBaseApiHandle)>(Idle);
            Idle.Clear();
        }

        foreach ((string _, TessBaseApiHandle engine) in ending)
        {
            engine.Dispose();
        }
    }

    /// <summary>
    /// Idle engines are ended before the process exits: Tesseract's shared dictionary cache otherwise complains on
    /// stderr that they leaked when its static destructor runs.
    /// </summary>
    private static void HookProcessExit()
    {
        if (!_exitHooked)
        {
            _exitHooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Clear();
        }
    }
}
