#!/usr/bin/python3
"""Checks the scorer on runs whose answers are known, without the module:

  identity  outputs = inputs, status NotCleaned    -> 0% PHI removed, 0 false blackout
  oracle    every text mask blacked (native output), plus one 20x20 square in the sector of frame 0 of each file,
            BurnedInAnnotation NO, status Cleaned  -> 100% PHI and labels removed, sector figure = 400 px per file
  glyphs    only the glyph pixels blacked (coverage > 0)  -> every dark-on-light PHI box (exam2) still counts as
            not removed (its light box is left), and nothing on graphics or panels is counted as falsely blacked

    /usr/bin/python3 selftest.py --set SET --work DIR
"""
import argparse
import csv
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from usimg import decode  # noqa: E402

FIELDS = ['File', 'WallMs', 'CpuMs', 'Status', 'PixelOutcome', 'TextRemaining', 'RegionsBlackedOut', 'BiaCleared',
          'ErrorIds', 'Outputs']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--set', required=True)
    ap.add_argument('--work', required=True)
    args = ap.parse_args()
    import pydicom
    from pydicom.uid import ExplicitVRLittleEndian
    names = sorted(f[:-4] for f in os.listdir(args.set) if f.endswith('.dcm'))
    expected_square = 0
    for mode in ('identity', 'oracle', 'glyphs'):
        run = os.path.join(args.work, mode)
        os.makedirs(run, exist_ok=True)
        rows = []
        for name in names:
            src = os.path.join(args.set, name + '.dcm')
            dst = os.path.join(run, name + '.dcm')
            if mode == 'identity':
                with open(src, 'rb') as a, open(dst, 'wb') as b:
                    b.write(a.read())
                status = 'NotCleaned'
            else:
                ds, rgb = decode(src)
                npz = np.load(os.path.join(args.set, 'truth', name + '.npz'))
                rgb = rgb.copy()
                if mode == 'glyphs':
                    rgb[npz['alpha'] > 0] = 0
                else:
                    rgb[npz['text_ids'] > 0] = 0
                    ys, xs = np.nonzero(npz['sector'])
                    cy, cx = int(np.median(ys)), int(np.median(xs))
                    rgb[0, cy:cy + 20, cx:cx + 20] = 0
                    expected_square += 400
                ds = pydicom.dcmread(src)
                ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
                ds.is_little_endian, ds.is_implicit_VR = True, False
                if int(ds.SamplesPerPixel) == 3:
                    ds.PhotometricInterpretation = 'RGB'
                    ds.PlanarConfiguration = 0
                    arr = rgb
                else:
                    arr = rgb[..., 0]
                ds.PixelData = np.ascontiguousarray(arr).tobytes()
                ds['PixelData'].VR = 'OB'
                ds['PixelData'].is_undefined_length = False
                ds.BurnedInAnnotation = 'NO'
                ds.save_as(dst, write_like_original=False)
                status = 'Cleaned'
            rows.append({'File': name + '.dcm', 'WallMs': 0, 'CpuMs': 0, 'Status': status, 'PixelOutcome': status,
                         'TextRemaining': '', 'RegionsBlackedOut': '', 'BiaCleared': '', 'ErrorIds': '',
                         'Outputs': os.path.abspath(dst)})
        with open(os.path.join(run, 'run.csv'), 'w', newline='') as fh:
            w = csv.DictWriter(fh, FIELDS)
            w.writeheader()
            w.writerows(rows)
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), 'measure.py'), '--set', args.set,
                        '--run', run, '--mode', 'alltext', '--no-ocr'], check=True, stdout=subprocess.DEVNULL)
        s = json.load(open(os.path.join(run, 'score.json')))['summary']
        print(mode, {k: s[k] for k in ('phi_removed_pct', 'labels_removed_pct', 'field_names_removed_pct',
                                       'sector_blacked_pct', 'elsewhere_blacked_pct', 'files_passing')})
        if mode == 'identity':
            assert s['phi_removed_pct'] == 0 and s['sector_blacked_pct'] == 0 and s['elsewhere_blacked_pct'] == 0, s
            assert s.get('graphics_blacked_pct', 0) == 0 and s.get('panels_blacked_pct', 0) == 0, s
        elif mode == 'glyphs':
            score = json.load(open(os.path.join(run, 'score.json')))
            dark = 0
            for name in names:
                t = json.load(open(os.path.join(args.set, 'truth', name + '.json')))
                dark += sum(t['frames'] for it in t['items'] if it['kind'] == 'phi' and it.get('polarity') == 'dark')
            missed_dark = sum(1 for fl in score['phi_failures'] if fl['polarity'] == 'dark')
            print('glyphs-only: dark-on-light PHI boxes %d, counted as not removed %d' % (dark, missed_dark))
            assert missed_dark == dark, (missed_dark, dark)
            assert s['graphics_blacked_pct'] == 0 and s['panels_blacked_pct'] == 0, s
        else:
            assert s['phi_removed_pct'] == 100 and s['labels_removed_pct'] == 100, s
            score = json.load(open(os.path.join(run, 'score.json')))
            fb = sum(c['pixels'] for c in score['false_blackout'])
            # the square is blacked only where the input was brighter than the output by d (dark speckle is not)
            assert 0 < fb <= expected_square, (fb, expected_square)
            print('oracle square pixels seen as falsely blacked: %d of %d' % (fb, expected_square))
    print('selftest passed')


if __name__ == '__main__':
    main()
