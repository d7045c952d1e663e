#!/usr/bin/env bash
# Benchmark of OCR (issue 15): what reading scanned letters with Tesseract costs, on a
# pack with three scanned documents (the itinerary, the employer letter and the bank
# statement of the fail-scan fixtures, each one A4 page at 200 dpi), and what the cache
# saves on the second run.
#
#   scripts/bench-ocr.sh
#
# Prints wall and CPU seconds (dossier plus its Tesseract children) of `check --no-ocr`
# (the baseline), of a first run with an empty cache, and of a second run with the cache
# the first one filled; and the OCR seconds per page: (first - baseline) / pages.
# Env: RUNS (3).
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
cd "$REPO"
command -v tesseract >/dev/null || { echo "needs tesseract (apt-get install tesseract-ocr tesseract-ocr-rus)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
BIN=$REPO/target/release/dossier

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PACK=$WORK/pack
cp -r fixtures/rules/consistency/dates/fail-scan "$PACK"
cp fixtures/rules/consistency/identity/fail-scan/05_Employer_Letter.pdf "$PACK/"
cp fixtures/rules/validity/document-age/fail-scan/06_Bank_Statements.pdf "$PACK/"
PAGES=3

# "wall cpu" of one command: GNU time counts the children it waited for (Tesseract).
measure() {
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
  tail -n 1 "$f" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
  rm -f "$f"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -a BW BC FW FC SW SC
for ((i = 0; i < RUNS; i++)); do
  read -r w c < <(measure "$BIN" check --today 2026-11-24 --no-ocr "$PACK")
  BW+=("$w"); BC+=("$c")
  rm -rf "$WORK/cache"
  read -r w c < <(measure "$BIN" check --today 2026-11-24 --cache-dir "$WORK/cache" "$PACK")
  FW+=("$w"); FC+=("$c")
  read -r w c < <(measure "$BIN" check --today 2026-11-24 --cache-dir "$WORK/cache" "$PACK")
  SW+=("$w"); SC+=("$c")
done
m() { printf '%s\n' "$@" | median; }
bw=$(m "${BW[@]}"); bc=$(m "${BC[@]}"); fw=$(m "${FW[@]}"); fc=$(m "${FC[@]}"); sw=$(m "${SW[@]}"); sc=$(m "${SC[@]}")
printf '%-28s %8s %8s\n' "run ($PAGES scanned A4 pages)" "wall s" "cpu s"
printf '%-28s %8s %8s\n' "--no-ocr (baseline)" "$bw" "$bc"
printf '%-28s %8s %8s\n' "first run, empty cache" "$fw" "$fc"
printf '%-28s %8s %8s\n' "second run, cache filled" "$sw" "$sc"
awk -v fw="$fw" -v bw="$bw" -v fc="$fc" -v bc="$bc" -v n="$PAGES" \
  'BEGIN { printf "OCR per A4 page: %.2f s wall, %.2f s cpu\n", (fw - bw) / n, (fc - bc) / n }'
