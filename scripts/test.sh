#!/usr/bin/env bash
# The whole test suite: install what is missing, build, and run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
dotnet test LRBench.slnx -c Release -nologo "$@"
