#!/usr/bin/env python3
"""Makes the input pack of scripts/bench-split.sh in OUTDIR (deterministic).

    make-split-pack.py OUTDIR      # writes OUTDIR/pack (kz-b1 names, about 25 MB)

Ten documents as a portal's applicant has them, with four 300 dpi colour A4 scans:
- scans (scanner JPEGs at quality 95, put into PDFs by img2pdf, which embeds them as
  they are): the passport, a six-page bank statement, the company registration and the
  residence permit. Each page is 2-3 MB, so each scan but the statement is just over or
  under a 2 MB limit, and the statement (about 15 MB) is far over;
- text PDFs by ReportLab: the form with AcroForm fields, the invitation with bookmarks,
  the employer letter, the itinerary and a long insurance policy written with
  uncompressed content streams (pageCompression=0, as some producers do), which is over
  2 MB with no image in it: only a lossless rewrite can fit it;
- the photo, a JPEG (fixtures/assets/photos/face_ok.jpg).

Needs Pillow, img2pdf and reportlab. The scans reuse make-bench-packs.py's page maker
with a fixed seed, so the same libraries give the same bytes.
"""
import importlib.util
import io
import os
import random
import shutil
import sys

import img2pdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20261204
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

spec = importlib.util.spec_from_file_location("bench_packs", os.path.join(ROOT, "scripts", "make-bench-packs.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

# Heavier grain than pack C's scans: a colour flatbed at its best setting gives 2-3 MB a page.
bench.NOISE_AMPLITUDE = 9
SCAN_QUALITY = 95


def scan_pdf(path, rng, headings):
    pages = []
    for heading in headings:
        buf = io.BytesIO()
        page = bench.make_scan(rng, heading)
        # What makes a colour scan worth keeping in colour: a red letterhead rule and a
        # blue ink stamp.
        draw = ImageDraw.Draw(page)
        draw.rectangle((300, 200, 2180, 230), fill=(190, 40, 40))
        x, y = rng.randint(1500, 1900), rng.randint(2600, 3000)
        for r in (190, 150):
            draw.ellipse((x - r, y - r, x + r, y + r), outline=(40, 70, 170), width=12)
        page.save(buf, "JPEG", quality=SCAN_QUALITY, dpi=(300, 300))
        pages.append(buf.getvalue())
    layout = img2pdf.get_fixed_dpi_layout_fun((300, 300))
    with open(path, "wb") as f:
        f.write(img2pdf.convert(pages, layout_fun=layout, creationdate=None, moddate=None, nodate=True))


def text_canvas(path, compress=True):
    c = canvas.Canvas(path, pagesize=A4, pageCompression=1 if compress else 0, invariant=1)
    c.setFont("DejaVu", 11)
    return c


def paragraph(c, rng, y, lines=12):
    for _ in range(lines):
        c.drawString(72, y, " ".join(rng.choice(bench.WORDS) for _ in range(rng.randint(9, 13))))
        y -= 15
    return y - 10


def form(path, rng):
    c = text_canvas(path)
    c.setFont("DejaVu", 16)
    c.drawString(72, 780, "Visa application form")
    c.setFont("DejaVu", 11)
    fields = [("surname", "Surname", "LEE"), ("given", "Given names", "MIN-JUN"),
              ("passport", "Passport number", "M12345678"), ("arrival", "Arrival", "2026-12-10"),
              ("departure", "Departure", "2026-12-20"), ("purpose", "Purpose of visit", "business meetings")]
    y = 730
    for name, label, value in fields:
        c.drawString(72, y + 4, label)
        c.acroForm.textfield(name=name, x=220, y=y, width=250, height=18, value=value, borderWidth=0.5)
        y -= 34
    c.drawString(72, y + 4, "I confirm the above is true")
    c.acroForm.checkbox(name="confirm", x=260, y=y, size=14, checked=True)
    paragraph(c, rng, y - 40, 20)
    c.showPage()
    c.save()


def invitation(path, rng):
    c = text_canvas(path)
    for page, title in enumerate(["Letter of invitation", "Programme of the visit"]):
        c.bookmarkPage(f"p{page}")
        c.addOutlineEntry(title, f"p{page}", level=0)
        c.setFont("DejaVu", 16)
        c.drawString(72, 780, title)
        c.setFont("DejaVu", 11)
        y = 740
        for _ in range(3):
            y = paragraph(c, rng, y)
        c.showPage()
    c.save()


def letter(path, rng, title, paragraphs=3):
    c = text_canvas(path)
    c.setFont("DejaVu", 16)
    c.drawString(72, 780, title)
    c.setFont("DejaVu", 11)
    y = 740
    for _ in range(paragraphs):
        y = paragraph(c, rng, y)
    c.showPage()
    c.save()


def policy(path, rng, pages=200):
    """A long policy with uncompressed content streams: text only, over 2 MB."""
    c = text_canvas(path, compress=False)
    for n in range(pages):
        c.setFont("DejaVu", 9)
        y = 800
        while y > 60:
            c.drawString(50, y, " ".join(rng.choice(bench.WORDS) for _ in range(16)))
            y -= 11
        c.drawString(290, 30, f"{n + 1}")
        c.showPage()
    c.save()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = os.path.join(sys.argv[1], "pack")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    rng = random.Random(SEED)
    at = lambda name: os.path.join(out, name)
    scan_pdf(at("01_Passport.pdf"), rng, ["PASSPORT"])
    form(at("02_Form.pdf"), rng)
    shutil.copy(os.path.join(ROOT, "fixtures", "assets", "photos", "face_ok.jpg"), at("03_Photo.jpg"))
    invitation(at("04_Invitation.pdf"), rng)
    letter(at("05_Employer_Letter.pdf"), rng, "Employer letter")
    scan_pdf(at("06_Bank_Statements.pdf"), rng, ["BANK STATEMENT"] * 6)
    letter(at("07_Itinerary.pdf"), rng, "Flight itinerary", 2)
    policy(at("08_Insurance.pdf"), rng)
    scan_pdf(at("09_Company_Registration.pdf"), rng, ["CERTIFICATE OF REGISTRATION"])
    scan_pdf(at("10_Residence_Permit.pdf"), rng, ["RESIDENCE PERMIT"])
    total = 0
    for name in sorted(os.listdir(out)):
        size = os.path.getsize(at(name))
        total += size
        print(f"{name:32} {size / 1e6:6.2f} MB")
    print(f"{'total':32} {total / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
