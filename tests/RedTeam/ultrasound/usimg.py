"""Decoding and PNG helpers shared by the measurement and the spot checks (no PIL on the CI box)."""
import os
import subprocess
import tempfile

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import convert_color_space

try:
    import pydicom.pixel_data_handlers.gdcm_handler as _gdcm  # noqa: F401
except ImportError:  # pragma: no cover
    _gdcm = None


def decode(path):
    """(dataset, frames as uint8 array F x H x W x 3 in RGB). Compressed data goes through GDCM,
    falling back to dcmtk's decompressors."""
    ds = pydicom.dcmread(path)
    try:
        arr = ds.pixel_array
    except Exception:
        tmp = tempfile.mktemp(suffix='.dcm')
        for tool in (['dcmdjpeg'], ['dcmdrle']):
            if subprocess.run(tool + [path, tmp], capture_output=True).returncode == 0:
                break
        ds2 = pydicom.dcmread(tmp)
        arr = ds2.pixel_array
        os.unlink(tmp)
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        ds.PhotometricInterpretation = ds2.PhotometricInterpretation
    nf = int(getattr(ds, 'NumberOfFrames', 1) or 1)
    spp = int(ds.SamplesPerPixel)
    if nf == 1:
        arr = arr[None]
    if spp == 1:
        arr = np.repeat(arr[..., None], 3, axis=-1)
    else:
        pi = str(ds.PhotometricInterpretation)
        if pi.startswith('YBR') and not _gdcm_converted(ds, path):
            arr = convert_color_space(arr, pi, 'RGB')
    return ds, arr.astype(np.uint8)


def _gdcm_converted(ds, path):
    # pydicom's GDCM handler returns YBR_FULL_422 JPEG data as RGB already for baseline JPEG (the codec
    # converts), and says so by changing PhotometricInterpretation to RGB on the dataset.
    return str(ds.PhotometricInterpretation) == 'RGB'


def save_png(rgb, path):
    h, w = rgb.shape[:2]
    with tempfile.NamedTemporaryFile(suffix='.ppm', delete=False) as fh:
        fh.write(b'P6\n%d %d\n255\n' % (w, h))
        fh.write(np.ascontiguousarray(rgb, dtype=np.uint8).tobytes())
        tmp = fh.name
    subprocess.run(['convert', tmp, path], check=True)
    os.unlink(tmp)
