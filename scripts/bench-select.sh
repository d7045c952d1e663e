#!/usr/bin/env bash
# Benchmark of the lazy engine (issue 14): the CPU time of `check --select photo` and
# `check --select consistency` against a full `check`, on the same packs in one run.
# Targets: photo <= 1/4 and consistency <= 2/5 of the full check's CPU time.
#
#   scripts/bench-select.sh [PACK...]
#
# CPU time (user + system, all threads) is summed over the packs, each command run RUNS
# times in turn (full, photo, consistency, full, ...) so machine noise hits all three
# alike; the median of each is printed with the ratios.
#
# Env: RUNS (7), CORPUS (../shared/corpus/packs).
set -euo pipefail
export LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-7}
CORPUS=${CORPUS:-$REPO/../shared/corpus/packs}
cd "$REPO"
cargo build --release --quiet
BIN=$REPO/target/release/dossier
if [ $# -eq 0 ]; then
  set -- "$CORPUS"/*/
fi

# CPU seconds of one command, from GNU time's user and system times.
cpu() {
  local f
  f=$(mktemp)
  /usr/bin/time -o "$f" -f '%U %S' "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.3f\n", $1 + $2 }' "$f"
  rm -f "$f"
}
if ! [ -x /usr/bin/time ]; then
  echo "needs GNU time (apt-get install time)" >&2
  exit 2
fi

declare -a FULL PHOTO CONS
for ((i = 0; i < RUNS; i++)); do
  FULL+=("$(cpu "$BIN" check --today 2026-11-24 --exit-zero --format json "$@")")
  PHOTO+=("$(cpu "$BIN" check --today 2026-11-24 --exit-zero --format json --select photo "$@")")
  CONS+=("$(cpu "$BIN" check --today 2026-11-24 --exit-zero --format json --select consistency "$@")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
F=$(median "${FULL[@]}")
P=$(median "${PHOTO[@]}")
C=$(median "${CONS[@]}")
echo "packs: $#  runs: $RUNS (median CPU seconds, user + system)"
awk -v f="$F" -v p="$P" -v c="$C" 'BEGIN {
  printf "full check             %6.3f s\n", f
  printf "--select photo         %6.3f s  ratio %.3f  (target <= 0.250) %s\n", p, p / f, (p / f <= 0.25 ? "met" : "MISSED")
  printf "--select consistency   %6.3f s  ratio %.3f  (target <= 0.400) %s\n", c, c / f, (c / f <= 0.40 ? "met" : "MISSED")
}'
