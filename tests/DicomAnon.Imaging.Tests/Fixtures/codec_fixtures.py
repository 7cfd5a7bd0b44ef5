#!/usr/bin/python3
"""Inputs and independent decodes for the JPEG 2000 / JPEG-LS round-trip tests (issue 9).

  codec_fixtures.py make OUTDIR        native synthetic images transcoded by GDCM (gdcmconv --j2k/--jpegls, lossless
                                       and lossy), plus pydicom's real JPEG 2000 and JPEG-LS files
  codec_fixtures.py dump DCM OUT       decodes DCM with pydicom's GDCM handler only; int64 little-endian samples
  codec_fixtures.py dump-dcmtk DCM OUT decompresses DCM with dcmtk (dcmdjpls, or dcmdjpeg for JPEG) first, then
                                       dumps the native pixels
"""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

TEST_FILES = os.path.join(os.path.dirname(pydicom.__file__), 'data', 'test_files')
REAL = ['MR_small_jp2klossless.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'GDCMJ2K_TextGBR.dcm', 'SC_rgb_gdcm_KY.dcm',
        '693_J2KI.dcm', 'JPEG2000.dcm', 'JPGExtended.dcm', 'JPEG-lossy.dcm']


def native(path, arr, bits, signed, photometric, frames):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    sop = '1.2.840.10008.5.1.4.1.1.7.3' if frames > 1 else '1.2.840.10008.5.1.4.1.1.7'
    ds.file_meta.MediaStorageSOPClassUID = sop
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = sop
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = 'OT'
    shape = arr.shape[1:] if frames > 1 else arr.shape
    ds.Rows, ds.Columns = shape[0], shape[1]
    ds.SamplesPerPixel = 3 if photometric == 'RGB' else 1
    ds.PhotometricInterpretation = photometric
    if photometric == 'RGB':
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = 8 if bits <= 8 else 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 1 if signed else 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.PixelData = arr.tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(path, write_like_original=False)


def make(outdir):
    rng = np.random.default_rng(9)
    tmp = tempfile.mkdtemp()
    try:
        images = {
            'gray8': (rng.integers(0, 256, (64, 48), dtype=np.uint8), 8, False, 'MONOCHROME2', 1),
            'gray12_3frame': (rng.integers(0, 4096, (3, 64, 48), dtype=np.uint16), 12, False, 'MONOCHROME2', 3),
            'gray16s_3frame': (rng.integers(-2000, 2000, (3, 64, 48), dtype=np.int16), 16, True, 'MONOCHROME2', 3),
            'rgb8_2frame': (rng.integers(0, 256, (2, 40, 30, 3), dtype=np.uint8), 8, False, 'RGB', 2),
        }
        for name, (arr, bits, signed, pi, frames) in images.items():
            src = os.path.join(tmp, name + '.dcm')
            native(src, arr, bits, signed, pi, frames)
            for suffix, args in (('j2k', ['--j2k']), ('j2klossy', ['--j2k', '--lossy', '-q', '30']),
                                 ('jls', ['--jpegls']), ('jlslossy', ['--jpegls', '--lossy', '-e', '2'])):
                out = os.path.join(outdir, name + '_' + suffix + '.dcm')
                subprocess.run(['gdcmconv'] + args + [src, out], check=True, capture_output=True)
        # 8-bit JPEG Extended (process 2) by dcmtk.
        for name in ('gray8',):
            src = os.path.join(tmp, name + '.dcm')
            subprocess.run(['dcmcjpeg', '+ee', src, os.path.join(outdir, name + '_ext.dcm')], check=True, capture_output=True)
        for f in REAL:
            shutil.copy(os.path.join(TEST_FILES, f), os.path.join(outdir, f))
    finally:
        shutil.rmtree(tmp)


def dump_array(ds, out):
    arr = ds.pixel_array.astype(np.int64)
    arr.astype('<i8').tofile(out)


def dump(path, out):
    from pydicom.pixel_data_handlers import gdcm_handler
    pydicom.config.pixel_data_handlers = [gdcm_handler]
    ds = pydicom.dcmread(path)
    if 'YBR' in ds.PhotometricInterpretation and ds.file_meta.TransferSyntaxUID.startswith('1.2.840.10008.1.2.4.9'):
        pass  # GDCM returns RGB for YBR_RCT/YBR_ICT codestreams (the colour transform is inside the codestream)
    dump_array(ds, out)


def dump_dcmtk(path, out):
    tmp = tempfile.mkdtemp()
    try:
        plain = os.path.join(tmp, 'plain.dcm')
        syntax = str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID)
        tool = 'dcmdjpls' if syntax in ('1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81') else 'dcmdjpeg'
        subprocess.run([tool, path, plain], check=True, capture_output=True)
        dump_array(pydicom.dcmread(plain), out)
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'make':
        make(sys.argv[2])
    elif mode == 'dump':
        dump(sys.argv[2], sys.argv[3])
    elif mode == 'dump-dcmtk':
        dump_dcmtk(sys.argv[2], sys.argv[3])
    else:
        sys.exit('unknown mode ' + mode)
