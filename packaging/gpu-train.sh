#!/usr/bin/env bash
# Makes the bundled Fashion-MNIST models on one CUDA machine in under ten minutes, with the
# project's own commands: builds core + `ect` against python3's torch, pretrains the EDM model
# (preset fmnist), ECT-tunes it, searches the 2- and 3-step mid levels, evaluates every sampler
# setting on 10,000 samples and draws sample grids.
#
#   packaging/gpu-train.sh OUTDIR [SECONDS]
#
# SECONDS (default 540) is the whole budget: pretraining and tuning get what the build leaves,
# less a reserve for the search and the evaluations. Training runs are stopped with SIGINT when
# their share is spent, which saves them (`ect pretrain|tune` checkpoint on Ctrl-C).
# Environment: DEVICE (default cuda), ECT (a built `ect`, skips the build), PRESET (default
# fmnist), PRECISION (default tf32), EVAL_COUNT (default 10000), SEARCH_COUNT (default 5000), RESERVE (seconds kept for
# search and evaluation, default 170), ECT_FASHION_MNIST_DIR or .devcarry/fashion-mnist (data).
# OUTDIR receives fmnist-edm.safetensors, fmnist-ect.safetensors, results.jsonl, log.txt and
# runs.tar.gz (run folders with logs, configs and grids, plus sample grids).
set -uo pipefail
out=${1:?usage: gpu-train.sh OUTDIR [SECONDS]}
budget=${2:-540}
device=${DEVICE:-cuda}
preset=${PRESET:-fmnist}
eval_count=${EVAL_COUNT:-10000}
search_count=${SEARCH_COUNT:-5000}
root=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
elapsed() { echo $(($(date +%s) - t0)); }
mkdir -p "$out"
exec > >(tee -a "$out/log.txt") 2>&1
echo "== gpu-train: budget ${budget}s, device $device, preset $preset"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader

work=/tmp/ect-gpu
rm -rf "$work" && mkdir -p "$work/runs" "$work/grids"

. "$root/packaging/gpu-common.sh"

# --- build ---------------------------------------------------------------------------------
if [ -z "${ECT:-}" ]; then
  build_ect || exit 1
  echo "== built in $(elapsed)s"
fi
"$ECT" version

# --- CUDA parity with the official code's reference outputs, when the fixtures came along ----
cuda_parity

# --- data ----------------------------------------------------------------------------------
unpack_fashion_mnist

# --- training ------------------------------------------------------------------------------
reserve=${RESERVE:-170}
train_s=$((budget - $(elapsed) - reserve))
[ "$train_s" -lt 60 ] && train_s=60
pre_s=$((train_s * 7 / 10))
tune_s=$((train_s - pre_s))
edm=$work/runs/edm
tun=$work/runs/ect
echo "== pretraining for ${pre_s}s"
timeout --foreground -s INT "$pre_s" "$ECT" pretrain --preset "$preset" --device "$device" --precision "${PRECISION:-tf32}" --steps 1000000 --out "$edm" \
  >"$work/pretrain.out" 2>&1
head -n 2 "$work/pretrain.out"; tail -n 4 "$work/pretrain.out"
[ -f "$edm/model.safetensors" ] || { echo "== pretraining left no model"; exit 1; }
cp "$edm/model.safetensors" "$out/fmnist-edm.safetensors"
"$ECT" info "$edm/model.safetensors" | grep -E "Parameters|ect\.(step|images_seen)"

# Tuning: plan the steps from pretraining's measured speed (an ECT step costs about 1.3
# pretraining steps: two forward passes), with four stages over the run.
read -r pre_steps pre_imgs_per_s < <(python3 - "$edm/log.jsonl" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
last = recs[-1]
print(last["step"], 1000.0 / max(last["sec_per_kimg"], 1e-9))
EOF
)
batch=$(python3 -c "import json;print(json.load(open('$edm/config.json'))['batch'])")
tune_steps=$(python3 -c "print(max(200, int($tune_s * $pre_imgs_per_s / 1.3 / $batch * 0.95)))")
stage_kimg=$(python3 -c "print(round($tune_steps * $batch / 4 / 1000, 3))")
echo "== pretrained $pre_steps steps at $(printf %.0f "$pre_imgs_per_s") img/s; tuning $tune_steps steps, stage $stage_kimg kimg"
timeout --foreground -s INT $((tune_s + 30)) "$ECT" tune --preset "$preset" --base "$edm/model.safetensors" --device "$device" --precision "${PRECISION:-tf32}" \
  --steps "$tune_steps" --stage-kimg "$stage_kimg" --out "$tun" >"$work/tune.out" 2>&1
head -n 2 "$work/tune.out"; tail -n 4 "$work/tune.out"
[ -f "$tun/model.safetensors" ] || { echo "== tuning left no model"; exit 1; }
cp "$tun/model.safetensors" "$work/fmnist-ect.safetensors"
cp "$work/fmnist-ect.safetensors" "$out/fmnist-ect.safetensors"
echo "== trained at $(elapsed)s"

# --- mid levels ----------------------------------------------------------------------------
cm=$work/fmnist-ect.safetensors
"$ECT" search-mid --model "$cm" --steps 2 --count "$search_count" --batch 1000 --device "$device" --write --json | tee -a "$out/results.jsonl"
"$ECT" search-mid --model "$cm" --steps 3 --count $((search_count * 3 / 5)) --batch 1000 --device "$device" --write --json \
  --candidates 0.1,0.2,0.4,0.7,1.2,2,3.5,6,10 --refine 4 | tee -a "$out/results.jsonl"
cp "$cm" "$out/fmnist-ect.safetensors"
echo "== mid levels at $(elapsed)s"

# --- evaluation and grids ------------------------------------------------------------------
ev() { "$ECT" eval --device "$device" --batch 1000 --count "$eval_count" --json "$@" | tee -a "$out/results.jsonl"; }
ev --model "$cm" --sampler cm --steps 1
ev --model "$cm" --sampler cm --steps 2
ev --model "$cm" --sampler cm --steps 3
ev --model "$edm/model.safetensors" --sampler heun --steps 18
ev --model "$edm/model.safetensors" --sampler heun --steps 9
ev --model "$cm" --sampler cm --steps 2 --mid 0.821
ev --model "$edm/model.safetensors" --sampler heun --steps 5
ev --model "$edm/model.safetensors" --sampler cm --steps 1
echo "== evaluated at $(elapsed)s"
"$ECT" sample --model "$edm/model.safetensors" --sampler heun --steps 18 --count 100 --columns 10 --device "$device" --out "$work/grids/edm-heun18.png"
"$ECT" sample --model "$cm" --steps 1 --count 100 --columns 10 --device "$device" --out "$work/grids/ect-1step.png"
"$ECT" sample --model "$cm" --steps 2 --count 100 --columns 10 --device "$device" --out "$work/grids/ect-2step.png"
rm -f "$edm/state.safetensors" "$tun/state.safetensors"  # resume state: large, not needed here
tar -C "$work" -czf "$out/runs.tar.gz" runs grids
echo "== done in $(elapsed)s"
