// Copyright (c) DicomAnon contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace DicomAnon.Core;

/// <summary>A sequence (SQ) element: an ordered list of item datasets, to any depth.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, string? privateCreator = null)
        : base(tag, DicomVR.SQ, privateCreator)
    {
        Items = new ItemCollection(this);
    }

    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset> items, string? privateCreator = null)
        : this(tag, privateCreator)
    {
        foreach (DicomDataset item in items)
        {
            Items.Add(item);
        }
    }

    /// <summary>The items. Adding an item makes this sequence's dataset its parent (for character set inheritance).</summary>
    public Collection<DicomDataset> Items { get; }

    /// <summary>The dataset that holds this sequence, if any.</summary>
    public DicomDataset? Owner { get; internal set; }

    /// <summary>True when the sequence was read with (or should be written with) undefined length and a delimiter.</summary>
    public bool IsUndefinedLength { get; set; } = true;

    public override DicomElement WithPrivateCreator(string? privateCreator)
    {
        var copy = new DicomSequence(Tag, privateCreator) { IsUndefinedLength = IsUndefinedLength };
        foreach (DicomDataset item in Items)
        {
            copy.Items.Add(item);
        }

        return copy;
    }

    private sealed class ItemCollection : Collection<DicomDataset>
    {
        private readonly DicomSequence _sequence;

        public ItemCollection(DicomSequence sequence) => _sequence = sequence;

        protected override void InsertItem(int index, DicomDataset item)
        {
            item.ParentSequence = _sequence;
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DicomDataset item)
        {
            item.ParentSequence = _sequence;
            base.SetItem(index, item);
        }
    }
}
