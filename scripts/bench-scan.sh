#!/usr/bin/env bash
# Benchmarks of reading and measuring documents, against the targets of the "read every
# document" work:
#   1. the measures of one A4 300 dpi JPEG page, decode included, on one core: <= 25 ms;
#   2. `dossier check` on typical corpus packs: <= 0.15 s wall (baseline.py: ~0.33 s);
#   3. peak memory on a pack holding a 200-page scanned PDF: < 300 MB.
#
#   scripts/bench-scan.sh             # needs ../shared/corpus; python3 for the 200-page PDF
#   BASELINE=1 scripts/bench-scan.sh  # also time ../shared/bench/baseline.py on the packs
#
# Env: RUNS (10), VENV (/tmp/dossier-bench-venv: Pillow + img2pdf, made if missing).
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$REPO/../shared
CORPUS=$SHARED/corpus/packs
RUNS=${RUNS:-10}
VENV=${VENV:-/tmp/dossier-bench-venv}
cd "$REPO"
cargo build --release --quiet --bin dossier --example bench_page
BIN=$REPO/target/release/dossier
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROWS=()

echo "== 1. one A4 300 dpi JPEG page, decode + measures, one core"
for f in 009-bianchi/05_Employer_Letter.jpg 011-ricci/11_Fee_Receipt.jpg 018-kobayashi/03_Fee_Receipt.jpeg; do
  # One core and one thread: the figure is per page, not per machine.
  line=$(RAYON_NUM_THREADS=1 taskset -c 0 "$REPO/target/release/examples/bench_page" "$CORPUS/$f" 30)
  echo "   $line"
  ROWS+=("page $(basename "$f")|$(sed -E 's/.*median ([0-9.]+) ms/\1/' <<<"$line")|25")
done

# median_ms CMD...: median wall time of RUNS runs (hyperfine when installed).
median_ms() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --warmup 2 --runs "$RUNS" --export-csv "$WORK/h.csv" -- "$(printf '%q ' "$@")" >/dev/null
    awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="median") c=i} NR==2{printf "%.1f", $c*1000}' "$WORK/h.csv"
  else
    local ts=() t0 t1 i
    for ((i = 0; i < RUNS + 2; i++)); do
      t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || true; t1=$EPOCHREALTIME
      ((i >= 2)) && ts+=("$(awk "BEGIN{print ($t1-$t0)*1000}")")
    done
    printf '%s\n' "${ts[@]}" | sort -g | awk '{a[NR]=$1} END{printf "%.1f", a[int((NR+1)/2)]}'
  fi
}

echo "== 2. dossier check on corpus packs (wall, both cores)"
PACKS=(005-schroeder 009-bianchi 011-ricci 013-kobayashi 020-garcia)
for p in "${PACKS[@]}"; do
  ms=$(median_ms "$BIN" check --format json --today 2026-11-24 "$CORPUS/$p")
  echo "   $p: $ms ms"
  ROWS+=("check $p|$ms|150")
done
if [[ ${BASELINE:-} == 1 ]]; then
  BL=${BASELINE_VENV:-/tmp/bl}
  if ! "$BL/bin/python" -c 'import cv2, numpy, PIL, pypdf' 2>/dev/null; then
    python3 -m venv "$BL" && "$BL/bin/pip" install -q -r "$SHARED/bench/requirements.txt"
  fi
  for p in "${PACKS[@]}"; do
    ms=$(median_ms "$BL/bin/python" "$SHARED/bench/baseline.py" check --format json "$CORPUS/$p")
    echo "   baseline.py $p: $ms ms"
    ROWS+=("baseline.py $p|$ms|")
  done
fi

echo "== 3. peak memory, pack with a 200-page scanned PDF"
if ! "$VENV/bin/python" -c 'import PIL, img2pdf' 2>/dev/null; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pillow img2pdf
fi
PACK=$WORK/pack
cp -r "$REPO/fixtures/packs/012-lee" "$PACK"
chmod -R u+w "$PACK"
# 200 distinct 300 dpi A4 pages (a comment byte keeps img2pdf from sharing one image):
# what a scanned bank statement of a busy account looks like.
"$VENV/bin/python" - "$CORPUS/011-ricci/11_Fee_Receipt.jpg" "$PACK/06_Bank_Statement.pdf" <<'PY'
import sys, img2pdf
src = open(sys.argv[1], "rb").read()
pages = [src[:2] + b"\xff\xfe\x00\x06" + i.to_bytes(4, "big") + src[2:] for i in range(200)]
open(sys.argv[2], "wb").write(img2pdf.convert(pages))
PY
echo "   $(du -h "$PACK/06_Bank_Statement.pdf" | cut -f1) PDF, 200 pages"
/usr/bin/time -f "%M %e" -o "$WORK/mem" "$BIN" check --format json --today 2026-11-24 "$PACK" >/dev/null || true
read -r kb secs <"$WORK/mem"
echo "   peak RSS $((kb / 1024)) MB, $secs s"
ROWS+=("200-page pack, peak MB|$((kb / 1024))|300")
ROWS+=("200-page pack, s|$secs|")

echo
printf '%-34s %10s %8s  %s\n' case measured target result
for row in "${ROWS[@]}"; do
  IFS='|' read -r name value target <<<"$row"
  if [[ -z $target ]]; then verdict=info; target=-
  elif awk "BEGIN{exit !($value <= $target)}"; then verdict=PASS
  else verdict=MISS; fi
  printf '%-34s %10s %8s  %s\n' "$name" "$value" "$target" "$verdict"
done
