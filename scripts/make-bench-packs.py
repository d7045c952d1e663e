#!/usr/bin/env python3
"""Makes the three input packs of scripts/bench-build.sh in OUTDIR (deterministic).

    make-bench-packs.py OUTDIR      # writes OUTDIR/A, OUTDIR/B, OUTDIR/C

- A: a PDF-only pack of 12 files / 24 pages / ~7 MB, from the PDFs of the corpus packs
  (reportlab, LibreOffice, WeasyPrint, Ghostscript, img2pdf, OCRmyPDF). The corpus's
  PDFs are nearly all one page, so: its six two-page PDFs are copied as they are, and
  six more files are each a one-page scan joined by qpdf to a one-page text PDF (the six
  largest scans: they carry the weight the way passport and bank statement scans do in
  a real pack). Names are `NN_Title.pdf`, valid for dossier.
- B: 120 files / ~70 MB: pack A's files ten times over, `NNN_Title.pdf` (three digits
  are not a valid dossier name, so the benchmark builds it with --force).
- C: six A4 300 dpi JPEG scans (2480 x 3508 px, JFIF density 300, quality 85): text
  lines on off-white paper with uneven lighting and a little noise: the paper's grain is
  what gives a real scan its 0.5-1.5 MB.

A corpus PDF is skipped when `qpdf --is-encrypted` says it is encrypted or `qpdf
--check` does not pass cleanly, so that dossier, qpdf and mutool all get the same valid
inputs. Needs qpdf and Pillow. The scans use Pillow's bundled font and a fixed seed, so
the same Pillow gives the same bytes.
"""
import io
import os
import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("CORPUS", os.path.join(ROOT, "..", "shared", "corpus", "packs"))
SEED = 20261124

# Pack A: six corpus two-pagers plus six joined pairs of one-pagers.
JOINED_FILES = 6
# The corpus's text PDFs are 1.5-52 KB, its scans 90 KB and up.
TEXT_MAX_BYTES = 64_000
B_COPIES = 10

# A4 at 300 dpi.
SCAN_W, SCAN_H, SCAN_DPI = 2480, 3508, 300
# +-3 grey levels of per-pixel noise: enough to give the JPEG a scan's weight (~1 MB).
NOISE_AMPLITUDE = 6


def qpdf_ok(path):
    """A PDF every tool can read: not encrypted, and `qpdf --check` passes (exit 0)."""
    # `qpdf --is-encrypted` exits 0 when encrypted, 2 when not.
    encrypted = subprocess.run(["qpdf", "--is-encrypted", path], capture_output=True).returncode == 0
    if encrypted:
        return False
    return subprocess.run(["qpdf", "--check", path], capture_output=True).returncode == 0


def page_count(path):
    out = subprocess.run(["qpdf", "--show-npages", path], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def title_of(path):
    """The title part of a corpus name: `07_Bank_Statements.pdf` -> `Bank_Statements`."""
    stem = os.path.splitext(os.path.basename(path))[0]
    stem = re.sub(r"^\d+[_ -]*", "", stem)
    return re.sub(r"[^A-Za-z0-9]+", "_", stem).strip("_") or "Document"


def corpus_pdfs():
    """Every valid corpus PDF as (path, pages, bytes), reporting what was skipped."""
    paths = []
    for pack in sorted(os.listdir(CORPUS)):
        folder = os.path.join(CORPUS, pack)
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.lower().endswith(".pdf") and os.path.isfile(path):
                paths.append(path)
    # `qpdf --check` decodes every stream, about a second per scan: one per core.
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        valid = list(pool.map(qpdf_ok, paths))
    found = []
    for path, ok in zip(paths, valid):
        if ok:
            found.append((path, page_count(path), os.path.getsize(path)))
        else:
            rel = os.path.relpath(path, CORPUS)
            print(f"  skipped (encrypted or qpdf --check fails): {rel}", file=sys.stderr)
    return found


def make_pack_a(out):
    os.makedirs(out)
    pdfs = corpus_pdfs()
    two_pagers = [p for p in pdfs if p[1] == 2]
    # Largest first, path as the tie-break so the choice never depends on listing order.
    one_pagers = sorted((p for p in pdfs if p[1] == 1), key=lambda p: (-p[2], p[0]))
    # The six largest are 300 dpi scans (~1.1 MB each): with the rest, ~7 MB in all, like
    # the 7.3 MB pack.
    scans = one_pagers[:JOINED_FILES]
    # Each joined to a text PDF picked at evenly spaced sizes: the producers' files differ
    # in size, so this spreads the picks over them (here reportlab, WeasyPrint, LibreOffice).
    texts = sorted((p for p in one_pagers if p[2] < TEXT_MAX_BYTES), key=lambda p: (p[2], p[0]))
    spaced = [texts[(2 * k + 1) * len(texts) // (2 * JOINED_FILES)] for k in range(JOINED_FILES)]
    pairs = list(zip(scans, spaced))

    # Interleave originals and joined files so the big ones are spread through the pack.
    plan = []
    for i in range(max(len(two_pagers), len(pairs))):
        if i < len(pairs):
            plan.append(("join", pairs[i]))
        if i < len(two_pagers):
            plan.append(("copy", two_pagers[i]))
    files = []
    for n, (how, what) in enumerate(plan, start=1):
        if how == "copy":
            dest = os.path.join(out, f"{n:02d}_{title_of(what[0])}.pdf")
            shutil.copyfile(what[0], dest)
        else:
            dest = os.path.join(out, f"{n:02d}_{title_of(what[0][0])}.pdf")
            # --deterministic-id: the same inputs give the same bytes (no random /ID).
            subprocess.run(
                ["qpdf", "--deterministic-id", "--empty", "--pages", what[0][0], what[1][0], "--", dest],
                check=True,
            )
        files.append(dest)
    return files


def make_pack_b(out, a_files):
    os.makedirs(out)
    n = 0
    for _ in range(B_COPIES):
        for src in a_files:
            n += 1
            title = re.sub(r"^\d+_", "", os.path.basename(src))
            shutil.copyfile(src, os.path.join(out, f"{n:03d}_{title}"))


# Pack C: what each scan shows. Words are drawn from a small business-letter vocabulary.
SCANS = [
    ("01_Passport_Scan.jpg", "PASSPORT"),
    ("02_Application_Form.jpg", "VISA APPLICATION FORM"),
    ("03_Invitation_Letter.jpg", "LETTER OF INVITATION"),
    ("04_Employer_Letter.jpg", "EMPLOYER LETTER"),
    ("05_Bank_Statement.jpg", "BANK STATEMENT"),
    ("06_Hotel_Booking.jpg", "HOTEL RESERVATION"),
]
WORDS = (
    "the of and to in for with on by applicant visa business trip company contract invoice "
    "account balance date payment transfer Almaty Astana meeting partner hereby confirm "
    "employment salary period negotiations delegation director LLP Kazakhstan Republic "
    "reference number arrival departure accommodation guarantee expenses"
).split()


def make_scan(rng, heading):
    """One A4 300 dpi page: heading and text lines, as a flatbed scanner returns them."""
    body = ImageFont.load_default(size=42)  # ~10 pt at 300 dpi
    head = ImageFont.load_default(size=64)
    ink = Image.new("L", (SCAN_W, SCAN_H), 0)
    draw = ImageDraw.Draw(ink)
    y = 300
    draw.text((300, y), heading, font=head, fill=255)
    y += 140
    if heading == "PASSPORT":
        # The photo block of a bio page, and its two MRZ lines at the bottom.
        draw.rectangle((300, y, 900, y + 780), fill=150)
        for k in range(8):
            draw.text((980, y + 20 + k * 95), " ".join(rng.choice(WORDS) for _ in range(3)).upper(), font=body, fill=255)
        mrz = "P<KAZ" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ<") for _ in range(39))
        draw.text((300, SCAN_H - 600), mrz, font=head, fill=255)
        draw.text((300, SCAN_H - 500), "".join(rng.choice("0123456789<") for _ in range(44)), font=head, fill=255)
    elif heading == "BANK STATEMENT":
        # A table: date, description, amount, balance.
        while y < SCAN_H - 350:
            draw.text((300, y), f"2026-{rng.randint(5, 10):02d}-{rng.randint(1, 28):02d}", font=body, fill=255)
            draw.text((650, y), " ".join(rng.choice(WORDS) for _ in range(4)), font=body, fill=255)
            draw.text((1600, y), f"{rng.randint(-90000, 90000) / 100:>10.2f}", font=body, fill=255)
            draw.text((1950, y), f"{rng.randint(100000, 900000) / 100:>10.2f}", font=body, fill=255)
            y += 58
    else:
        while y < SCAN_H - 350:
            line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 13)))
            draw.text((300, y), line, font=body, fill=255)
            # A paragraph break now and then.
            y += 62 if rng.random() > 0.1 else 130
    # A scanner's optics soften the edges a little.
    ink = ink.filter(ImageFilter.GaussianBlur(0.8))
    # Off-white paper lit unevenly: a coarse random grid blown up smoothly...
    shade = Image.frombytes("L", (16, 22), rng.randbytes(16 * 22))
    shade = shade.point(lambda v: 236 + v * 10 // 255).resize((SCAN_W, SCAN_H), Image.BICUBIC)
    # ...plus sensor noise, then the ink printed on top.
    noise = Image.frombytes("L", (SCAN_W, SCAN_H), rng.randbytes(SCAN_W * SCAN_H))
    noise = noise.point(lambda v: v * NOISE_AMPLITUDE // 255)
    grey = ImageChops.add(shade, noise, offset=-(NOISE_AMPLITUDE // 2))
    grey = ImageChops.subtract(grey, ink.point(lambda v: v * 200 // 255))
    # A warm paper tone: blue a little lower than red.
    green = grey.point(lambda v: max(v - 2, 0))
    blue = grey.point(lambda v: max(v - 8, 0))
    return Image.merge("RGB", (grey, green, blue))


def make_pack_c(out):
    os.makedirs(out)
    rng = random.Random(SEED)
    for name, heading in SCANS:
        buf = io.BytesIO()
        # dpi= writes the JFIF density, as scanners do.
        make_scan(rng, heading).save(buf, "JPEG", quality=85, dpi=(SCAN_DPI, SCAN_DPI))
        with open(os.path.join(out, name), "wb") as f:
            f.write(buf.getvalue())


def describe(folder):
    names = sorted(os.listdir(folder))
    size = sum(os.path.getsize(os.path.join(folder, n)) for n in names)
    pdfs = [os.path.join(folder, n) for n in names if n.endswith(".pdf")]
    pages = sum(page_count(p) for p in pdfs)
    what = f"{pages} pages, " if pdfs else ""
    return f"{os.path.basename(folder)}: {len(names)} files, {what}{size / 1e6:.1f} MB"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-bench-packs.py OUTDIR")
    out = sys.argv[1]
    for pack in "ABC":
        shutil.rmtree(os.path.join(out, pack), ignore_errors=True)
    a_files = make_pack_a(os.path.join(out, "A"))
    make_pack_b(os.path.join(out, "B"), a_files)
    make_pack_c(os.path.join(out, "C"))
    for pack in "ABC":
        print(describe(os.path.join(out, pack)))


if __name__ == "__main__":
    main()
