#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a result:
#   packaging/setup.sh demo   install, build, and draw a sample grid with `ect` (out/demo-grid.png)
#   packaging/setup.sh test   install, build, and run the whole test suite (ctest)
# BUILD_DIR (default build) and JOBS (default: all cores) may be set in the environment.
set -euo pipefail

mode=${1:-}
case "$mode" in demo|test) ;; *) echo "usage: packaging/setup.sh demo|test" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

"$root/packaging/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j "$jobs"

if [ "$mode" = test ]; then
  cd "$build"
  ctest --output-on-failure -j "$jobs"
  exit 0
fi

# The main job until the studio exists: a sample grid from a model file.
fixtures=${ECT_FIXTURES:-$(grep -E '^ECT_FIXTURES_DIR:' "$build/CMakeCache.txt" 2>/dev/null | cut -d= -f2-)}
model=${MODEL:-$fixtures/songunet-cond28.safetensors}
mkdir -p "$root/out"
"$build/app/ect" info "$model"
"$build/app/ect" sample --model "$model" --sampler cm --steps 2 --seed 0 --count 40 --columns 10 \
  --out "$root/out/demo-grid.png"
