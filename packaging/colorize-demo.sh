#!/bin/bash
# Colorization at toy scale: the bundled models are grey, so this trains a tiny RGB pair on
# Fashion-MNIST in colour (packaging/colour_fmnist.py: each garment in one of two colours of its
# class), then colorizes grey test images with `ect edit --task colorize`, the ECT model beside the
# base model's Heun. About 10 minutes on 2 CPU cores; runs are resumed when interrupted.
#   packaging/colorize-demo.sh [BUILD_DIR]        (writes out/colorize/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
ect="$build/app/ect"
out="$root/out/colorize"
mkdir -p "$out"
[ -d "$out/data/train" ] || python3 "$root/packaging/colour_fmnist.py" "$out/data" 12000 1
train() {  # train pretrain|tune DIR FLAGS...
  local mode=$1 dir=$2; shift 2
  if [ -f "$dir/state.safetensors" ]; then "$ect" "$mode" --resume "$dir"; else "$ect" "$mode" "$@" --out "$dir"; fi
}
train pretrain "$out/pretrain" --preset tiny --steps 1500 --data "$out/data/train" --image-channels 3 --sample-every 0
train tune "$out/tune" --preset tiny --steps 500 --base "$out/pretrain/model.safetensors" --data "$out/data/train" --sample-every 0
"$ect" sample --model "$out/tune/model.safetensors" --sampler cm --steps 2 --count 40 --columns 10 --out "$out/ect-2step.png"
# Colorize a grey test image of each class, four seeds each; then the same with the base model's
# Heun beside (the row under each).
"$ect" edit --model "$out/tune/model.safetensors" --data "$out/data/test" --index 0-9 --task colorize --count 4 \
  --out "$out/colorize.png"
"$ect" edit --model "$out/tune/model.safetensors" --data "$out/data/test" --index 0-3 --task colorize --count 4 \
  --beside "$out/pretrain/model.safetensors" --out "$out/colorize-beside.png"
echo "grids in $out: ect-2step.png (samples), colorize.png (input, kept grey, four seeds), colorize-beside.png"
