#!/usr/bin/python3
"""Scores one run of the module (Invoke-UsExamRun.ps1) against the generator's ground truth.

    /usr/bin/python3 measure.py --set SET --run RUNDIR --mode alltext|phionly|anon|anonphi [--png us_03,us_07]

Definitions (all from the ground truth, never from the module's own report):
  * brightness = max(R, G, B) of the decoded frame (grey frames: the grey value); "black" = brightness <= T,
    T = 16 for lossless outputs, 40 when the input or the output is JPEG baseline (ringing, chroma bleed).
  * A PHI box is removed when every pixel of its mask (glyph coverage > 0, outline, shadow) is black.
  * "Glyph core left" = fraction of the glyph pixels with coverage >= 50% that are still not black.
  * Blacked pixel = black in the output and at least d darker than the input (d = 1 lossless, 6 JPEG).
  * Excluded from false blackout: every text box (PHI, field names, labels), dilated by half its font size
    (the em size in px, rounded up).
  * Sector figure = falsely blacked sector pixels / all sector pixels; elsewhere = falsely blacked pixels outside
    the sector and outside the exclusion / all such pixels.
  * A re-check false alarm = the file ended TextRemains (status or BurnedTextRemains error) although everything
    the mode should remove was removed (all-text: every text box; PHI-only: every PHI box).
  * Dark text on a light box (polarity 'dark', exam2): its mask is the whole glyph box + 1 px, so it is removed
    only when the light box behind the glyphs is black too; "glyph core left" is then the share of the box's light
    pixels still not black (the contrast that makes it readable).
  * Also reported (exam2): falsely blacked pixels on graphics (bars, ticks, calipers, body marker, thumbnails) and on
    panels (header bar, label boxes) outside the exclusion; they are part of the sector/elsewhere figures.
  * Readable = tesseract (psm 7, 3x upscale) on the output crop of a not-removed PHI box reads the value with a
    normalised edit similarity >= 0.6, or >= 40% of its glyph core is left (either criterion; both are reported).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from usimg import decode, save_png  # noqa: E402

JPEG_TS = {'1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51'}


def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def norm(s):
    return ''.join(ch for ch in s.upper() if ch.isalnum())


def ocr_similarity(rgb_crop, truth):
    if rgb_crop.size == 0:
        return 0.0, ''
    g = rgb_crop.max(-1)
    g = np.repeat(np.repeat(g, 3, axis=0), 3, axis=1)
    g = np.pad(g, 12)
    with tempfile.NamedTemporaryFile(suffix='.pgm', delete=False) as fh:
        fh.write(b'P5\n%d %d\n255\n' % (g.shape[1], g.shape[0]))
        fh.write((255 - g).astype(np.uint8).tobytes())
        path = fh.name
    r = subprocess.run(['tesseract', path, '-', '--psm', '7'], capture_output=True, text=True,
                       env=dict(os.environ, OMP_THREAD_LIMIT='1'))
    os.unlink(path)
    got = norm(r.stdout)
    want = norm(truth)
    if not want:
        return 0.0, got
    # best substring alignment: the crop may include neighbours
    best = 1.0 - levenshtein(got, want) / max(len(want), 1)
    for k in range(0, max(1, len(got) - len(want) + 1)):
        best = max(best, 1.0 - levenshtein(got[k:k + len(want)], want) / len(want))
    return max(0.0, best), got


def dilate_box(box, r, w, h):
    x, y, bw, bh = box
    return max(0, x - r), max(0, y - r), min(w, x + bw + r), min(h, y + bh + r)


def dilate_mask(mask, r):
    out = mask.copy()
    h, w = mask.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            src = mask[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
            dst = out[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)]
            np.logical_or(dst, src, out=dst)
    return out


def coarse_components(mask, cell=8):
    """Bounding boxes of clusters of flagged pixels on an 8 px grid (enough to say where)."""
    h, w = mask.shape
    gh, gw = (h + cell - 1) // cell, (w + cell - 1) // cell
    pad = np.zeros((gh * cell, gw * cell), bool)
    pad[:h, :w] = mask
    grid = pad.reshape(gh, cell, gw, cell).any(axis=(1, 3))
    seen = np.zeros_like(grid)
    out = []
    for sy, sx in zip(*np.nonzero(grid)):
        if seen[sy, sx]:
            continue
        stack = [(sy, sx)]
        seen[sy, sx] = True
        cells = []
        while stack:
            cy, cx = stack.pop()
            cells.append((cy, cx))
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    ny, nx = cy + dy, cx + dx
                    if 0 <= ny < gh and 0 <= nx < gw and grid[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        ys = [c[0] for c in cells]
        xs = [c[1] for c in cells]
        x0, y0, x1, y1 = min(xs) * cell, min(ys) * cell, (max(xs) + 1) * cell, (max(ys) + 1) * cell
        out.append({'box': [int(x0), int(y0), int(x1 - x0), int(y1 - y0)], 'pixels': int(mask[y0:y1, x0:x1].sum())})
    return out


def outline(img, box, colour, t=1):
    x, y, w, h = box
    H, W = img.shape[:2]
    x0, y0, x1, y1 = max(0, x - 2), max(0, y - 2), min(W - 1, x + w + 1), min(H - 1, y + h + 1)
    img[y0:y0 + t, x0:x1 + 1] = colour
    img[y1 - t + 1:y1 + 1, x0:x1 + 1] = colour
    img[y0:y1 + 1, x0:x0 + t] = colour
    img[y0:y1 + 1, x1 - t + 1:x1 + 1] = colour


def header_needles(header, items):
    fam, _, giv = header['PatientName'].partition('^')
    needles = {'PatientName.family': fam, 'PatientName.given': giv, 'PatientID': header['PatientID'],
               'PatientBirthDate': header['PatientBirthDate'], 'InstitutionName': header['InstitutionName'],
               'StudyDate': header['StudyDate']}
    for it in items:
        if it['kind'] == 'phi' and it['field'] in ('dob', 'studydate', 'time', 'id', 'name'):
            needles['burned ' + it['field']] = it['frames'][0]['text']
    return {k: v for k, v in needles.items() if v and len(v) >= 4}


def scan_bytes(data, needles):
    low = data.lower()
    hits = []
    for key, val in needles.items():
        v = val.lower()
        for enc in ('latin-1', 'utf-8', 'utf-16-le', 'utf-16-be'):
            try:
                b = v.encode(enc)
            except UnicodeEncodeError:
                continue
            if b in low:
                hits.append('%s (%s)' % (key, enc))
                break
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--set', required=True)
    ap.add_argument('--run', required=True)
    ap.add_argument('--mode', required=True, choices=['alltext', 'phionly', 'anon', 'anonphi'])
    ap.add_argument('--png', default='')
    ap.add_argument('--no-ocr', action='store_true')
    args = ap.parse_args()
    runs = {r['File']: r for r in csv.DictReader(open(os.path.join(args.run, 'run.csv')))}
    png_files = set(x for x in args.png.split(',') if x)
    tdir = os.path.join(args.set, 'truth')
    names = sorted(f[:-5] for f in os.listdir(tdir) if f.endswith('.json'))
    phi_total = phi_removed = 0
    by_size = {'ge12': [0, 0], 'lt12': [0, 0]}
    labels_total = labels_removed = labels_touched = 0
    fields_total = fields_removed = 0
    sector_fb = sector_area = else_fb = else_area = 0
    failures, touched, fb_list, per_file = [], [], [], []
    false_alarms = bia_no_phi_left = bia_no_readable = bia_no_readable_px = files_passing = 0
    textremains_files = 0
    frames_total = 0
    wall, cpu = [], []
    wall_sum = [0.0, 0.0]
    iso = {'sector': 0, 'elsewhere': 0}
    recheck_kinds = {'no_text': 0, 'cleaned_text': 0, 'label_left': 0, 'phi_left': 0}
    spurious = []
    spurious_alarm_files = 0
    labels_left = __import__('collections').Counter()
    blk = {'sector': 0, 'elsewhere': 0}
    header_hits = []
    over = {'graphics': [0, 0], 'panels': [0, 0]}
    for name in names:
        truth = json.load(open(os.path.join(tdir, name + '.json')))
        npz = np.load(os.path.join(tdir, name + '.npz'))
        sector, text_ids, alpha = npz['sector'], npz['text_ids'], npz['alpha']
        gmask = npz['graphics'] if 'graphics' in npz.files else np.zeros_like(sector)
        pmask = npz['panels'] if 'panels' in npz.files else np.zeros_like(sector)
        in_ds, inp = decode(os.path.join(args.set, name + '.dcm'))
        run = runs.get(name + '.dcm', {})
        outs = [p for p in (run.get('Outputs') or '').split('|') if p and os.path.isfile(p)]
        nf, H, W = truth['frames'], truth['rows'], truth['columns']
        frames_total += nf
        if run.get('WallMs'):
            wall.append(float(run['WallMs']) / nf)
            cpu.append(float(run['CpuMs']) / nf)
            wall_sum[0] += float(run['WallMs'])
            wall_sum[1] += float(run['CpuMs'])
        out = None
        out_ds = None
        if outs:
            out_ds, out = decode(outs[0])
            if out.shape != inp.shape:
                print('%s: output shape %s differs from input %s' % (name, out.shape, inp.shape))
                out = None
            if args.mode in ('anon', 'anonphi'):
                needles = header_needles(truth['header'], truth['items'])
                for p in outs:
                    hits = scan_bytes(open(p, 'rb').read(), needles)
                    hits += ['path: ' + h for h in scan_bytes(os.path.relpath(p, args.run).encode('utf-8'),
                                                               needles)]
                    if hits:
                        header_hits.append({'file': name, 'hits': hits})
        lossy = str(in_ds.file_meta.TransferSyntaxUID) in JPEG_TS or (
            out_ds is not None and str(out_ds.file_meta.TransferSyntaxUID) in JPEG_TS)
        T, d = (40, 6) if lossy else (16, 1)
        if out is None:
            out = inp.copy()  # nothing written: nothing removed (counted as such)
        bin_ = inp.max(-1).astype(np.int16)
        bout = out.max(-1).astype(np.int16)
        black = bout <= T
        blacked = black & ((bin_ - bout) >= d)
        recheck = []
        for tok in (run.get('RecheckBoxes') or '').split(';'):
            if tok:
                fr_s, _, rest = tok.partition(':')
                recheck.append((int(fr_s), [int(v) for v in rest.split(',')]))
        status = run.get('Status', '')
        err = run.get('ErrorIds', '')
        text_remains = 'TextRemains' in (status, run.get('PixelOutcome', '')) or 'BurnedTextRemains' in err
        textremains_files += text_remains
        f_phi_total = f_phi_removed = 0
        f_all_removed = True
        f_phi_left_readable = f_phi_left_readable_px = False
        f_sector_fb = f_else_fb = 0
        f_sector_area = f_else_area = 0
        for f in range(nf):
            excl = np.zeros((H, W), bool)
            for it in truth['items']:
                fr = it['frames'][f]
                x0, y0, x1, y1 = dilate_box(fr['box'], (it['size_px'] + 1) // 2, W, H)
                excl[y0:y1, x0:x1] = True
            fs = blacked[f] & sector & ~excl
            fe = blacked[f] & ~sector & ~excl
            f_sector_fb += int(fs.sum())
            f_else_fb += int(fe.sum())
            f_sector_area += int(sector.sum())
            f_else_area += int((~sector & ~excl).sum())
            over['graphics'][0] += int((blacked[f] & gmask & ~excl).sum())
            over['graphics'][1] += int((gmask & ~excl).sum())
            over['panels'][0] += int((blacked[f] & pmask & ~excl).sum())
            over['panels'][1] += int((pmask & ~excl).sum())
            near = dilate_mask(excl, 3)
            for comp in coarse_components(fs | fe):
                x, y, bw, bh = comp['box']
                where = 'sector' if sector[y:y + bh, x:x + bw].mean() > 0.5 else 'elsewhere'
                touching = bool(((fs | fe) & near)[y:y + bh, x:x + bw].any())
                fb_list.append({'file': name, 'frame': f, 'where': where, 'touches_text_zone': touching, **comp})
                if not touching:
                    iso['sector'] += int(fs[y:y + bh, x:x + bw].sum())
                    iso['elsewhere'] += int(fe[y:y + bh, x:x + bw].sum())
            if lossy:
                # DCT-domain cleaning works in whole blocks: also score with the exclusion grown to the 16 px MCU grid
                ex16 = np.zeros_like(excl)
                ys, xs = np.nonzero(excl)
                gy, gx = ys // 16, xs // 16
                cells = np.zeros(((H + 15) // 16, (W + 15) // 16), bool)
                cells[gy, gx] = True
                ex16 = np.repeat(np.repeat(cells, 16, 0), 16, 1)[:H, :W]
                blk['sector'] += int((blacked[f] & sector & ~ex16).sum())
                blk['elsewhere'] += int((blacked[f] & ~sector & ~ex16).sum())
            else:
                blk['sector'] += int(fs.sum())
                blk['elsewhere'] += int(fe.sum())
            for it in truth['items']:
                m = text_ids[f] == it['id'] + 1
                resid = m & ~black[f]
                removed = not resid.any()
                dark_text = it.get('polarity') == 'dark'
                core = (m & (alpha[f] == 0)) if dark_text else (m & (alpha[f] >= 128))
                core_left = float((core & ~black[f]).sum()) / max(1, int(core.sum()))
                box = it['frames'][f]['box']
                if it['kind'] == 'phi':
                    phi_total += 1
                    f_phi_total += 1
                    bucket = 'ge12' if it['size_px'] >= 12 else 'lt12'
                    by_size[bucket][0] += 1
                    if removed:
                        phi_removed += 1
                        f_phi_removed += 1
                        by_size[bucket][1] += 1
                    else:
                        f_all_removed = False
                        readable_ocr, got = (0.0, '')
                        if not args.no_ocr:
                            x, y, bw, bh = box
                            readable_ocr, got = ocr_similarity(out[f, max(0, y - 3):y + bh + 3,
                                                                   max(0, x - 3):x + bw + 3], it['frames'][f]['text'])
                        readable = readable_ocr >= 0.6 or core_left >= 0.4
                        f_phi_left_readable |= readable
                        f_phi_left_readable_px |= core_left >= 0.4
                        failures.append({'file': name, 'frame': f, 'encoding': truth['encoding'],
                                         'field': it['field'], 'face': it['face'], 'size_px': it['size_px'],
                                         'antialias': it['antialias'], 'colour': it['colour'], 'style': it['style'],
                                         'zone': it['zone'], 'panel': it.get('panel') or 'none',
                                         'polarity': it.get('polarity', 'light'),
                                         'clipped': it.get('clipped') or 'no',
                                         'residue_px': int(resid.sum()),
                                         'core_left': round(core_left, 3), 'ocr_similarity': round(readable_ocr, 2),
                                         'readable': readable, 'box': box})
                else:
                    x, y, bw, bh = box
                    hit = bool(blacked[f, y:y + bh, x:x + bw].any())
                    if it['kind'] == 'field':
                        fields_total += 1
                        fields_removed += removed
                    else:
                        labels_total += 1
                        labels_removed += removed
                        labels_touched += hit
                        if hit and args.mode in ('phionly', 'anonphi'):
                            touched.append({'file': name, 'frame': f, 'text': it['frames'][f]['text'],
                                            'field': it['field'], 'face': it['face'], 'size_px': it['size_px'],
                                            'zone': it['zone'], 'fully_removed': removed})
                    if args.mode in ('alltext', 'anon') and not removed:
                        f_all_removed = False
                        labels_left[it['field'] + ' in ' + ('sector' if it.get('over_sector', it['zone'] == 'sector')
                                                            else 'margin')] += 1
        # what each re-check box sits on
        f_recheck_on_text = 0
        for fr_i, (rx, ry, rw, rh) in recheck:
            kind = 'no_text'
            for it in truth['items']:
                bx, by, bw, bh = it['frames'][min(fr_i, nf - 1)]['box']
                if rx < bx + bw + 2 and bx - 2 < rx + rw and ry < by + bh + 2 and by - 2 < ry + rh:
                    m = text_ids[min(fr_i, nf - 1)] == it['id'] + 1
                    left = bool((m & ~black[min(fr_i, nf - 1)]).any())
                    k = ('phi_left' if it['kind'] == 'phi' else 'label_left') if left else 'cleaned_text'
                    order = ['no_text', 'cleaned_text', 'label_left', 'phi_left']
                    if order.index(k) > order.index(kind):
                        kind = k
            recheck_kinds[kind] += 1
            f_recheck_on_text += kind in ('phi_left', 'label_left')
            if kind in ('no_text', 'cleaned_text'):
                spurious.append({'file': name, 'frame': fr_i, 'box': [rx, ry, rw, rh], 'on': kind,
                                 'in_sector': bool(sector[ry:ry + rh, rx:rx + rw].mean() > 0.5)})
        for fl in failures:
            if fl['file'] == name:
                bx, by, bw, bh = fl['box']
                fl['named_by_recheck'] = any(fr_i == fl['frame'] and rx < bx + bw + 2 and bx - 2 < rx + rw and
                                             ry < by + bh + 2 and by - 2 < ry + rh for fr_i, (rx, ry, rw, rh) in recheck)
        spurious_alarm = text_remains and recheck and f_recheck_on_text == 0
        spurious_alarm_files += bool(spurious_alarm)
        sector_fb += f_sector_fb
        sector_area += f_sector_area
        else_fb += f_else_fb
        else_area += f_else_area
        bia = str(out_ds.get('BurnedInAnnotation', '')) if out_ds is not None else ''
        false_alarm = text_remains and f_all_removed
        false_alarms += false_alarm
        phi_left = f_phi_removed < f_phi_total
        if bia == 'NO' and phi_left:
            bia_no_phi_left += 1
            bia_no_readable += f_phi_left_readable
            bia_no_readable_px += f_phi_left_readable_px
        s_pct = 100.0 * f_sector_fb / max(1, f_sector_area)
        e_pct = 100.0 * f_else_fb / max(1, f_else_area)
        passing = (not phi_left) and not text_remains and bia == 'NO' and s_pct <= 0.05 and e_pct <= 0.2
        files_passing += passing
        per_file.append({'file': name, 'encoding': truth['encoding'], 'frames': nf, 'status': status, 'errors': err,
                         'bia': bia, 'phi': '%d/%d' % (f_phi_removed, f_phi_total), 'sector_pct': round(s_pct, 3),
                         'elsewhere_pct': round(e_pct, 3), 'false_alarm': false_alarm, 'passing': passing,
                         'wall_ms_per_frame': round(float(run.get('WallMs', 0) or 0) / nf, 1),
                         'cpu_ms_per_frame': round(float(run.get('CpuMs', 0) or 0) / nf, 1)})
        if name in png_files:
            pdir = os.path.join(args.run, '_png')
            os.makedirs(pdir, exist_ok=True)
            for f in range(nf):
                a, b = inp[f].copy(), out[f].copy()
                for it in truth['items']:
                    fr = it['frames'][f]
                    m = text_ids[f] == it['id'] + 1
                    ok = not (m & ~black[f]).any()
                    col = ((0, 255, 0) if ok else (255, 0, 0)) if it['kind'] == 'phi' else (80, 80, 255)
                    outline(b, fr['box'], col)
                    outline(a, fr['box'], col)
                for c in [c for c in fb_list if c['file'] == name and c['frame'] == f]:
                    outline(b, c['box'], (255, 0, 255))
                save_png(np.concatenate([a, np.full((H, 6, 3), 128, np.uint8), b], axis=1),
                         os.path.join(pdir, '%s_f%d.png' % (name, f)))
    def pct(a, b):
        return 100.0 * a / max(1, b)
    summary = {
        'mode': args.mode, 'files': len(names), 'frames': frames_total,
        'phi_boxes': phi_total, 'phi_removed_pct': round(pct(phi_removed, phi_total), 2),
        'phi_ge12_pct': round(pct(by_size['ge12'][1], by_size['ge12'][0]), 2), 'phi_ge12_n': by_size['ge12'][0],
        'phi_lt12_pct': round(pct(by_size['lt12'][1], by_size['lt12'][0]), 2), 'phi_lt12_n': by_size['lt12'][0],
        'sector_blacked_pct': round(pct(sector_fb, sector_area), 4),
        'elsewhere_blacked_pct': round(pct(else_fb, else_area), 4),
        'sector_blacked_pct_isolated_only': round(pct(iso['sector'], sector_area), 4),
        'elsewhere_blacked_pct_isolated_only': round(pct(iso['elsewhere'], else_area), 4),
        'sector_blacked_pct_jpeg_mcu_allowance': round(pct(blk['sector'], sector_area), 4),
        'elsewhere_blacked_pct_jpeg_mcu_allowance': round(pct(blk['elsewhere'], else_area), 4),
        'labels_left_by_kind': dict(labels_left),
        'graphics_blacked_pct': round(pct(*over['graphics']), 3), 'graphics_px': over['graphics'][1],
        'panels_blacked_pct': round(pct(*over['panels']), 3), 'panels_px': over['panels'][1],
        'label_boxes': labels_total, 'labels_removed_pct': round(pct(labels_removed, labels_total), 2),
        'labels_touched': labels_touched, 'field_name_boxes': fields_total,
        'field_names_removed_pct': round(pct(fields_removed, fields_total), 2),
        'textremains_files': textremains_files, 'recheck_false_alarm_files': false_alarms,
        'recheck_boxes_by_what_they_sit_on': recheck_kinds,
        'phi_boxes_left_named_by_recheck': '%d of %d' % (sum(1 for fl in failures if fl.get('named_by_recheck')),
                                                         len(failures)),
        'textremains_files_whose_recheck_boxes_sit_on_no_remaining_text': spurious_alarm_files,
        'bia_no_with_phi_left_files': bia_no_phi_left, 'bia_no_with_phi_readable_files': bia_no_readable,
        'bia_no_with_phi_readable_pixel_criterion_files': bia_no_readable_px,
        'files_passing': files_passing,
        'wall_ms_per_frame_mean': round(wall_sum[0] / max(1, frames_total), 1),
        'wall_ms_per_frame_median_file': round(float(np.median(wall)), 1) if wall else None,
        'cpu_ms_per_frame_mean': round(wall_sum[1] / max(1, frames_total), 1),
        'header_or_path_hits': header_hits,
    }
    result = {'summary': summary, 'recheck_boxes_without_text': spurious, 'per_file': per_file, 'phi_failures': failures, 'labels_touched': touched,
              'false_blackout': fb_list}
    with open(os.path.join(args.run, 'score.json'), 'w') as fh:
        json.dump(result, fh, indent=1, default=int)
    print(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()
