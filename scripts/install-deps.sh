#!/usr/bin/env bash
# Installs the system packages LRBench needs on Debian 12, only those that are missing.
# Fonts: ScottPlot renders text through fontconfig; without a font the plots have no labels.
set -euo pipefail
needed=()
for pkg in fontconfig fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || needed+=("$pkg")
done
if ((${#needed[@]})); then
  echo "Installing: ${needed[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${needed[@]}" >/dev/null
fi
