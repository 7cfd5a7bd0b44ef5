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
    # added for the second exam (exam2): bold/oblique/light variants that are installed (fc-list)
    ('DejaVuSansMono-Bold', 'truetype/dejavu/DejaVuSansMono-Bold.ttf', 'ttf'),
    ('DejaVuSans-Oblique', 'truetype/dejavu/DejaVuSans-Oblique.ttf', 'ttf'),
    ('DejaVuSans-ExtraLight', 'truetype/dejavu/DejaVuSans-ExtraLight.ttf', 'ttf'),
    ('DejaVuSansCondensed-Bold', 'truetype/dejavu/DejaVuSansCondensed-Bold.ttf', 'ttf'),
    ('DejaVuSerif-Bold', 'truetype/dejavu/DejaVuSerif-Bold.ttf', 'ttf'),
    ('LiberationMono-Bold', 'truetype/liberation2/LiberationMono-Bold.ttf', 'ttf'),
    ('LiberationSans-Italic', 'truetype/liberation2/LiberationSans-Italic.ttf', 'ttf'),
    ('LiberationSerif-Bold', 'truetype/liberation2/LiberationSerif-Bold.ttf', 'ttf'),
    ('FreeSansOblique', 'truetype/freefont/FreeSansOblique.ttf', 'ttf'),
    ('FreeSerifBold', 'truetype/freefont/FreeSerifBold.ttf', 'ttf'),
    ('NotoSansMono', 'truetype/noto/NotoSansMono-Regular.ttf', 'ttf'),
    ('Vera', 'truetype/ttf-bitstream-vera/Vera.ttf', 'ttf'),
    ('VeraBd', 'truetype/ttf-bitstream-vera/VeraBd.ttf', 'ttf'),
    ('VeraMoBd', 'truetype/ttf-bitstream-vera/VeraMoBd.ttf', 'ttf'),
    ('Terminus-Oblique', 'opentype/terminus/terminus-oblique.otb', 'otb'),
    ('Terminus-BoldOblique', 'opentype/terminus/terminus-bold-oblique.otb', 'otb'),
]
COLOURS = {
    'white': (255, 255, 255), 'yellow': (255, 240, 40), 'green': (60, 255, 90),
    'cyan': (40, 235, 255), 'grey': (185, 185, 185), 'orange': (255, 165, 40),
}
# dark text on a light label box or a light header bar (polarity 'dark')
DARK_COLOURS = {'black': (0, 0, 0), 'navy': (15, 25, 85), 'darkgrey': (45, 45, 45)}
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
    def __init__(self, rng, w, h, min_top=0, max_bottom=None):
        self.kind = rng.choice(['curved', 'curved', 'phased', 'linear'])
        top = max(min_top, int(h * rng.uniform(0.09, 0.14)))
        bottom = int(h * rng.uniform(0.86, 0.93))
        if max_bottom is not None:
            bottom = min(bottom, max_bottom)
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
        self.lines = []  # (y at x0, slope, x0): where the exam places text across a specular line
        for _ in range(rng.randint(1, 3)):  # bright specular lines (fascia, vessel walls)
            yline = rng.uniform(y0 + 20, y1 - 20)
            slope = rng.uniform(-0.15, 0.15)
            e[np.abs(yy - (yline + slope * (xx - x0))) < rng.uniform(1.5, 3.5)] *= 3.0
            self.lines.append((yline, slope, x0))
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
        self.panels = []  # boxes behind text: (x0, y0, x1, y1, rgb, opacity, kind)

    def free(self, box, margin, clip_ok=False):
        x0, y0, x1, y1 = box
        # the ink starts 4 px inside the box; a clipped line may leave the image on purpose
        if not clip_ok and (x0 + 3 < 1 or y0 + 3 < 1 or x1 - 3 > self.w - 1 or y1 - 3 > self.h - 1):
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


SIZES = [9, 10, 10, 11, 11, 12, 12, 13, 14, 14, 15, 16, 16, 18, 20, 22, 24, 28, 32]


def pick_size(rng, max_size=99):
    return rng.choice([s for s in SIZES if s <= max_size] or [9])


# Layout features of the second exam; each file gets a few (a plan forces every feature into several files).
FEATURES = ['headerbar', 'banner', 'labelbox', 'inverted', 'calipers', 'bodymarker', 'thumbs', 'clipped',
            'doppler_text', 'specular_text']


def blit(img, ids, ag, gl, dark, X0, Y0, colr, item_id, box_mask):
    """Draws a glyph layer (and its dark outline/shadow) at X0, Y0, clipped to the image. box_mask: the id image
    covers the whole glyph box (+1 px) instead of the glyph pixels (dark text on a light box)."""
    H, W = img.shape[:2]
    hh, ww = gl.shape
    sx0, sy0 = max(0, -X0), max(0, -Y0)
    sx1, sy1 = min(ww, W - X0), min(hh, H - Y0)
    if sx1 <= sx0 or sy1 <= sy0:
        return
    g = gl[sy0:sy1, sx0:sx1]
    d = dark[sy0:sy1, sx0:sx1]
    ys, xs = slice(Y0 + sy0, Y0 + sy1), slice(X0 + sx0, X0 + sx1)
    region = img[ys, xs]
    region *= (1 - d)[:, :, None]
    region[:] = region * (1 - g)[:, :, None] + g[:, :, None] * colr
    if box_mask:
        gy, gx = np.nonzero(gl > 0)
        m = np.zeros_like(gl, bool)
        m[max(0, gy.min() - 1):gy.max() + 2, max(0, gx.min() - 1):gx.max() + 2] = True
        m = m[sy0:sy1, sx0:sx1]
    else:
        m = (g > 0) | (d > 0)
    ids[ys, xs][m] = item_id
    a = ag[ys, xs]
    a[g > 0] = np.maximum(a[g > 0], (g[g > 0] * 255).astype(np.uint8))


def draw_cross(img, gm, x, y, arm, col):
    H, W = img.shape[:2]
    for k in range(-arm, arm + 1):
        for (yy, xx) in ((y, x + k), (y + k, x)):
            if 0 <= yy < H and 0 <= xx < W:
                img[yy, xx] = col
                gm[yy, xx] = True


def make_file(idx, seed, out_dir, renderer, plan):
    rng = random.Random(seed * 1000 + idx)
    nrng = np.random.default_rng(seed * 1000 + idx)
    w, h = rng.choice([(640, 480), (800, 600), (1024, 768), (1024, 768)])
    if plan.get('size'):
        w, h = plan['size']
    encoding = plan['encoding']
    nframes = plan['frames']
    colour = not encoding.endswith('gray')
    feats = set(plan.get('features', []))
    scale = w / 800.0
    # header bar: a solid strip across the top that carries text (dark, blue, or light grey with dark text)
    headerbar = None
    if 'headerbar' in feats:
        hb = int(rng.uniform(22, 40) * max(1.0, scale))
        hcol, hpol = rng.choice([((22, 30, 70), 'light'), ((55, 55, 55), 'light'), ((40, 70, 140), 'light'),
                                 ((205, 205, 205), 'dark'), ((225, 225, 215), 'dark')])
        headerbar = (hb, hcol, hpol)
    thumb_geom = None
    if 'thumbs' in feats:
        tw, th = int(w / 12), int(h / 12)
        thumb_geom = (tw, th, rng.randint(4, 6))
    sector = Sector(rng, w, h, min_top=(headerbar[0] + 14) if headerbar else 0,
                    max_bottom=(h - thumb_geom[1] - 34) if thumb_geom else None)
    tissue = Tissue(rng, nrng, sector)
    scene = Scene(rng, w, h, colour)
    x0, y0, x1, y1 = sector.bbox
    if headerbar:
        scene.panels.append((0, 0, w, headerbar[0], headerbar[1], 1.0, 'headerbar'))

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
    if colour and (rng.random() < 0.6 or 'doppler_text' in feats):
        big = 'doppler_text' in feats
        cw, ch = (rng.randint(130, 200), rng.randint(90, 140)) if big else (rng.randint(70, 140), rng.randint(60, 110))
        spread = max(90, cw // 2 + 20)
        cx0 = rng.randint(int((x0 + x1) / 2 - spread), int((x0 + x1) / 2 + spread - cw))
        cy0 = rng.randint(y0 + 40, max(y0 + 41, y1 - ch - 30))
        doppler = (cx0, cy0, cw, ch)
    if thumb_geom:  # thumbnail strip of earlier acquisitions along the bottom
        tw, th, n = thumb_geom
        ty = h - th - 18
        tx = rng.randint(6, 30)
        small = tissue.frame(sector, 0.0)
        sub = small[y0:y1, x0:x1]
        ry = np.linspace(0, sub.shape[0] - 1, th).astype(int)
        rx = np.linspace(0, sub.shape[1] - 1, tw).astype(int)
        thumb_img = sub[ry][:, rx]
        thumbs = []
        for k in range(n):
            if tx + tw > w - 4:
                break
            thumbs.append((tx, ty, k == n - 1))
            scene.occupied.append((tx - 2, ty - 2, tx + tw + 2, ty + th + 1))
            tx += tw + rng.randint(5, 10)
        scene.graphics.append(('thumbs', (thumbs, tw, th, thumb_img)))
    marker = None
    if 'bodymarker' in feats:  # pictogram: torso/breast outline and a probe bar
        ms = int(rng.uniform(40, 60) * max(1.0, scale))
        for _ in range(60):
            mx = rng.choice([rng.randint(4, max(5, x0 - ms - 4)), rng.randint(min(w - ms - 5, x1 + 30), w - ms - 4)])
            my = rng.randint(max(y0, h // 2), h - ms - 4)
            box = (mx - 2, my - 2, mx + ms + 2, my + ms + 2)
            if scene.free(box, 2) and not sector.mask[max(0, my - 2):my + ms + 2, max(0, mx - 2):mx + ms + 2].any():
                marker = (mx, my, ms, rng.choice(['torso', 'breast', 'head']), rng.uniform(0, np.pi))
                scene.occupied.append(box)
                scene.graphics.append(('marker', marker))
                break
    calipers = []
    if 'calipers' in feats:
        for _ in range(rng.randint(1, 2)):
            for _ in range(100):
                ax, ay = rng.randint(x0, x1), rng.randint(y0, y1)
                bx, by = ax + rng.randint(-90, 90), ay + rng.randint(-70, 70)
                if 0 <= bx < w and 0 <= by < h and sector.mask[ay, ax] and sector.mask[by, bx] and \
                        abs(bx - ax) + abs(by - ay) > 30:
                    calipers.append((ax, ay, bx, by, rng.choice([(255, 240, 40), (255, 255, 255), (60, 255, 90)]),
                                     rng.randint(4, 7)))
                    break
        scene.graphics.append(('calipers', calipers))

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
    for k, _c in enumerate(calipers):  # measurement results of the calipers
        lines.append(('label', 'measure', rng.choice(['%d D %.2fcm', '%d Dist %.1f mm', '%d L %.2f cm']) %
                      (k + 1, rng.uniform(0.3, 9.0)), None))
    if calipers and rng.random() < 0.5:
        lines.append(('label', 'measure', rng.choice(['Area %.2fcm2', 'Vol %.1f ml', 'Circ %.1fcm']) % rng.uniform(1, 40), None))

    # depth digits next to the ticks (labels), colour bar end labels
    depth_cm = rng.choice([8, 10, 12, 14, 16, 18, 20])
    fixed = []
    for k in range(0, depth_cm + 1, 5 if depth_cm > 10 else 2):
        y = y0 + int((y1 - y0) * k / depth_cm)
        fixed.append(('label', 'depth', str(k), (tick_x + 12, max(2, y - 6))))
    if colour and doppler:
        fixed.append(('label', 'scale', '+%.1f' % rng.uniform(10, 80), (bar[0] - 14, max(2, bar[1] - 18))))
        fixed.append(('label', 'scale', '-%.1f' % rng.uniform(10, 80), (bar[0] - 14, bar[1] + bar[3] + 3)))
    for k, (ax, ay, bx, by, _col, arm) in enumerate(calipers):  # numbers beside the "+" marks, in the sector
        fixed.append(('label', 'caliper', str(k + 1), (ax + arm + 2, ay - arm - 6)))
    for g in scene.graphics:
        if g[0] == 'thumbs':
            for k, (tx, ty, _sel) in enumerate(g[1][0]):
                fixed.append(('label', 'thumb', str(k + 1), (tx + 2, ty + thumb_geom[1] + 3)))
    if marker:
        mx, my, ms = marker[:3]
        fixed.append(('label', 'marker', rng.choice(['RT', 'LT', 'R', 'L', 'LIVER', 'RUQ']), (mx, my + ms + 3)))

    zones_phi = ['top', 'top', 'top', 'left', 'right', 'bottom', 'sector']

    def zone_rect(zone, bw, bh):
        top0 = headerbar[0] + 2 if headerbar else 2
        if zone == 'top':
            return (2, top0, w - bw - 2, max(top0 + 1, y0 - bh - 2))
        if zone == 'header':
            c = (headerbar[0] - (bh - 8)) // 2 - 4
            return (2, c, w - bw - 2, c + 1)
        if zone == 'left':
            return (2, y0, max(3, x0 - bw - 4), h - bh - 2)
        if zone == 'right':
            return (x1 + 4, y0, w - bw - 2, h - bh - 2)
        if zone == 'bottom':
            return (2, y1 + 2, w - bw - 2, h - bh - 2)
        if zone == 'doppler':
            dx, dy, dw, dh = doppler
            return (dx + 1, dy + 1, dx + dw - bw - 1, dy + dh - bh - 1)
        if zone in ('clip-right', 'clip-left'):
            # 20-55% of the ink beyond the edge
            cut = int((bw - 8) * rng.uniform(0.2, 0.55))
            x = w - bw + 4 + cut if zone == 'clip-right' else -4 - cut
            return (x, top0 if not headerbar else y0, x + 1, h - bh - 2)
        if zone == 'clip-top':
            cut = int((bh - 8) * rng.uniform(0.25, 0.5))
            return (2, -4 - cut, w - bw - 2, -3 - cut)
        return (x0, y0, x1 - bw, y1 - bh)

    size_global = pick_size(rng)
    face_global = choose_font(rng, renderer, size_global)
    colour_global = rng.choice(list(COLOURS))
    style_global = rng.choice(STYLES)

    def style_for(kind, small=False, max_size=99, polarity='light'):
        # devices use one or two looks; vary per line with some probability
        if small:
            size = rng.choice([9, 10, 11, 12, 12, 14])
            face = choose_font(rng, renderer, size)
            col, sty = rng.choice(list(COLOURS)), rng.choice(STYLES)
        elif rng.random() < 0.55 and size_global <= max_size:
            size, face, col, sty = size_global, face_global, colour_global, style_global
        else:
            size = pick_size(rng, max_size)
            face = choose_font(rng, renderer, size)
            col, sty = rng.choice(list(COLOURS)), rng.choice(STYLES)
        if not renderer.can(face, size):
            face = choose_font(rng, renderer, size)
        if polarity == 'dark':
            col, sty = rng.choice(list(DARK_COLOURS)), 'plain'
        aa = not (face[2] == 'otb' or rng.random() < 0.12)
        return size, face, col, sty, aa

    def add_item(kind, field, texts, face, size, col, sty, aa, pos, zone, extra):
        """texts: per-frame text. pos: (x, y) top-left of the ink box of frame 0."""
        covs = [renderer.render(face, size, t, aa) for t in texts]
        item = {'id': len(scene.items), 'kind': kind, 'field': field, 'texts': texts, 'face': face[0],
                'size_px': size, 'antialias': aa, 'colour': col, 'style': sty, 'zone': zone,
                'pos': pos, 'covs': covs} | extra
        scene.items.append(item)
        return item

    def measure_line(texts, prefix, style):
        size, face, col, sty, aa = style
        covs = [renderer.render(face, size, t, aa) for t in texts]
        pre = renderer.render(face, size, prefix, aa) if prefix else None
        gap = max(3, int(size * 0.45))
        bw = max(c.shape[1] for c in covs) + (pre.shape[1] + gap if prefix else 0) + 8
        bh = max([c.shape[0] for c in covs] + ([pre.shape[0]] if prefix else [])) + 8
        return covs, pre, gap, bw, bh

    def commit(kind, field, texts, prefix, style, px, py, zone, panel, extra):
        covs, pre, gap, bw, bh = measure_line(texts, prefix, style)
        size, face, col, sty, aa = style
        box = (px, py, px + bw, py + bh)
        scene.occupied.append(box)
        if panel:
            pp = rng.randint(1, 4)
            grey = {'solid': (rng.randint(55, 110),) * 3, 'translucent': (rng.randint(30, 110),) * 3,
                    'light': (rng.randint(195, 240),) * 3}[panel]
            opacity = rng.uniform(0.45, 0.75) if panel == 'translucent' else 1.0
            scene.panels.append((px + 4 - pp, py + 4 - pp, px + bw - 4 + pp, py + bh - 4 + pp, grey, opacity, panel))
        extra = dict(extra, panel=panel or ('headerbar' if zone == 'header' or extra.get('on_headerbar') else None))
        extra.pop('on_headerbar', None)
        x = px + 4
        hv = max(c.shape[0] for c in covs)
        if prefix:
            add_item('field', field + '_label', [prefix] * len(texts), face, size, col, sty, aa,
                     (x, py + 4 + max(0, hv - pre.shape[0])), zone, extra)
            x += pre.shape[1] + gap
        add_item(kind, field, texts, face, size, col, sty, aa, (x, py + 4), zone, extra)
        return bw

    def place(kind, field, texts, zone_choices, prefix=None, at=None, panel=None):
        polarity = 'dark' if panel == 'light' else 'light'
        max_size = 99
        if zone_choices and zone_choices[0] == 'header':
            max_size = headerbar[0] - 6
            polarity = headerbar[2]
        style = style_for(kind, small=at is not None, max_size=max_size, polarity=polarity)
        covs, pre, gap, bw, bh = measure_line(texts, prefix, style)
        size = style[0]
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
                px, py = rng.randint(zx0, zx1 - 1), rng.randint(zy0, zy1 - 1)
                if zone == 'specular':
                    yl, slope, lx0 = rng.choice(tissue.lines)
                    px = rng.randint(x0, max(x0 + 1, x1 - bw))
                    py = int(yl + slope * (px + bw / 2 - lx0) - bh / 2 + rng.randint(-3, 3))
            box = (px, py, px + bw, py + bh)
            over = zone in ('sector', 'doppler', 'specular') or (zone == 'fixed' and field == 'caliper')
            if over:
                if py < 0 or px < 0 or not sector.mask[py:py + bh, px:px + bw].all():
                    continue
            elif zone != 'fixed' and sector.mask[max(0, py - 2):max(0, py + bh + 2), max(0, px - 2):max(0, px + bw + 2)].any():
                continue
            if doppler and zone in ('sector', 'specular'):
                dx, dy, dw, dh = doppler
                if px < dx + dw + 10 and dx - 10 < px + bw and py < dy + dh + 10 and dy - 10 < py + bh:
                    continue
            if headerbar and zone not in ('header', 'fixed') and py + 4 < headerbar[0] + 2:
                continue
            if not scene.free(box, margin, clip_ok=zone.startswith('clip')):
                if at is not None:
                    at = (at[0], at[1] + 3)
                continue
            extra = {'polarity': polarity, 'over_sector': over}
            if zone.startswith('clip'):
                extra['clipped'] = zone
            commit(kind, field, texts, prefix, style, px, py, zone, panel, extra)
            return True
        return False

    def clock_texts():
        return [(clock0 + datetime.timedelta(seconds=tick * f)).strftime(time_fmt) for f in range(nframes)]

    # patient banner: the identifying lines in one row at the top (on the header bar when there is one)
    if 'banner' in feats:
        pol = headerbar[2] if headerbar else 'light'
        style = style_for('phi', max_size=(headerbar[0] - 6) if headerbar else 20, polarity=pol)
        bx = rng.randint(4, 24)
        order = [ln for ln in lines if ln[0] == 'phi' and ln[1] in ('name', 'id', 'dob', 'studydate', 'time')]
        if rng.random() < 0.5:
            order = order[:3] + [ln for ln in lines if ln[1] == 'institution'] + order[3:]
        placed = set()
        for ln in order:
            texts = clock_texts() if ln[1] == 'time' else [ln[2]] * nframes
            covs, pre, gap, bw, bh = measure_line(texts, ln[3], style)
            if headerbar:
                by = (headerbar[0] - (bh - 8)) // 2 - 4
            else:
                by = rng.randint(0, 3) if not placed else by
            if bx + bw > w - 4 or (not headerbar and by + bh - 4 > y0 - 2):
                break
            if not scene.free((bx, by, bx + bw, by + bh), 0):
                break
            commit(ln[0], ln[1], texts, ln[3], style, bx, by, 'banner', None,
                   {'polarity': pol, 'over_sector': False, 'on_headerbar': bool(headerbar)})
            placed.add(ln[1])
            bx += bw + int(style[0] * rng.uniform(1.0, 2.5))
        lines = [ln for ln in lines if not (ln[0] == 'phi' and ln[1] in placed)]

    # which lines get the new placements
    special = {}
    phi_left = [i for i, ln in enumerate(lines) if ln[0] == 'phi']
    lab_idx = [i for i, ln in enumerate(lines) if ln[0] == 'label' and ln[1] == 'label']
    rng.shuffle(phi_left)
    rng.shuffle(lab_idx)
    if 'clipped' in feats:
        for i in phi_left[:1] + lab_idx[:1]:
            special[i] = ([rng.choice(['clip-right', 'clip-right', 'clip-left'] +
                                      ([] if headerbar else ['clip-top']))], None)
    if 'doppler_text' in feats and doppler:
        for i in [j for j in phi_left if j not in special][:1] + [j for j in lab_idx if j not in special][:2]:
            special[i] = (['doppler'], None)
    if 'specular_text' in feats:
        for i in [j for j in phi_left if j not in special][:2] + [j for j in lab_idx if j not in special][:1]:
            special[i] = (['specular'], None)
    if headerbar and 'banner' not in feats:
        for i in [j for j in phi_left if j not in special][:rng.randint(2, 4)]:
            special[i] = (['header'], None)
    for i, ln in enumerate(lines):
        if i in special:
            continue
        if 'labelbox' in feats and rng.random() < 0.5:
            special[i] = (None, 'solid' if rng.random() < 0.4 else 'translucent')
        elif 'inverted' in feats and rng.random() < 0.4:
            special[i] = (None, 'light')
    for i, (kind, field, text, prefix) in enumerate(lines):
        texts = clock_texts() if field == 'time' else [text] * nframes
        zones = zones_phi if kind == 'phi' else ['top', 'left', 'left', 'right', 'bottom', 'left', 'top', 'left', 'right', 'sector']
        zones_sp, panel = special.get(i, (None, None))
        if field == 'measure':
            zones = ['bottom', 'left', 'sector', 'sector', 'right']
        ok = place(kind, field, texts, zones_sp or zones, prefix, panel=panel)
        if not ok and (zones_sp or panel):
            ok = place(kind, field, texts, zones, prefix)
        if not ok:
            print('  could not place a %s line in file %d' % (field, idx), file=sys.stderr)
    for kind, field, text, at in fixed:
        place(kind, field, [text] * nframes, None, None, at)

    # ---- frames
    frames = []
    text_ids = np.zeros((nframes, h, w), np.int16)
    alpha_glyph = np.zeros((nframes, h, w), np.uint8)
    gmask = np.zeros((h, w), bool)  # graphics (bars, ticks, markers, calipers, thumbnails, Doppler box outline)
    pmask = np.zeros((h, w), bool)  # panels behind text (header bar, label boxes)
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
            gmask[dy, dx:dx + dw] = gmask[dy + dh - 1, dx:dx + dw] = True
            gmask[dy:dy + dh, dx] = gmask[dy:dy + dh, dx + dw - 1] = True
        for kind, p in scene.graphics:
            if kind == 'bar':
                bx, by, bw, bh = p
                t = np.linspace(1, 0, bh)[:, None]
                if colour and doppler:
                    col = np.stack([np.clip(2 * t - 1, 0, 1) * 255, np.zeros_like(t), np.clip(1 - 2 * t, 0, 1) * 255], -1)
                    img[by:by + bh, bx:bx + bw] = np.repeat(col, bw, axis=1)
                else:
                    img[by:by + bh, bx:bx + bw] = (t * 255)[:, :, None]
                gmask[by:by + bh, bx:bx + bw] = True
            elif kind == 'ticks':
                tx, ty0, ty1 = p
                for k in range(0, depth_cm + 1):
                    y = ty0 + int((ty1 - ty0) * k / depth_cm)
                    ln = 6 if k % 5 == 0 else 3
                    img[max(0, y - 1):y + 1, tx:tx + ln] = 200
                    gmask[max(0, y - 1):y + 1, tx:tx + ln] = True
            elif kind == 'focus':
                fx, fy = p
                for k in range(5):
                    img[fy - 4 + k, fx:fx + k + 1] = 220
                    img[fy + 4 - k, fx:fx + k + 1] = 220
                    gmask[fy - 4 + k, fx:fx + k + 1] = gmask[fy + 4 - k, fx:fx + k + 1] = True
            elif kind == 'thumbs':
                thumbs, tw, th, timg = p
                for tx, ty, sel in thumbs:
                    img[ty:ty + th, tx:tx + tw] = timg[:, :, None]
                    bc = (255, 220, 40) if sel else (128, 128, 128)
                    img[ty - 1, tx - 1:tx + tw + 1] = img[ty + th, tx - 1:tx + tw + 1] = bc
                    img[ty - 1:ty + th + 1, tx - 1] = img[ty - 1:ty + th + 1, tx + tw] = bc
                    gmask[ty - 1:ty + th + 1, tx - 1:tx + tw + 1] = True
            elif kind == 'marker':
                mx, my, ms, shape, ang = p
                yy, xx = np.mgrid[0:ms, 0:ms]
                c = (ms - 1) / 2.0
                if shape == 'torso':
                    r = ((xx - c) / (0.32 * ms)) ** 2 + ((yy - c) / (0.47 * ms)) ** 2
                elif shape == 'breast':
                    r = ((xx - c) / (0.45 * ms)) ** 2 + ((yy - c) / (0.45 * ms)) ** 2
                else:
                    r = ((xx - c) / (0.4 * ms)) ** 2 + ((yy - c) / (0.46 * ms)) ** 2
                ring = np.abs(r - 1) < 2.2 / ms * 2
                sub = img[my:my + ms, mx:mx + ms]
                sub[ring] = 200
                # the probe: a short thick bar at an angle across the outline
                t = np.linspace(-0.3 * ms, 0.3 * ms, 40)
                px_ = (c + 0.15 * ms + t * np.cos(ang)).astype(int)
                py_ = (c - 0.1 * ms + t * np.sin(ang)).astype(int)
                for a, b in zip(py_, px_):
                    sub[max(0, a - 1):a + 2, max(0, b - 1):b + 2] = (255, 230, 60)
                gmask[my:my + ms, mx:mx + ms] |= ring
                for a, b in zip(py_, px_):
                    gmask[my + max(0, a - 1):my + a + 2, mx + max(0, b - 1):mx + b + 2] = True
            elif kind == 'calipers':
                for ax, ay, bx, by, col, arm in p:
                    draw_cross(img, gmask, ax, ay, arm, col)
                    draw_cross(img, gmask, bx, by, arm, col)
                    n = int(max(abs(bx - ax), abs(by - ay)) / 4)
                    for k in range(2, n - 1):  # dotted line between the marks
                        x_, y_ = int(ax + (bx - ax) * k / n), int(ay + (by - ay) * k / n)
                        img[y_, x_] = col
                        gmask[y_, x_] = True
        for (px0, py0, px1, py1, grey, opacity, pkind) in scene.panels:
            px0, py0, px1, py1 = max(0, px0), max(0, py0), min(w, px1), min(h, py1)
            region = img[py0:py1, px0:px1]
            region[:] = region * (1 - opacity) + np.array(grey, np.float32) * opacity
            pmask[py0:py1, px0:px1] = True
        for it in scene.items:
            cov = it['covs'][f]
            gl, dark, pad = style_layers(cov, it['style'], it['size_px'])
            px, py = it['pos']
            colr = np.array((DARK_COLOURS if it['polarity'] == 'dark' else COLOURS)[it['colour']], np.float32)
            blit(img, text_ids[f], alpha_glyph[f], gl, dark, px - pad, py - pad, colr, it['id'] + 1,
                 it['polarity'] == 'dark')
        frames.append(np.clip(np.rint(img), 0, 255).astype(np.uint8))

    # ---- boxes from the drawn masks
    items_json = []
    for it in scene.items:
        per_frame = []
        for f in range(nframes):
            ys, xs = np.nonzero(text_ids[f] == it['id'] + 1)
            if len(ys) == 0:  # wholly overdrawn or outside: keep a 1 px box so the scorer has a place
                ys, xs = np.array([0]), np.array([0])
            per_frame.append({'frame': f, 'box': [int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1),
                                                   int(ys.max() - ys.min() + 1)], 'text': it['texts'][f]})
        ink_h = max(c.shape[0] for c in it['covs'])
        items_json.append({k: v for k, v in it.items() if k not in ('covs', 'texts', 'pos')} |
                          {'ink_height': int(ink_h), 'frames': per_frame})

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
        'features': sorted(feats), 'header_bar': list(headerbar[:1]) + [headerbar[2]] if headerbar else None,
        'panels': [{'box': [int(v) for v in p[:4]], 'kind': p[6], 'opacity': round(p[5], 2)} for p in scene.panels],
        'items': items_json,
    }
    tdir = os.path.join(out_dir, 'truth')
    with open(os.path.join(tdir, name + '.json'), 'w') as fh:
        json.dump(truth, fh, indent=1)
    np.savez_compressed(os.path.join(tdir, name + '.npz'), sector=sector.mask, text_ids=text_ids,
                        alpha=alpha_glyph, graphics=gmask, panels=pmask)
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
    # A long clip for timing (issue 10, cines): every file gets this many frames and this size, e.g.
    # --files 1 --frames 100 --size 640x480. Off by default: the exam's sets are unchanged.
    ap.add_argument('--frames', type=int, default=0, help='frames per file (default: the exam plan of 1, 3 and 6)')
    ap.add_argument('--size', default='', help='WxH of every file (default: drawn per file)')
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.lower().split('x')) if args.size else None
    os.makedirs(os.path.join(args.out, 'truth'), exist_ok=True)
    rng = random.Random(args.seed)
    # 24 files: 7 encodings round-robin; frames 12 x 1, 8 x 3, 4 clips x 6 (~60 frames)
    frames_plan = [1] * 12 + [3] * 8 + [6] * 4
    while len(frames_plan) < args.files:
        frames_plan.append(rng.choice([1, 3, 6]))
    frames_plan = frames_plan[:args.files]
    rng.shuffle(frames_plan)
    if args.frames > 0:
        frames_plan = [args.frames] * args.files
    plans = []
    for i in range(args.files):
        # every sixth file keeps the first exam's plain layout; the others get two forced features plus ~30% each
        feats = [] if i % 6 == 5 else sorted({FEATURES[i % len(FEATURES)], FEATURES[(i + 3) % len(FEATURES)]} |
                                             {f for f in FEATURES if rng.random() < 0.3})
        plans.append({'encoding': ENCODINGS[i % len(ENCODINGS)], 'frames': frames_plan[i], 'us_regions': i % 2 == 0,
                      'features': feats, 'size': size})
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
        print('%s %s %dx%d frames=%d sector=%s features=%s' % (t['file'], t['encoding'], t['columns'], t['rows'],
                                                               t['frames'], t['sector']['kind'], ','.join(t['features'])))
    shutil.rmtree(tmp)
    print('files=%d frames=%d phi_boxes=%d label_or_field_boxes=%d faces=%d' % (len(plans), total_f, total_phi,
                                                                                  total_lab, len(faces)))


if __name__ == '__main__':
    main()
