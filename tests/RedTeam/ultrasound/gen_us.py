#!/usr/bin/python3
"""Independent ultrasound burned-in text exam: a seedable generator written without reading the project's
own generator or detector.

Writes <out>/us_NN.dcm plus <out>/truth/us_NN.json (items, boxes, sector, header PHI) and
<out>/truth/us_NN.npz (sector mask, per-frame item-id image, per-frame glyph alpha of every item).

Run with the system interpreter (pydicom 2.3.1 + numpy); ImageMagick renders TrueType/OpenType text,
otbfont.py renders the bitmap Terminus strikes; dcmtk encodes RLE and JPEG baseline.
"""
import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from otbfont import OtbFont  # noqa: E402

FONT_DIR = '/usr/share/fonts'
# (face name, file, kind) - kind: ttf (ImageMagick) or otb (bitmap strikes)
FACES = [
    ('DejaVuSans', 'truetype/dejavu/DejaVuSans.ttf', 'ttf'),
    ('DejaVuSans-Bold', 'truetype/dejavu/DejaVuSans-Bold.ttf', 'ttf'),
    ('DejaVuSansCondensed', 'truetype/dejavu/DejaVuSansCondensed.ttf', 'ttf'),
    ('DejaVuSansMono', 'truetype/dejavu/DejaVuSansMono.ttf', 'ttf'),
    ('DejaVuSerifCondensed', 'truetype/dejavu/DejaVuSerifCondensed.ttf', 'ttf'),
    ('LiberationSans', 'truetype/liberation2/LiberationSans-Regular.ttf', 'ttf'),
    ('LiberationSans-Bold', 'truetype/liberation2/LiberationSans-Bold.ttf', 'ttf'),
    ('LiberationMono', 'truetype/liberation2/LiberationMono-Regular.ttf', 'ttf'),
    ('LiberationSerif', 'truetype/liberation2/LiberationSerif-Regular.ttf', 'ttf'),
    ('FreeSans', 'truetype/freefont/FreeSans.ttf', 'ttf'),
    ('FreeSansBold', 'truetype/freefont/FreeSansBold.ttf', 'ttf'),
    ('FreeMono', 'truetype/freefont/FreeMono.ttf', 'ttf'),
    ('FreeMonoBold', 'truetype/freefont/FreeMonoBold.ttf', 'ttf'),
    ('FreeSerif', 'truetype/freefont/FreeSerif.ttf', 'ttf'),
    ('NotoMono', 'truetype/noto/NotoMono-Regular.ttf', 'ttf'),
    ('NotoSansMono-Bold', 'truetype/noto/NotoSansMono-Bold.ttf', 'ttf'),
    ('Inconsolata', 'truetype/inconsolata/Inconsolata.otf', 'ttf'),
    ('VeraMono', 'truetype/ttf-bitstream-vera/VeraMono.ttf', 'ttf'),
    ('VeraSe', 'truetype/ttf-bitstream-vera/VeraSe.ttf', 'ttf'),
    ('Terminus', 'opentype/terminus/terminus-normal.otb', 'otb'),
    ('Terminus-Bold', 'opentype/terminus/terminus-bold.otb', 'otb'),
]
COLOURS = {
    'white': (255, 255, 255), 'yellow': (255, 240, 40), 'green': (60, 255, 90),
    'cyan': (40, 235, 255), 'grey': (185, 185, 185),
}
STYLES = ['plain', 'plain', 'outlined', 'shadowed']

FAMILY = ['HALVORSEN', 'OKONKWO', 'MARCHETTI', 'DUBOIS', 'NAKAMURA', 'BRENNAN', 'ZIELINSKI', 'ABERNATHY',
          'FERREIRA', 'LINDQVIST', 'KOWALCZYK', 'PEMBERTON', 'ARCHAMBAULT', 'VASQUEZ', 'ODUYA', 'THORNBURY',
          'GALLAGHER', 'WESTERMAN', 'IVANOVA', 'CASTELLANO', 'MBEKI', 'HOLLOWAY', 'RASMUSSEN', 'QUIGLEY']
GIVEN = ['MARGARET', 'TOBIAS', 'LUCINDA', 'ANSELM', 'PRIYA', 'GODFREY', 'WINIFRED', 'ESTEBAN', 'ROSALIND',
         'KWAME', 'HENRIETTA', 'OSWALD', 'BEATRIX', 'DESMOND', 'YOLANDA', 'FLORIAN', 'IMOGEN', 'CASIMIR',
         'ELOISE', 'BARNABY', 'NADIA', 'LEOPOLD', 'SOLVEIG', 'CORNELIUS']
INSTITUTIONS = ['Ridgeway Valley Hospital', 'St. Aldric Medical Centre', 'North Fenwick Clinic',
                'Harbourside Imaging', 'Mount Carrow Infirmary', 'Lakeshore Womens Health',
                'Eastbrook University Hosp', 'Pinecrest Cardiology']
PROBES = ['C5-2', 'C1-6', 'L12-5', 'L4-12t', 'P4-2', 'S5-1', '9L4', 'C60x', '4C1', 'L15-7io', 'EC9-4']
MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
DATE_FORMATS = ['YYYYMMDD', 'YYYY-MM-DD', 'DD-MMM-YYYY', 'MM/DD/YYYY', 'DD/MM/YYYY', 'YYYY/MM/DD', 'DD.MM.YYYY']
ENCODINGS = ['native-gray', 'rle-gray', 'jpeg-gray', 'native-rgb', 'native-ybr', 'rle-rgb', 'jpeg-rgb']


def fmt_date(d, fmt):
    return {
        'YYYYMMDD': d.strftime('%Y%m%d'), 'YYYY-MM-DD': d.strftime('%Y-%m-%d'),
        'DD-MMM-YYYY': '%02d-%s-%04d' % (d.day, MONTHS[d.month - 1], d.year),
        'MM/DD/YYYY': d.strftime('%m/%d/%Y'), 'DD/MM/YYYY': d.strftime('%d/%m/%Y'),
        'YYYY/MM/DD': d.strftime('%Y/%m/%d'), 'DD.MM.YYYY': d.strftime('%d.%m.%Y'),
    }[fmt]


# ----------------------------------------------------------------------------------------------- text
class TextRenderer:
    def __init__(self, tmp):
        self.tmp = tmp
        self.cache = {}
        self.otb = {}

    def can(self, face, size):
        kind = face[2]
        if kind == 'otb':
            return size in self._otb(face).sizes()
        return True

    def _otb(self, face):
        if face[0] not in self.otb:
            self.otb[face[0]] = OtbFont(os.path.join(FONT_DIR, face[1]))
        return self.otb[face[0]]

    def render(self, face, size, text, antialias=True):
        """Coverage (float32 0..1) of a single line of text, cropped to its ink with 0 px margin."""
        key = (face[0], size, text, antialias)
        if key in self.cache:
            return self.cache[key]
        if face[2] == 'otb':
            cov = self._otb(face).render(text, size)
        else:
            path = os.path.join(self.tmp, 't.pgm')
            cmd = ['convert', '-background', 'black', '-fill', 'white', '-font', os.path.join(FONT_DIR, face[1]),
                   '-density', '72', '-pointsize', str(size), '+antialias' if not antialias else '-antialias',
                   'label:' + text, '-depth', '8', path]
            subprocess.run(cmd, check=True)
            cov = read_pgm(path).astype(np.float32) / 255.0
        ys, xs = np.nonzero(cov > 0)
        cov = cov[ys.min():ys.max() + 1, xs.min():xs.max() + 1] if len(ys) else cov[:1, :1]
        self.cache[key] = cov
        return cov


def read_pgm(path):
    data = open(path, 'rb').read()
    parts = []
    pos = 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            while data[pos:pos + 1] != b'\n':
                pos += 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    pos += 1
    w, h, mx = int(parts[1]), int(parts[2]), int(parts[3])
    dt = np.uint8 if mx < 256 else np.dtype('>u2')
    return np.frombuffer(data[pos:], dtype=dt)[:w * h].reshape(h, w)


def dilate(mask, r):
    out = mask.copy()
    h, w = mask.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dx == 0 and dy == 0:
                continue
            src = mask[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
            dst = out[max(0, dy):h - max(0, -dy), max(0, dx):w - max(0, -dx)]
            np.maximum(dst, src, out=dst)
    return out


def style_layers(cov, style, size):
    """Returns (padded glyph alpha, padded dark alpha, pad). The dark layer is the outline or the shadow."""
    pad = 3
    g = np.pad(cov, pad)
    if style == 'plain':
        dark = np.zeros_like(g)
    elif style == 'outlined':
        dark = dilate(g, 1 if size < 20 else 2)
    else:  # shadowed
        d = 1 if size < 16 else 2
        dark = np.zeros_like(g)
        dark[d:, d:] = g[:-d, :-d]
    return g, dark, pad


# ----------------------------------------------------------------------------------------------- image
def gauss_kernel(sigma):
    r = max(1, int(3 * sigma))
    x = np.arange(-r, r + 1)
    k = np.exp(-x * x / (2 * sigma * sigma))
    return k / k.sum()


def blur(a, sy, sx):
    ky, kx = gauss_kernel(sy), gauss_kernel(sx)
    a = np.apply_along_axis(lambda v: np.convolve(v, kx, mode='same'), 1, a)
    return np.apply_along_axis(lambda v: np.convolve(v, ky, mode='same'), 0, a)


class Sector:
    def __init__(self, rng, w, h):
        self.kind = rng.choice(['curved', 'curved', 'phased', 'linear'])
        top = int(h * rng.uniform(0.09, 0.14))
        bottom = int(h * rng.uniform(0.86, 0.93))
        cx = int(w * rng.uniform(0.45, 0.55))
        if self.kind == 'linear':
            half = int(w * rng.uniform(0.22, 0.3))
            self.params = {'x0': cx - half, 'x1': cx + half, 'y0': top, 'y1': bottom}
        elif self.kind == 'curved':
            apex_above = int(h * rng.uniform(0.1, 0.25))
            r0 = apex_above
            half_angle = rng.uniform(30, 38)
            self.params = {'cx': cx, 'cy': top - apex_above, 'r0': r0, 'r1': bottom - (top - apex_above),
                           'half_angle': half_angle}
        else:
            half_angle = rng.uniform(38, 45)
            self.params = {'cx': cx, 'cy': top, 'r0': 4, 'r1': bottom - top, 'half_angle': half_angle}
        self.w, self.h = w, h
        yy, xx = np.mgrid[0:h, 0:w]
        if self.kind == 'linear':
            p = self.params
            self.mask = (xx >= p['x0']) & (xx < p['x1']) & (yy >= p['y0']) & (yy < p['y1'])
            self.depth = np.clip((yy - p['y0']) / max(1, p['y1'] - p['y0']), 0, 1)
        else:
            p = self.params
            r = np.hypot(xx - p['cx'], yy - p['cy'])
            ang = np.degrees(np.arctan2(xx - p['cx'], yy - p['cy']))
            self.mask = (r >= p['r0']) & (r <= p['r1']) & (np.abs(ang) <= p['half_angle'])
            self.depth = np.clip((r - p['r0']) / (p['r1'] - p['r0']), 0, 1)
        ys, xs = np.nonzero(self.mask)
        self.bbox = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


class Tissue:
    """Echogenicity map plus a speckle field that decorrelates slowly from frame to frame."""

    def __init__(self, rng, nrng, sector):
        h, w = sector.mask.shape
        yy, xx = np.mgrid[0:h, 0:w]
        e = np.ones((h, w), np.float32) * rng.uniform(0.7, 1.0)
        x0, y0, x1, y1 = sector.bbox
        for _ in range(rng.randint(2, 5)):
            cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
            ax, ay = rng.uniform(15, 70), rng.uniform(10, 45)
            inside = ((xx - cx) / ax) ** 2 + ((yy - cy) / ay) ** 2 <= 1
            e[inside] = rng.choice([0.08, 0.15, 1.6, 2.2, 0.5])
        for _ in range(rng.randint(1, 3)):  # bright specular lines (fascia, vessel walls)
            yline = rng.uniform(y0 + 20, y1 - 20)
            slope = rng.uniform(-0.15, 0.15)
            e[np.abs(yy - (yline + slope * (xx - x0))) < rng.uniform(1.5, 3.5)] *= 3.0
        self.echo = blur(e, 3, 3)
        self.nrng = nrng
        self.field = self._new_field(h, w)
        self.atten = rng.uniform(1.0, 2.2)
        self.gain = rng.uniform(0.8, 1.1)

    def _new_field(self, h, w):
        return (self.nrng.standard_normal((h, w)) + 1j * self.nrng.standard_normal((h, w))).astype(np.complex64)

    def frame(self, sector, rho):
        h, w = sector.mask.shape
        self.field = rho * self.field + np.sqrt(1 - rho * rho) * self._new_field(h, w)
        env = np.abs(self.field)  # Rayleigh
        env = blur(env, 0.8, 1.6)
        env = env * self.echo * np.exp(-self.atten * sector.depth) * (1 + 0.6 * sector.depth)
        img = 255 * np.clip(np.log1p(3.0 * env * self.gain) / np.log1p(9.0), 0, 1)
        return np.where(sector.mask, img, 0).astype(np.float32)


# ----------------------------------------------------------------------------------------------- scene
class Scene:
    def __init__(self, rng, w, h, colour):
        self.rng, self.w, self.h, self.colour = rng, w, h, colour
        self.occupied = []  # (x0, y0, x1, y1) incl. margins
        self.items = []
        self.graphics = []  # non-text overlays drawn every frame: (kind, params)

    def free(self, box, margin):
        x0, y0, x1, y1 = box
        if x0 < 2 or y0 < 2 or x1 > self.w - 2 or y1 > self.h - 2:
            return False
        for a in self.occupied:
            if x0 - margin < a[2] and a[0] < x1 + margin and y0 - margin < a[3] and a[1] < y1 + margin:
                return False
        return True


def choose_font(rng, renderer, size):
    for _ in range(50):
        face = rng.choice(FACES)
        if renderer.can(face, size):
            return face
    return FACES[0]


def pick_size(rng):
    return rng.choice([9, 10, 10, 11, 11, 12, 12, 13, 14, 14, 15, 16, 16, 18, 20, 22, 24, 28, 32])


def make_file(idx, seed, out_dir, renderer, plan):
    rng = random.Random(seed * 1000 + idx)
    nrng = np.random.default_rng(seed * 1000 + idx)
    w, h = rng.choice([(640, 480), (800, 600)])
    encoding = plan['encoding']
    nframes = plan['frames']
    colour = not encoding.endswith('gray')
    sector = Sector(rng, w, h)
    tissue = Tissue(rng, nrng, sector)
    scene = Scene(rng, w, h, colour)
    x0, y0, x1, y1 = sector.bbox

    # ---- identities (synthetic)
    fam, giv = rng.choice(FAMILY), rng.choice(GIVEN)
    pid = rng.choice([str(rng.randint(100000, 99999999)), 'MRN%07d' % rng.randint(0, 9999999),
                      'A%02d-%05d' % (rng.randint(10, 99), rng.randint(0, 99999))])
    dob = datetime.date(rng.randint(1935, 2004), rng.randint(1, 12), rng.randint(1, 28))
    sdate = datetime.date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
    stime = datetime.time(rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59))
    st_dt = datetime.datetime.combine(sdate, stime)
    acq_dt = st_dt + datetime.timedelta(minutes=rng.randint(1, 25), seconds=rng.randint(0, 59))
    inst = rng.choice(INSTITUTIONS)
    clock_from_study = rng.random() < 0.3
    clock0 = st_dt if clock_from_study else acq_dt
    tick = rng.choice([1, 1, 2]) if nframes > 1 else 0

    name_fmt = rng.choice(['{F}, {G}', '{G} {F}', '{F} {G}', '{F}^{G}', '{Fc}, {Gc}', '{Gc} {Fc}'])
    name_txt = name_fmt.format(F=fam, G=giv, Fc=fam.title(), Gc=giv.title())
    date_fmt_dob = rng.choice(DATE_FORMATS)
    date_fmt_study = rng.choice(DATE_FORMATS)
    time_fmt = rng.choice(['%H:%M:%S', '%H:%M:%S', '%H:%M', '%I:%M:%S %p'])
    inst_txt = inst.upper() if rng.random() < 0.4 else inst

    # ---- graphics outside the sector (not text): grey or colour bar, depth ticks, focus marker
    bar_x = min(w - 24, x1 + rng.randint(62, 85))
    bar = (bar_x, y0 + 20, 10, int((y1 - y0) * 0.35))
    scene.graphics.append(('bar', bar))
    scene.occupied.append((bar[0] - 2, bar[1] - 2, bar[0] + bar[2] + 2, bar[1] + bar[3] + 2))
    tick_x = min(w - 60, x1 + 6)
    scene.graphics.append(('ticks', (tick_x, y0, y1)))
    scene.occupied.append((tick_x - 2, y0, tick_x + 8, y1))
    focus_y = rng.randint(y0 + 40, y1 - 40)
    scene.graphics.append(('focus', (tick_x + 10, focus_y)))
    scene.occupied.append((tick_x + 8, focus_y - 6, tick_x + 18, focus_y + 6))
    doppler = None
    if colour and rng.random() < 0.6:
        cw, ch = rng.randint(70, 140), rng.randint(60, 110)
        cx0 = rng.randint(int((x0 + x1) / 2 - 90), int((x0 + x1) / 2 + 90 - cw))
        cy0 = rng.randint(y0 + 40, y1 - ch - 30)
        doppler = (cx0, cy0, cw, ch)

    # ---- text plan: lines of (kind, field, text, zone, prefix)
    lines = []
    field_prefix = rng.random() < 0.6
    lines.append(('phi', 'name', name_txt, 'Name:' if field_prefix and rng.random() < 0.4 else None))
    lines.append(('phi', 'id', pid, rng.choice(['ID:', 'ID:', 'MRN:', 'PID:']) if field_prefix else None))
    lines.append(('phi', 'dob', fmt_date(dob, date_fmt_dob), rng.choice(['DOB:', 'DOB', 'Birth:']) if field_prefix else None))
    lines.append(('phi', 'studydate', fmt_date(sdate, date_fmt_study), None))
    lines.append(('phi', 'time', 'CLOCK', None))
    lines.append(('phi', 'institution', inst_txt, None))
    labels = [rng.choice(PROBES), 'TIS %.1f' % rng.uniform(0.1, 1.5), 'MI %.1f' % rng.uniform(0.2, 1.4),
              'Gn %d' % rng.randint(30, 80), 'DR %d' % rng.randint(45, 80), 'FR %d' % rng.randint(12, 60),
              rng.choice(['2D', 'B', 'THI', 'Harm', 'Gen', 'Res', 'Pen']), 'D %d.%dcm' % (rng.randint(4, 24), rng.randint(0, 9)),
              rng.choice(['ABDOMEN', 'LIVER', 'KIDNEY RT', 'TRANSVERSE', 'SAG', 'THYROID', 'OB', 'CARDIAC']),
              rng.choice(['Freq 3.5MHz', 'F 5.0', 'Focus 8', 'AO 100%', 'Pwr 90%', 'TIB 0.8', 'Map C', 'Persist 3'])]
    if doppler:
        labels += ['CF', 'PRF %.1fk' % rng.uniform(0.8, 4.0), 'WF %d' % rng.randint(60, 250)]
    for lab in labels:
        lines.append(('label', 'label', lab, None))

    # depth digits next to the ticks (labels), colour bar end labels
    depth_cm = rng.choice([8, 10, 12, 14, 16, 18, 20])
    fixed = []
    for k in range(0, depth_cm + 1, 5 if depth_cm > 10 else 2):
        y = y0 + int((y1 - y0) * k / depth_cm)
        fixed.append(('label', 'depth', str(k), (tick_x + 12, max(2, y - 6))))
    if colour and doppler:
        fixed.append(('label', 'scale', '+%.1f' % rng.uniform(10, 80), (bar[0] - 14, max(2, bar[1] - 18))))
        fixed.append(('label', 'scale', '-%.1f' % rng.uniform(10, 80), (bar[0] - 14, bar[1] + bar[3] + 3)))

    zones_phi = ['top', 'top', 'top', 'left', 'right', 'bottom', 'sector']

    def zone_rect(zone, bw, bh):
        if zone == 'top':
            return (2, 2, w - bw - 2, max(3, y0 - bh - 2))
        if zone == 'left':
            return (2, y0, max(3, x0 - bw - 4), h - bh - 2)
        if zone == 'right':
            return (x1 + 4, y0, w - bw - 2, h - bh - 2)
        if zone == 'bottom':
            return (2, y1 + 2, w - bw - 2, h - bh - 2)
        return (x0, y0, x1 - bw, y1 - bh)

    size_global = pick_size(rng)
    face_global = choose_font(rng, renderer, size_global)
    colour_global = rng.choice(list(COLOURS))
    style_global = rng.choice(STYLES)

    def style_for(kind, small=False):
        # devices use one or two looks; vary per line with some probability
        if small:
            size = rng.choice([9, 10, 11, 12, 12, 14])
            face = choose_font(rng, renderer, size)
            col, sty = rng.choice(list(COLOURS)), rng.choice(STYLES)
        elif rng.random() < 0.55:
            size, face, col, sty = size_global, face_global, colour_global, style_global
        else:
            size = pick_size(rng)
            face = choose_font(rng, renderer, size)
            col, sty = rng.choice(list(COLOURS)), rng.choice(STYLES)
        if not renderer.can(face, size):
            face = choose_font(rng, renderer, size)
        aa = not (face[2] == 'otb' or rng.random() < 0.12)
        return size, face, col, sty, aa

    def add_item(kind, field, texts, face, size, col, sty, aa, pos, zone):
        """texts: per-frame text. pos: (x, y) top-left of the ink box of frame 0."""
        covs = [renderer.render(face, size, t, aa) for t in texts]
        item = {'id': len(scene.items), 'kind': kind, 'field': field, 'texts': texts, 'face': face[0],
                'size_px': size, 'antialias': aa, 'colour': col, 'style': sty, 'zone': zone,
                'pos': pos, 'covs': covs}
        scene.items.append(item)
        return item

    def place(kind, field, texts, zone_choices, prefix=None, at=None):
        size, face, col, sty, aa = style_for(kind, small=at is not None)
        covs = [renderer.render(face, size, t, aa) for t in texts]
        pre = renderer.render(face, size, prefix, aa) if prefix else None
        gap = max(3, int(size * 0.45))
        bw = max(c.shape[1] for c in covs) + (pre.shape[1] + gap if prefix else 0) + 8
        bh = max([c.shape[0] for c in covs] + ([pre.shape[0]] if prefix else [])) + 8
        margin = max(3, size // 2 + 2) if at is None else 2
        for attempt in range(300):
            if at is not None and attempt > 6:
                return False
            if at is not None:
                zone = 'fixed'
                px, py = at
                px = min(px, w - bw - 3)
            else:
                zone = rng.choice(zone_choices)
                zx0, zy0, zx1, zy1 = zone_rect(zone, bw, bh)
                if zx1 <= zx0 or zy1 <= zy0:
                    continue
                px, py = rng.randint(zx0, zx1), rng.randint(zy0, zy1)
            box = (px, py, px + bw, py + bh)
            if zone == 'sector':
                if not sector.mask[py:py + bh, px:px + bw].all():
                    continue
            elif zone != 'fixed' and sector.mask[max(0, py - 2):py + bh + 2, max(0, px - 2):px + bw + 2].any():
                continue
            if doppler and zone == 'sector':
                dx, dy, dw, dh = doppler
                if px < dx + dw + 10 and dx - 10 < px + bw and py < dy + dh + 10 and dy - 10 < py + bh:
                    continue
            if not scene.free(box, margin):
                if at is not None:
                    at = (at[0], at[1] + 3)
                continue
            scene.occupied.append(box)
            x = px + 4
            if prefix:
                it = add_item('field', field + '_label', [prefix] * len(texts), face, size, col, sty, aa,
                              (x, py + 4 + (bh - 8 - pre.shape[0])), zone)
                it['baseline_align'] = True
                x += pre.shape[1] + gap
            it = add_item(kind, field, texts, face, size, col, sty, aa, (x, py + 4), zone)
            if prefix:
                # align bottoms of prefix and value roughly (same font, same baseline for most glyphs)
                hv = max(c.shape[0] for c in covs)
                scene.items[-2]['pos'] = (scene.items[-2]['pos'][0], py + 4 + max(0, hv - pre.shape[0]))
                it['pos'] = (x, py + 4)
            return True
        return False

    for kind, field, text, prefix in lines:
        if field == 'time':
            texts = [(clock0 + datetime.timedelta(seconds=tick * f)).strftime(time_fmt) for f in range(nframes)]
        else:
            texts = [text] * nframes
        zones = zones_phi if kind == 'phi' else ['top', 'left', 'left', 'right', 'bottom', 'left', 'top', 'left', 'right', 'sector']
        if not place(kind, field, texts, zones, prefix):
            print('  could not place a %s line in file %d' % (field, idx), file=sys.stderr)
    for kind, field, text, at in fixed:
        place(kind, field, [text] * nframes, None, None, at)

    # ---- frames
    frames = []
    text_ids = np.zeros((nframes, h, w), np.int16)
    alpha_glyph = np.zeros((nframes, h, w), np.uint8)
    rho = rng.uniform(0.6, 0.9)
    for f in range(nframes):
        g = tissue.frame(sector, rho)
        img = np.stack([g, g, g], axis=-1)
        if doppler:
            dx, dy, dw, dh = doppler
            fld = blur(nrng.standard_normal((dh, dw)).astype(np.float32), 6, 6)
            fld /= (np.abs(fld).max() + 1e-6)
            sub = img[dy:dy + dh, dx:dx + dw]
            smask = sector.mask[dy:dy + dh, dx:dx + dw]
            pos, neg = (fld > 0.35) & smask, (fld < -0.35) & smask
            sub[pos] = np.stack([120 + 135 * fld[pos], 30 + 60 * fld[pos], 10 * np.ones(pos.sum())], -1)
            sub[neg] = np.stack([10 * np.ones(neg.sum()), 60 - 60 * fld[neg], 120 - 135 * fld[neg]], -1)
            # thin box outline of the colour box (graphics)
            img[dy, dx:dx + dw] = 160
            img[dy + dh - 1, dx:dx + dw] = 160
            img[dy:dy + dh, dx] = 160
            img[dy:dy + dh, dx + dw - 1] = 160
        for kind, p in scene.graphics:
            if kind == 'bar':
                bx, by, bw, bh = p
                t = np.linspace(1, 0, bh)[:, None]
                if colour and doppler:
                    col = np.stack([np.clip(2 * t - 1, 0, 1) * 255, np.zeros_like(t), np.clip(1 - 2 * t, 0, 1) * 255], -1)
                    img[by:by + bh, bx:bx + bw] = np.repeat(col, bw, axis=1)
                else:
                    img[by:by + bh, bx:bx + bw] = (t * 255)[:, :, None]
            elif kind == 'ticks':
                tx, ty0, ty1 = p
                for k in range(0, depth_cm + 1):
                    y = ty0 + int((ty1 - ty0) * k / depth_cm)
                    ln = 6 if k % 5 == 0 else 3
                    img[max(0, y - 1):y + 1, tx:tx + ln] = 200
            elif kind == 'focus':
                fx, fy = p
                for k in range(5):
                    img[fy - 4 + k, fx:fx + k + 1] = 220
                    img[fy + 4 - k, fx:fx + k + 1] = 220
        for it in scene.items:
            cov = it['covs'][f]
            gl, dark, pad = style_layers(cov, it['style'], it['size_px'])
            px, py = it['pos']
            hh, ww = gl.shape
            X0, Y0 = px - pad, py - pad
            region = img[Y0:Y0 + hh, X0:X0 + ww]
            colr = np.array(COLOURS[it['colour']], np.float32)
            region *= (1 - dark)[:, :, None]
            region[:] = region * (1 - gl)[:, :, None] + gl[:, :, None] * colr
            m = (gl > 0) | (dark > 0)
            ids = text_ids[f, Y0:Y0 + hh, X0:X0 + ww]
            ids[m] = it['id'] + 1
            ag = alpha_glyph[f, Y0:Y0 + hh, X0:X0 + ww]
            ag[gl > 0] = np.maximum(ag[gl > 0], (gl[gl > 0] * 255).astype(np.uint8))
        frames.append(np.clip(np.rint(img), 0, 255).astype(np.uint8))

    # ---- boxes from the drawn masks
    items_json = []
    for it in scene.items:
        per_frame = []
        for f in range(nframes):
            ys, xs = np.nonzero(text_ids[f] == it['id'] + 1)
            per_frame.append({'frame': f, 'box': [int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1),
                                                   int(ys.max() - ys.min() + 1)], 'text': it['texts'][f]})
        ink_h = max(c.shape[0] for c in it['covs'])
        items_json.append({k: v for k, v in it.items() if k not in ('covs', 'texts', 'pos')} |
                          {'ink_height': int(ink_h), 'over_sector': it['zone'] == 'sector', 'frames': per_frame})

    # ---- header and pixels
    name = 'us_%02d' % idx
    header = {
        'PatientName': '%s^%s' % (fam, giv), 'PatientID': pid, 'PatientBirthDate': dob.strftime('%Y%m%d'),
        'StudyDate': sdate.strftime('%Y%m%d'), 'StudyTime': stime.strftime('%H%M%S'),
        'AcquisitionTime': acq_dt.strftime('%H%M%S'), 'ContentTime': acq_dt.strftime('%H%M%S') + '.000',
        'ContentDate': acq_dt.strftime('%Y%m%d'), 'InstitutionName': inst,
    }
    ds = build_dataset(frames, colour, encoding, header, sector, rng, seed, idx, nframes, plan.get('us_regions'),
                       doppler)
    native_path = os.path.join(renderer.tmp, name + '_native.dcm')
    ds.save_as(native_path, write_like_original=False)
    final = os.path.join(out_dir, name + '.dcm')
    if encoding.startswith('rle'):
        subprocess.run(['dcmcrle', native_path, final], check=True)
    elif encoding.startswith('jpeg'):
        q = rng.choice([80, 88, 92, 95])
        subprocess.run(['dcmcjpeg', '+eb', '+q', str(q), native_path, final], check=True)
    else:
        shutil.copyfile(native_path, final)

    truth = {
        'file': name + '.dcm', 'seed': seed, 'index': idx, 'rows': h, 'columns': w, 'frames': nframes,
        'encoding': encoding, 'colour': colour,
        'sector': {'kind': sector.kind, 'params': sector.params, 'bbox': list(sector.bbox)},
        'doppler_box': list(doppler) if doppler else None, 'us_regions': bool(plan.get('us_regions')),
        'header': header, 'clock_source': 'StudyTime' if clock_from_study else 'AcquisitionTime',
        'formats': {'name': name_fmt, 'dob': date_fmt_dob, 'studydate': date_fmt_study, 'time': time_fmt},
        'items': items_json,
    }
    tdir = os.path.join(out_dir, 'truth')
    with open(os.path.join(tdir, name + '.json'), 'w') as fh:
        json.dump(truth, fh, indent=1)
    np.savez_compressed(os.path.join(tdir, name + '.npz'), sector=sector.mask, text_ids=text_ids,
                        alpha=alpha_glyph)
    return truth


def build_dataset(frames, colour, encoding, header, sector, rng, seed, idx, nframes, us_regions, doppler):
    meta = FileMetaDataset()
    multi = nframes > 1
    sop_class = '1.2.840.10008.5.1.4.1.1.3.1' if multi else '1.2.840.10008.5.1.4.1.1.6.1'
    ent = ['indep-exam', str(seed), str(idx)]
    sop = generate_uid(entropy_srcs=ent + ['sop'])
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = '1.2.826.0.1.3680043.8.498.1'
    ds = Dataset()
    ds.file_meta = meta
    ds.preamble = b'\0' * 128
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SpecificCharacterSet = 'ISO_IR 100'
    ds.ImageType = ['ORIGINAL', 'PRIMARY', 'ABDOMINAL']
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop
    ds.StudyDate = header['StudyDate']
    ds.ContentDate = header['ContentDate']
    ds.StudyTime = header['StudyTime']
    ds.AcquisitionTime = header['AcquisitionTime']
    ds.ContentTime = header['ContentTime']
    ds.AccessionNumber = 'ACC%06d' % rng.randint(0, 999999)
    ds.Modality = 'US'
    ds.Manufacturer = 'Exam Sonics'
    ds.InstitutionName = header['InstitutionName']
    ds.ReferringPhysicianName = ''
    ds.PatientName = header['PatientName']
    ds.PatientID = header['PatientID']
    ds.PatientBirthDate = header['PatientBirthDate']
    ds.PatientSex = rng.choice(['F', 'M', 'O'])
    ds.StudyInstanceUID = generate_uid(entropy_srcs=ent + ['study'])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=ent + ['series'])
    ds.StudyID = '1'
    ds.SeriesNumber = 1
    ds.InstanceNumber = idx + 1
    ds.BurnedInAnnotation = 'YES'
    h, w = frames[0].shape[:2]
    ds.Rows, ds.Columns = h, w
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    if colour:
        ds.SamplesPerPixel = 3
        ds.PlanarConfiguration = 0
        arr = np.stack(frames)
        if encoding == 'native-ybr':
            arr = pydicom.pixel_data_handlers.util.convert_color_space(arr, 'RGB', 'YBR_FULL')
            ds.PhotometricInterpretation = 'YBR_FULL'
        else:
            ds.PhotometricInterpretation = 'RGB'
    else:
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = 'MONOCHROME2'
        arr = np.stack([np.clip(np.rint(0.299 * fr[:, :, 0] + 0.587 * fr[:, :, 1] + 0.114 * fr[:, :, 2]), 0, 255)
                        .astype(np.uint8) for fr in frames])
    if multi:
        ds.NumberOfFrames = nframes
        ds.FrameTime = 33.3
        ds.FrameIncrementPointer = 0x00181063
        ds.CineRate = 30
    if us_regions:
        x0, y0, x1, y1 = sector.bbox
        reg = Dataset()
        reg.RegionSpatialFormat = 1
        reg.RegionDataType = 2 if doppler else 1
        reg.RegionFlags = 0
        reg.RegionLocationMinX0, reg.RegionLocationMinY0 = x0, y0
        reg.RegionLocationMaxX1, reg.RegionLocationMaxY1 = x1 - 1, y1 - 1
        reg.PhysicalUnitsXDirection, reg.PhysicalUnitsYDirection = 3, 3
        reg.PhysicalDeltaX = reg.PhysicalDeltaY = 0.03
        ds.SequenceOfUltrasoundRegions = [reg]
    ds.PixelData = arr.tobytes()
    return ds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=7301)
    ap.add_argument('--out', required=True)
    ap.add_argument('--files', type=int, default=24)
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, 'truth'), exist_ok=True)
    rng = random.Random(args.seed)
    # 24 files: 7 encodings round-robin; frames 12 x 1, 8 x 3, 4 clips x 6 (~60 frames)
    frames_plan = [1] * 12 + [3] * 8 + [6] * 4
    while len(frames_plan) < args.files:
        frames_plan.append(rng.choice([1, 3, 6]))
    frames_plan = frames_plan[:args.files]
    rng.shuffle(frames_plan)
    plans = [{'encoding': ENCODINGS[i % len(ENCODINGS)], 'frames': frames_plan[i], 'us_regions': i % 2 == 0}
             for i in range(args.files)]
    tmp = tempfile.mkdtemp(prefix='indep-gen-')
    renderer = TextRenderer(tmp)
    total_f = total_phi = total_lab = 0
    faces = set()
    for i, plan in enumerate(plans):
        t = make_file(i, args.seed, args.out, renderer, plan)
        total_f += t['frames']
        for it in t['items']:
            faces.add(it['face'] + ('' if it['antialias'] else '(aliased)'))
            if it['kind'] == 'phi':
                total_phi += t['frames']
            else:
                total_lab += t['frames']
        print('%s %s %dx%d frames=%d sector=%s' % (t['file'], t['encoding'], t['columns'], t['rows'], t['frames'],
                                                   t['sector']['kind']))
    shutil.rmtree(tmp)
    print('files=%d frames=%d phi_boxes=%d label_or_field_boxes=%d faces=%d' % (len(plans), total_f, total_phi,
                                                                                  total_lab, len(faces)))


if __name__ == '__main__':
    main()
