// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Runtime.InteropServices;
using System.Threading;
using DicomAnon.Ocr;
using Xunit;

namespace DicomAnon.Ocr.Tests;

/// <summary>The internal per-stage trace: nothing when off; calls and this thread's CPU when on.</summary>
[Collection("StageClock")]
public sealed class StageClockTests
{
    [Fact]
    public void Stop_Off_RecordsNothing_On_RecordsCallsAndCpu()
    {
        StageClock.Reset();
        StageClock.Enabled = false;
        StageClock.Stop("test.off", StageClock.Start());
        StageClock.Count("test.off");
        Assert.DoesNotContain("test.off", StageClock.Report(), System.StringComparison.Ordinal);

        StageClock.Enabled = true;
        try
        {
            for (int k = 0; k < 2; k++)
            {
                StageClock.Mark mark = StageClock.Start();
                long spin = 0;
                for (int i = 0; i < 20_000_000; i++)
                {
                    spin = unchecked(spin + (i ^ (spin >> 3)));
                }

                Thread.Sleep(spin == 42 ? 1 : 0);
                StageClock.Stop("test.busy", mark);
            }

            StageClock.Count("test.hit");
            string report = StageClock.Report();
            string busy = System.Array.Find(report.Split('\n'), l => l.StartsWith("test.busy", System.StringComparison.Ordinal)) ?? string.Empty;
            string[] cells = busy.Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("2", cells[1]);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                Assert.True(double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture) > 0, report);
            }

            Assert.Contains("test.hit", report, System.StringComparison.Ordinal);
        }
        finally
        {
            StageClock.Enabled = false;
            StageClock.Reset();
        }
    }
}
