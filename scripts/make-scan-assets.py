#!/usr/bin/env python3
"""Makes the defective scans of fixtures/assets/scans/ from one clean corpus scan.

Needs Pillow and img2pdf (pip install pillow img2pdf). The source is the clean 200 dpi
employer letter of corpus pack 017-korhonen; each output is one defect a scanner or a
phone really produces, wrapped into a PDF by img2pdf (JPEG embedded as it is, the way
scanning apps do). Run from the repository root with ../shared beside it.
"""
import io
import os

import img2pdf
from PIL import Image, ImageDraw, ImageFilter, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "..", "shared", "corpus", "packs", "017-korhonen", "05_Employment_Letter.jpg")
PASSPORT = os.path.join(ROOT, "..", "shared", "corpus", "packs", "014-lefevre", "01_Passport.jpg")
OUT = os.path.join(ROOT, "fixtures", "assets", "scans")
DPI = 200


def save_pdf(img, name, dpi=DPI, quality=85):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(img2pdf.convert(buf.getvalue(), layout_fun=layout))


def main():
    os.makedirs(OUT, exist_ok=True)
    letter = Image.open(SRC).convert("RGB")
    w, h = letter.size

    save_pdf(letter, "clean.pdf")
    save_pdf(letter.filter(ImageFilter.GaussianBlur(4)), "blur.pdf")
    save_pdf(letter.point(lambda v: int(v * 0.45)), "dark.pdf")
    save_pdf(letter.point(lambda v: 120 + v * 70 // 255), "faded.pdf")
    # A shadow across the left half: a phone held over the page.
    mask = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(mask)
    for x in range(w // 2):
        shade = int(90 + 165 * x / (w // 2))
        draw.line([(x, 0), (x, h)], fill=shade)
    save_pdf(Image.composite(letter, Image.new("RGB", (w, h), "black"), mask), "shadow.pdf")
    save_pdf(letter.rotate(3.5, resample=Image.BICUBIC, fillcolor="white", expand=False), "skewed.pdf")
    # The left 32 mm cut off (past the margin) and the page shifted: text runs into the left edge.
    cut = int(32 / 25.4 * DPI)
    shifted = Image.new("RGB", (w, h), "white")
    shifted.paste(letter.crop((cut, 0, w, h)), (0, 0))
    save_pdf(shifted, "cropped.pdf")
    save_pdf(letter, "compressed.pdf", quality=12)
    small = letter.resize((w * 96 // DPI, h * 96 // DPI), Image.LANCZOS)
    save_pdf(small, "lowres.pdf", dpi=96)
    # The empty back of a sheet scanned duplex: paper texture, no ink.
    blank = Image.effect_noise((w, h), 3).point(lambda v: 236 + (v - 128) // 16).convert("RGB")
    save_pdf(blank, "blank.pdf")
    passport = Image.open(PASSPORT)
    save_pdf(ImageOps.grayscale(passport), "passport_gray.pdf", dpi=300)
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    main()
