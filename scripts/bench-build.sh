#!/usr/bin/env bash
# Benchmark of `dossier build` (index page and outline included) against what a user
# would run instead on the same inputs, with the issue's targets:
#   A. a PDF-only pack, 12 files / 24 pages / ~7 MB, from the corpus's PDFs;
#   B. the same scaled up: 120 files / ~70 MB (three-digit names are findings, so the
#      checked build needs --force);
#      for A and B, against `qpdf --empty --pages` and `mutool merge`:
#      wall time dossier/mutool <= 1.0, output size dossier/qpdf within 2 % (smaller is
#      fine too);
#   C. six A4 300 dpi JPEG scans, against `img2pdf`: dossier faster (ratio < 1) and its
#      output no larger (ratio <= 1.0).
# For every pack: dossier's peak RSS < 2 x the pack's size + 50 MB. The measured command is
# `build --no-check`; `build` with its check and `check` alone are timed too, without a
# target, to show what the check costs.
#
#   scripts/bench-build.sh            # needs ../shared/corpus, qpdf, hyperfine
#   KEEP=1 scripts/bench-build.sh     # keep the outputs and print where they are
#
# The packs come from scripts/make-bench-packs.py, made once and reused while that script
# and the tools it calls are unchanged. The tools may use every core (the issue compares
# wall times); the core count is printed. Exits 0 when a target is missed (this is a
# report), 1 when a tool crashes or `dossier build` is missing, 2 when dossier refuses to
# run (bad arguments).
#
# Env: RUNS (15; pack B gets a third of them, at least 3), BENCH_VENV
#      (/tmp/dossier-bench-venv: Pillow + img2pdf, made if missing), BENCH_PACKS
#      (/tmp/dossier-bench-packs), CORPUS (../shared/corpus/packs), KEEP.
set -euo pipefail
# awk and printf must agree on '.' as the decimal point.
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-15}
RUNS_B=$((RUNS / 3 > 3 ? RUNS / 3 : 3))
VENV=${BENCH_VENV:-/tmp/dossier-bench-venv}
PACKS=${BENCH_PACKS:-/tmp/dossier-bench-packs}
export CORPUS=${CORPUS:-$REPO/../shared/corpus/packs}
TODAY=2026-11-24
cd "$REPO"

# --- tools -------------------------------------------------------------------------
if ! "$VENV/bin/python" -c 'import PIL, img2pdf' 2>/dev/null; then
  echo "making the venv $VENV (pillow, img2pdf)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q pillow img2pdf
fi
PY=$VENV/bin/python
for tool in qpdf hyperfine; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done
if ! command -v mutool >/dev/null && [[ $(id -u) == 0 ]]; then
  echo "installing mupdf-tools for mutool"
  # A failed install is not fatal: the mutool comparison is skipped below.
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mupdf-tools; } >/dev/null || true
fi
HAVE_MUTOOL=1
if ! command -v mutool >/dev/null; then
  echo "note: mutool is missing (as root: apt-get update && apt-get install mupdf-tools);" \
    "the mutool comparison is skipped"
  HAVE_MUTOOL=0
fi

cargo build --release --quiet
WORK=$(mktemp -d /tmp/dossier-bench-build.XXXXXX)
if [[ -n ${KEEP:-} ]]; then trap 'echo "outputs kept in $WORK"' EXIT; else trap 'rm -rf "$WORK"' EXIT; fi
# A private copy: another cargo build in this tree must not swap the binary mid-run.
BIN=$WORK/dossier
cp "$REPO/target/release/dossier" "$BIN"
HAVE_BUILD=1
if ! "$BIN" build --help >/dev/null 2>&1; then
  echo "note: this dossier has no 'build' command yet; timing the other tools only"
  HAVE_BUILD=0
fi

# --- packs (cached: generating them runs qpdf --check over the corpus, ~10 s) ---------
STAMP=$( { sha256sum scripts/make-bench-packs.py; qpdf --version | head -1
           "$PY" -c 'import PIL; print(PIL.__version__)'; ls -lR "$CORPUS"; } | sha256sum | cut -c1-16)
if [[ $(cat "$PACKS/.stamp" 2>/dev/null) != "$STAMP" ]]; then
  echo "making the packs in $PACKS"
  mkdir -p "$PACKS"
  "$PY" scripts/make-bench-packs.py "$PACKS"
  echo "$STAMP" >"$PACKS/.stamp"
fi

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "tools: $(qpdf --version | head -1), mutool $( ((HAVE_MUTOOL)) && mutool -v 2>&1 | grep -o '[0-9][0-9.]*' | head -1 || echo -)," \
  "img2pdf $("$PY" -c 'import img2pdf; print(img2pdf.__version__)'), $(hyperfine --version)"
# Other builds on a shared machine skew wall times: say how busy it was.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: median of $RUNS (pack B: $RUNS_B) after warm-up; dossier uses every core"

# --- measuring -----------------------------------------------------------------------
ROWS=()    # "pack|tool|median ms|output bytes|output pages|peak RSS MB"
CRASHED=0
declare -A MS BYTES RSS PACK_MB

# measure PACK TOOL OUT OK_CODES CMD...: one run under /usr/bin/time for the exit status
# and peak RSS, then hyperfine for the median wall time. OUT is the PDF the command writes
# (- for none). OK_CODES is a regex of the exit statuses that are not a failure (dossier:
# 1 means error findings, which --force builds past; qpdf: 3 means warnings, with the
# output written).
measure() {
  local pack=$1 tool=$2 out=$3 ok=$4
  shift 4
  local key="$pack $tool" runs=$RUNS warmup=2 status=0
  [[ $pack == B ]] && { runs=$RUNS_B; warmup=1; }
  /usr/bin/time -f %M -o "$WORK/rss" "$@" >"$WORK/log" 2>&1 || status=$?
  if [[ $tool == dossier* && $status == 2 ]]; then
    echo "error: dossier refused to run on pack $pack (exit 2):" >&2
    tail -n 20 "$WORK/log" >&2
    exit 2
  fi
  if ! [[ $status =~ ^($ok)$ && ($out == - || -s $out) ]]; then
    echo "error: $tool failed on pack $pack (exit $status):" >&2
    tail -n 20 "$WORK/log" >&2
    CRASHED=1
    ROWS+=("$pack|$tool|CRASH (exit $status)|-|-|-")
    return
  fi
  # With -o, time puts "Command exited with non-zero status" before the figure.
  # %M is in KiB; every MB here is 10^6 bytes, like the issue's pack sizes.
  RSS[$key]=$(tail -n 1 "$WORK/rss" | awk '{ printf "%.1f", $1 * 1024 / 1e6 }')
  local pages=-
  if [[ $out != - ]]; then
    BYTES[$key]=$(stat -c %s "$out")
    # The page count shows at a glance that nothing was dropped (dossier adds its index).
    pages=$(qpdf --show-npages "$out" 2>/dev/null || echo "?")
  fi
  # -N: no shell in between, so the figure is the tool's own. -i: dossier's exit 1.
  # -i prints a warning per command that exits 1: keep hyperfine's chatter for failures.
  if ! hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$WORK/h.json" \
    -- "$(printf '%q ' "$@")" >/dev/null 2>"$WORK/hyperfine.err"; then
    cat "$WORK/hyperfine.err" >&2
    exit 1
  fi
  MS[$key]=$("$PY" -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$WORK/h.json")
  ROWS+=("$pack|$tool|${MS[$key]}|${BYTES[$key]:--}|$pages|${RSS[$key]}")
}

# dossier_build PACK: `build --no-check` is the measured command (the merge the other
# tools do, index page and outline included; a CI job runs `dossier check` before it).
# Untimed against a target: `build` with its check (--force, the packs have findings) and
# `check` alone, so the share of the check shows.
dossier_build() {
  measure "$1" dossier "$WORK/$1-dossier.pdf" '0|1' \
    "$BIN" build "$PACKS/$1" -o "$WORK/$1-dossier.pdf" --no-check --overwrite --today "$TODAY" --quiet
  measure "$1" "dossier+check" "$WORK/$1-dossier-checked.pdf" '0|1' \
    "$BIN" build "$PACKS/$1" -o "$WORK/$1-dossier-checked.pdf" --force --overwrite --today "$TODAY" --quiet
  measure "$1" "dossier check" - '0|1' "$BIN" check "$PACKS/$1" --today "$TODAY" --quiet
}

for pack in A B C; do
  PACK_MB[$pack]=$(du -sb "$PACKS/$pack" | awk '{ printf "%.1f", $1 / 1e6 }')
done

for pack in A B; do
  files=("$PACKS/$pack"/*.pdf)
  echo "pack $pack: ${#files[@]} PDFs, ${PACK_MB[$pack]} MB ..."
  ((HAVE_BUILD)) && dossier_build "$pack"
  measure "$pack" qpdf "$WORK/$pack-qpdf.pdf" '0|3' qpdf --empty --pages "${files[@]}" -- "$WORK/$pack-qpdf.pdf"
  ((HAVE_MUTOOL)) && measure "$pack" mutool "$WORK/$pack-mutool.pdf" 0 mutool merge -o "$WORK/$pack-mutool.pdf" "${files[@]}"
done
files=("$PACKS/C"/*.jpg)
echo "pack C: ${#files[@]} JPEGs, ${PACK_MB[C]} MB ..."
((HAVE_BUILD)) && dossier_build C
measure C img2pdf "$WORK/C-img2pdf.pdf" 0 "$VENV/bin/img2pdf" "${files[@]}" -o "$WORK/C-img2pdf.pdf"

# --- report --------------------------------------------------------------------------
echo
printf '%-6s %-14s %12s %12s %6s %9s\n' input tool "median ms" "out bytes" pages "peak MB"
for row in "${ROWS[@]}"; do
  IFS='|' read -r pack tool ms bytes pages rss <<<"$row"
  printf '%-6s %-14s %12s %12s %6s %9s\n' "$pack" "$tool" "$ms" "$bytes" "$pages" "$rss"
done
echo "(dossier: build --no-check; dossier+check: build with its check; dossier check: the"
echo " check alone. Targets apply to the first; the other two show what the check costs.)"
echo

# verdict NAME VALUE OP LIMIT [NOTE]: one ratio line, PASS when "VALUE OP LIMIT" holds.
verdict() {
  local result
  if awk "BEGIN { exit !($2 $3 $4) }"; then result=PASS; else result=FAIL; fi
  printf '%-40s %8s  (target %s %s)  %s%s\n' "$1" "$2" "$3" "$4" "$result" "${5:+  $5}"
}
# ratio A B: A / B to three places, or empty when either is missing.
ratio() { [[ -n $1 && -n $2 ]] && awk "BEGIN { printf \"%.3f\", $1 / $2 }"; }

for pack in A B C; do
  if [[ -z ${MS["$pack dossier"]:-} ]]; then
    echo "pack $pack: no dossier figures, no ratios"
    continue
  fi
  if [[ $pack == C ]]; then
    r=$(ratio "${MS[C dossier]}" "${MS[C img2pdf]:-}") && verdict "C time dossier/img2pdf" "$r" '<' 1.0
    r=$(ratio "${BYTES[C dossier]}" "${BYTES[C img2pdf]:-}") && verdict "C size dossier/img2pdf" "$r" '<=' 1.0
  else
    if r=$(ratio "${MS[$pack dossier]}" "${MS[$pack mutool]:-}"); then
      verdict "$pack time dossier/mutool" "$r" '<=' 1.0
    else
      echo "$pack time dossier/mutool: skipped (no mutool figure)"
    fi
    if r=$(ratio "${BYTES[$pack dossier]}" "${BYTES[$pack qpdf]:-}"); then
      # Within 2 % either way, and smaller by more than that is fine too: so <= 1.02.
      note=
      awk "BEGIN { exit !($r < 0.98) }" && note="dossier's output is smaller than qpdf's"
      verdict "$pack size dossier/qpdf" "$r" '<=' 1.02 "$note"
    fi
  fi
  limit=$(awk "BEGIN { printf \"%.1f\", 2 * ${PACK_MB[$pack]} + 50 }")
  verdict "$pack peak RSS MB (pack ${PACK_MB[$pack]} MB)" "${RSS[$pack dossier]}" '<' "$limit"
done

if ((CRASHED)); then echo "a tool crashed: see above" >&2; exit 1; fi
if ((!HAVE_BUILD)); then echo "dossier build is missing: no dossier figures" >&2; exit 1; fi
