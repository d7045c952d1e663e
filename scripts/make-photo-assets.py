#!/usr/bin/env python3
"""Writes fixtures/assets/photos/: visa photos that pass or break each photo rule.

Two sources, both real:
- the public-domain NASA portrait of astronaut Eileen Collins that scikit-image ships as
  `skimage/data/astronaut.png`: a real face for the face detector;
- the corpus photo `012-lee/03_Passport_Photo.jpg` (a drawn portrait on a plain
  background), for the colour and background variants.

Needs Pillow and scikit-image (e.g. `python3 -m venv /tmp/fx && /tmp/fx/bin/pip install
pillow scikit-image`). Run from the repository root.
"""
import os

import numpy as np
import skimage
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "assets", "photos")
CORPUS_PHOTO = os.path.join(ROOT, "..", "shared", "corpus", "packs", "012-lee", "03_Passport_Photo.jpg")
ASTRONAUT = os.path.join(os.path.dirname(skimage.__file__), "data", "astronaut.png")

# In the 512 x 512 portrait, the top of the hair is at y 15 and the chin at y 180.
CROWN, CHIN = 15, 180
RECENT = "2026:10:15 11:20:00"  # six weeks before the fixtures' submission day


def save(img, name, taken=RECENT, orientation=None, quality=88):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    img.save(os.path.join(OUT, name), quality=quality, exif=exif.tobytes(), dpi=(300, 300))
    print(name, img.size, os.path.getsize(os.path.join(OUT, name)), "bytes")


def astronaut_crop(head_ratio, size=(700, 900), centre_x=226):
    """A 35 x 45 crop of the portrait where the head is `head_ratio` of the height."""
    a = Image.open(ASTRONAUT).convert("RGB")
    height = (CHIN - CROWN) / head_ratio
    width = height * size[0] / size[1]
    top = max(0.0, CROWN - 0.10 * height) if head_ratio < 0.9 else CROWN - 0.02 * height
    box = (centre_x - width / 2, top, centre_x + width / 2, top + height)
    return a.crop(tuple(round(v) for v in box)).resize(size, Image.LANCZOS)


def corpus(transform=None):
    img = Image.open(CORPUS_PHOTO).convert("RGB")
    if transform is None:
        return img
    return Image.fromarray(transform(np.asarray(img).astype(np.float64)).clip(0, 255).astype(np.uint8))


def background_mask(px):
    # The drawn portrait's backdrop is one light colour: pixels close to the top-left corner's.
    ref = px[5, 5]
    return (np.abs(px - ref).sum(axis=2) < 24)


def shadow(px):
    # A soft shadow behind the head, falling to the left: the backdrop darkens towards
    # the left edge, as with a single lamp on the right.
    h, w, _ = px.shape
    mask = background_mask(px)
    x = np.arange(w)[None, :].repeat(h, 0)
    fall = np.clip(1.0 - x / (0.55 * w), 0.0, 1.0) * 0.45
    out = px.copy()
    out[mask] = px[mask] * (1.0 - fall[mask][:, None])
    return out


def recolour(rgb):
    def f(px):
        out = px.copy()
        out[background_mask(px)] = rgb
        return out
    return f


def main():
    os.makedirs(OUT, exist_ok=True)
    good = astronaut_crop(0.75)
    save(good, "face_ok.jpg")
    save(astronaut_crop(0.55), "face_small_head.jpg")
    save(astronaut_crop(0.95), "face_large_head.jpg")
    # The whole portrait, framed wide as a phone photo is (head 32 % of the height):
    # `fix --photo` crops it; tests enlarge it to a phone's pixel count.
    save(Image.open(ASTRONAUT).convert("RGB"), "face_wide.jpg")
    # Stored sideways, shown upright: 900 x 700 on disk, 700 x 900 displayed.
    save(good.transpose(Image.Transpose.ROTATE_90), "face_sideways.jpg", orientation=6)
    save(good, "face_old.jpg", taken="2025:12:20 09:00:00")
    # CMYK, as print shops and Photoshop hand over (Adobe APP14, inverted ink).
    save(good.convert("CMYK"), "face_cmyk.jpg")
    save(corpus(), "drawn_ok.jpg")
    save(corpus().convert("L").convert("RGB"), "drawn_gray.jpg")
    save(corpus(shadow), "drawn_shadow.jpg")
    save(corpus(recolour((52, 60, 70))), "drawn_dark_background.jpg")
    save(corpus(recolour((205, 40, 45))), "drawn_red_background.jpg")
    save(corpus().resize((300, 386), Image.LANCZOS), "drawn_small.jpg")
    save(corpus().crop((0, 0, 827, 827)), "drawn_square.jpg")


if __name__ == "__main__":
    main()
