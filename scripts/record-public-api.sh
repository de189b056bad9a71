#!/usr/bin/env bash
# Brings every library's PublicAPI.Unshipped.txt in line with its code: adds each public symbol the build reports as
# undeclared (RS0016) and removes each declared one that no longer exists (RS0017), then builds again. Review the
# diff: each added line is a promise to users, each removed one a break. (`dotnet format analyzers --diagnostics
# RS0016` does the same, but here it finds nothing once the files have content.)
set -euo pipefail
cd "$(dirname "$0")/.."
for round in 1 2 3 4 5 6 7 8; do   # a library's errors stop the build of those that depend on it: one round each
  log=$(dotnet build LRBench.slnx -c Release -nologo -v q --no-incremental 2>&1 || true)
  found=$(grep -oE "[^ ]+\.cs\([0-9]+,[0-9]+\): error RS0016: Symbol '.*' is not part of the declared public API.*\[[^]]+\.csproj\]" <<<"$log" | sort -u || true)
  gone=$(grep -oE "[^ ]+PublicAPI\.(Un)?[Ss]hipped\.txt\([0-9]+,[0-9]+\): error RS0017: Symbol '.*' is part of the declared API.*\[[^]]+\.csproj\]" <<<"$log" | sort -u || true)
  [ -z "$found" ] && [ -z "$gone" ] && break
  if [ -n "$found" ]; then
    while IFS= read -r line; do
      project=$(sed -E 's/.*\[([^]]+)\.csproj\]$/\1/' <<<"$line")
      symbol=$(sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" <<<"$line")
      file="$(dirname "$project")/PublicAPI.Unshipped.txt"
      grep -qxF "$symbol" "$file" || echo "$symbol" >> "$file"
      echo "added to $file: $symbol"
    done <<<"$found"
  fi
  if [ -n "$gone" ]; then
    while IFS= read -r line; do
      file=$(sed -E 's/^([^ ]+PublicAPI\.(Un)?[Ss]hipped\.txt)\(.*/\1/' <<<"$line")
      symbol=$(sed -E "s/.*Symbol '(.*)' is part of the declared API.*/\1/" <<<"$line")
      grep -vxF "$symbol" "$file" > "$file.tmp" || true
      mv "$file.tmp" "$file"
      echo "removed from $file: $symbol"
    done <<<"$gone"
  fi
done
dotnet build LRBench.slnx -c Release -nologo -v q
