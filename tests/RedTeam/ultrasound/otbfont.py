"""Minimal renderer for bitmap-only OpenType fonts (.otb, EBLC/EBDT), e.g. Terminus.

ImageMagick's label: renders nothing for these fonts, and fontTools/PIL are not installed on the CI box,
so this reads the two tables it needs (index formats 1 and 2, image formats 2 and 5) and the cmap.
"""
import struct

import numpy as np


class OtbFont:
    def __init__(self, path):
        self.data = open(path, 'rb').read()
        d = self.data
        n = struct.unpack('>H', d[4:6])[0]
        self.tables = {}
        for i in range(n):
            tag, _cs, off, ln = struct.unpack('>4sIII', d[12 + 16 * i:28 + 16 * i])
            self.tables[tag.decode('latin-1')] = (off, ln)
        self.cmap = self._read_cmap()
        self.strikes = self._read_eblc()

    def sizes(self):
        return sorted(self.strikes)

    def _read_cmap(self):
        d = self.data
        off = self.tables['cmap'][0]
        _ver, num = struct.unpack('>HH', d[off:off + 4])
        result = {}
        for i in range(num):
            pid, eid, sub = struct.unpack('>HHI', d[off + 4 + 8 * i:off + 12 + 8 * i])
            s = off + sub
            fmt = struct.unpack('>H', d[s:s + 2])[0]
            if fmt == 4:
                segx2 = struct.unpack('>H', d[s + 6:s + 8])[0]
                seg = segx2 // 2
                ends = struct.unpack('>%dH' % seg, d[s + 14:s + 14 + segx2])
                starts = struct.unpack('>%dH' % seg, d[s + 16 + segx2:s + 16 + 2 * segx2])
                deltas = struct.unpack('>%dh' % seg, d[s + 16 + 2 * segx2:s + 16 + 3 * segx2])
                ro_pos = s + 16 + 3 * segx2
                ros = struct.unpack('>%dH' % seg, d[ro_pos:ro_pos + segx2])
                for k in range(seg):
                    for c in range(starts[k], min(ends[k], 0x24F) + 1):
                        if c == 0xFFFF:
                            continue
                        if ros[k] == 0:
                            g = (c + deltas[k]) & 0xFFFF
                        else:
                            p = ro_pos + 2 * k + ros[k] + 2 * (c - starts[k])
                            g = struct.unpack('>H', d[p:p + 2])[0]
                            if g:
                                g = (g + deltas[k]) & 0xFFFF
                        if g:
                            result.setdefault(c, g)
        return result

    def _read_eblc(self):
        d = self.data
        off = self.tables['EBLC'][0]
        ebdt = self.tables['EBDT'][0]
        _ver, num = struct.unpack('>II', d[off:off + 8])
        strikes = {}
        for i in range(num):
            b = off + 8 + 48 * i
            iarr, _isz, nsub, _cref = struct.unpack('>IIII', d[b:b + 16])
            ascender, descender = struct.unpack('>bb', d[b + 16:b + 18])
            ppemy = d[b + 45]
            glyphs = {}
            a = off + iarr
            for j in range(nsub):
                first, last, add = struct.unpack('>HHI', d[a + 8 * j:a + 8 * j + 8])
                h = off + iarr + add
                ifmt, imgfmt, doff = struct.unpack('>HHI', d[h:h + 8])
                if ifmt == 1:
                    offs = struct.unpack('>%dI' % (last - first + 2), d[h + 8:h + 8 + 4 * (last - first + 2)])
                    for g in range(first, last + 1):
                        if offs[g - first + 1] > offs[g - first]:
                            glyphs[g] = (imgfmt, ebdt + doff + offs[g - first], None)
                elif ifmt == 2:
                    size = struct.unpack('>I', d[h + 8:h + 12])[0]
                    big = struct.unpack('>BBbbBbbB', d[h + 12:h + 20])
                    for g in range(first, last + 1):
                        glyphs[g] = (imgfmt, ebdt + doff + (g - first) * size, big)
                else:
                    raise ValueError('EBLC index format %d not supported' % ifmt)
            strikes[ppemy] = (ascender, descender, glyphs)
        return strikes

    def _glyph(self, glyphs, g):
        d = self.data
        imgfmt, pos, big = glyphs[g]
        if imgfmt == 2:
            h, w, bx, by, adv = struct.unpack('>BBbbB', d[pos:pos + 5])
            pos += 5
        elif imgfmt == 5:
            h, w, bx, by, adv = big[0], big[1], big[2], big[3], big[4]
        else:
            raise ValueError('EBDT image format %d not supported' % imgfmt)
        nbits = w * h
        raw = np.frombuffer(d[pos:pos + (nbits + 7) // 8], dtype=np.uint8)
        bits = np.unpackbits(raw)[:nbits].reshape(h, w) if nbits else np.zeros((h, w), np.uint8)
        return bits, bx, by, adv

    def render(self, text, size):
        """Coverage image (float 0..1) of one line; the baseline sits at row `ascender`."""
        asc, desc, glyphs = self.strikes[size]
        height = asc - desc
        pen = 0
        parts = []
        for ch in text:
            g = self.cmap.get(ord(ch), 0)
            if g not in glyphs:
                g = self.cmap.get(ord('?'), 0)
            bits, bx, by, adv = self._glyph(glyphs, g)
            parts.append((pen + bx, asc - by, bits))
            pen += adv
        img = np.zeros((height, max(pen, 1)), np.float32)
        for x, y, bits in parts:
            h, w = bits.shape
            y0, x0 = max(y, 0), max(x, 0)
            y1, x1 = min(y + h, height), min(x + w, img.shape[1])
            if y1 > y0 and x1 > x0:
                img[y0:y1, x0:x1] = np.maximum(img[y0:y1, x0:x1], bits[y0 - y:y1 - y, x0 - x:x1 - x])
        return img
