#!/bin/bash
# Rebuilds knowledge/, the policy knowledge base that ships with lrbench, from the repository's committed stores:
# the repository-workloads suite and the workload studies (knowledge/README.md says what each holds).
# Run from the repository root after the suite and studies have run (or been resumed) to the point you want shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/LRBench.Cli -c Release -v quiet -nologo >/dev/null
exec src/LRBench.Cli/bin/Release/net10.0/lrbench knowledge build \
  --store sqlite:examples/suites/repository-workloads.db \
  --store sqlite:examples/studies/digits-mlp-policies.db \
  --store sqlite:examples/studies/digits-mlp-schedule-free-lr.db \
  --store sqlite:examples/studies/fmnist-lenet5-2026-policies.db \
  --store sqlite:examples/studies/fmnist-lenet5-schedule-free-lr.db \
  --store sqlite:examples/studies/mnist-lenet-table7.db \
  --store sqlite:examples/studies/mnist-lenet-2026-policies.db \
  --store sqlite:examples/studies/fortunes-char-transformer.db \
  --out knowledge
