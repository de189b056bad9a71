#!/usr/bin/env bash
# The whole test suite: install what is missing, build, and run every test project.
# As root (CI), it also installs podman, runc and mmdebstrap, builds the worker image with scripts/image.sh and
# names it in LRBENCH_TEST_IMAGE for the container test (tests/LRBench.Cli.Tests/ContainerWorkerTests.cs); elsewhere
# that test is skipped with its reason. LRBENCH_SKIP_IMAGE=1 skips the image (and so that test).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if [ "$(id -u)" -eq 0 ] && [ "${LRBENCH_SKIP_IMAGE:-0}" != 1 ]; then
  needed=()
  for pkg in podman runc mmdebstrap uidmap; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || needed+=("$pkg")
  done
  if ((${#needed[@]})); then
    echo "Installing: ${needed[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
  fi
  ./scripts/image.sh
  LRBENCH_TEST_IMAGE="lrbench:$(dotnet msbuild src/LRBench.Schedules/LRBench.Schedules.csproj -getProperty:Version -nologo)"
  export LRBENCH_TEST_IMAGE
fi
dotnet test LRBench.slnx -c Release -nologo "$@"
