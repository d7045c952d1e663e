#!/usr/bin/env python3
"""Synthetic passports for the MRZ reader: random ICAO-valid zones rendered in OCR-B.

Usage: mrz-synth.py OUT_DIR [--per-condition N] [--seed S] [--mrz-font FILE] [--fixtures]

Needs Pillow and numpy (pip install pillow numpy) and Debian's fonts-ocr-b (public
domain). Each passport is a bio-page-like card (pale guilloche, printed labels, a
photo-like block, a signature) with a TD3 zone (some TD1 and TD2 cards too), rendered
under one of the four conditions of issue 15:

- clean:    300 dpi, about 30 px per character, JPEG 92;
- degraded: 300 dpi, Gaussian blur, noise, JPEG 60;
- phone:    15 px per character, 1.5 degree tilt, uneven light, JPEG 70;
- low:      10 px per character (100 dpi), JPEG 85.

Some are rotated 90, 180 or 270 degrees and some pasted onto an A4 page. Writes
OUT_DIR/<condition>-<n>.jpg and OUT_DIR/truth.json (one record per image: file,
condition, format, lines, rotation (PIL, counter-clockwise), rotation_cw
(the clockwise turn of the text from upright, as the reader reports it), px per character). Deterministic for a seed.
"""
import argparse
import io
import json
import math
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
# OCR-B's advance is 0.72296875 em: the size at which one advance is one MRZ pitch.
OCRB_ADVANCE_EM = 72.296875 / 100.0
PITCH_MM = 2.54

CONDITIONS = ["clean", "degraded", "phone", "low"]
STATES = ["UTO", "KAZ", "D<<", "GBR", "FRA", "USA", "ITA", "JPN", "CHN", "IND", "RUS",
          "NLD", "SWE", "ESP", "POL", "TUR", "BRA", "CAN", "AUS", "KOR", "UZB", "KGZ"]
SYLLABLES = ["AN", "BER", "CO", "DA", "EL", "FI", "GOR", "HA", "IS", "JO", "KA", "LE", "MAR",
             "NO", "OL", "PE", "QUI", "RO", "SA", "TE", "UL", "VA", "WEN", "XI", "YU", "ZO",
             "BEK", "OV", "EVA", "SKI", "TH", "CH", "SH", "IN", "ER", "GA", "MI", "LU"]
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check_digit(s):
    total = 0
    for i, c in enumerate(s):
        if c.isdigit():
            v = int(c)
        elif c == "<":
            v = 0
        else:
            v = ord(c) - ord("A") + 10
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def word(rng, lo=1, hi=4):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))


def names_field(rng, width):
    surname = word(rng, 2, 4)
    if rng.random() < 0.2:
        surname += "<" + word(rng, 1, 3)
    given = word(rng, 1, 3)
    if rng.random() < 0.4:
        given += "<" + word(rng, 1, 3)
    field = surname + "<<" + given
    if rng.random() < 0.05:
        field = surname
    return field[:width].ljust(width, "<")


def yymmdd(rng, y0, y1):
    y = rng.randint(y0, y1)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return f"{y % 100:02d}{m:02d}{d:02d}"


def doc_number(rng, width=9):
    n = rng.randint(7, width)
    s = "".join(rng.choice(ALNUM) if rng.random() < 0.3 else rng.choice("0123456789")
                for _ in range(n))
    return s.ljust(width, "<")


def sex(rng):
    return rng.choice("MMMFFF<X")


def td3(rng):
    state = rng.choice(STATES)
    kind = rng.choice(["P<", "P<", "P<", "PO", "PD"])
    l1 = kind + state + names_field(rng, 39)
    number = doc_number(rng)
    birth = yymmdd(rng, 1940, 2020)
    expiry = yymmdd(rng, 2024, 2036)
    if rng.random() < 0.3:
        personal = "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 14)))
        personal = personal.ljust(14, "<")
        pcheck = check_digit(personal)
    else:
        personal = "<" * 14
        pcheck = rng.choice("<0")
    nat = rng.choice(STATES) if rng.random() < 0.2 else state
    body = (number + check_digit(number) + nat + birth + check_digit(birth) + sex(rng)
            + expiry + check_digit(expiry) + personal + pcheck)
    composite = (body[0:10] + body[13:20] + body[21:43])
    l2 = body + check_digit(composite)
    assert len(l1) == 44 and len(l2) == 44
    return "TD3", [l1, l2]


def td2(rng):
    state = rng.choice(STATES)
    l1 = rng.choice(["I<", "ID", "AC"]) + state + names_field(rng, 31)
    number = doc_number(rng)
    birth = yymmdd(rng, 1940, 2020)
    expiry = yymmdd(rng, 2024, 2036)
    optional = ("".join(rng.choice("0123456789") for _ in range(7)) if rng.random() < 0.3
                else "<" * 7)
    body = (number + check_digit(number) + state + birth + check_digit(birth) + sex(rng)
            + expiry + check_digit(expiry) + optional)
    composite = body[0:10] + body[13:20] + body[21:35]
    l2 = body + check_digit(composite)
    assert len(l1) == 36 and len(l2) == 36
    return "TD2", [l1, l2]


def td1(rng):
    state = rng.choice(STATES)
    number = doc_number(rng)
    opt1 = ("".join(rng.choice("0123456789") for _ in range(rng.randint(3, 15))).ljust(15, "<")
            if rng.random() < 0.3 else "<" * 15)
    l1 = rng.choice(["I<", "ID", "AC"]) + state + number + check_digit(number) + opt1
    birth = yymmdd(rng, 1940, 2020)
    expiry = yymmdd(rng, 2024, 2036)
    opt2 = "<" * 11
    l2 = (birth + check_digit(birth) + sex(rng) + expiry + check_digit(expiry)
          + rng.choice(STATES) + opt2)
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += check_digit(composite)
    l3 = names_field(rng, 30)
    assert len(l1) == 30 and len(l2) == 30 and len(l3) == 30
    return "TD1", [l1, l2, l3]


CARD_MM = {"TD3": (125.0, 88.0), "TD2": (105.0, 74.0), "TD1": (85.6, 54.0)}


def font(path, px):
    return ImageFont.truetype(path, max(4, int(px)))


def render_card(rng, fmt, lines, px_per_mm, mrz_font_path=OCRB):
    """The card at px_per_mm, RGB: background pattern, text, photo, signature, MRZ
    (none when `lines` is empty)."""
    w_mm, h_mm = CARD_MM[fmt]
    w, h = int(w_mm * px_per_mm), int(h_mm * px_per_mm)
    tint = np.array([rng.randint(225, 245), rng.randint(222, 240), rng.randint(205, 235)],
                    dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32) / px_per_mm
    pattern = np.zeros((h, w), np.float32)
    # Guilloche: a few families of thin sine waves, the security print of a bio page.
    for _ in range(rng.randint(2, 4)):
        f = rng.uniform(0.15, 0.5)
        a = rng.uniform(1.0, 4.0)
        spacing = rng.uniform(1.5, 4.0)
        phase = rng.uniform(0, 6.28)
        v = (yy + a * np.sin(xx * f + phase)) / spacing
        pattern += np.clip(1.0 - np.abs(v - np.round(v)) * 8.0, 0, 1)
    depth = rng.uniform(8, 25)
    img = tint[None, None, :] - depth * pattern[:, :, None] * np.array([1.0, 0.6, 0.8])
    card = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(card)
    mm = px_per_mm

    # Photo-like block: a gradient rectangle with a head and shoulders.
    px0, py0 = int(5 * mm), int(h_mm * 0.14 * mm)
    pw, ph = int(w_mm * 0.22 * mm), int(h_mm * 0.45 * mm)
    g = rng.randint(150, 230)
    d.rectangle([px0, py0, px0 + pw, py0 + ph], fill=(g, g, g - 10))
    skin = (rng.randint(120, 230), rng.randint(90, 180), rng.randint(60, 150))
    d.ellipse([px0 + pw * 0.25, py0 + ph * 0.12, px0 + pw * 0.75, py0 + ph * 0.62], fill=skin)
    d.ellipse([px0 + pw * 0.05, py0 + ph * 0.7, px0 + pw * 0.95, py0 + ph * 1.3],
              fill=(rng.randint(20, 90),) * 3)
    d.rectangle([px0, py0 + ph, px0 + pw, py0 + ph * 1.35], fill=tuple(int(t) for t in tint))

    # Printed text: labels in small grey, values in bold black.
    d.text((5 * mm, 3 * mm), rng.choice(["PASSPORT", "PASSEPORT", "IDENTITY CARD", "VISA"]),
           font=font(SANS_BOLD, 4.5 * mm), fill=(30, 40, 90))
    tx = px0 + pw + 4 * mm
    ty = py0
    label_font, value_font = font(SANS, 1.8 * mm), font(SANS_BOLD, 2.8 * mm)
    for label in ["Surname / Nom", "Given names / Prenoms", "Nationality", "Date of birth",
                  "Place of birth", "Date of expiry"]:
        if ty > h - 22 * mm:
            break
        d.text((tx, ty), label, font=label_font, fill=(90, 90, 90))
        d.text((tx, ty + 2.2 * mm), word(rng, 1, 3), font=value_font, fill=(15, 15, 15))
        ty += 6.3 * mm
    # Signature: a wavy stroke.
    sx, sy = tx, min(ty + 2 * mm, h - 20 * mm)
    pts = [(sx + t * mm, sy + math.sin(t * 1.3) * 1.2 * mm) for t in np.linspace(0, 25, 60)]
    d.line(pts, fill=(20, 20, 80), width=max(1, int(0.35 * mm)))

    # The MRZ: one advance of the font is one pitch; lines counted from the bottom edge.
    if not lines:
        return card
    pitch = PITCH_MM * mm
    advance_em = ImageFont.truetype(mrz_font_path, 100).getlength("0") / 100.0
    mrz_font = ImageFont.truetype(mrz_font_path, max(4, int(round(pitch / advance_em))))
    n = len(lines[0])
    x0 = (w - n * pitch) / 2 + rng.uniform(-1.0, 1.0) * mm
    line_pitch = rng.uniform(1.45, 3.0) * pitch if fmt != "TD1" else rng.uniform(1.4, 1.8) * pitch
    bottom = h - rng.uniform(4.0, 6.0) * mm
    ink = rng.randint(0, 40)
    for k, line in enumerate(lines):
        y = bottom - (len(lines) - k) * line_pitch
        for i, c in enumerate(line):
            d.text((x0 + i * pitch, y), c, font=mrz_font, fill=(ink, ink, ink + 5))
    # Where a crop through the middle of the last line falls, for the cut-off fixture.
    card.info["mrz_last_mid"] = y + 0.75 * pitch
    return card


def uneven_light(img, rng, strength):
    """Multiplies by a smooth gradient with one darker corner: a phone held over the page."""
    a = np.asarray(img).astype(np.float32)
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(-0.3, 1.3) * w, rng.uniform(-0.3, 1.3) * h
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / max(w, h)
    light = 1.0 - strength * np.clip(dist, 0, 1.2) / 1.2
    light += rng.uniform(-0.05, 0.05) * (xx / w)
    out = a * light[:, :, None]
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB")


def add_noise(img, rng, sigma):
    a = np.asarray(img).astype(np.float32)
    nrng = np.random.default_rng(rng.randint(0, 2 ** 31))
    a = a + nrng.normal(0, sigma, a.shape[:2])[:, :, None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


def jpeg(img, quality, exif_orientation=None):
    """JPEG bytes; with `exif_orientation`, as a phone writes them: the sensor's pixels,
    the turn to show them upright in EXIF, the camera's make and model, and 72 dpi."""
    buf = io.BytesIO()
    if exif_orientation is None:
        img.save(buf, "JPEG", quality=quality)
    else:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        exif[0x010F] = "Google"
        exif[0x0110] = "Pixel 7"
        img.save(buf, "JPEG", quality=quality, dpi=(72, 72), exif=exif.tobytes())
    return buf.getvalue()


def corrupt_digit(rng, lines):
    """The zone with one digit of line 2's dates changed after its checks were computed:
    what a misprint, a forgery or a misread looks like to the check digits."""
    line = list(lines[1])
    # TD3/TD2 birth date at 13..19, TD1's at 0..6 of line 2.
    start = 0 if len(line) == 30 else 13
    i = start + rng.randint(0, 5)
    line[i] = str((int(line[i]) + rng.randint(1, 9)) % 10)
    return lines[:1] + ["".join(line)] + lines[2:]


def make(rng, condition, index, opts=None):
    opts = opts or {}
    r = rng.random()
    fmt, lines = td3(rng) if r < 0.8 else (td1(rng) if r < 0.9 else td2(rng))
    if "fmt" in opts:
        fmt, lines = {"TD1": td1, "TD2": td2, "TD3": td3}[opts["fmt"]](rng)
    printed_valid = True
    if opts.get("corrupt"):
        lines = corrupt_digit(rng, lines)
        printed_valid = False
    if opts.get("no_mrz"):
        lines, printed_valid = [], False
    px_per_char = opts.get("px") or {"clean": 30, "degraded": 30, "phone": 15, "low": 10}.get(condition)
    if px_per_char is None:
        # Drawn only for the stress condition, so the other streams stay as they were.
        px_per_char = rng.choice([12, 16, 20, 28, 36])
    px_per_mm = px_per_char / PITCH_MM
    # Render supersampled, then area-reduce: the antialiasing a scanner's optics give.
    ss = 4 if px_per_char <= 15 else 2
    card = render_card(rng, fmt, lines, px_per_mm * ss, opts.get("font", OCRB))
    last_mid = card.info.get("mrz_last_mid", 0) / ss
    if condition == "stress":
        # Another printer: bolder (ink bleed) or thinner strokes, by a quarter to half a
        # pixel each side at the final resolution.
        weight = rng.choice(["bold", "thin", "regular"])
        if weight != "regular":
            card = card.filter(ImageFilter.MinFilter(3) if weight == "bold" else ImageFilter.MaxFilter(3))
    card = card.resize((card.width // ss, card.height // ss), Image.BOX)

    rotation = opts.get("rotation", [0, 0, 0, 90, 0, 0, 0, 180, 0, 270][index % 10])
    on_a4 = opts.get("a4", index % 8 == 5 and condition != "phone")
    tilt = 0.0
    if on_a4:
        page = Image.new("RGB", (int(210 * px_per_mm), int(297 * px_per_mm)), (250, 250, 248))
        d = ImageDraw.Draw(page)
        small = font(SANS, 3 * px_per_mm)
        for k in range(8):
            d.text((20 * px_per_mm, (200 + k * 8) * px_per_mm), word(rng, 3, 6) + " " + word(rng, 2, 5),
                   font=small, fill=(40, 40, 40))
        ox = int(rng.uniform(15, 210 - CARD_MM[fmt][0] - 15) * px_per_mm)
        oy = int(rng.uniform(15, 60) * px_per_mm)
        page.paste(card, (ox, oy))
        img = page
    elif condition in ("phone", "stress"):
        margin = int(rng.uniform(6, 15 if condition == "phone" else 40) * px_per_mm)
        bg = tuple(rng.randint(60, 140) for _ in range(3))
        img = Image.new("RGB", (card.width + 2 * margin, card.height + 2 * margin), bg)
        img.paste(card, (margin, margin))
        tilt = rng.choice([-1, 1]) * (rng.uniform(1.2, 1.8) if condition == "phone" else rng.uniform(0, 4))
        img = img.rotate(tilt, resample=Image.BICUBIC, fillcolor=bg, expand=False)
        if condition == "stress":
            # Mild perspective: the phone not quite parallel to the page.
            w, h = img.size
            j = lambda: rng.uniform(-0.025, 0.025)
            quad = (w * j(), h * j(), w * j(), h * (1 + j()), w * (1 + j()), h * (1 + j()), w * (1 + j()), h * j())
            img = img.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=bg)
        img = uneven_light(img, rng, rng.uniform(0.3, 0.55))
    else:
        margin = int(rng.uniform(0, 4) * px_per_mm)
        img = Image.new("RGB", (card.width + 2 * margin, card.height + 2 * margin), (245, 245, 245))
        img.paste(card, (margin, margin))
        if opts.get("cut"):
            # The scanner's lid edge through the zone's last line.
            img = img.crop((0, 0, img.width, int(margin + last_mid)))

    if condition == "degraded":
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.8)))
        img = add_noise(img, rng, rng.uniform(6, 12))
        quality = 60
    elif condition == "phone":
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
        img = add_noise(img, rng, rng.uniform(2, 5))
        quality = 70
    elif condition == "low":
        img = add_noise(img, rng, 2)
        quality = 85
    elif condition == "stress":
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.0, 0.08) * px_per_char))
        img = add_noise(img, rng, rng.uniform(2, 10))
        quality = rng.randint(55, 85)
    else:
        quality = 92
    quality = opts.get("quality", quality)

    if rotation:
        img = img.transpose({90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}[rotation])
    return jpeg(img, quality, opts.get("exif_orientation")), {
        "condition": condition, "format": fmt if lines else None, "lines": lines,
        "printed_valid": printed_valid, "rotation": rotation,
        "rotation_cw": {0: 0, 90: 270, 180: 180, 270: 90}[rotation], "tilt": round(tilt, 2), "px_per_char": px_per_char, "a4": on_a4,
        "exif_orientation": opts.get("exif_orientation"),
        # Cut through, or too small for any reader: the tests expect the reason instead.
        "readable": not opts.get("unreadable"),
    }


# The committed test images (fixtures/mrz/): small, one per case the reader must handle.
FIXTURES = [
    ("clean-td3", "clean", {"fmt": "TD3", "px": 18, "rotation": 0, "a4": False, "quality": 70}),
    ("degraded-td3", "degraded", {"fmt": "TD3", "px": 16, "rotation": 0, "a4": False}),
    ("phone-td3", "phone", {"fmt": "TD3", "rotation": 0}),
    ("low-td3", "low", {"fmt": "TD3", "rotation": 0, "a4": False}),
    ("rot90-td3", "phone", {"fmt": "TD3", "rotation": 90}),
    ("rot180-td2", "low", {"fmt": "TD2", "rotation": 180, "a4": False}),
    ("a4-td3", "low", {"fmt": "TD3", "px": 10, "rotation": 0, "a4": True, "quality": 60}),
    ("phone-td1", "phone", {"fmt": "TD1", "rotation": 0}),
    ("corrupted-td3", "phone", {"fmt": "TD3", "rotation": 0, "corrupt": True}),
    ("no-mrz", "phone", {"fmt": "TD3", "rotation": 0, "no_mrz": True}),
    ("rot270-td3", "phone", {"fmt": "TD3", "rotation": 270}),
    # Stored as the sensor saw it (a quarter counter-clockwise), EXIF 6 turns it upright.
    ("camera-exif6-td3", "phone", {"fmt": "TD3", "rotation": 90, "exif_orientation": 6}),
    ("cut-td3", "clean", {"fmt": "TD3", "px": 16, "rotation": 0, "a4": False, "cut": True, "quality": 70, "unreadable": True}),
    ("tiny-td3", "low", {"fmt": "TD3", "px": 4, "rotation": 0, "a4": False, "unreadable": True}),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--per-condition", type=int, default=75)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--conditions", default=",".join(CONDITIONS))
    ap.add_argument("--mrz-font", default=OCRB,
                    help="font of the zone, to measure other cuts (OCRBS.otf) or fonts")
    ap.add_argument("--fixtures", action="store_true",
                    help="write the few small test images of fixtures/mrz/ instead")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    truth = []
    if args.fixtures:
        for k, (name, condition, opts) in enumerate(FIXTURES):
            rng = random.Random(f"{args.seed}-fixture-{name}")
            data, record = make(rng, condition, k, dict(opts, font=args.mrz_font))
            record["file"] = name + ".jpg"
            with open(os.path.join(args.out, record["file"]), "wb") as f:
                f.write(data)
            truth.append(record)
        with open(os.path.join(args.out, "truth.json"), "w") as f:
            json.dump(truth, f, indent=1)
        return
    for condition in args.conditions.split(","):
        # One stream per condition: adding images to one condition leaves the others alone.
        rng = random.Random(f"{args.seed}-{condition}")
        for i in range(args.per_condition):
            data, record = make(rng, condition, i, {"font": args.mrz_font})
            name = f"{condition}-{i:03d}.jpg"
            with open(os.path.join(args.out, name), "wb") as f:
                f.write(data)
            record["file"] = name
            truth.append(record)
    with open(os.path.join(args.out, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)


if __name__ == "__main__":
    main()
