// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using DicomAnon.Core;
using DicomAnon.Core.Dictionary;

using Xunit;

namespace DicomAnon.Imaging.Tests.Redaction;

/// <summary>Synthetic headers (never real patient data) built in memory.</summary>
internal static class TestHeaders
{
    /// <summary>A file whose dataset has the given keyword/value pairs; US-VR keywords (Rows, Columns) take numbers.</summary>
    public static DicomFile File(params (string Keyword, string Value)[] values)
    {
        var ds = new DicomDataset();
        foreach ((string keyword, string value) in values)
        {
            Set(ds, keyword, value);
        }

        return new DicomFile(new DicomDataset(), ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    public static void Set(DicomDataset ds, string keyword, string value)
    {
        Assert.True(DicomDictionary.TryGetTag(keyword, out DicomTag tag), keyword);
        DicomVR vr = DicomDictionary.GetVR(tag);
        if (vr == DicomVR.US)
        {
            ds.SetUInt16(tag, ushort.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            ds.SetString(tag, vr, value);
        }
    }

    public static DicomSequence UltrasoundRegions(params (uint X0, uint Y0, uint X1, uint Y1)[] boxes)
    {
        var items = new List<DicomDataset>();
        foreach ((uint x0, uint y0, uint x1, uint y1) in boxes)
        {
            var item = new DicomDataset();
            item.Set(UL(0x6018, x0));
            item.Set(UL(0x601A, y0));
            item.Set(UL(0x601C, x1));
            item.Set(UL(0x601E, y1));
            items.Add(item);
        }

        return new DicomSequence(new DicomTag(0x0018, 0x6011), items);
    }

    private static DicomValueElement UL(ushort element, uint value)
    {
        var b = new byte[4];
        Core.IO.LittleEndian.WriteUInt32(b, 0, value);
        return new DicomValueElement(new DicomTag(0x0018, element), DicomVR.UL, b);
    }
}
