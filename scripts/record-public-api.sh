#!/usr/bin/env bash
# Adds every public symbol the build reports as undeclared (RS0016) to its library's PublicAPI.Unshipped.txt, then
# builds again. Review the diff: each line is a promise to users. (`dotnet format analyzers --diagnostics RS0016`
# does the same, but here it finds nothing once the files have content.)
set -euo pipefail
cd "$(dirname "$0")/.."
for round in 1 2 3 4 5 6; do   # a library's errors stop the build of those that depend on it: one round each
  log=$(dotnet build LRBench.slnx -c Release -nologo -v q 2>&1 || true)
  found=$(grep -oE "[^ ]+\.cs\([0-9]+,[0-9]+\): error RS0016: Symbol '.*' is not part of the declared public API.*\[[^]]+\.csproj\]" <<<"$log" | sort -u || true)
  [ -z "$found" ] && break
  while IFS= read -r line; do
    project=$(sed -E 's/.*\[([^]]+)\.csproj\]$/\1/' <<<"$line")
    symbol=$(sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" <<<"$line")
    file="$(dirname "$project")/PublicAPI.Unshipped.txt"
    grep -qxF "$symbol" "$file" || echo "$symbol" >> "$file"
    echo "added to $file: $symbol"
  done <<<"$found"
done
dotnet build LRBench.slnx -c Release -nologo -v q
