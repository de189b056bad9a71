#!/usr/bin/env bash
# Wall time of one study drained by 1, 2 and 4 `lrbench worker` processes on this machine (each worker one trial at a
# time, single-threaded), plus one worker with 2 threads per trial. The configurations alternate within each round
# because this machine's speed drifts over minutes; compare ratios within a round. CPU seconds (the workers' user +
# system time) tell how much of the 2 cores the workers got: CPU / wall is the number of cores busy on average.
# Usage: bench/worker-speedup.sh [rounds]   (results: docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LRBench.Cli -c Release -nologo -v q >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp bench/studies/worker-speedup.yaml "$work/"
lrbench="dotnet $PWD/src/LRBench.Cli/bin/Release/net10.0/lrbench.dll"
# CPU seconds (user + system) used so far by this shell's finished children. `times` must run in this shell (not in
# a $(...) subshell, whose children are its own), so its output goes through a file.
child_cpu() { awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] } printf "%.1f", t }' "$work/times"; }
configs=("1 1" "1 2" "2 1" "4 1")   # workers, threads per trial
for round in $(seq "${1:-3}"); do
  line="round $round:"
  for c in "${configs[@]}"; do
    read -r workers threads <<<"$c"
    rm -rf "$work"/worker-speedup.db* "$work"/worker-speedup-runs
    $lrbench study submit "$work/worker-speedup.yaml" >/dev/null
    times > "$work/times"; cpu_before=$(child_cpu)
    start=$(date +%s.%N)
    pids=()
    for _ in $(seq "$workers"); do
      $lrbench worker --store "sqlite:$work/worker-speedup.db" --parallel 1 --threads "$threads" --out "$work/worker-speedup-runs" >/dev/null &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    times > "$work/times"; cpu=$(awk -v a="$cpu_before" -v b="$(child_cpu)" 'BEGIN { printf "%.1f", b - a }')
    done_count=$(sqlite3 "$work/worker-speedup.db" "SELECT count(*) FROM trials WHERE status = 'completed' AND attempts = 1")
    line+=" ${workers}x${threads}t ${t} s wall, ${cpu} s CPU (${done_count}/8 once);"
  done
  echo "$line"
done
