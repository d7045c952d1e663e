#!/usr/bin/env bash
# Benchmark `dossier check` on the naming/pack path against the SPEC's speed promises:
# an agency batch of 1,000 packs in under a second, and one small pack (process start
# included, as a pre-commit hook sees it) in under 20 ms.
#
#   scripts/bench-naming.sh                  # PACKS=1000 RUNS=10
#   BASELINE=1 scripts/bench-naming.sh       # also time ../shared/bench/baseline.py
#
# Env: PACKS (1000), RUNS (10), BL_RUNS (3: the baseline takes seconds per run),
#      BASELINE_VENV (/tmp/bl), NO_HYPERFINE=1 to force the plain loop.
set -euo pipefail
# EPOCHREALTIME and awk must agree on '.' as the decimal point.
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$REPO/../shared
PACKS=${PACKS:-1000}
RUNS=${RUNS:-10}
BL_RUNS=${BL_RUNS:-3}
TODAY=2026-11-24
NAMES=(01_Passport.pdf 02_Form.pdf 03_Photo.jpg 04_Invitation.pdf 05_Employer_Letter.pdf
       06_Cover_Letter.pdf 07_Bank_Statements.pdf 08_Itinerary.pdf 09_Hotel_Booking.pdf
       10_Travel_Insurance.pdf 11_Company_Registration.pdf 12_Fee_Receipt.pdf)

cd "$REPO"
cargo build --release --quiet
BIN=$REPO/target/release/dossier

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/packs
mkdir -p "$ROOT" "$WORK/template"

# Real (small) files so any content rule that opens them sees a valid PDF/JPEG; the
# template lives outside ROOT so --recursive does not count it as a pack.
for n in "${NAMES[@]}"; do
  case $n in
    *.jpg) cp "$SHARED/corpus/packs/006-whitfield/03_Photo.jpg" "$WORK/template/$n" ;;
    *)     cp "$SHARED/corpus/packs/019-moreau/09_Fee_Receipt.pdf" "$WORK/template/$n" ;;
  esac
done
# One `cp -rl` per pack (hard links to the private template, never to the shared
# corpus) keeps generation at ~1,000 forks instead of 12,000; plain copies if /tmp
# cannot hard-link.
CP=(cp -rl)
"${CP[@]}" "$WORK/template" "$ROOT/probe" 2>/dev/null || CP=(cp -r)
rm -rf "$ROOT/probe"
t0=${EPOCHREALTIME:-$(date +%s.%N)}
for ((i = 1; i <= PACKS; i++)); do
  p=$(printf '%s/p%04d' "$ROOT" "$i")
  "${CP[@]}" "$WORK/template" "$p"
  # A few defective packs so the JSON has errors to serialise, not only warnings.
  if ((i % 50 == 0)); then mv "$p/12_Fee_Receipt.pdf" "$p/13_Fee_Receipt.pdf"; fi  # naming/gap
  if ((i % 50 == 25)); then : >"$p/.DS_Store"; fi                                  # stray file
done
t1=${EPOCHREALTIME:-$(date +%s.%N)}
PATHS=("$ROOT"/p*)
ONE=${PATHS[0]}
echo "generated ${#PATHS[@]} packs x ${#NAMES[@]} files (${CP[*]}) in $(awk "BEGIN{printf \"%.1f\", $t1-$t0}") s under $ROOT"

HYPERFINE='' TIMER='shell loop'
if [[ -z ${NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null; then HYPERFINE=1 TIMER=hyperfine; fi
ROWS=()

# bench NAME TARGET_MS RUNS CMD... : median wall time in ms, appended to ROWS.
bench() {
  local name=$1 target=$2 runs=$3 rc=0 med
  shift 3
  # One checked run first: exit 1 (error findings) is expected, but exit 2 means the
  # tool refused to run, and timing a refusal would report a meaningless "PASS".
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  if ((rc > 1)); then echo "$name: exit $rc" >&2; cat "$WORK/$name.err" >&2; exit 1; fi
  echo "== $name (exit $rc, $(grep -c '"rule"' "$WORK/$name.out") findings)"
  if [[ -n $HYPERFINE ]]; then
    # -N: no intermediate shell, so the single-pack case measures dossier's own start.
    hyperfine -N -i --warmup 2 --runs "$runs" -n "$name" --export-csv "$WORK/$name.csv" \
      --export-markdown "$WORK/$name.md" -- "$(printf '%q ' "$@")"
    med=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="median") c=i} NR==2{printf "%.1f", $c*1000}' "$WORK/$name.csv")
  else
    local i t0 t1 ts=()
    for ((i = 0; i < runs + 2; i++)); do
      # EPOCHREALTIME (bash 5) avoids counting a `date` fork inside a 10 ms measurement.
      t0=${EPOCHREALTIME:-$(date +%s.%N)}
      "$@" >/dev/null 2>&1 || true
      t1=${EPOCHREALTIME:-$(date +%s.%N)}
      if ((i >= 2)); then ts+=("$(awk "BEGIN{print ($t1-$t0)*1000}")"); fi  # 2 warmups dropped
    done
    read -r min med < <(printf '%s\n' "${ts[@]}" | sort -g | awk '{a[NR]=$1}
      END{printf "%.1f %.1f\n", a[1], (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
    echo "   min $min ms, median $med ms over $runs runs"
  fi
  ROWS+=("$name|$med|$target")
}

CHECK=("$BIN" check --format json --today "$TODAY")
bench batch-recursive 1000 "$RUNS" "${CHECK[@]}" --recursive "$ROOT"
bench batch-explicit 1000 "$RUNS" "${CHECK[@]}" "${PATHS[@]}"
bench single-pack 20 "$RUNS" "${CHECK[@]}" "$ONE"

if [[ ${BASELINE:-} == 1 ]]; then
  VENV=${BASELINE_VENV:-/tmp/bl}
  # Re-install when the venv exists but an earlier pip install died half-way.
  if ! "$VENV/bin/python" -c 'import cv2, numpy, PIL, pypdf' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$SHARED/bench/requirements.txt"
  fi
  # No --today: baseline.py skips the flag but not its value, which it would then
  # take for a pack path.
  BL=("$VENV/bin/python" "$SHARED/bench/baseline.py" check --format json)
  bench baseline-single "" "$BL_RUNS" "${BL[@]}" "$ONE"
  bench baseline-20 "" "$BL_RUNS" "${BL[@]}" "${PATHS[@]:0:20}"
fi

echo
printf '%-18s %10s %10s  %s\n' case median_ms target_ms result
for row in "${ROWS[@]}"; do
  IFS='|' read -r name med target <<<"$row"
  if [[ -z $target ]]; then verdict=info; target=-
  elif awk "BEGIN{exit !($med < $target)}"; then verdict=PASS
  else verdict=MISS; fi
  printf '%-18s %10s %10s  %s\n' "$name" "$med" "$target" "$verdict"
done
echo "(${#PATHS[@]} packs; timer: $TIMER; $(nproc) CPUs)"
