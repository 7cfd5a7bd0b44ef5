// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using DicomAnon.Core.Deidentification;

namespace DicomAnon.Core.Batch;

/// <summary>
/// Reads a JSON rules file into plain objects (dictionaries, lists, strings, numbers) with the engine's strict
/// reader. Nothing is evaluated: a rules path is data, never script text, whatever characters it holds.
/// </summary>
internal static class RuleFileReader
{
    /// <summary>The parsed JSON value of the file (errors give the character offset, never content).</summary>
    public static object? ReadJson(string path) => MiniJson.Parse(File.ReadAllText(path));
}
