#!/usr/bin/env python3
"""Makes the packs under fixtures/build/ that `tests/build.rs` assembles.

forms/   two PDFs with filled AcroForm fields (reportlab), one field name in both,
         so the merge must keep both values under two names.
images/  the image cases the builder handles itself: a grayscale JPEG at 300 dpi, a PNG
         with a transparent background, a CMYK JPEG (Adobe inverted), and a JPEG stored
         sideways with EXIF orientation 6.

Run: python3 -m venv /tmp/fx && /tmp/fx/bin/pip install reportlab pillow
     /tmp/fx/bin/python scripts/make-build-fixtures.py
"""
import io
import shutil
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "build"


def form(path: Path, title: str, fields: list[tuple[str, str, str]]) -> None:
    """A one-page A4 form: a heading, and per field a label and a filled text box."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 770, title)
    y = 720
    for name, label, value in fields:
        c.setFont("Helvetica", 11)
        c.drawString(72, y + 6, label)
        c.acroForm.textfield(
            name=name, value=value, x=230, y=y, width=260, height=22,
            borderWidth=1, fontName="Helvetica", fontSize=11,
        )
        y -= 40
    c.acroForm.checkbox(name="business_visit", x=230, y=y, size=16, checked=True)
    c.drawString(72, y + 4, "Business visit")
    c.showPage()
    c.save()


def forms() -> None:
    d = OUT / "forms"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    form(d / "01_Application_Form.pdf", "Visa application form", [
        ("surname", "Surname", "ERIKSSON"),
        ("given_names", "Given names", "ANNA MARIA"),
        ("passport_number", "Passport number", "AB1234567"),
    ])
    form(d / "02_Employer_Letter.pdf", "Employer confirmation", [
        ("surname", "Employee surname", "ERIKSSON"),
        ("company", "Company", "Nordic Pumps AB"),
    ])


def page_like(size, mode="RGB", background=(250, 248, 240)) -> Image.Image:
    img = Image.new(mode, size, background if mode != "L" else 245)
    draw = ImageDraw.Draw(img)
    ink = (30, 30, 30) if mode != "L" else 30
    for i, y in enumerate(range(size[1] // 10, size[1] * 9 // 10, max(size[1] // 30, 8))):
        draw.rectangle([size[0] // 10, y, size[0] * (5 + i % 4) // 10, y + max(size[1] // 120, 2)], fill=ink)
    return img


def images() -> None:
    d = OUT / "images"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    # A5 at 150 dpi, grayscale: small, and placed at its physical size.
    page_like((874, 1240), "L").save(d / "01_Passport.jpg", quality=70, dpi=(150, 150))
    # A photo whose background is transparent: must not turn black.
    photo = Image.new("RGBA", (350, 450), (0, 0, 0, 0))
    draw = ImageDraw.Draw(photo)
    draw.ellipse([100, 80, 250, 260], fill=(200, 160, 130, 255))
    draw.rectangle([70, 260, 280, 450], fill=(40, 60, 120, 255))
    photo.save(d / "02_Photo.png")
    # Pillow writes CMYK JPEGs as Photoshop does: Adobe APP14 marker, inverted values.
    photo.convert("RGB").convert("CMYK").save(d / "03_Photo_Print.jpg", quality=80, dpi=(300, 300))
    # Stored landscape, displayed portrait: EXIF orientation 6 (rotate 90 clockwise).
    letter = page_like((620, 877)).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    letter.save(d / "04_Employer_Letter.jpg", quality=70, exif=exif.tobytes())


if __name__ == "__main__":
    forms()
    images()
    for p in sorted(OUT.rglob("*.*")):
        print(p.relative_to(ROOT), p.stat().st_size)
