#!/usr/bin/env python3
"""Writes models/mrz-ocrb.bin, the glyph templates of the embedded MRZ reader.

Usage: mrz-templates.py [OUT]   (default: models/mrz-ocrb.bin)

Needs Pillow and numpy (pip install pillow numpy) and Debian's fonts-ocr-b (public
domain OCR-B, two cuts: Regular and Sharp). Each of the 37 MRZ characters is rendered
at 4x the reader's normalised pitch (16 px), in three stroke weights (passports are
printed by many printers, laser and inkjet, thin and bold), each averaged over both
cuts, three blurs and sub-pixel offsets, then reduced and cut exactly as
src/measure/mrz/cells.rs cuts a cell: darkness 0..1, centred on the glyph's ink
centroid (pixels darker than INK_CUT only), a 16 x 20 window sampled bilinearly.

File layout (all u8): b"MRZT", version 1, width, height, variants per character,
then for each character of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<": the character,
then `variants` windows of width x height darkness values (0 = paper, 255 = ink),
row-major.
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CUTS = ["/usr/share/fonts/opentype/ocr-b/OCRB.otf", "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
OCRB_ADVANCE_EM = 72.296875 / 100.0
# Must match src/measure/mrz/cells.rs.
PITCH = 16
WIDTH, HEIGHT = 16, 20
INK_CUT = 0.35
SS = 4
# Stroke weight: a min (bold) or max (thin) filter at 4x, i.e. +-0.25 / 0.5 px at 16 px.
WEIGHTS = {"thin": [("max", 3)], "regular": [None], "bold": [("min", 3), ("min", 5)]}
BLURS = [0.0, 0.6, 1.2]
OFFSETS = [(0, 0), (1, 2), (2, 1), (3, 3)]


def render(ch, cut, weight, blur, offset):
    """The character at PITCH px per advance as darkness 0..1, in a 3-cell-wide canvas."""
    hi = PITCH * SS
    font = ImageFont.truetype(cut, int(round(hi / OCRB_ADVANCE_EM)))
    img = Image.new("L", (hi * 3, hi * 3), 255)
    ImageDraw.Draw(img).text((hi + offset[0], hi // 2 + offset[1]), ch, font=font, fill=0)
    if weight is not None:
        kind, size = weight
        img = img.filter(ImageFilter.MinFilter(size) if kind == "min" else ImageFilter.MaxFilter(size))
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur * SS))
    img = img.resize((img.width // SS, img.height // SS), Image.BOX)
    return 1.0 - np.asarray(img, dtype=np.float32) / 255.0


def bilinear(d, x, y):
    h, w = d.shape
    x0, y0 = int(np.floor(x)), int(np.floor(y))
    fx, fy = x - x0, y - y0

    def at(xx, yy):
        return d[yy, xx] if 0 <= xx < w and 0 <= yy < h else 0.0

    return ((1 - fx) * (1 - fy) * at(x0, y0) + fx * (1 - fy) * at(x0 + 1, y0)
            + (1 - fx) * fy * at(x0, y0 + 1) + fx * fy * at(x0 + 1, y0 + 1))


def window(d):
    """The WIDTH x HEIGHT window centred on the ink centroid, as in cells.rs."""
    wts = np.where(d > INK_CUT, d, 0.0)
    total = wts.sum()
    ys, xs = np.mgrid[0:d.shape[0], 0:d.shape[1]]
    # Pixel centres at +0.5, as the Rust side counts them.
    cx = (wts * (xs + 0.5)).sum() / total
    cy = (wts * (ys + 0.5)).sum() / total
    out = np.zeros((HEIGHT, WIDTH), np.float32)
    for j in range(HEIGHT):
        for i in range(WIDTH):
            out[j, i] = bilinear(d, cx - WIDTH / 2 + i, cy - HEIGHT / 2 + j)
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models", "mrz-ocrb.bin")
    blob = bytearray(b"MRZT")
    blob += bytes([1, WIDTH, HEIGHT, len(WEIGHTS)])
    for ch in ALPHABET:
        blob += ch.encode()
        for variants in WEIGHTS.values():
            acc = np.zeros((HEIGHT, WIDTH), np.float32)
            n = 0
            for cut in CUTS:
                for weight in variants:
                    for blur in BLURS:
                        for offset in OFFSETS:
                            acc += window(render(ch, cut, weight, blur, offset))
                            n += 1
            blob += np.clip(acc / n * 255.0 + 0.5, 0, 255).astype(np.uint8).tobytes()
    with open(out_path, "wb") as f:
        f.write(bytes(blob))
    print(f"{out_path}: {len(blob)} bytes")


if __name__ == "__main__":
    main()
