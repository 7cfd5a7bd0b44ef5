// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using DicomAnon.Imaging;

namespace DicomAnon.Commands;

/// <summary>
/// Turns what users type for -Region into rectangles: <c>-Region 0,0,100,40</c> (four numbers: one rectangle),
/// <c>-Region (0,0,100,40),(0,472,200,40)</c>, <c>-Region '0,0,100,40','0,472,200,40'</c>, or PixelRect objects.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class RegionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var items = new List<object?>();
        Flatten(inputData, items, 0);
        var rects = new List<PixelRect>();
        var numbers = new List<int>();
        foreach (object? item in items)
        {
            switch (item)
            {
                case PixelRect r:
                    rects.Add(r);
                    break;
                case string s:
                    rects.Add(ParseText(s));
                    break;
                case IList<int> group:
                    rects.Add(FromNumbers(group));
                    break;
                default:
                    numbers.Add(ToInt(item));
                    break;
            }
        }

        if (numbers.Count % 4 != 0)
        {
            throw new ArgumentTransformationMetadataException("A region is four numbers: x,y,width,height (e.g. -Region 0,0,200,40).");
        }

        for (int i = 0; i < numbers.Count; i += 4)
        {
            rects.Add(FromNumbers(numbers.GetRange(i, 4)));
        }

        return rects.ToArray();
    }

    private static void Flatten(object? input, List<object?> into, int depth)
    {
        object? v = input is PSObject p ? p.BaseObject : input;
        if (v is IEnumerable e and not string)
        {
            var inner = new List<object?>();
            foreach (object? x in e)
            {
                inner.Add(x is PSObject px ? px.BaseObject : x);
            }

            // A nested group of four numbers is one rectangle.
            if (depth > 0 && inner.Count == 4 && inner.TrueForAll(x => x is not IEnumerable || x is string))
            {
                var g = new List<int>();
                foreach (object? x in inner)
                {
                    g.Add(ToInt(x));
                }

                into.Add(g);
                return;
            }

            foreach (object? x in inner)
            {
                Flatten(x, into, depth + 1);
            }

            return;
        }

        into.Add(v);
    }

    private static PixelRect ParseText(string s)
    {
        string[] parts = s.Split(',');
        if (parts.Length != 4)
        {
            throw new ArgumentTransformationMetadataException($"'{s}' is not a region; write x,y,width,height.");
        }

        var n = new List<int>();
        foreach (string part in parts)
        {
            n.Add(ToInt(part.Trim()));
        }

        return FromNumbers(n);
    }

    private static PixelRect FromNumbers(IList<int> n)
    {
        if (n[0] < 0 || n[1] < 0 || n[2] <= 0 || n[3] <= 0)
        {
            throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "The region {0},{1},{2},{3} is invalid: x and y must be 0 or more, width and height more than 0.", n[0], n[1], n[2], n[3]));
        }

        return new PixelRect(n[0], n[1], n[2], n[3]);
    }

    private static int ToInt(object? o)
    {
        try
        {
            return Convert.ToInt32(o, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentTransformationMetadataException("A region is four whole numbers: x,y,width,height.", ex);
        }
    }
}
