#!/usr/bin/env bash
# Benchmark of the content work's target: text extraction plus fact finding (dates,
# passport numbers, names, purposes, MRZ) for a typical pack <= 100 ms. Runs over every
# pack of the corpus (or the folders given) on one core: each PDF is loaded with lopdf,
# every page's text extracted, then every document's facts read. No pixels are decoded.
#
#   scripts/bench-facts.sh [PACK...]
#
# The one-time compile of the purpose lexicon (per process) is printed on its own.
#
# Env: RUNS (15 per pack; the median is printed), CORPUS (../shared/corpus/packs).
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-15}
CORPUS=${CORPUS:-$REPO/../shared/corpus/packs}
cd "$REPO"
cargo build --release --quiet --example facts
if [ $# -eq 0 ]; then
  set -- "$CORPUS"/*/
fi
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c 0); fi
OUT=$(RAYON_NUM_THREADS=1 "${PIN[@]}" target/release/examples/facts --repeat "$RUNS" "$@")
echo "$OUT"
echo "$OUT" | awk '{ print $(NF-1) }' | sort -n | awk '
  { t[NR] = $1 }
  END { printf "packs: %d  median %.2f ms  slowest %.2f ms  (target <= 100 ms per pack)\n", NR, t[int((NR + 1) / 2)], t[NR] }'
