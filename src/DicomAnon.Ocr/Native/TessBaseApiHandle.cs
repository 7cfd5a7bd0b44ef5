// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Runtime.InteropServices;

namespace DicomAnon.Ocr.Native;

/// <summary>Owns a <c>TessBaseAPI*</c>: release calls <c>TessBaseAPIEnd</c> then <c>TessBaseAPIDelete</c>.</summary>
internal sealed class TessBaseApiHandle : SafeHandle
{
    private readonly Tesseract _api;

    private TessBaseApiHandle(Tesseract api, IntPtr handle)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _api = api;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static TessBaseApiHandle Create(Tesseract api)
    {
        IntPtr raw = api.BaseApiCreate();
        var created = new TessBaseApiHandle(api, raw);
        if (created.IsInvalid)
        {
            created.Dispose();
            throw new InvalidOperationException("TessBaseAPICreate returned null.");
        }

        return created;
    }

    protected override bool ReleaseHandle()
    {
        _api.BaseApiEnd(handle);
        _api.BaseApiDelete(handle);
        return true;
    }
}
