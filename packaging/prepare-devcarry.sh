#!/usr/bin/env bash
# Fills the ignored folder .devcarry/ with what the GPU scripts (gpu-train.sh, bench-gpu.sh) need on
# a GPU box that has only PyTorch: the Fashion-MNIST files, the reference fixtures (CUDA parity),
# nlohmann/json headers and, for the side-by-side benchmarks, checkouts of the official ECT code
# (main, and its imgnet branch when the repository given has it).
#
#   packaging/prepare-devcarry.sh [--campaign] [OFFICIAL_CHECKOUT]
#
# --campaign: only what the training campaign needs (data, headers): the device tool's 64 MiB hold
# the tracked files (35 MiB) too, and the data takes 25 MiB of the rest.
#
# OFFICIAL_CHECKOUT: a folder or bare git directory of locuslab/ect (copied, never committed).
# The result (about 38 MB) travels with the device tool's carry: [".devcarry"].
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
campaign=0
[ "${1:-}" = --campaign ] && { campaign=1; shift; }
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
rm -rf "$dest/fixtures"/*
[ "$campaign" = 1 ] || cp "$fixtures"/*.safetensors "$dest/fixtures/"  # all: `ect selftest --device cuda` runs every check
# A campaign call carries nothing else: no official checkout, and no run folder of an earlier call
# (gpu-train.sh would resume a carried runs/edm instead of the bundled base the record names).
[ "$campaign" = 1 ] && rm -rf "$dest/ect" "$dest/ect-imgnet" "$dest/runs"
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
# What one device call sends: the tracked files and this folder, against the tool's 64 MiB.
# Tracked and untracked-but-not-ignored files travel; a tracked file deleted here does not.
tracked=$(cd "$root" && { git ls-files -z; git ls-files -z --others --exclude-standard; } |
          { xargs -0 stat -c %s 2>/dev/null || true; } | awk '{s += $1} END {print s + 0}')
carried=$(find "$dest" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
total=$(((tracked + carried) / 1048576))
echo "the working tree $((tracked / 1048576)) MiB + .devcarry $((carried / 1048576)) MiB = $total MiB of the device tool's 64"
if [ "$total" -ge 64 ]; then
  [ "$campaign" = 1 ] && echo "over the device tool's 64 MiB even with --campaign: the tracked files have grown" ||
    echo "over the device tool's 64 MiB: use --campaign (data and headers only), or carry less"
  exit 1
fi
