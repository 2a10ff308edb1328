#!/usr/bin/env bash
# Fills the ignored folder .devcarry/ with what the GPU scripts (gpu-train.sh, bench-gpu.sh) need on
# a GPU box that has only PyTorch: the Fashion-MNIST files, the reference fixtures (CUDA parity),
# nlohmann/json headers and, for the side-by-side benchmarks, checkouts of the official ECT code
# (main, and its imgnet branch when the repository given has it).
#
#   packaging/prepare-devcarry.sh [OFFICIAL_CHECKOUT]
#
# OFFICIAL_CHECKOUT: a folder or bare git directory of locuslab/ect (copied, never committed).
# The result (about 38 MB) travels with the device tool's carry: [".devcarry"].
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/.devcarry
mkdir -p "$dest/fashion-mnist" "$dest/fixtures" "$dest/include"
# xz: the device tool carries 64 MiB with the project's tracked files (28 MB) in it, and xz packs
# the training images 3.8 MB smaller than gzip.
rm -f "$dest"/fashion-mnist/*
for f in /usr/share/datasets/fashion-mnist/*-ubyte*; do
  name=$(basename "$f" .gz)
  case "$f" in
    *.gz) gunzip -c "$f" | xz -6 -T0 -c >"$dest/fashion-mnist/$name.xz" ;;
    *) xz -6 -T0 -c "$f" >"$dest/fashion-mnist/$name.xz" ;;
  esac
done
fixtures=${ECT_FIXTURES:-$root/../shared/fixtures/reference}
cp "$fixtures"/*.safetensors "$dest/fixtures/"  # all of them: `ect selftest --device cuda` runs every check
cp -r /usr/include/nlohmann "$dest/include/"
if [ -n "${1:-}" ]; then
  rm -rf "$dest/ect"
  mkdir -p "$dest/ect"
  if [ -d "$1/objects" ] || [ -f "$1/HEAD" ] && [ ! -d "$1/training" ]; then
    git --git-dir="$1" archive HEAD | tar -x -C "$dest/ect"  # a bare repository
  else
    cp -r "$1"/. "$dest/ect/"
  fi
  rm -rf "$dest/ect/assets" "$dest/ect/.git"  # pictures and history: not needed to run it
  # ECT's ImageNet-64 code (branch imgnet) for bench-imgnet-gpu.sh, when the repository has it.
  rm -rf "$dest/ect-imgnet"
  if git --git-dir="$1" rev-parse --verify -q imgnet >/dev/null 2>&1; then
    mkdir -p "$dest/ect-imgnet"
    git --git-dir="$1" archive imgnet training torch_utils dnnlib | tar -x -C "$dest/ect-imgnet"
  fi
fi
du -sh "$dest"
