#!/usr/bin/env bash
# Benchmark of `dossier check` over a batch of 1,000 packs (copies of the corpus's packs,
# scripts/make-batch-packs.sh), full image analysis, with the issue's targets:
#   - throughput in packs per second (printed, no target);
#   - peak RSS < 500 MB for the whole batch;
#   - scaling from --jobs 1 to --jobs 2 >= 1.8x;
#   - >= 10x faster than the Python baseline (../shared/bench/baseline.py) on the same packs;
#   - `check --changed --fast` on a 12-file pack (the pre-commit hook) < 30 ms.
# Each dossier run writes jsonl to a file and is timed with /usr/bin/time (wall and peak
# RSS), best of RUNS. The baseline is slow (about 0.3 s a pack), so it runs once, on the
# first BASELINE_PACKS packs (default all), and its rate is compared with dossier's rate.
#
#   scripts/bench-batch.sh                      # 1,000 packs
#   PACKS_N=200 BASELINE_PACKS=100 scripts/bench-batch.sh   # quicker
#
# Env: PACKS_N (1000), BATCH_PACKS (/tmp/dossier-batch-packs), RUNS (3), BASELINE_PACKS
#      (= PACKS_N), BASELINE_VENV (/tmp/dossier-baseline-venv, made from
#      ../shared/bench/requirements.txt if missing; BASELINE=0 skips the baseline).
# Exits 0 when a target is missed (this is a report), 1 when a tool fails.
set -euo pipefail
export LC_ALL=C
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${PACKS_N:-1000}
PACKS=${BATCH_PACKS:-/tmp/dossier-batch-packs}
RUNS=${RUNS:-3}
BN=${BASELINE_PACKS:-$N}
VENV=${BASELINE_VENV:-/tmp/dossier-baseline-venv}
TODAY=2026-11-24
cd "$REPO"

cargo build --release --quiet
BIN=$REPO/target/release/dossier
scripts/make-batch-packs.sh "$PACKS" "$N"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"

# run NAME CMD...: best wall seconds and peak RSS MB over RUNS runs, into WALL[NAME], RSS[NAME].
declare -A WALL RSS
run() {
  local name=$1 best= mem= status
  shift
  for ((r = 0; r < RUNS; r++)); do
    status=0
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
    # dossier exits 1 when the packs have errors, as the corpus's do.
    if ((status > 1)); then
      echo "error: $name exited $status" >&2
      tail -5 "$WORK/err" >&2
      exit 1
    fi
    read -r secs kb < <(tail -n 1 "$WORK/time")
    if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
    if [[ -z $mem ]] || ((kb > mem)); then mem=$kb; fi
  done
  WALL[$name]=$best
  RSS[$name]=$(awk -v k="$mem" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')
  printf '%-22s %8.2f s  %8.1f packs/s  peak %5s MB\n' "$name" "$best" \
    "$(awk -v n="$N" -v s="$best" 'BEGIN { print n / s }')" "${RSS[$name]}"
}

run "dossier (all cores)" "$BIN" check --today "$TODAY" --recursive "$PACKS" --format jsonl -o "$WORK/all.jsonl"
run "dossier --jobs 1" "$BIN" check --today "$TODAY" --recursive "$PACKS" --format jsonl --jobs 1 -o "$WORK/j1.jsonl"
run "dossier --jobs 2" "$BIN" check --today "$TODAY" --recursive "$PACKS" --format jsonl --jobs 2 -o "$WORK/j2.jsonl"
cmp -s "$WORK/j1.jsonl" "$WORK/j2.jsonl" || { echo "error: --jobs 1 and --jobs 2 reports differ" >&2; exit 1; }
echo "findings: $(wc -l <"$WORK/all.jsonl") over $N packs (the same bytes at --jobs 1 and 2)"

verdict() { # label value op limit
  local ok
  ok=$(awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { print (op == "<" ? v < l : v >= l) ? "met" : "MISSED" }')
  printf '%-44s %10s  (target %s %s)  %s\n' "$1" "$2" "$3" "$4" "$ok"
}
echo
verdict "peak RSS, MB, all cores" "${RSS[dossier (all cores)]}" '<' 500
verdict "scaling --jobs 1 -> --jobs 2" \
  "$(awk -v a="${WALL[dossier --jobs 1]}" -v b="${WALL[dossier --jobs 2]}" 'BEGIN { printf "%.2f", a / b }')" '>=' 1.8

# The pre-commit hook: one changed file of a 12-file pack, --fast, median of hyperfine.
if command -v hyperfine >/dev/null; then
  HOOK_PACK=$REPO/fixtures/packs/008-bianchi
  hyperfine -N -i -w 3 -r 50 --export-json "$WORK/hook.json" \
    "$BIN check --changed --fast --format concise $HOOK_PACK/02_Passport.pdf" >/dev/null
  hook_ms=$(python3 -c "import json; print('%.1f' % (json.load(open('$WORK/hook.json'))['results'][0]['median'] * 1000))")
  verdict "pre-commit --changed --fast, 12-file pack, ms" "$hook_ms" '<' 30
else
  echo "hyperfine missing: the pre-commit timing is skipped"
fi

if [[ ${BASELINE:-1} == 0 ]]; then
  echo "baseline skipped (BASELINE=0)"
  exit 0
fi
if ! "$VENV/bin/python" -c 'import cv2, pypdf, PIL, numpy' 2>/dev/null; then
  echo "making the venv $VENV for the baseline"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$REPO/../shared/bench/requirements.txt"
fi
mapfile -t SOME < <(find "$PACKS" -mindepth 1 -maxdepth 1 -type d | sort | head -n "$BN")
start=$(date +%s.%N)
"$VENV/bin/python" "$REPO/../shared/bench/baseline.py" check --format json "${SOME[@]}" >"$WORK/baseline.json" 2>/dev/null || true
end=$(date +%s.%N)
base=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
python3 -c "import json,sys; d=json.load(open('$WORK/baseline.json')); assert len(d['packs']) == $BN, len(d['packs'])" ||
  { echo "error: the baseline did not report $BN packs" >&2; exit 1; }
printf '%-22s %8.2f s  %8.1f packs/s  (%d packs)\n' "python baseline" "$base" \
  "$(awk -v n="$BN" -v s="$base" 'BEGIN { print n / s }')" "$BN"
verdict "dossier (all cores) vs baseline, per pack" \
  "$(awk -v bs="$base" -v bn="$BN" -v ds="${WALL[dossier (all cores)]}" -v dn="$N" \
    'BEGIN { printf "%.1f", (bs / bn) / (ds / dn) }')" '>=' 10
