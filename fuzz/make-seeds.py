#!/usr/bin/env python3
"""Writes small synthetic seeds for the fuzz targets, next to the real files.

The corpus packs hold only text PDFs and baseline RGB JPEG scans; these files reach the
rest of dossier's readers: Flate, LZW, raw, indexed, CMYK, 16-bit, 1-bit and
ImageMask images, CCITT G3/G4 scans, form XObjects, inherited page attributes, DCT
data behind a second filter, gray and CMYK JPEGs, EXIF orientation, PNG and TIFF.
Standard library only (zlib, struct). Run from the repository root:

    python3 fuzz/make-seeds.py

It writes fuzz/corpus/read_pdf/synth_* and fuzz/corpus/read_image/synth_* (the first
byte of a read_image input picks the type and the colour flag: 0 JPEG, 1 PNG, 2 TIFF
decoded in colour, 3 JPEG, 4 PNG, 5 TIFF luma only; every JPEG is written both ways).
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PDF_DIR = os.path.join(HERE, "corpus", "read_pdf")
IMG_DIR = os.path.join(HERE, "corpus", "read_image")
JPEG, PNG, TIFF = 0, 1, 2


# ---------------------------------------------------------------- pixels

def pattern(w, h, comps, bits=8):
    """A page-like test pattern: light paper, dark 'text lines', a darker left margin."""
    top = (1 << bits) - 1
    rows = []
    for y in range(h):
        row = []
        for x in range(w):
            ink = (y // 4) % 3 == 0 and 4 < x < w - 4 and (x // 3 + y) % 5 != 0
            v = top // 8 if ink else top - top // 10 - (x * top // (8 * w))
            for c in range(comps):
                row.append(max(0, min(top, v - c * top // 16)))
        rows.append(row)
    return rows


def pack_rows(rows, bits):
    out = bytearray()
    for row in rows:
        if bits == 8:
            out += bytes(row)
        elif bits == 16:
            for v in row:
                out += struct.pack(">H", v)
        else:
            acc, n = 0, 0
            for v in row:
                acc = (acc << bits) | v
                n += bits
                if n == 8:
                    out.append(acc)
                    acc, n = 0, 0
            if n:
                out.append(acc << (8 - n))
    return bytes(out)


# ---------------------------------------------------------------- encoders

def lzw(data):
    """PDF LZWDecode data (EarlyChange 1) that only uses literal 9-bit codes."""
    codes = [256]
    for i, b in enumerate(data):
        if i and i % 250 == 0:
            codes.append(256)
        codes.append(b)
    codes.append(257)
    acc, n, out = 0, 0, bytearray()
    for c in codes:
        acc = (acc << 9) | c
        n += 9
        while n >= 8:
            n -= 8
            out.append((acc >> n) & 0xFF)
    if n:
        out.append((acc << (8 - n)) & 0xFF)
    return bytes(out)


def runlength(data):
    out = bytearray()
    for i in range(0, len(data), 128):
        chunk = data[i:i + 128]
        out.append(len(chunk) - 1)
        out += chunk
    out.append(128)
    return bytes(out)


class Bits:
    def __init__(self):
        self.acc, self.n, self.out = 0, 0, bytearray()

    def put(self, code, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((code >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                self.acc, self.n = 0, 0

    def put_str(self, s):
        for ch in s:
            self.put(int(ch), 1)

    def flush(self, fill=0):
        while self.n:
            self.put(fill, 1)
        return bytes(self.out)


def g4_white(h):
    """CCITT G4 (K < 0) data for an all-white page: one V0 per row, then EOFB."""
    b = Bits()
    for _ in range(h):
        b.put_str("1")
    b.put_str("000000000001" * 2)
    return b.flush()


# White and black run codes for the runs g3_stripes uses (T.4 tables).
WHITE = {0: "00110101", 8: "10011", 16: "101010", 64: "11011", 24: "0101000"}
BLACK = {0: "0000110111", 8: "000101", 16: "0000010111", 24: "00000010111"}


def g3_stripes(w, h):
    """CCITT G3 1-D (K = 0) rows: white 16, black 8, white w-24, each after an EOL."""
    assert w == 64
    b = Bits()
    for y in range(h):
        b.put_str("000000000001")
        if y % 4 == 0:
            b.put_str(WHITE[16] + BLACK[8] + WHITE[24] + BLACK[16])
        else:
            b.put_str(WHITE[64] + WHITE[0])
    b.put_str("000000000001" * 6)
    return b.flush()


# ---------------------------------------------------------------- JPEG

ZIGZAG_Q75 = [
    8, 6, 6, 7, 6, 5, 8, 7, 7, 7, 9, 9, 8, 10, 12, 20, 13, 12, 11, 11, 12, 25, 18, 19,
    15, 20, 29, 26, 31, 30, 29, 26, 28, 28, 32, 36, 46, 39, 32, 34, 44, 35, 28, 28, 40,
    55, 41, 44, 48, 49, 52, 52, 52, 31, 39, 57, 61, 56, 50, 60, 46, 51, 52, 50,
]
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALS = list(range(12))
AC_BITS = [1] + [0] * 15  # one code, "0": EOB
AC_VALS = [0]


def huff_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def exif_app1(orientation, dpi):
    """APP1 Exif with Orientation, XResolution and ResolutionUnit (big-endian TIFF)."""
    entries = 3
    ifd_len = 2 + entries * 12 + 4
    rational_at = 8 + ifd_len
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", entries)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff += struct.pack(">HHII", 0x011A, 5, 1, rational_at)
    tiff += struct.pack(">HHIHH", 0x0128, 3, 1, 2, 0)
    tiff += struct.pack(">I", 0) + struct.pack(">II", dpi, 1)
    return segment(0xE1, b"Exif\x00\x00" + tiff)


def jpeg(w, h, comps, jfif_dpi=None, exif=None):
    """A baseline JPEG of blocks of constant value (DC only), 1, 3 or 4 components."""
    out = b"\xFF\xD8"
    if jfif_dpi:
        out += segment(0xE0, b"JFIF\x00\x01\x01\x01" + struct.pack(">HH", jfif_dpi, jfif_dpi) + b"\x00\x00")
    if exif:
        out += exif_app1(*exif)
    if comps == 4:
        out += segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x00")
    out += segment(0xDB, b"\x00" + bytes(ZIGZAG_Q75))
    sof = struct.pack(">BHHB", 8, h, w, comps)
    for c in range(comps):
        sof += bytes([c + 1, 0x11, 0])
    out += segment(0xC0, sof)
    out += segment(0xC4, b"\x00" + bytes(DC_BITS) + bytes(DC_VALS))
    out += segment(0xC4, b"\x10" + bytes(AC_BITS) + bytes(AC_VALS))
    sos = bytes([comps]) + b"".join(bytes([c + 1, 0x00]) for c in range(comps)) + b"\x00\x3f\x00"
    out += segment(0xDA, sos)
    dc, ac = huff_codes(DC_BITS, DC_VALS), huff_codes(AC_BITS, AC_VALS)
    img = pattern(w, h, 1)
    bits, pred = Bits(), [0] * comps
    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            v = img[min(by + 3, h - 1)][min(bx + 3, w - 1)]
            for c in range(comps):
                level = v if c == 0 else 128
                if comps == 4:
                    level = 255 - (0 if c < 3 else 255 - v)  # inverted Adobe CMYK
                q = round(8 * (level - 128) / ZIGZAG_Q75[0])
                diff, pred[c] = q - pred[c], q
                size = abs(diff).bit_length()
                code, length = dc[size]
                bits.put(code, length)
                if size:
                    bits.put(diff if diff > 0 else diff + (1 << size) - 1, size)
                code, length = ac[0]
                bits.put(code, length)
    data = bits.flush(fill=1).replace(b"\xFF", b"\xFF\x00")
    return out + data + b"\xFF\xD9"


# ---------------------------------------------------------------- PNG, TIFF

def png(w, h, colour, bits, rows, phys=None, palette=None):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + pack_rows([r], bits) for r in rows)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bits, colour, 0, 0, 0))
    if phys:
        out += chunk(b"pHYs", struct.pack(">IIB", phys, phys, 1))
    if palette:
        out += chunk(b"PLTE", palette)
    return out + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def tiff(w, h, spp, bits, data, compression=1, photometric=1, big=False, orientation=None, dpi=72):
    e = ">" if big else "<"
    tags = [
        (256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, bits), (259, 3, 1, compression),
        (262, 3, 1, photometric), (273, 4, 1, None), (277, 3, 1, spp), (278, 3, 1, h),
        (279, 4, 1, len(data)), (282, 5, 1, "res"), (283, 5, 1, "res"), (296, 3, 1, 2),
    ]
    if orientation:
        tags.append((274, 3, 1, orientation))
    tags.sort()
    ifd_at = 8
    ifd_len = 2 + 12 * len(tags) + 4
    res_at = ifd_at + ifd_len
    data_at = res_at + 8
    out = (b"MM" if big else b"II") + struct.pack(e + "HI", 42, ifd_at) + struct.pack(e + "H", len(tags))
    for tag, typ, count, val in tags:
        if val is None:
            val = data_at
        if val == "res":
            out += struct.pack(e + "HHII", tag, typ, count, res_at)
        elif typ == 3:
            out += struct.pack(e + "HHIHH", tag, typ, count, val, 0)
        else:
            out += struct.pack(e + "HHII", tag, typ, count, val)
    out += struct.pack(e + "I", 0) + struct.pack(e + "II", dpi, 1)
    return out + data


# ---------------------------------------------------------------- PDF

def pdf(objects, trailer_extra=b""):
    """objects: list of bytes, object i+1. Stream objects are (dict_bytes, data)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i
        if isinstance(obj, tuple):
            d, data = obj
            assert d.endswith(b">>") and b"/Length" not in d
            out += d[:-2] + b" /Length %d>>" % len(data)
            out += b"\nstream\n" + data + b"\nendstream"
        else:
            out += obj
        out += b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d /Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def image_page(image_dict, image_data, w_pt=200, h_pt=150, content=None):
    """Catalog, page tree (MediaBox and Resources inherited), one page drawing /Im0."""
    content = content or b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (w_pt, h_pt)
    return pdf([
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 %d %d] /Resources <</XObject <</Im0 5 0 R>>>>>>" % (w_pt, h_pt),
        b"<</Type /Page /Parent 2 0 R /Contents 4 0 R>>",
        (b"<</Filter /FlateDecode>>", zlib.compress(content)),
        (b"<</Type /XObject /Subtype /Image " + image_dict + b">>", image_data),
    ])


def pdf_seeds():
    w, h = 64, 48
    gray = pack_rows(pattern(w, h, 1), 8)
    rgb = pack_rows(pattern(w, h, 3), 8)
    yield "flate_gray", image_page(b"/Width 64 /Height 48 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(gray))
    yield "flate_rgb_decode", image_page(b"/Width 64 /Height 48 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Decode [1 0 1 0 1 0] /Filter /FlateDecode", zlib.compress(rgb))
    yield "lzw_cmyk", image_page(b"/Width 64 /Height 48 /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /LZWDecode", lzw(pack_rows(pattern(w, h, 4), 8)))
    yield "runlength_gray16", image_page(b"/Width 64 /Height 48 /ColorSpace /CalGray /BitsPerComponent 16 /Filter /RunLengthDecode", runlength(pack_rows(pattern(w, h, 1, 16), 16)))
    idx = [[v >> 6 for v in row] for row in pattern(w, h, 1)]
    yield "indexed2", image_page(b"/Width 64 /Height 48 /ColorSpace [/Indexed /DeviceRGB 3 <000000 555555 aaaaaa fffff0>] /BitsPerComponent 2 /Filter /FlateDecode", zlib.compress(pack_rows(idx, 2)))
    bw = [[1 if v > 128 else 0 for v in row] for row in pattern(w, h, 1)]
    yield "imagemask_raw", image_page(b"/Width 64 /Height 48 /ImageMask true", pack_rows(bw, 1))
    yield "icc_gray4_rotated", icc_rotated()
    yield "ccitt_g4", image_page(b"/Width 64 /Height 48 /BitsPerComponent 1 /ColorSpace /DeviceGray /Filter /CCITTFaxDecode /DecodeParms <</K -1 /Columns 64 /Rows 48>>", g4_white(48))
    yield "ccitt_g3", image_page(b"/Width 64 /Height 48 /BitsPerComponent 1 /ColorSpace /DeviceGray /Filter [/CCITTFaxDecode] /DecodeParms [<</K 0 /Columns 64 /BlackIs1 false>>]", g3_stripes(64, 48))
    j = jpeg(w, h, 1)
    yield "dct_gray", image_page(b"/Width 64 /Height 48 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", j)
    yield "dct_behind_flate", image_page(b"/Width 64 /Height 48 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /DCTDecode]", zlib.compress(j))
    yield "dct_cmyk", image_page(b"/Width 64 /Height 48 /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode", jpeg(w, h, 4))
    # A form XObject with its own Resources and Matrix draws the image; white fills,
    # invisible text and visible text around it.
    form = b"q 1 g 0 0 1 1 re f Q BT 3 Tr /F1 9 Tf (ocr) Tj ET /Im0 Do"
    page = b"q 200 0 0 150 0 0 cm /Fm0 Do Q BT /F1 9 Tf [(Hi) -20 (there)] TJ ET 0 0 1 RG 0 0 m 9 9 l S"
    yield "form_xobject", pdf([
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 150] /CropBox [0 0 200 150]>>",
        b"<</Type /Page /Parent 2 0 R /Contents [4 0 R] /Resources <</XObject <</Fm0 5 0 R>>>>>>",
        (b"<</Filter /FlateDecode>>", zlib.compress(page)),
        (b"<</Type /XObject /Subtype /Form /BBox [0 0 1 1] /Matrix [1 0 0 1 0 0] /Resources <</XObject <</Im0 6 0 R>>>> /Filter /FlateDecode>>", zlib.compress(form)),
        (b"<</Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode>>", zlib.compress(gray)),
    ])


def icc_rotated():
    """A 4-bit ICCBased (N 1) image drawn rotated by the CTM."""
    w, h = 64, 48
    data = zlib.compress(pack_rows([[v >> 4 for v in row] for row in pattern(w, h, 1)], 4))
    return pdf([
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 150] /Resources <</XObject <</Im0 5 0 R>>>>>>",
        b"<</Type /Page /Parent 2 0 R /Contents 4 0 R /Rotate 90>>",
        (b"<</Filter /FlateDecode>>", zlib.compress(b"q 0 150 -200 0 200 0 cm /Im0 Do Q")),
        (b"<</Type /XObject /Subtype /Image /Width 64 /Height 48 /ColorSpace [/ICCBased 6 0 R] /BitsPerComponent 4 /Filter /FlateDecode>>", data),
        (b"<</N 1 /Alternate /DeviceGray>>", b"\x00" * 16),
    ])


def image_seeds():
    w, h = 64, 48
    yield "jpeg_gray_jfif", JPEG, jpeg(w, h, 1, jfif_dpi=150)
    yield "jpeg_rgb_exif6", JPEG, jpeg(w, h, 3, exif=(6, 300))
    yield "jpeg_cmyk_exif3", JPEG, jpeg(w, h, 4, exif=(3, 72))
    yield "png_gray_phys", PNG, png(w, h, 0, 8, pattern(w, h, 1), phys=5906)
    yield "png_rgb", PNG, png(w, h, 2, 8, pattern(w, h, 3))
    yield "png_palette4", PNG, png(w, h, 3, 4, [[v >> 4 for v in row] for row in pattern(w, h, 1)],
                                   palette=bytes(sum(([i * 17] * 3 for i in range(16)), [])))
    yield "png_gray_alpha16", PNG, png(w, h, 4, 16, pattern(w, h, 2, 16))
    yield "tiff_gray_le_orient6", TIFF, tiff(w, h, 1, 8, pack_rows(pattern(w, h, 1), 8), orientation=6, dpi=200)
    yield "tiff_rgb_be_deflate", TIFF, tiff(w, h, 3, 8, zlib.compress(pack_rows(pattern(w, h, 3), 8)), compression=8, photometric=2, big=True)
    yield "tiff_bilevel_g4", TIFF, tiff(w, h, 1, 1, g4_white(h), compression=4, photometric=0)
    yield "tiff_gray_packbits", TIFF, tiff(w, h, 1, 8, runlength(pack_rows(pattern(w, h, 1), 8))[:-1], compression=32773)


def main():
    os.makedirs(PDF_DIR, exist_ok=True)
    os.makedirs(IMG_DIR, exist_ok=True)
    for name, data in pdf_seeds():
        with open(os.path.join(PDF_DIR, "synth_%s.pdf" % name), "wb") as f:
            f.write(data)
    for name, kind, data in image_seeds():
        with open(os.path.join(IMG_DIR, "synth_%s" % name), "wb") as f:
            f.write(bytes([kind]) + data)
        if kind == JPEG:
            with open(os.path.join(IMG_DIR, "synth_%s_luma" % name), "wb") as f:
                f.write(bytes([kind + 3]) + data)


if __name__ == "__main__":
    main()
