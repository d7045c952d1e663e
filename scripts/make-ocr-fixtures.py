#!/usr/bin/env python3
"""Writes fixtures/rules/<rule>/fail-scan/: each content rule's fail/ pack with the
documents it must flag replaced by image-only scans, so the rule is shown to work on
words dossier reads itself with OCR.

Each flagged PDF is rendered by poppler (`pdftoppm -gray -r 200`), then made to look
scanned: a slight tilt, paper tone, sensor noise, a round ink stamp over a line of text
(not over the facts the rule checks), and JPEG at quality 75; img2pdf wraps the JPEG into
a one-page PDF without re-encoding it. The rest of the pack stays as it is. Deterministic
(fixed seeds). Run it after make-rule-fixtures.py (which rewrites fixtures/rules/), from the repository root with a Python that has Pillow, numpy and
img2pdf (`pip install pillow numpy img2pdf`) and poppler-utils installed.
"""
import io
import os
import shutil
import subprocess
import sys
import tempfile

import img2pdf
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(ROOT, "fixtures", "rules")

# Rules whose fail/ flags a document by its words; the passport's facts come from its
# machine-readable zone, which the MRZ reader reads, not OCR.
CONTENT_RULES = [
    "consistency/dates",
    "consistency/identity",
    "consistency/purpose",
    "validity/document-age",
    "category/employment",
    "validity/passport-expiry",
]

DPI = 200


def render(pdf, seed):
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "page")
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", "-png", pdf, base],
            check=True,
        )
        (name,) = os.listdir(tmp)
        page = Image.open(os.path.join(tmp, name)).convert("L")
        page.load()
    rng = np.random.default_rng(seed)
    w, h = page.size
    # A round stamp over the last line of text (the signature block), where no checked
    # fact stands: the words under it must still be read, or lost without harm.
    ink_rows = np.where(np.asarray(page).min(axis=1) < 128)[0]
    last = int(ink_rows.max()) if len(ink_rows) else int(h * 0.8)
    stamp = Image.new("L", page.size, 0)
    d = ImageDraw.Draw(stamp)
    cx, cy, r = int(w * 0.30), last, int(DPI * 0.45)
    for k in range(3):
        d.ellipse([cx - r + k * 9, cy - r + k * 9, cx + r - k * 9, cy + r - k * 9], outline=150, width=5)
    d.text((cx - r // 2, cy - 8), "APPROVED", fill=150)
    page = Image.composite(Image.new("L", page.size, 95), page, stamp)
    # Tilt as a sheet laid by hand on the glass.
    page = page.rotate(float(rng.uniform(-0.8, 0.8)), resample=Image.BICUBIC, fillcolor=255)
    a = np.asarray(page, dtype=np.float32)
    a = 28 + a * (228 / 255.0)  # paper tone, ink not quite black
    a += rng.normal(0, 2.5, a.shape)
    page = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=75, dpi=(DPI, DPI))
    return out.getvalue()


def main():
    # `make-ocr-fixtures.py RULE...` remakes only those (JPEG bytes vary between Pillow
    # builds, so untouched fixtures are best left alone).
    only = sys.argv[1:]
    for n, rule in enumerate(CONTENT_RULES):
        if only and rule not in only:
            continue
        src = os.path.join(RULES, rule, "fail")
        dest = os.path.join(RULES, rule, "fail-scan")
        flagged = [
            line.strip()
            for line in open(os.path.join(RULES, rule, "expected.txt"))
            if line.strip() and line.strip() != "-"
        ]
        if os.path.exists(dest):
            shutil.rmtree(dest)
        shutil.copytree(src, dest)
        if rule == "validity/passport-expiry":
            # The expiry must come from the scanned passport's zone (2035-10-21), not
            # from the manifest: the trip moves to within six months of it.
            manifest = os.path.join(dest, "dossier.toml")
            lines = open(manifest).read().splitlines(keepends=True)
            keep = [l for l in lines if not l.startswith(("passport_expiry", "arrival", "departure"))]
            out = []
            for l in keep:
                out.append(l)
                if l.startswith("[trip]"):
                    out += ["arrival = 2035-06-20\n", "departure = 2035-06-30\n"]
            with open(manifest, "w") as f:
                f.writelines(out)
        for i, name in enumerate(flagged):
            jpeg = render(os.path.join(src, name), seed=1000 * n + i)
            layout = img2pdf.get_layout_fun((img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297)))
            pdf = img2pdf.convert(jpeg, layout_fun=layout, creationdate=None, moddate=None,
                                  producer="img2pdf", nodate=True)
            with open(os.path.join(dest, name), "wb") as f:
                f.write(pdf)
            print(f"{rule}: {name} scanned ({len(pdf) // 1024} KB)")
    if not only or "scan/no-text" in only:
        passport_cut_off()
    if not only or "ocr/ru-scan" in only:
        russian_letter()
    if not only or "ocr/sideways" in only:
        sideways_letter()


def passport_cut_off():
    """scan/no-text fail/: the passport scan with its machine-readable zone cut off, as a
    careless crop does: dossier finds no zone in its pixels and says so."""
    dest = os.path.join(RULES, "scan", "no-text", "fail", "01_Passport.pdf")
    src = os.path.join(RULES, "scan", "no-text", "pass", "..", "..", "..", "consistency",
                       "dates", "fail", "01_Passport.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "page")
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", src, base], check=True)
        (name,) = os.listdir(tmp)
        page = Image.open(os.path.join(tmp, name)).convert("RGB")
        page.load()
    w, h = page.size
    page = page.crop((0, 0, w, int(h * 0.70)))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=85, dpi=(200, 200))
    pdf = img2pdf.convert(out.getvalue(), creationdate=None, moddate=None, producer="img2pdf", nodate=True)
    with open(dest, "wb") as f:
        f.write(pdf)
    print(f"scan/no-text: 01_Passport.pdf with its MRZ cut off ({len(pdf) // 1024} KB)")


def russian_letter():
    """fixtures/ocr/ru-scan/04_Invitation.pdf: a Russian invitation (LibreOffice, from
    fixtures/packs/013-kobayashi) scanned with a stamp over its last line, so a test can
    check that OCR reads the same facts from it as the text layer gives."""
    src = os.path.join(ROOT, "fixtures", "packs", "013-kobayashi", "04_Invitation.pdf")
    dest_dir = os.path.join(ROOT, "fixtures", "ocr", "ru-scan")
    os.makedirs(dest_dir, exist_ok=True)
    jpeg = render(src, seed=4242)
    layout = img2pdf.get_layout_fun((img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297)))
    pdf = img2pdf.convert(jpeg, layout_fun=layout, creationdate=None, moddate=None,
                          producer="img2pdf", nodate=True)
    with open(os.path.join(dest_dir, "04_Invitation.pdf"), "wb") as f:
        f.write(pdf)
    print(f"ocr/ru-scan: 04_Invitation.pdf scanned ({len(pdf) // 1024} KB)")


def sideways_letter():
    """fixtures/ocr/sideways/04_Invitation_Letter.pdf: an English invitation (from
    fixtures/packs/012-lee) scanned landscape, so its text runs up the page, as a portrait
    sheet laid across the glass comes out: dossier must turn it before reading."""
    src = os.path.join(ROOT, "fixtures", "packs", "012-lee", "04_Invitation_Letter.pdf")
    dest_dir = os.path.join(ROOT, "fixtures", "ocr", "sideways")
    os.makedirs(dest_dir, exist_ok=True)
    page = Image.open(io.BytesIO(render(src, seed=9090)))
    turned = io.BytesIO()
    page.transpose(Image.ROTATE_90).save(turned, "JPEG", quality=75, dpi=(DPI, DPI))
    layout = img2pdf.get_layout_fun((img2pdf.mm_to_pt(297), img2pdf.mm_to_pt(210)))
    pdf = img2pdf.convert(turned.getvalue(), layout_fun=layout, creationdate=None, moddate=None,
                          producer="img2pdf", nodate=True)
    with open(os.path.join(dest_dir, "04_Invitation_Letter.pdf"), "wb") as f:
        f.write(pdf)
    print(f"ocr/sideways: 04_Invitation_Letter.pdf scanned landscape ({len(pdf) // 1024} KB)")


if __name__ == "__main__":
    sys.exit(main())
