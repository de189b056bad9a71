#!/usr/bin/env bash
# The main job: install what is missing, build, and run `lrbench quickstart`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dotnet build src/LRBench.Cli -c Release -nologo -v q
dotnet src/LRBench.Cli/bin/Release/net10.0/lrbench.dll quickstart "$@"
