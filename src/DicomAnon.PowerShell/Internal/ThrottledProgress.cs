// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace DicomAnon.Commands;

/// <summary>
/// One progress record, updated at most four times a second and always marked Completed
/// (per-file Write-Progress slows Windows PowerShell 5.1 down badly: PowerShell#2138).
/// Progress text names counts and file names only, never element values.
/// </summary>
internal sealed class ThrottledProgress
{
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastMs = -1000;
    private bool _shown;

    public ThrottledProgress(Cmdlet cmdlet, int activityId, string activity)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(activityId, activity, "Starting");
    }

    public void Report(int done, int? total, string current)
    {
        if (_clock.ElapsedMilliseconds - _lastMs < 250)
        {
            return;
        }

        _lastMs = _clock.ElapsedMilliseconds;
        _record.StatusDescription = total is int t
            ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} files", done, t)
            : string.Format(CultureInfo.InvariantCulture, "{0} files", done);
        _record.PercentComplete = total is int n && n > 0 ? (int)(done * 100L / n) : -1;
        _record.CurrentOperation = current;
        _record.RecordType = ProgressRecordType.Processing;
        _cmdlet.WriteProgress(_record);
        _shown = true;
    }

    public void Complete()
    {
        if (!_shown)
        {
            return;
        }

        _record.RecordType = ProgressRecordType.Completed;
        _cmdlet.WriteProgress(_record);
        _shown = false;
    }
}
