// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Linq;
using DicomAnon.Core;
using Xunit;

namespace DicomAnon.Core.Tests.Model;

public sealed class ElementScratchTests
{
    private static DicomDataset Dataset(int count, ushort group)
    {
        var ds = new DicomDataset();
        for (int i = 0; i < count; i++)
        {
            ds.SetString(new DicomTag(group, (ushort)(0x0100 + i)), DicomVR.LO, "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ds;
    }

    [Fact]
    public void Rent_HoldsTheElementsInOrder_AndANestedRentTakesAnotherArray()
    {
        DicomDataset outer = Dataset(5, 0x0009);
        DicomDataset inner = Dataset(3, 0x0011);
        DicomElement[] a = ElementScratch.Rent(outer);
        try
        {
            Assert.Equal(outer.ToArray(), a.Take(5));
            DicomElement[] b = ElementScratch.Rent(inner);
            try
            {
                Assert.NotSame(a, b);
                Assert.Equal(inner.ToArray(), b.Take(3));
                Assert.Equal(outer.ToArray(), a.Take(5)); // the outer snapshot is intact
            }
            finally
            {
                ElementScratch.Return(b, 3);
            }
        }
        finally
        {
            ElementScratch.Return(a, 5);
        }
    }

    [Fact]
    public void Return_EmptiesTheArray_AndTheNextRentReusesIt()
    {
        DicomDataset ds = Dataset(4, 0x0009);
        DicomElement[] a = ElementScratch.Rent(ds);
        ElementScratch.Return(a, 4);
        Assert.All(a.Take(4), e => Assert.Null(e)); // no file's elements stay reachable from the thread

        DicomElement[] again = ElementScratch.Rent(ds);
        ElementScratch.Return(again, 4);
        Assert.Same(a, again);
    }

    [Fact]
    public void Rent_OfALargeDataset_IsNotKept()
    {
        DicomDataset large = Dataset(5000, 0x0009);
        DicomElement[] a = ElementScratch.Rent(large);
        Assert.Equal(large.ToArray(), a.Take(5000));
        ElementScratch.Return(a, 5000);

        DicomElement[] again = ElementScratch.Rent(large);
        ElementScratch.Return(again, 5000);
        Assert.NotSame(a, again);
        Assert.True(again.Length >= 5000, "the array holds the whole dataset");
    }
}
