#!/usr/bin/python3
# Copyright (c) DicomAnon contributors. Licensed under the MIT License.
"""Red-team corpus "edges": hostile encodings and malformed structure that wild_corpus.py does not cover.

Usage: /usr/bin/python3 edges_corpus.py <root> [linked]

Writes one folder per case under <root> and <root>/cases.json: for each case its folder, its markers
({label: text}; invented values unique to the case) and what a run must report
({"written": n, "failed": n, "skipped": n, "errorIds": [...]}). Nothing is printed.
Cases: duplicate and out-of-order elements, odd lengths, a preamble without DICM, undefined-length items cut at
EOF, huge declared lengths inside sequences, a deflate bomb, big-endian explicit with a private sequence, an
invalid VR, a meta group length that lies. Written with pydicom and raw bytes, not our own writer.
"""
import datetime
import json
import os
import struct
import sys
import warnings
import zlib

from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

warnings.simplefilter('ignore')
ROOT = sys.argv[1]
CASES = {}
_index = [0]
DEFLATED = '1.2.840.10008.1.2.1.99'


def patient(i):
    s = 'abcdefghijklmnopqrstuvwxyz'[i % 26] + 'abcdefghijklmnopqrstuvwxyz'[(i // 26) % 26]
    r = f"1.2.826.0.1.3680043.10.778.{i}"
    return dict(Family=f"Vintrosk{s}", Given=f"Olbarine{s}", Phys=f"Kestrelby{s}", Pid=f"EDP{81000 + i}",
                Acc=f"EDA{82000 + i}Q", Inst=f"Hollowmere{s} Infirmary",
                Birth=datetime.date(1937, 11, 23) + datetime.timedelta(days=37 * i),
                Study=datetime.date(2016, 8, 9) + datetime.timedelta(days=13 * i),
                StudyUid=r + '.1', SeriesUid=r + '.1.2', SopUid=r + '.1.2.3', Frame=r + '.9', S=s)


def markers(p):
    return {'family': p['Family'], 'given': p['Given'], 'physician': p['Phys'], 'pid': p['Pid'],
            'accession': p['Acc'], 'institution': p['Inst'].split()[0], 'study uid': p['StudyUid'],
            'series uid': p['SeriesUid'], 'sop uid': p['SopUid'], 'birth': p['Birth'].strftime('%Y%m%d'),
            'study date': p['Study'].strftime('%Y%m%d')}


def case(name, written=1, failed=0, skipped=0, error_ids=()):
    p = patient(_index[0])
    _index[0] += 1
    m = markers(p)
    CASES[name] = dict(markers=m, expect=dict(written=written, failed=failed, skipped=skipped, errorIds=list(error_ids)))
    return p, m, os.path.join(ROOT, name)


def base(p):
    ds = Dataset()
    ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
    ds.SOPInstanceUID = p['SopUid']
    da = p['Study'].strftime('%Y%m%d')
    ds.StudyDate = da
    ds.ContentDate = da
    ds.StudyTime = '101500'
    ds.AccessionNumber = p['Acc']
    ds.Modality = 'OT'
    ds.ConversionType = 'WSD'
    ds.InstitutionName = p['Inst']
    ds.ReferringPhysicianName = p['Phys'] + '^Mo'
    ds.PatientName = p['Family'] + '^' + p['Given']
    ds.PatientID = p['Pid']
    ds.PatientBirthDate = p['Birth'].strftime('%Y%m%d')
    ds.PatientSex = 'F'
    ds.StudyInstanceUID = p['StudyUid']
    ds.SeriesInstanceUID = p['SeriesUid']
    ds.StudyID = 'S1'
    ds.SeriesNumber = '1'
    ds.InstanceNumber = '1'
    ds.FrameOfReferenceUID = p['Frame']
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows = 8
    ds.Columns = 8
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = bytes(range(100, 164))
    return ds


def meta_bytes(p, ts):
    """File meta group (explicit VR little endian) with a correct group length."""
    def el(g, e, vr, value):
        if vr in ('OB',):
            return struct.pack('<HH2sHI', g, e, vr.encode(), 0, len(value)) + value
        return struct.pack('<HH2sH', g, e, vr.encode(), len(value)) + value

    def ui(v):
        b = v.encode()
        return b + b'\0' if len(b) % 2 else b
    body = (el(2, 1, 'OB', b'\0\1') + el(2, 2, 'UI', ui('1.2.840.10008.5.1.4.1.1.7'))
            + el(2, 3, 'UI', ui(p['SopUid'])) + el(2, 0x10, 'UI', ui(ts))
            + el(2, 0x12, 'UI', ui('1.2.826.0.1.3680043.10.778.0')))
    return el(2, 0, 'UL', struct.pack('<I', len(body))) + body


def explicit_le(ds):
    """A dataset's body in explicit VR little endian, by pydicom."""
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset
    buf = DicomBytesIO()
    buf.is_little_endian = True
    buf.is_implicit_VR = False
    write_dataset(buf, ds)
    return buf.getvalue()


def el(g, e, vr, value, length=None):
    """One explicit VR little endian element as bytes; length overrides the declared length."""
    n = len(value) if length is None else length
    if vr in ('OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR'):
        return struct.pack('<HH2sHI', g, e, vr.encode(), 0, n) + value
    return struct.pack('<HH2sH', g, e, vr.encode(), n) + value


def write_raw(path, p, body, ts=ExplicitVRLittleEndian, preamble=b'\0' * 128, dicm=b'DICM', meta=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(preamble + dicm + (meta if meta is not None else meta_bytes(p, ts)) + body)
    return path


def sorted_body(ds, extra):
    """pydicom's body of ds, with raw elements (tag, bytes) merged in tag order."""
    raw = explicit_le(ds)
    return raw, extra


def build():
    # 1. PatientName twice: the second copy holds the identifier. Either refused or both cleaned.
    p, m, r = case('e01-duplicate-tag', written=None)
    ds = base(p)
    raw = explicit_le(ds)
    name = (p['Family'] + '^' + p['Given']).encode()
    name = name + b' ' if len(name) % 2 else name
    dup = el(0x0010, 0x0010, 'PN', name)
    # insert the duplicate right after the first (0010,0010)
    first = raw.find(struct.pack('<HH', 0x0010, 0x0010))
    first_len = struct.unpack('<H', raw[first + 6:first + 8])[0]
    cut = first + 8 + first_len
    write_raw(os.path.join(r, 'a.dcm'), p, raw[:cut] + dup + raw[cut:])

    # 2. Out of order: identifying elements after Pixel Data (Other Patient IDs, Patient Comments)
    p, m, r = case('e02-out-of-order', written=None)
    raw = explicit_le(base(p))
    tail = el(0x0010, 0x1000, 'LO', (p['Pid'] + 'X').encode()) + el(0x0010, 0x4000, 'LT', (p['Family'] + ' ' + p['Given']).encode())
    m['other id'] = p['Pid'] + 'X'
    write_raw(os.path.join(r, 'a.dcm'), p, raw + tail)

    # 3. Odd value lengths on text elements holding identifiers
    p, m, r = case('e03-odd-lengths', written=None)
    ds = base(p)
    del ds.PatientName
    del ds.InstitutionName
    raw = explicit_le(ds)
    odd_name = (p['Family'] + '^' + p['Given'] + 'Q').encode()
    if len(odd_name) % 2 == 0:
        odd_name += b'Z'
    odd_inst = (p['Inst'] + 'K').encode()
    if len(odd_inst) % 2 == 0:
        odd_inst += b'Y'
    # (0008,0080) goes before (0008,0090); (0010,0010) before (0010,0020): splice in order
    i80 = raw.find(struct.pack('<HH', 0x0008, 0x0090))
    raw = raw[:i80] + el(0x0008, 0x0080, 'LO', odd_inst) + raw[i80:]
    i1020 = raw.find(struct.pack('<HH', 0x0010, 0x0020))
    raw = raw[:i1020] + el(0x0010, 0x0010, 'PN', odd_name) + raw[i1020:]
    write_raw(os.path.join(r, 'a.dcm'), p, raw)

    # 4. A 128-byte preamble with no DICM: the dataset (implicit VR) follows directly
    p, m, r = case('e04-preamble-no-dicm', written=None)
    ds = base(p)
    f = FileDataset(os.path.join(r, 'a.dcm'), ds, preamble=None)
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset
    buf = DicomBytesIO()
    buf.is_little_endian = True
    buf.is_implicit_VR = True
    write_dataset(buf, ds)
    os.makedirs(r, exist_ok=True)
    with open(os.path.join(r, 'a.dcm'), 'wb') as fh:
        fh.write(b'\0' * 128 + buf.getvalue())

    # 5. An undefined-length sequence whose item is cut at EOF (no item or sequence delimiter)
    p, m, r = case('e05-undefined-item-at-eof', written=0, failed=1, error_ids=['DicomParseFailed'])
    ds = base(p)
    del ds.PixelData
    raw = explicit_le(ds)
    item_body = el(0x0010, 0x0010, 'PN', (p['Family'] + '^' + p['Given']).encode().ljust(20, b' '))
    seq = struct.pack('<HH2sHI', 0x0008, 0x1115, b'SQ', 0, 0xFFFFFFFF) + struct.pack('<HHI', 0xFFFE, 0xE000, 0xFFFFFFFF) + item_body
    i = raw.find(struct.pack('<HH', 0x0008, 0x1030))
    if i < 0:
        i = raw.find(struct.pack('<HH', 0x0010, 0x0010))
    write_raw(os.path.join(r, 'a.dcm'), p, raw + seq)

    # 6. A sequence item declaring 0xFFFFFFF0 bytes inside a defined-length sequence
    p, m, r = case('e06-huge-length-in-sequence', written=0, failed=1, error_ids=['DicomParseFailed'])
    ds = base(p)
    del ds.PixelData
    raw = explicit_le(ds)
    item_body = el(0x0010, 0x0020, 'LO', p['Pid'].encode().ljust(10, b' '))
    bad_item = struct.pack('<HHI', 0xFFFE, 0xE000, 0xFFFFFFF0) + item_body
    seq = struct.pack('<HH2sHI', 0x0040, 0x0275, b'SQ', 0, len(bad_item)) + bad_item
    write_raw(os.path.join(r, 'a.dcm'), p, raw + seq)

    # 7. Deflate bomb: 600 MB of zeros in an OB element, deflated to under 1 MB
    p, m, r = case('e07-deflate-bomb', written=0, failed=1, error_ids=['DicomLimitExceeded'])
    ds = base(p)
    del ds.PixelData
    head = explicit_le(ds)
    n = 600 * 1024 * 1024
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [comp.compress(head + struct.pack('<HH2sHI', 0x0009, 0x1010, b'OB', 0, n))]
    chunk = b'\0' * (8 * 1024 * 1024)
    for _ in range(n // len(chunk)):
        out.append(comp.compress(chunk))
    out.append(comp.flush())
    write_raw(os.path.join(r, 'a.dcm'), p, b''.join(out), ts=DEFLATED)

    # 8. Explicit VR big endian with a private sequence holding identifiers (retired syntax, still in archives)
    p, m, r = case('e08-big-endian-private-sequence', written=None)
    ds = base(p)
    ds.add_new(0x00330010, 'LO', 'ACME BE PRIVATE')
    inner = Dataset()
    inner.add_new(0x00331001, 'LO', p['Pid'])
    inner.add_new(0x00331002, 'PN', p['Family'] + '^' + p['Given'])
    inner.add_new(0x00100010, 'PN', p['Family'] + '^' + p['Given'])
    ds.add_new(0x00331010, 'SQ', Sequence([inner]))
    ds.PixelData = bytes(range(100, 164))
    fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = ds.SOPClassUID
    fm.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    fm.TransferSyntaxUID = ExplicitVRBigEndian
    fm.ImplementationClassUID = '1.2.826.0.1.3680043.10.778.0'
    os.makedirs(r, exist_ok=True)
    f = FileDataset(os.path.join(r, 'a.dcm'), ds, file_meta=fm, preamble=b'\0' * 128)
    f.is_little_endian = False
    f.is_implicit_VR = False
    f.save_as(os.path.join(r, 'a.dcm'), write_like_original=False)

    # 9. An element with an invalid VR ("Q!") holding the patient ID
    p, m, r = case('e09-invalid-vr', written=None)
    raw = explicit_le(base(p))
    i = raw.find(struct.pack('<HH', 0x0010, 0x0020))
    bad = struct.pack('<HH2sH', 0x0010, 0x0021, b'Q!', 10) + p['Pid'].encode().ljust(10, b' ')
    # splice after (0010,0020)
    ln = struct.unpack('<H', raw[i + 6:i + 8])[0]
    cut = i + 8 + ln
    write_raw(os.path.join(r, 'a.dcm'), p, raw[:cut] + bad + raw[cut:])

    # 10. File meta group length says 4 bytes more than the group: the first dataset element is misread
    p, m, r = case('e10-meta-length-lies', written=None)
    meta = meta_bytes(p, ExplicitVRLittleEndian)
    true_len = struct.unpack('<I', meta[8:12])[0]
    meta = meta[:8] + struct.pack('<I', true_len + 4) + meta[12:]
    write_raw(os.path.join(r, 'a.dcm'), p, explicit_le(base(p)), meta=meta)

    # 11. Implicit VR with a private element whose length is odd and runs to EOF
    p, m, r = case('e11-length-past-eof', written=0, failed=1, error_ids=['DicomParseFailed'])
    from pydicom.filebase import DicomBytesIO as Dbi
    from pydicom.filewriter import write_dataset as wd
    ds = base(p)
    del ds.PixelData
    buf = Dbi()
    buf.is_little_endian = True
    buf.is_implicit_VR = True
    wd(buf, ds)
    tail = struct.pack('<HHI', 0x0011, 0x0010, 0x7FFFFFF1) + p['Family'].encode()
    write_raw(os.path.join(r, 'a.dcm'), p, buf.getvalue() + tail, ts=ImplicitVRLittleEndian)

    # 12. The identifier in a data set trailing padding (FFFC,FFFC) and in a Group Length element
    p, m, r = case('e12-padding-and-group-length', written=None)
    raw = explicit_le(base(p))
    pad = el(0xFFFC, 0xFFFC, 'OB', (p['Family'] + ' ' + p['Pid']).encode().ljust(32, b'\0'))
    write_raw(os.path.join(r, 'a.dcm'), p, raw + pad)

    with open(os.path.join(ROOT, 'cases.json'), 'w', encoding='utf-8') as f:
        json.dump(CASES, f, indent=1, ensure_ascii=False)


def build_linked(root):
    """One patient's two studies as a PACS export: CT slices that reference each other, a structure-set-like
    object referencing the CT series and frame of reference, and a US image marked Burned In Annotation YES.
    Study 1 under <root>/study1, study 2 under <root>/study2 (de-identified in separate invocations)."""
    p = patient(90)
    refs = {}
    for k in (1, 2):
        d = os.path.join(root, f'study{k}')
        study_uid = f"{p['StudyUid']}.{k}"
        series_uid = f"{p['SeriesUid']}.{k}"
        frame_uid = f"{p['Frame']}.{k}"
        sops = [f"{p['SopUid']}.{k}.{n}" for n in (1, 2)]
        day = p['Study'] + datetime.timedelta(days=100 * (k - 1))
        for n, sop in enumerate(sops):
            ds = base(p)
            ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
            ds.Modality = 'CT'
            ds.SOPInstanceUID = sop
            ds.StudyInstanceUID = study_uid
            ds.SeriesInstanceUID = series_uid
            ds.FrameOfReferenceUID = frame_uid
            ds.StudyDate = day.strftime('%Y%m%d')
            ds.ContentDate = ds.StudyDate
            ds.InstanceNumber = str(n + 1)
            other = sops[1 - n]
            ds.ReferencedImageSequence = Sequence([_item(ReferencedSOPClassUID='1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID=other)])
            _save(ds, os.path.join(d, f'ct{n + 1}.dcm'))
        rs = base(p)
        del rs.PixelData
        for a in ('Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation', 'SamplesPerPixel', 'PhotometricInterpretation'):
            delattr(rs, a)
        rs.SOPClassUID = '1.2.840.10008.5.1.4.1.1.481.3'
        rs.Modality = 'RTSTRUCT'
        rs.SOPInstanceUID = f"{p['SopUid']}.{k}.9"
        rs.StudyInstanceUID = study_uid
        rs.SeriesInstanceUID = f"{series_uid}.9"
        rs.StudyDate = day.strftime('%Y%m%d')
        contour_images = Sequence([_item(ReferencedSOPClassUID='1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID=s) for s in sops])
        series_item = _item(SeriesInstanceUID=series_uid, ContourImageSequence=contour_images)
        study_item = _item(ReferencedSOPClassUID='1.2.840.10008.3.1.2.3.1', ReferencedSOPInstanceUID=study_uid, RTReferencedSeriesSequence=Sequence([series_item]))
        rs.ReferencedFrameOfReferenceSequence = Sequence([_item(FrameOfReferenceUID=frame_uid, RTReferencedStudySequence=Sequence([study_item]))])
        _save(rs, os.path.join(d, 'rs.dcm'))
        refs[k] = dict(study=study_uid, series=series_uid, frame=frame_uid, sops=sops)
    us = base(p)
    us.SOPClassUID = '1.2.840.10008.5.1.4.1.1.6.1'
    us.Modality = 'US'
    us.SOPInstanceUID = f"{p['SopUid']}.1.7"
    us.StudyInstanceUID = f"{p['StudyUid']}.1"
    us.SeriesInstanceUID = f"{p['SeriesUid']}.1.7"
    us.BurnedInAnnotation = 'YES'
    _save(us, os.path.join(root, 'study1', 'us.dcm'))
    with open(os.path.join(root, 'linked.json'), 'w', encoding='utf-8') as f:
        json.dump(dict(markers=markers(p), refs=refs), f, indent=1)


def _item(**kw):
    d = Dataset()
    for k, v in kw.items():
        setattr(d, k, v)
    return d


def _save(ds, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = ds.SOPClassUID
    fm.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    fm.TransferSyntaxUID = ExplicitVRLittleEndian
    fm.ImplementationClassUID = '1.2.826.0.1.3680043.10.778.0'
    f = FileDataset(path, ds, file_meta=fm, preamble=b'\0' * 128)
    f.is_little_endian = True
    f.is_implicit_VR = False
    f.save_as(path, write_like_original=False)


if __name__ == '__main__':
    os.makedirs(ROOT, exist_ok=True)
    if len(sys.argv) > 2 and sys.argv[2] == 'linked':
        build_linked(ROOT)
    else:
        build()
