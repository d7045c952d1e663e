#!/usr/bin/env python3
"""Writes fixtures/type3/*.pdf: real Ghostscript (pdfwrite) PDFs whose text is set in Type 3 fonts.

Each fixture is a PostScript program defining a Type 3 font (its BuildChar draws the
outline of URW Nimbus Sans, Ghostscript's Helvetica, with `charpath fill`) and setting a
few lines of a visa letter in it; `gs -sDEVICE=pdfwrite` (what `ps2pdf` runs) turns it
into a PDF with a `/Subtype /Type3` font. The three differ in how the codes reach
Unicode and in the font's FontMatrix, the ways Type 3 fonts from PDFlib, iText, ConTeXt
and printer drivers (eDocPrintPro) differ from each other:

- printer-driver.pdf: glyphs named /g1, /g2... (no standard name), codes handed out in
  order of first use, Unicode only through ToUnicode (written by pdfwrite from the font's
  GlyphNames2Unicode, as the Windows PostScript driver supplies it); FontMatrix
  [1 0 0 1 0 0] with a 50-unit em; every glyph placed by `xshow` on a 600 dpi grid, so
  the text is full of small TJ adjustments.
- glyph-names.pdf: codes in order of first use, standard glyph names only (Adobe Glyph
  List names, uniXXXX for Cyrillic, f_i for the ligature), no ToUnicode; FontMatrix
  [0.001 0 0 0.001 0 0].
- few-glyphs.pdf: a short note of 30 distinct glyphs, /gN names at codes 1 to 30 and a
  ToUnicode map; FontMatrix [0.01 0 0 0.01 0 0] with a 100-unit em (the conventional em
  at another scale). StandardEncoding has nothing at codes below 32: read through it,
  the page has no text at all (`scan/no-text`).
- tex-style.pdf: glyph names at their StandardEncoding codes, no space glyph: words are
  placed one by one as TeX does; FontMatrix [0.01 0 0 0.01 0 0] with a 10-unit em, so an
  em is a tenth of a text space unit.

Beside each PDF, `<name>.txt` is what poppler's `pdftotext` reads in it: tests/type3.rs
asserts dossier reads the same words.

Run from the repository root with Ghostscript, poppler-utils and pikepdf installed
(`apt-get install ghostscript poppler-utils`, `pip install pikepdf`); the output is
byte-for-byte reproducible with the same Ghostscript (dates, ID and XMP are left out).
The tests read the committed files and need none of them.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "type3")

# Nimbus Sans glyph names for the Latin characters the fixtures use.
LATIN = {
    " ": "space", ",": "comma", ".": "period", ":": "colon", ";": "semicolon", "-": "hyphen",
    "(": "parenleft", ")": "parenright", "/": "slash", "'": "quoteright",
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four",
    "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine",
}
for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
    LATIN[c] = c


def base_glyph(ch):
    """The Nimbus Sans glyph drawing character `ch` ('fi' for the ligature)."""
    if ch == "fi":
        return "fi"
    if ch in LATIN:
        return LATIN[ch]
    u = ord(ch)
    # The Adobe names of Cyrillic letters are consecutive: afii10017 is U+0410.
    if 0x410 <= u <= 0x44F:
        return "afii%d" % (10017 + u - 0x410 if u < 0x430 else 10065 + u - 0x430)
    raise ValueError("no glyph for %r" % ch)


def agl_name(ch):
    """The glyph name a producer using standard names gives `ch`."""
    if ch == "fi":
        return "f_i"
    if ch in LATIN:
        return LATIN[ch]
    return "uni%04X" % ord(ch)


def tokens(line):
    """The characters of `line`, with "fi" as one ligature."""
    out, i = [], 0
    while i < len(line):
        if line.startswith("fi", i):
            out.append("fi")
            i += 2
        else:
            out.append(line[i])
            i += 1
    return out


def unicode_of(tok):
    return [ord(c) for c in tok]


class Font:
    """A Type 3 font: code -> (its glyph name, the base glyph its BuildChar draws)."""

    def __init__(self, name, matrix, em, naming, codes):
        self.name, self.matrix, self.em = name, matrix, em
        self.naming, self.codes = naming, codes
        self.glyphs = {}

    def code(self, tok):
        if tok not in self.glyphs:
            if self.codes == "first-use":
                code = len(self.glyphs) + 1
            else:
                code = STANDARD_CODES[base_glyph(tok)]
            name = "g%d" % code if self.naming == "g" else agl_name(tok)
            self.glyphs[tok] = (code, name)
        return self.glyphs[tok][0]

    def encode(self, line):
        return "".join("%02X" % self.code(t) for t in tokens(line))

    def definition(self, g2u):
        enc = "\n".join(
            "Encoding %d /%s put" % (code, base_glyph(tok))
            for tok, (code, _) in sorted(self.glyphs.items(), key=lambda kv: kv[1])
        )
        t3enc = "\n".join(
            "Encoding %d /%s put" % (code, name)
            for code, name in sorted(self.glyphs.values())
        )
        info = ""
        if g2u:
            pairs = "\n".join(
                "/%s <%s> def" % (name, "".join("%04X" % u for u in unicode_of(tok)))
                for tok, (code, name) in sorted(self.glyphs.items(), key=lambda kv: kv[1])
            )
            info = "/FontInfo 1 dict dup begin /GlyphNames2Unicode %d dict dup begin\n%s\nend def end def" % (
                len(self.glyphs), pairs)
        em = self.em
        bbox = "%g %g %g %g" % (-0.17 * em, -0.23 * em, 1.1 * em, 0.96 * em)
        return f"""
/{self.name}Base /Helvetica findfont dup length dict begin
  {{ 1 index /FID ne {{ def }} {{ pop pop }} ifelse }} forall
  /Encoding 256 array def 0 1 255 {{ Encoding exch /.notdef put }} for
{enc}
currentdict end definefont pop
/{self.name} 10 dict dup begin
  /FontType 3 def
  /FontMatrix [{self.matrix}] def
  /FontBBox [{bbox}] def
  /Encoding 256 array def 0 1 255 {{ Encoding exch /.notdef put }} for
{t3enc}
{info}
  /BuildChar {{
    exch begin
    /{self.name}Base findfont {em} scalefont setfont
    ( ) dup 0 4 -1 roll put
    dup stringwidth pop 0 {bbox} setcachedevice
    0 0 moveto true charpath fill
    end
  }} bind def
end definefont pop
"""


def standard_codes():
    """Glyph name -> StandardEncoding code, asked from Ghostscript itself."""
    ps = "0 1 255 { dup StandardEncoding exch get dup /.notdef ne { =only ( ) print = } { pop pop } ifelse } for"
    out = subprocess.run(
        ["gs", "-q", "-dNODISPLAY", "-dBATCH", "-dNOPAUSE", "-c", ps],
        check=True, capture_output=True, text=True).stdout
    codes = {}
    for line in out.split("\n"):
        if line.strip():
            name, code = line.split()
            codes[name] = int(code)
    return codes


STANDARD_CODES = {}


def write(name, program, to_unicode=True):
    ps_path = os.path.join(OUT, name + ".ps")
    pdf_path = os.path.join(OUT, name + ".pdf")
    with open(ps_path, "w", encoding="ascii") as f:
        f.write(program)
    subprocess.run(
        ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
         "-dOmitInfoDate", "-dOmitID", "-dOmitXMP"]
        # pdfwrite derives a ToUnicode map from standard glyph names unless told not to.
        + ([] if to_unicode else ["-dWantsToUnicode=false"])
        + ["-o", pdf_path, ps_path],
        check=True)
    os.remove(ps_path)
    print("wrote", os.path.relpath(pdf_path, ROOT))


HEADER = "%!PS-Adobe-3.0\n%%BoundingBox: 0 0 595 842\n"

LETTER = [
    "Lee Trading LLP, 12 Harbour Road, Singapore",
    "Employer letter: Mr Daniel Lee works for us as sales manager since 2019.",
    "He travels to Almaty from 19 December 2026 to 1 January 2027 for business",
    "meetings with our partner; we pay his travel and hotel costs.",
    "Письмо работодателя: командировка в Алматы.",
]

INVITATION = [
    "Invitation letter, 24 November 2026",
    "Steppe Logistics LLP invites Mr Daniel Lee to Almaty for business",
    "meetings from 19 December 2026 to 1 January 2027. The certified copy",
    "of his passport is attached.",
    "Приглашение на деловые встречи с 19 декабря 2026 года.",
]

NOTE = [
    "Hotel room for Mr Daniel Lee in Almaty from 19 to 24 December 2026 is paid in full.",
    "room 1024 in the Hotel Almaty.",
]

TEX = [
    "Travel insurance certificate for Mr Daniel Lee, valid in Kazakhstan",
    "from 19 December 2026 to 1 January 2027, medical cover of 30000 EUR.",
    "The insurer pays hospital costs and the return home after an accident.",
]


def printer_driver():
    """/gN names, ToUnicode, FontMatrix [1 0 0 1 0 0], glyphs placed on a 600 dpi grid."""
    em, size = 50.0, 11.0
    font = Font("PDrvT3", "1 0 0 1 0 0", em, "g", "first-use")
    encoded = [font.encode(line) for line in LETTER]
    # The driver knows each glyph's advance in device pixels (600 dpi) and places every
    # glyph itself: advances rounded to the pixel grid, as `xshow` offsets.
    adv = measure(font, em)
    pixel = 72.0 / 600
    body = []
    y = 760
    for line, hexs in zip(LETTER, encoded):
        codes = [int(hexs[i:i + 2], 16) for i in range(0, len(hexs), 2)]
        x_exact, x_grid, offsets = 0.0, 0.0, []
        for code in codes:
            x_exact += adv[code] * size / em
            snapped = round(x_exact / pixel) * pixel
            offsets.append("%.2f" % (snapped - x_grid))
            x_grid = snapped
        body.append("72 %d moveto <%s> [%s] xshow" % (y, hexs, " ".join(offsets)))
        y -= 15
    program = HEADER + font.definition(g2u=True) + "/PDrvT3 findfont %g scalefont setfont\n" % (
        size / em) + "\n".join(body) + "\nshowpage\n"
    write("printer-driver", program)


def glyph_names():
    """Standard names (AGL, uniXXXX, f_i) at codes in order of first use, no ToUnicode."""
    font = Font("NamesT3", "0.001 0 0 0.001 0 0", 1000, "agl", "first-use")
    encoded = [font.encode(line) for line in INVITATION]
    body = ["72 %d moveto <%s> show" % (760 - 15 * i, h) for i, h in enumerate(encoded)]
    program = HEADER + font.definition(g2u=False) + "/NamesT3 findfont 11 scalefont setfont\n" + "\n".join(
        body) + "\nshowpage\n"
    # pdfwrite still maps the uniXXXX names through a ToUnicode of its own: that file is
    # the mixed case (ToUnicode for the Cyrillic, names for the rest); without the map,
    # the glyph names are all a reader has.
    write("partial-tounicode", program, to_unicode=False)
    import pikepdf

    with pikepdf.open(os.path.join(OUT, "partial-tounicode.pdf")) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                del font["/ToUnicode"]
        pdf.save(os.path.join(OUT, "glyph-names.pdf"), static_id=True)
    print("wrote fixtures/type3/glyph-names.pdf")


def few_glyphs():
    """/gN names at codes 1 to 30, ToUnicode, FontMatrix [0.01 0 0 0.01 0 0], 100-unit em."""
    font = Font("NoteT3", "0.01 0 0 0.01 0 0", 100, "g", "first-use")
    encoded = [font.encode(line) for line in NOTE]
    assert len(font.glyphs) < 32, "the note must stay below code 32"
    body = ["72 %d moveto <%s> show" % (760 - 15 * i, h) for i, h in enumerate(encoded)]
    program = HEADER + font.definition(g2u=True) + "/NoteT3 findfont 11 scalefont setfont\n" + "\n".join(
        body) + "\nshowpage\n"
    write("few-glyphs", program)


def tex_style():
    """No space glyph, words placed one by one; FontMatrix [0.01 0 0 0.01 0 0], 10-unit em."""
    em, size = 10.0, 11.0
    font = Font("TexT3", "0.01 0 0 0.01 0 0", em, "agl", "standard")
    scale = size / (em * 0.01)
    lines = []
    for line in TEX:
        lines.append([font.encode(word) for word in line.split(" ")])
    adv = measure(font, em)
    body = []
    for i, words in enumerate(lines):
        x = 72.0
        y = 760 - 14 * i
        for hexs in words:
            body.append("%.3f %d moveto <%s> show" % (x, y, hexs))
            codes = [int(hexs[j:j + 2], 16) for j in range(0, len(hexs), 2)]
            # Interword glue of a third of an em, as TeX's Computer Modern sets it.
            x += sum(adv[c] for c in codes) * size / em + size / 3
    program = HEADER + font.definition(g2u=False) + "/TexT3 findfont %g scalefont setfont\n" % scale + "\n".join(
        body) + "\nshowpage\n"
    write("tex-style", program)


def measure(font, em):
    """Each code's advance in the base font at `em` units, asked from Ghostscript."""
    codes = sorted(code for code, _ in font.glyphs.values())
    ps = font.definition(g2u=False) + "/%sBase findfont %g scalefont setfont " % (font.name, em) + " ".join(
        "<%02X> stringwidth pop =" % c for c in codes)
    out = subprocess.run(
        ["gs", "-q", "-dNODISPLAY", "-dBATCH", "-dNOPAUSE", "-"],
        input=ps, check=True, capture_output=True, text=True).stdout.split()
    return dict(zip(codes, (float(v) for v in out)))


def main():
    os.makedirs(OUT, exist_ok=True)
    STANDARD_CODES.update(standard_codes())
    printer_driver()
    glyph_names()
    few_glyphs()
    tex_style()
    for name in sorted(os.listdir(OUT)):
        if name.endswith(".pdf"):
            pdf = os.path.join(OUT, name)
            subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, pdf[:-4] + ".txt"], check=True)


if __name__ == "__main__":
    sys.exit(main())
