#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a result:
#   packaging/setup.sh run    install, build, and open the studio on the bundled models
#   packaging/setup.sh demo   install, build, pretrain + ECT-tune a tiny Fashion-MNIST model, draw grids (out/demo/)
#   packaging/setup.sh test   install, build, and run the whole test suite (ctest)
#   packaging/setup.sh package install, build, and write the Debian package to out/ (checked by check-deb.sh)
# BUILD_DIR (default build) and JOBS (default: all cores) may be set in the environment.
set -euo pipefail

mode=${1:-}
case "$mode" in run|demo|test|package) ;; *) echo "usage: packaging/setup.sh run|demo|test|package" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}

"$root/packaging/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
# Only what the mode runs: the studio opens after building `ect` and `ect-studio` (not the tests).
case "$mode" in
  run) targets=(--target ect ect-studio) ;;
  demo) targets=(--target ect) ;;
  *) targets=() ;;
esac
cmake --build "$build" -j "$jobs" "${targets[@]}"

if [ "$mode" = test ]; then
  cd "$build"
  ctest --output-on-failure -j "$jobs"
  exit 0
fi

if [ "$mode" = package ]; then
  # cpack -G DEB, then the package's contents, lintian, desktop-file-validate, appstreamcli and
  # the unpacked programs checked; the .deb is kept in out/.
  mkdir -p "$root/out"
  "$root/packaging/check-deb.sh" "$build" "$root/out"
  echo "install it with: sudo apt install $root/out/ect-studio_*.deb"
  exit 0
fi

if [ "$mode" = run ]; then
  # The studio on the bundled Fashion-MNIST models (the last session's, after the first start).
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "setup: built; no display here to open the studio on. On a desktop: $build/app/ect-studio" >&2
    echo "       (or on this machine: xvfb-run $build/app/ect-studio --screenshot studio.png)" >&2
    exit 1
  fi
  exec "$build/app/ect-studio"
fi

# The command-line demo: a small diffusion model pretrained on Fashion-MNIST,
# ECT-tuned into a consistency model, and sample grids of both (about 5 minutes on 2 cores).
# A run interrupted earlier is resumed; a finished one is kept.
ect="$build/app/ect"
out="$root/out/demo"
mkdir -p "$out"
train() {  # train pretrain|tune DIR FLAGS...
  local mode=$1 dir=$2; shift 2
  if [ -f "$dir/state.safetensors" ]; then "$ect" "$mode" --resume "$dir"; else "$ect" "$mode" "$@" --out "$dir"; fi
}
train pretrain "$out/pretrain" --preset tiny --steps 1500
train tune "$out/tune" --preset tiny --steps 500 --base "$out/pretrain/model.safetensors"
"$ect" sample --model "$out/pretrain/model.safetensors" --sampler heun --steps 18 --count 40 --columns 10 --out "$out/base-heun18.png"
"$ect" sample --model "$out/tune/model.safetensors" --sampler cm --steps 1 --count 40 --columns 10 --out "$out/ect-1step.png"
"$ect" sample --model "$out/tune/model.safetensors" --sampler cm --steps 2 --count 40 --columns 10 --out "$out/ect-2step.png"
echo "grids in $out: base-heun18.png (35 evaluations), ect-1step.png, ect-2step.png"
