#!/usr/bin/env bash
# Makes the batch benchmark's input: N packs (default 1,000) under DEST, copies of the
# corpus's packs dealt in turn (pack-0000-001-kowalczyk, pack-0001-002-..., ...).
# Files are hard links when DEST is on the corpus's file system (same bytes, no 1.2 GB of
# copies; the page cache holds them either way after the first run), copies otherwise.
#
#   scripts/make-batch-packs.sh [DEST] [N]     # defaults /tmp/dossier-batch-packs 1000
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${CORPUS:-$REPO/../shared/corpus/packs}
DEST=${1:-/tmp/dossier-batch-packs}
N=${2:-1000}
mapfile -t SOURCES < <(find "$CORPUS" -mindepth 1 -maxdepth 1 -type d | sort)
((${#SOURCES[@]} > 0)) || { echo "error: no packs in $CORPUS" >&2; exit 1; }
if [[ -f $DEST/.made ]] && [[ $(cat "$DEST/.made") == "$N ${#SOURCES[@]}" ]]; then
  echo "$DEST: $N packs already made"
  exit 0
fi
rm -rf "$DEST"
mkdir -p "$DEST"
for ((i = 0; i < N; i++)); do
  src=${SOURCES[i % ${#SOURCES[@]}]}
  dst=$(printf '%s/pack-%04d-%s' "$DEST" "$i" "$(basename "$src")")
  cp -al "$src" "$dst" 2>/dev/null || cp -a "$src" "$dst"
done
echo "$N ${#SOURCES[@]}" >"$DEST/.made"
echo "$DEST: made $N packs from ${#SOURCES[@]} corpus packs ($(du -sh --apparent-size "$DEST" | cut -f1) apparent)"
