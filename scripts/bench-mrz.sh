#!/usr/bin/env bash
# Benchmark of the embedded MRZ reader against issue 15's targets: 300 synthetic
# passports (75 per condition: clean 300 dpi at 30 px per character; blur + noise +
# JPEG 60; phone-like 15 px per character, 1.5 degree tilt, uneven light, JPEG 70;
# 10 px per character), some turned 90/180/270 degrees, some on an A4 page, about a
# fifth TD1 or TD2 cards. Targets: >= 99 % fully right with every check valid at
# >= 15 px per character, >= 95 % at 10 px, no wrong zone reported valid, <= 30 ms per
# image on one core (JPEG decoding excluded).
#
#   scripts/bench-mrz.sh [OUT_DIR]
#
# Env: PER_CONDITION (75), SEED (15), MRZ_FONT (OCR-B Regular; e.g.
# /usr/share/fonts/opentype/ocr-b/OCRBS.otf for the other cut), VENV (/tmp/mrz-venv:
# Pillow and numpy, made if missing). Needs Debian's fonts-ocr-b.
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-/tmp/dossier-mrz-bench}
PER_CONDITION=${PER_CONDITION:-75}
SEED=${SEED:-15}
MRZ_FONT=${MRZ_FONT:-/usr/share/fonts/opentype/ocr-b/OCRB.otf}
VENV=${VENV:-/tmp/mrz-venv}
cd "$REPO"

if [ ! -f "$MRZ_FONT" ]; then
  echo "$MRZ_FONT missing: apt-get install fonts-ocr-b" >&2
  exit 2
fi
if ! "$VENV/bin/python" -c 'import PIL, numpy' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet pillow numpy
fi
rm -rf "$OUT"
"$VENV/bin/python" scripts/mrz-synth.py "$OUT" --per-condition "$PER_CONDITION" \
  --seed "$SEED" --mrz-font "$MRZ_FONT"
cargo build --release --quiet --example mrz_bench
# One core, as the target is stated.
exec taskset -c 0 "${CARGO_TARGET_DIR:-target}/release/examples/mrz_bench" "$OUT"
