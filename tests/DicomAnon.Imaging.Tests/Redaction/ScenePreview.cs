// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.IO;
using System.Linq;
using DicomAnon.TestSupport.TextImages;
using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

[Trait("Category", "Benchmark")]
public sealed class ScenePreview
{
    [Fact]
    public void WritePreview()
    {
        foreach (int seed in new[] { 1000, 1001, 1003 })
        {
            UltrasoundScene s = UltrasoundSceneGenerator.Generate(seed);
            File.WriteAllBytes($"/tmp/scene-{seed}.ppm", System.Text.Encoding.ASCII.GetBytes($"P6\n{s.Width} {s.Height}\n255\n").Concat(s.Rgb).ToArray());
        }
    }
}
