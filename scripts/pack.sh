#!/usr/bin/env bash
# Packs every package into artifacts/packages/: the libraries (LRBench.Schedules, .Adaptive, .Training, .Studies,
# .Reporting, with symbols) and the `lrbench` tool (a pointer package and lrbench.linux-x64 with CPU libtorch).
# The version is Directory.Build.props' VersionPrefix; the commit (and ".dirty" for uncommitted changes) goes into
# the informational version. Extra arguments go to `dotnet pack` (e.g. -p:VersionSuffix=rc.1).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(dotnet msbuild src/LRBench.Schedules/LRBench.Schedules.csproj -getProperty:Version -nologo "$@" 2>/dev/null || true)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dirty=""
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  dirty=".dirty"
  echo "pack: the tree has uncommitted changes; packing them as $version (commit $commit$dirty)"
fi
rm -rf artifacts/packages
dotnet pack LRBench.slnx -c Release -nologo -v q -p:SourceRevisionId="$commit$dirty" "$@"
echo "pack: version $version (commit $commit$dirty) in artifacts/packages:"
ls -1 artifacts/packages
