#!/usr/bin/env bash
# Alternates `lrbench study run --parallel 2` and `--parallel 1` on bench/studies/parallel-vs-threads.yaml and prints
# the wall time of each run and the ratio of each pair. Usage: bench/parallel-vs-threads.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LRBench.Cli -c Release -nologo -v q >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp bench/studies/parallel-vs-threads.yaml "$work/"
lrbench="dotnet $PWD/src/LRBench.Cli/bin/Release/net10.0/lrbench.dll"
for round in $(seq "${1:-8}"); do
  for p in 2 1; do
    rm -rf "$work"/parallel-vs-threads.db* "$work"/parallel-vs-threads-runs
    start=$(date +%s.%N)
    $lrbench study run "$work/parallel-vs-threads.yaml" --parallel "$p" >/dev/null
    t[$p]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  done
  echo "round $round: parallel 2 ${t[2]} s, parallel 1 ${t[1]} s, ratio $(awk -v a="${t[1]}" -v b="${t[2]}" 'BEGIN { printf "%.2f", a / b }')"
done
