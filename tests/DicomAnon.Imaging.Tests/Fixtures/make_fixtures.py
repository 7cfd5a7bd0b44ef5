#!/usr/bin/python3
"""Builds test fixtures at test run time (called by the xunit tests; needs Debian's python3 with pydicom 2.3 + numpy).

  make_fixtures.py pydicom OUTDIR        pydicom's own RLE and native test files: pixel data + what pydicom decodes
  make_fixtures.py jpegll OUTDIR         synthetic images compressed by dcmtk's dcmcjpeg (JPEG lossless, predictors 1-7, Pt)
  make_fixtures.py verify-jpeg JPG ROWS COLS SPP BITS OUT   decodes our lossless JPEG with dcmtk's dcmdjpeg
  make_fixtures.py verify-rle DIR ROWS COLS SPP BITS FRAMES OUT  decodes our RLE frames (DIR/frame_N.bin) with pydicom
  make_fixtures.py dump-file DCM OUT     decodes a whole file with pydicom (JPEG lossless first through dcmdjpeg)

Each case folder holds meta.json, either native.bin or bot.bin + frag_NNN.bin, and expected.i64
(the decoded samples as little-endian int64, frames x rows x columns x samples, colour-by-pixel).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.encaps import encapsulate, generate_pixel_data_fragment, get_frame_offsets
from pydicom.filebase import DicomBytesIO
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

TEST_FILES = os.path.join(os.path.dirname(pydicom.__file__), 'data', 'test_files')


def meta_of(ds):
    return {
        'rows': int(ds.Rows), 'columns': int(ds.Columns), 'samples': int(ds.SamplesPerPixel),
        'bitsAllocated': int(ds.BitsAllocated), 'bitsStored': int(ds.BitsStored), 'highBit': int(ds.HighBit),
        'pixelRepresentation': int(ds.PixelRepresentation), 'photometric': str(ds.PhotometricInterpretation),
        'planar': int(ds.get('PlanarConfiguration', 0) or 0), 'frames': int(ds.get('NumberOfFrames', 1) or 1),
        'transferSyntax': str(ds.file_meta.TransferSyntaxUID),
    }


def expected_of(arr, meta):
    a = np.asarray(arr).astype('<i8')
    return a.reshape(meta['frames'], meta['rows'], meta['columns'], meta['samples']).tobytes()


def dump_encapsulated(ds, out):
    fp = DicomBytesIO(ds.PixelData)
    fp.is_little_endian = True
    has_bot, offsets = get_frame_offsets(fp)
    bot = b''.join(int(o).to_bytes(4, 'little') for o in offsets) if has_bot else b''
    with open(os.path.join(out, 'bot.bin'), 'wb') as f:
        f.write(bot)
    for i, frag in enumerate(generate_pixel_data_fragment(fp)):
        with open(os.path.join(out, 'frag_%03d.bin' % i), 'wb') as f:
            f.write(frag)


def write_case(out, ds, arr, encapsulated):
    os.makedirs(out, exist_ok=True)
    meta = meta_of(ds)
    if getattr(ds, 'filename', None) and isinstance(ds.filename, str) and os.path.exists(ds.filename):
        meta['source'] = os.path.abspath(ds.filename)
    with open(os.path.join(out, 'meta.json'), 'w') as f:
        json.dump(meta, f)
    if encapsulated:
        dump_encapsulated(ds, out)
    elif not ds.is_little_endian:
        pass  # only the real file is used (the model holds little-endian bytes)
    else:
        with open(os.path.join(out, 'native.bin'), 'wb') as f:
            f.write(ds.PixelData)
    with open(os.path.join(out, 'expected.i64'), 'wb') as f:
        f.write(expected_of(arr, meta))


def pydicom_cases(outdir):
    names = ['MR_small_RLE.dcm', 'SC_rgb_rle.dcm', 'SC_rgb_rle_2frame.dcm', 'SC_rgb_rle_16bit.dcm',
             'SC_rgb_rle_16bit_2frame.dcm', 'SC_rgb_rle_32bit.dcm', 'SC_rgb_rle_32bit_2frame.dcm',
             'rtdose_rle.dcm', 'rtdose_rle_1frame.dcm',
             'MR_small.dcm', 'CT_small.dcm', 'SC_rgb.dcm', 'SC_rgb_2frame.dcm', 'SC_rgb_16bit.dcm',
             'SC_rgb_32bit_2frame.dcm', 'rtdose.dcm', 'SC_ybr_full_422_uncompressed.dcm', 'liver_1frame.dcm',
             'MR_small_bigendian.dcm', 'rtdose_expb.dcm', 'SC_rgb_jpeg_gdcm.dcm',
             'SC_rgb_jpeg_dcmtk.dcm', 'SC_jpeg_no_color_transform.dcm', 'SC_rgb_dcmtk_+eb+cy+s2.dcm',
             'SC_rgb_jpeg_app14_dcmd.dcm', 'SC_rgb_dcmtk_+eb+cr.dcm']
    for name in names:
        path = os.path.join(TEST_FILES, name)
        if not os.path.exists(path):
            continue
        ds = pydicom.dcmread(path)
        encapsulated = ds.file_meta.TransferSyntaxUID.is_compressed
        write_case(os.path.join(outdir, name[:-4]), ds, ds.pixel_array, encapsulated)


def native_dataset(arr, bits_allocated, bits_stored, signed, photometric, frames):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset('x', {}, file_meta=meta, preamble=b'\0' * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = 'OT'
    ds.Rows, ds.Columns = arr.shape[1], arr.shape[2]
    spp = arr.shape[3]
    ds.SamplesPerPixel = spp
    ds.PhotometricInterpretation = photometric
    if spp > 1:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frames > 1:
        ds.NumberOfFrames = frames
    dtype = {8: 'u1', 16: 'u2'}[bits_allocated]
    raw = arr.astype('<i8') & ((1 << bits_stored) - 1)
    if signed:
        # two's complement in Bits Allocated, sign-extended
        raw = arr.astype('<i8') & ((1 << bits_allocated) - 1)
    ds.PixelData = raw.astype('<' + dtype).tobytes()
    return ds


def synthetic(rows, cols, spp, bits, signed, frames, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:cols]
    out = np.zeros((frames, rows, cols, spp), dtype=np.int64)
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    for f in range(frames):
        for s in range(spp):
            base = (x * (7 + s) + y * (3 + f) * 5) % (hi - lo + 1) + lo
            noise = rng.integers(-3, 4, size=(rows, cols))
            v = np.clip(base + noise, lo, hi)
            v[rows // 3: rows // 3 + 4, :] = hi      # flat bright band
            v[:, cols // 2] = lo                      # dark column
            out[f, :, :, s] = v
    return out


def jpegll_cases(outdir):
    configs = [
        # name, rows, cols, spp, bits_alloc, bits_stored, signed, frames, sv, pt
        ('gray8_sv1', 37, 41, 1, 8, 8, False, 1, 1, 0),
        ('gray12_sv2', 33, 30, 1, 16, 12, False, 1, 2, 0),
        ('gray16_sv3', 20, 24, 1, 16, 16, False, 1, 3, 0),
        ('gray12_sv4_2frame', 16, 18, 1, 16, 12, False, 2, 4, 0),
        ('gray16s_sv5', 25, 19, 1, 16, 16, True, 1, 5, 0),
        ('gray8_sv6', 24, 24, 1, 8, 8, False, 1, 6, 0),
        ('gray12_sv7', 21, 27, 1, 16, 12, False, 1, 7, 0),
        ('gray12_sv1_pt2', 22, 22, 1, 16, 12, False, 1, 1, 2),
        ('rgb8_sv1', 19, 23, 3, 8, 8, False, 1, 1, 0),
        ('rgb8_sv7_3frame', 12, 14, 3, 8, 8, False, 3, 7, 0),
    ]
    for name, rows, cols, spp, ba, bs, signed, frames, sv, pt in configs:
        arr = synthetic(rows, cols, spp, bs, signed, frames, hash(name) & 0xFFFF)
        ds = native_dataset(arr, ba, bs, signed, 'RGB' if spp == 3 else 'MONOCHROME2', frames)
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, 'in.dcm')
            dst = os.path.join(tmp, 'out.dcm')
            ds.save_as(src, write_like_original=False)
            args = ['dcmcjpeg', '-q', '+el', '+sv', str(sv), '+pt', str(pt)]
            subprocess.run(args + [src, dst], check=True)
            out_ds = pydicom.dcmread(dst)
            os.makedirs(os.path.join(outdir, 'jpegll_' + name), exist_ok=True)
            with open(dst, 'rb') as fi, open(os.path.join(outdir, 'jpegll_' + name, 'file.dcm'), 'wb') as fo:
                fo.write(fi.read())
        expected = arr
        if pt:
            expected = (arr >> pt) << pt
        write_case(os.path.join(outdir, 'jpegll_' + name), out_ds, expected, True)


def verify_jpeg(jpg, rows, cols, spp, bits, out):
    with open(jpg, 'rb') as f:
        code = f.read()
    arr = np.zeros((1, rows, cols, spp), dtype=np.int64)
    ds = native_dataset(arr, bits, bits if bits == 8 else 16, False, 'RGB' if spp == 3 else 'MONOCHROME2', 1)
    ds.file_meta.TransferSyntaxUID = '1.2.840.10008.1.2.4.70'
    ds.PixelData = encapsulate([code])
    ds['PixelData'].is_undefined_length = True
    ds['PixelData'].VR = 'OB'
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'in.dcm')
        dst = os.path.join(tmp, 'out.dcm')
        ds.save_as(src, write_like_original=False)
        subprocess.run(['dcmdjpeg', '-q', src, dst], check=True)
        res = pydicom.dcmread(dst)
        a = res.pixel_array.astype('<i8').reshape(-1)
        try:
            direct = pydicom.dcmread(src).pixel_array.astype('<i8').reshape(-1)
        except Exception:
            direct = None  # no lossless JPEG handler (GDCM/pylibjpeg) for pydicom here
        if direct is not None and not np.array_equal(direct, a):
            sys.exit('dcmdjpeg and pydicom decode our lossless JPEG differently')
    with open(out, 'wb') as f:
        f.write(a.tobytes())


def decode_with_each_handler(path):
    """Decodes with each pydicom handler that takes RLE (pydicom's own; GDCM's in later pydicom); they must agree."""
    from pydicom.pixel_data_handlers import gdcm_handler, rle_handler
    saved = pydicom.config.pixel_data_handlers
    results = []
    try:
        for handler in (rle_handler, gdcm_handler):
            if not handler.is_available():
                continue
            pydicom.config.pixel_data_handlers = [handler]
            try:
                results.append(pydicom.dcmread(path).pixel_array.astype('<i8').reshape(-1))
            except NotImplementedError:
                pass  # pydicom 2.3's GDCM handler does not take RLE
    finally:
        pydicom.config.pixel_data_handlers = saved
    for other in results[1:]:
        if not np.array_equal(results[0], other):
            sys.exit('pydicom and GDCM decode our RLE differently')
    return results[0]


def verify_rle(folder, rows, cols, spp, bits, frames, out):
    codes = []
    for i in range(frames):
        with open(os.path.join(folder, 'frame_%d.bin' % i), 'rb') as f:
            codes.append(f.read())
    arr = np.zeros((1, rows, cols, spp), dtype=np.int64)
    ds = native_dataset(arr, 8 if bits == 8 else 16, 8 if bits == 8 else 16, False, 'RGB' if spp == 3 else 'MONOCHROME2', 1)
    ds.BitsAllocated = bits
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.file_meta.TransferSyntaxUID = '1.2.840.10008.1.2.5'
    ds.PixelData = encapsulate(codes)
    ds['PixelData'].is_undefined_length = True
    ds['PixelData'].VR = 'OB'
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'in.dcm')
        ds.save_as(src, write_like_original=False)
        a = decode_with_each_handler(src)
        dst = os.path.join(tmp, 'out.dcm')
        subprocess.run(['dcmdrle', '-q', src, dst], check=True)
        b = pydicom.dcmread(dst).pixel_array.astype('<i8').reshape(-1)
        if not np.array_equal(a, b):
            sys.exit('dcmdrle and pydicom decode our RLE differently')
    with open(out, 'wb') as f:
        f.write(a.tobytes())


def dump_file(path, out):
    ds = pydicom.dcmread(path)
    if str(ds.file_meta.TransferSyntaxUID) in ('1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'):
        with tempfile.TemporaryDirectory() as tmp:
            dst = os.path.join(tmp, 'out.dcm')
            subprocess.run(['dcmdjpeg', '-q', path, dst], check=True)
            native = pydicom.dcmread(dst)
            arr = native.pixel_array
            try:
                direct = ds.pixel_array
            except Exception:
                direct = None
            if direct is not None and not np.array_equal(direct.astype('<i8'), arr.astype('<i8')):
                sys.exit('dcmdjpeg and pydicom decode the lossless JPEG differently')
    else:
        arr = ds.pixel_array
    meta = meta_of(ds)
    with open(out, 'wb') as f:
        f.write(expected_of(arr, meta))


if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'pydicom':
        pydicom_cases(sys.argv[2])
    elif mode == 'jpegll':
        jpegll_cases(sys.argv[2])
    elif mode == 'verify-jpeg':
        verify_jpeg(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
    elif mode == 'verify-rle':
        verify_rle(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), sys.argv[8])
    elif mode == 'dump-file':
        dump_file(sys.argv[2], sys.argv[3])
    else:
        sys.exit('unknown mode')
