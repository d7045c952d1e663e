#!/usr/bin/env python3
"""Makes fixtures/real-world/: one small PDF per class of real-world PDF that issue 17
found built wrong or judged wrong. Each is a regression fixture for tests/real_world.rs
and, built into a pack, for tests/render_compare.rs.

The base page comes from reportlab; the damage or the feature is then written by pikepdf
(optional content) or by hand (the bytes a broken producer writes), and encryption by
qpdf, the same tools that made the files in the wild.

Run: python3 -m venv /tmp/fx && /tmp/fx/bin/pip install reportlab pikepdf
     /tmp/fx/bin/python scripts/make-realworld-fixtures.py   (needs qpdf on PATH)
"""
import io
import re
import subprocess
import zlib
from pathlib import Path

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "real-world"

LINES = [
    "To whom it may concern,",
    "Minjun Lee, passport M98521844, is our sales director. He travels to Almaty",
    "from 2026-12-01 to 2026-12-10 to meet our partners and attend the trade fair.",
    "The company covers all costs of the business visit.",
]


def letter(title: str) -> bytes:
    """A one-page A4 letter with a heading and four lines of text."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 770, title)
    c.setFont("Helvetica", 11)
    for i, line in enumerate(LINES):
        c.drawString(72, 730 - 18 * i, line)
    c.save()
    return buf.getvalue()


def layered(base_off: bool) -> pikepdf.Pdf:
    """The letter with a big grey DRAFT in an optional-content group that is off."""
    pdf = pikepdf.open(io.BytesIO(letter("Invitation letter")))
    page = pdf.pages[0]
    hidden = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Draft mark"))
    shown = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name="Letter"))
    props = page.obj.Resources.get("/Properties", pikepdf.Dictionary())
    props.Draft = hidden
    props.Text = shown
    page.obj.Resources.Properties = props
    fonts = page.obj.Resources.Font
    fname = list(fonts.keys())[0]
    mark = (
        f"/OC /Draft BDC q 0.3 g BT {fname} 120 Tf 1 0 0 1 90 300 Tm (DRAFT) Tj ET Q EMC\n"
        f"/OC /Text BDC q 0 g BT {fname} 11 Tf 1 0 0 1 72 600 Tm (Reference KZ-2026-118) Tj ET Q EMC\n"
    ).encode()
    page.contents_add(pdf.make_stream(mark), prepend=False)
    if base_off:
        config = pikepdf.Dictionary(BaseState=pikepdf.Name.OFF, ON=[shown], Order=[shown, hidden])
    else:
        config = pikepdf.Dictionary(OFF=[hidden], Order=[shown, hidden])
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[hidden, shown], D=config)
    return pdf


def save(pdf: pikepdf.Pdf, name: str) -> None:
    pdf.save(OUT / name, deterministic_id=True, compress_streams=True)


def embedded_letter() -> bytes:
    """The letter set in an embedded TrueType subset, streams left uncompressed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=0)
    c.setTitle("Employer letter")
    c.setFont("DejaVu", 11)
    for i, line in enumerate(LINES):
        c.drawString(72, 730 - 18 * i, line)
    c.save()
    return buf.getvalue()


def without_lengths(pdf: bytes) -> bytes:
    """Every stream's /Length blanked with spaces (offsets stay right), as a producer
    that writes the dictionary before it knows the length and never comes back."""
    return re.sub(rb"/Length \d+", lambda m: b" " * len(m.group(0)), pdf)


def corrupt_content(pdf: bytes) -> bytes:
    """The page's Flate content stream with bytes in its middle overwritten."""
    doc = pikepdf.open(io.BytesIO(pdf))
    contents = doc.pages[0].obj.Contents
    contents.write(zlib.compress(contents.read_bytes()), filter=pikepdf.Name.FlateDecode)
    buf = io.BytesIO()
    doc.save(buf, deterministic_id=True)
    pdf = buf.getvalue()
    reopened = pikepdf.open(io.BytesIO(pdf))
    raw = reopened.pages[0].obj.Contents.read_raw_bytes()
    start = pdf.index(raw)
    mid = start + len(raw) // 2
    return pdf[:mid] + b"\xff" * 8 + pdf[mid + 8:]


def qpdf(*args: str) -> None:
    subprocess.run(["qpdf", *args], check=True)


def raw_pdf(objects: list[bytes], root: int) -> bytes:
    """A PDF from object bodies numbered from 1, with a correct xref: what a small
    hand-rolled producer writes."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def text_stream(lines: list[str]) -> bytes:
    ops = b"BT /F1 11 Tf 72 760 Td 16 TL " + b" ".join(
        b"(" + line.encode() + b") '" for line in lines) + b" ET"
    return b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def direct_page() -> bytes:
    """The page tree's kid is the page dictionary itself, not a reference to it."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [ << /Type /Page /Parent 2 0 R"
        b" /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 3 0 R >> ] >>",
        text_stream(LINES),
        FONT,
    ], 1)


def pages_is_a_page() -> bytes:
    """The catalog's /Pages is a single page, with no page tree above it."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Page /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 3 0 R >>",
        text_stream(LINES),
        FONT,
    ], 1)


def image_page(pdf: pikepdf.Pdf, image: pikepdf.Stream, size=(595, 842)) -> None:
    """Adds a page that `image` fills, as a scanner writes it."""
    w, h = size
    content = f"q {w} 0 0 {h} 0 0 cm /Im0 Do Q".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, w, h],
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))


def devicen() -> pikepdf.Pdf:
    """A 256 x 256 image in a three-colorant DeviceN space with a CMYK alternate."""
    pdf = pikepdf.new()
    tint = pdf.make_stream(
        b"{ 0 }", FunctionType=4, Domain=[0, 1, 0, 1, 0, 1], Range=[0, 1, 0, 1, 0, 1, 0, 1])
    space = [pikepdf.Name.DeviceN, [pikepdf.Name("/Cyan"), pikepdf.Name("/Magenta"),
             pikepdf.Name("/Spot")], pikepdf.Name.DeviceCMYK, tint]
    data = bytes((x, y, (x ^ y) & 0xFF)[c] for y in range(256) for x in range(256) for c in range(3))
    image = pdf.make_stream(zlib.compress(data, 9), Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Image, Width=256, Height=256,
                            BitsPerComponent=8, ColorSpace=space,
                            Filter=pikepdf.Name.FlateDecode)
    image_page(pdf, image)
    return pdf


def one_huge_image() -> pikepdf.Pdf:
    """Three letter pages and, between them, a page with a 12000 x 9000 (108 MP) blank
    bitonal image: over the pixel limit, yet the other pages are readable."""
    pdf = pikepdf.open(io.BytesIO(letter("Bank statement")))
    w, h = 12000, 9000
    data = zlib.compress(b"\xff" * (w // 8 * h), 9)
    image = pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=w, Height=h, BitsPerComponent=1,
                            ColorSpace=pikepdf.Name.DeviceGray,
                            Filter=pikepdf.Name.FlateDecode)
    image_page(pdf, image)
    more = pikepdf.open(io.BytesIO(letter("Bank statement, page 3")))
    pdf.pages.extend(more.pages)
    return pdf


def indirect_revision(pdf: bytes) -> bytes:
    """An incremental update that gives the /Encrypt dictionary its revision /R as a
    reference to an integer object, which the format allows and one producer writes."""
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)", pdf, re.S)[-1]
    body, prev = trailer
    enc = int(re.search(rb"/Encrypt (\d+) 0 R", body).group(1))
    size = int(re.search(rb"/Size (\d+)", body).group(1))
    old = re.search(rb"\n%d 0 obj(.*?)endobj" % enc, pdf, re.S).group(1)
    new = re.sub(rb"/R (\d+)", b"/R %d 0 R" % size, old)
    revision = re.search(rb"/R (\d+)", old).group(1)
    out = bytearray(pdf)
    enc_at = len(out)
    out += b"%d 0 obj" % enc + new + b"endobj\n"
    rev_at = len(out)
    out += b"%d 0 obj\n" % size + revision + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n%d 1\n%010d 00000 n \n" % (
        enc, enc_at, size, rev_at)
    body = re.sub(rb"/Size \d+", b"/Size %d" % (size + 1), body)
    body = re.sub(rb"/Prev \d+", b"", body)
    out += b"trailer\n<<" + body + b" /Prev " + prev + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    save(layered(False), "layer-off.pdf")
    save(layered(True), "layer-base-state-off.pdf")
    (OUT / "no-length.pdf").write_bytes(without_lengths(embedded_letter()))
    (OUT / "corrupt-content.pdf").write_bytes(corrupt_content(letter("Hotel reservation")))
    (OUT / "direct-page.pdf").write_bytes(direct_page())
    (OUT / "pages-is-a-page.pdf").write_bytes(pages_is_a_page())
    save(devicen(), "devicen-image.pdf")
    save(one_huge_image(), "one-huge-image.pdf")
    plain = OUT / "plain.tmp.pdf"
    plain.write_bytes(letter("Flight itinerary"))
    # Owner password only: every reader opens it without asking.
    qpdf("--encrypt", "", "owner-secret", "256", "--", str(plain), str(OUT / "aes256-open.pdf"))
    qpdf("--encrypt", "", "owner-secret", "128", "--use-aes=y", "--", str(plain),
         str(OUT / "aes128-open.pdf"))
    # AES-256 does not use /ID for its key, so a wrong /ID must not stop the reading.
    opened = (OUT / "aes256-open.pdf").read_bytes()
    bad = re.sub(rb"/ID \[[^\]]*\]", lambda m: b"/ID 0" + b" " * (len(m.group(0)) - 5), opened)
    (OUT / "aes256-invalid-id.pdf").write_bytes(bad)
    qpdf("--encrypt", "user-secret", "owner-secret", "256", "--", str(plain),
         str(OUT / "aes256-user-password.pdf"))
    qpdf("--allow-weak-crypto", "--encrypt", "user-secret", "owner-secret", "128", "--use-aes=n", "--", str(plain),
         str(OUT / "rc4-user-password.pdf"))
    (OUT / "aes128-indirect-r.pdf").write_bytes(
        indirect_revision((OUT / "aes128-open.pdf").read_bytes()))
    (OUT / "rc4-user-password-indirect-r.pdf").write_bytes(
        indirect_revision((OUT / "rc4-user-password.pdf").read_bytes()))
    plain.unlink()


if __name__ == "__main__":
    main()
