#!/usr/bin/env bash
# Benchmark of the whole photo check against the photo work's target: a 12-megapixel
# phone JPEG (4032 x 3024 stored sideways, EXIF orientation 6, quality 92, sensor noise)
# decoded, turned upright and measured (colour, background, face, head) on one core:
# <= 60 ms. A drawn portrait (no face found: the detector's quick path) is timed too.
#
#   scripts/bench-photo.sh
#
# Env: RUNS (15), VENV (/tmp/dossier-bench-venv: Pillow, made if missing).
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-15}
VENV=${VENV:-/tmp/dossier-bench-venv}
cd "$REPO"
cargo build --release --quiet --example measure_photo
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! "$VENV/bin/python" -c 'import PIL, numpy' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pillow numpy
fi
# Phone photos: the committed portraits scaled to 12 MP with sensor-like noise, stored
# sideways as phones do, with the EXIF orientation that turns them upright.
"$VENV/bin/python" - "$REPO/fixtures/assets/photos" "$WORK" <<'PY'
import sys
import numpy as np
from PIL import Image
src, out = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(7)
for name in ["face_ok", "drawn_ok"]:
    img = Image.open(f"{src}/{name}.jpg").convert("RGB").resize((3024, 4032), Image.BICUBIC)
    px = np.asarray(img).astype(np.int16) + rng.normal(0, 5, (4032, 3024, 3)).astype(np.int16)
    img = Image.fromarray(px.clip(0, 255).astype(np.uint8)).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[36867] = "2026:10:15 11:20:00"
    img.save(f"{out}/phone_{name}.jpg", quality=92, exif=exif.tobytes())
PY

echo "== the whole photo check on a 12 MP phone JPEG, one core (median of $RUNS)"
for f in "$WORK"/phone_face_ok.jpg "$WORK"/phone_drawn_ok.jpg; do
  size=$(( $(stat -c %s "$f") / 1000 ))
  line=$(RAYON_NUM_THREADS=1 taskset -c 0 "$REPO/target/release/examples/measure_photo" --repeat "$RUNS" "$f" | head -1)
  ms=$(sed -E 's/^[^:]*: ([0-9.]+) ms.*/\1/' <<<"$line")
  verdict=$(awk -v m="$ms" 'BEGIN{print (m <= 60) ? "ok" : "OVER"}')
  printf '   %-22s %6s kB  %6s ms  (target 60 ms: %s)\n' "$(basename "$f")" "$size" "$ms" "$verdict"
done
