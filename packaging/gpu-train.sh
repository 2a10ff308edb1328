#!/usr/bin/env bash
# Trains the bundled Fashion-MNIST models on one CUDA machine with the project's own commands, in
# a time budget, as one step of a training that spans several device calls: continues the EDM base
# model (preset fmnist, `ect pretrain --init`: the bundled base's weights, a fresh optimizer, the
# images counted on), ECT-tunes it with a fixed share of its pretraining images (one run per tuning
# recipe), measures FD while training (--eval-every), evaluates every sampler setting on 10,000
# samples and draws sample grids. A call's result becomes the next call's start once it is bundled:
# the device tool carries 64 MiB, too little for the data, the project and a 51 MB training state.
#
#   packaging/gpu-train.sh OUTDIR [SECONDS]
#
# SECONDS (default 540) is the whole budget. Pretraining gets what the build, the tuning runs and a
# reserve for evaluation leave; it is stopped with SIGINT, which saves it (`ect pretrain` checkpoints
# on Ctrl-C). Environment: DEVICE (default cuda), ECT (a built `ect`: skips the build), PRECISION
# (default tf32), PRESET (default fmnist; tiny for a try on a CPU), INIT (the model to continue,
# default resources/models/fmnist-edm.safetensors; empty: a new model), RUN (a carried run folder
# to resume instead, default .devcarry/runs/edm), TUNE_FRACTION (tuning images per pretraining
# image, counting the base's, default 0.1), RECIPES (tuning recipes, default "q256 default": q256 =
# locuslab/ect's 1-hour recipe, a gap t − r of t/256 from the first step, no stage change, EMA
# 0.9993; default = the preset, q = 2 halved in four stages; NAME=--flag,value,... = the preset with
# those flags, e.g. bs128=--batch,128), EVAL_COUNT (default 10000),
# PRE_RATE (pretraining img/s the time split assumes: 4500 on CUDA, 150 on the CPU),
# PRE_EVAL_EVERY / TUNE_EVAL_EVERY (steps, default 1000 / 100), TRAIN_EVAL_COUNT (samples per FD
# while training, default 2000), SEARCH_COUNT (default 3000), RESERVE (seconds kept for
# evaluation, default 75), PRETRAIN_SECONDS (overrides the share left for pretraining; 0: none, INIT
# is tuned as it is: a recipe study on one base), STATE=1 (also bring back the pretraining state, as edm-state.tar.part-*
# of 15 MiB: the tool brings back 8 files of 16 MiB at most), ECT_FASHION_MNIST_DIR or
# .devcarry/fashion-mnist (data).
# OUTDIR receives fmnist-edm.safetensors, the best fmnist-ect.safetensors, results.jsonl, log.txt and
# runs.tar.gz (logs, configs and grids of every run, and $WORK/bench when bench-gpu.sh wrote there).
set -uo pipefail
out=${1:?usage: gpu-train.sh OUTDIR [SECONDS]}
budget=${2:-540}
device=${DEVICE:-cuda}
eval_count=${EVAL_COUNT:-10000}
fraction=${TUNE_FRACTION:-0.1}
recipes=${RECIPES:-q256 default}
preset=${PRESET:-fmnist}
search_count=${SEARCH_COUNT:-3000}
root=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
elapsed() { echo $(($(date +%s) - t0)); }
mkdir -p "$out"
out=$(cd "$out" && pwd)
exec > >(tee -a "$out/log.txt") 2>&1
echo "== gpu-train: budget ${budget}s, device $device, recipes: $recipes"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader

work=${WORK:-/tmp/ect-gpu}
mkdir -p "$work/runs" "$work/grids"
. "$root/packaging/gpu-common.sh"
if [ -z "${ECT:-}" ]; then
  build_ect || exit 1
  echo "== built in $(elapsed)s"
  cuda_parity
fi
"$ECT" version
unpack_fashion_mnist

# last_record FILE KEY: KEY of the last log.jsonl record that has it (loss and FD lines alternate).
last_record() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(next((r[sys.argv[2]] for r in reversed(recs) if sys.argv[2] in r), 0))
EOF
}

# --- pretraining ---------------------------------------------------------------------------
edm=$work/runs/edm
carried=${RUN:-$root/.devcarry/runs/edm}
# Evaluation, the mid-level search and the grids take about RESERVE seconds. Tuning sees
# TUNE_FRACTION of all the base's images, those it had before this call (N0) included, and a
# tuning image costs about 1.8 pretraining images (H200, fmnist preset: 0.4 against 0.22 s/kimg).
# So with P seconds of pretraining at PRE_RATE img/s, tuning takes 1.8 f R (N0 / PRE_RATE + P).
reserve=${RESERVE:-75}
init=${INIT-$root/resources/models/fmnist-edm.safetensors}
n0=0
[ -n "$init" ] && [ -f "$init" ] && n0=$("$ECT" info "$init" | grep -o 'images_seen: [0-9]*' | grep -o '[0-9]*' || echo 0)
rate=${PRE_RATE:-$([ "$device" = cpu ] && echo 150 || echo 4500)}
nrec=$(echo $recipes | wc -w)
pre_s=$(python3 -c "k = 1.8 * $fraction * $nrec; print(int(($budget - $(elapsed) - $reserve - k * ${n0:-0} / $rate) / (1 + k)))")
if [ "$pre_s" -lt 30 ] && [ -z "${PRETRAIN_SECONDS:-}" ]; then
  echo "== the base's $n0 images leave no time for pretraining: tuning at $fraction of them takes the call (see docs/campaign.md, Budget)"
  pre_s=30
fi
[ -n "${PRETRAIN_SECONDS:-}" ] && pre_s=$PRETRAIN_SECONDS
common=(--device "$device" --precision "${PRECISION:-tf32}" --steps 100000000 --eval-every "${PRE_EVAL_EVERY:-1000}"
        --eval-count "${TRAIN_EVAL_COUNT:-2000}" --out "$edm")
rm -rf "$edm"
if [ "$pre_s" = 0 ]; then
  # Tuning only (a recipe study on one base): the INIT model is the base, as it is.
  [ -f "$init" ] || { echo "== PRETRAIN_SECONDS=0 needs INIT, a base model"; exit 1; }
  echo "== no pretraining: tuning $(basename "$init") as it is"
  mkdir -p "$edm"
  cp "$init" "$edm/model.safetensors"
  "$ECT" info "$init" | grep -o '"batch": [0-9]*' | grep -o '[0-9]*' | python3 -c 'import json,sys; json.dump({"batch": int(sys.stdin.read())}, open(sys.argv[1], "w"))' "$edm/config.json"
  : >"$work/pretrain.out"
elif [ -f "$carried/state.safetensors" ]; then
  cp -r "$carried" "$edm"
  echo "== continuing the carried pretraining run at $(last_record "$edm/log.jsonl" kimg) kimg for ${pre_s}s"
  timeout --foreground -s INT "$pre_s" "$ECT" pretrain --resume "$edm" --steps 100000000 >"$work/pretrain.out" 2>&1
elif [ -n "$init" ]; then
  echo "== continuing $(basename "$init") ($("$ECT" info "$init" | grep -o 'images_seen: [0-9]*')) for ${pre_s}s"
  timeout --foreground -s INT "$pre_s" "$ECT" pretrain --preset "$preset" --init "$init" "${common[@]}" >"$work/pretrain.out" 2>&1
else
  echo "== pretraining a new model for ${pre_s}s"
  timeout --foreground -s INT "$pre_s" "$ECT" pretrain --preset "$preset" "${common[@]}" >"$work/pretrain.out" 2>&1
fi
head -n 2 "$work/pretrain.out"; grep "FD" "$work/pretrain.out" | tail -n 4; tail -n 2 "$work/pretrain.out"
[ -f "$edm/model.safetensors" ] || { echo "== pretraining left no model"; exit 1; }
cp "$edm/model.safetensors" "$out/fmnist-edm.safetensors"
# Every image behind the base model, the continued model's included (its provenance says so).
pre_kimg=$(python3 -c "print($("$ECT" info "$edm/model.safetensors" | grep -o 'images_seen: [0-9]*' | grep -o '[0-9]*') / 1000)")
echo "== the base model has seen $pre_kimg kimg"
[ -f "$edm/log.jsonl" ] && echo "== this call pretrained at $(python3 -c "print(round(1000/$(last_record "$edm/log.jsonl" sec_per_kimg)))") img/s"

# --- tuning: TUNE_FRACTION of the pretraining images, per recipe ----------------------------
batch=$(python3 -c "import json;print(json.load(open('$edm/config.json'))['batch'])")
tune_steps=$(python3 -c "print(max(10, int($pre_kimg * 1000 * $fraction / $batch)))")
best="" best_fd=1e9
for recipe in $recipes; do
  case $recipe in
    q256) flags=(--q 256 --stage-kimg 1000000000 --ema-beta 0.9993) ;;
    default) flags=(--stage-kimg "$(python3 -c "print(round($tune_steps * $batch / 4 / 1000, 3))")") ;;
    *=*)  # name=--flag,value,...: the preset's four stages (as default) with those flags
      IFS=, read -r -a flags <<<"${recipe#*=}"
      recipe=${recipe%%=*}
      case " ${flags[*]} " in
        *" --stage-kimg "* | *" --q "*) ;;
        *) flags=(--stage-kimg "$(python3 -c "print(round($tune_steps * $batch / 4 / 1000, 3))")" "${flags[@]}") ;;
      esac ;;
    *) echo "== unknown recipe $recipe"; continue ;;
  esac
  tun=$work/runs/ect-$recipe
  rm -rf "$tun"
  steps=$tune_steps
  for ((i = 0; i + 1 < ${#flags[@]}; i++)); do  # a recipe's own batch: the same images, other steps
    [ "${flags[i]}" = --batch ] && steps=$(python3 -c "print(max(10, int($pre_kimg * 1000 * $fraction / ${flags[i + 1]})))")
  done
  echo "== tuning ($recipe: ${flags[*]}) for $steps steps"
  "$ECT" tune --preset "$preset" --base "$edm/model.safetensors" --device "$device" --precision "${PRECISION:-tf32}" \
    --steps "$steps" --eval-every "${TUNE_EVAL_EVERY:-100}" --eval-count "${TRAIN_EVAL_COUNT:-2000}" "${flags[@]}" --out "$tun" \
    >"$work/tune-$recipe.out" 2>&1
  grep "FD" "$work/tune-$recipe.out" | tail -n 3; tail -n 1 "$work/tune-$recipe.out"
  [ -f "$tun/model.safetensors" ] || { echo "== tuning $recipe left no model"; continue; }
  fd=$(python3 -c "import json;r=[json.loads(l) for l in open('$tun/log.jsonl') if '\"fd\"' in l];print(r[-1]['fd']['cm2'] if r else 1e9)")
  if python3 -c "import sys; sys.exit(0 if $fd < $best_fd else 1)"; then best=$recipe best_fd=$fd; fi
  echo "== $recipe: 2-step FD (${TRAIN_EVAL_COUNT:-2000} samples) $fd at $(elapsed)s"
done
[ -n "$best" ] || { echo "== no tuning run finished"; exit 1; }
cm=$work/fmnist-ect.safetensors
cp "$work/runs/ect-$best/model.safetensors" "$cm"
echo "== best recipe: $best"

# --- evaluation (10,000 samples) and grids --------------------------------------------------
ev() { "$ECT" eval --device "$device" --batch 1000 --count "$eval_count" --json "$@" | tee -a "$out/results.jsonl"; }
ev --model "$cm" --sampler cm --steps 1
ev --model "$cm" --sampler cm --steps 2 --mid 0.821
"$ECT" search-mid --model "$cm" --steps 2 --count "$search_count" --batch 1000 --device "$device" --write --json \
  | tee -a "$out/results.jsonl"
ev --model "$cm" --sampler cm --steps 2
ev --model "$edm/model.safetensors" --sampler heun --steps 18
"$ECT" search-mid --model "$cm" --steps 3 --count "$search_count" --batch 1000 --device "$device" --write --json \
  --candidates 0.1,0.2,0.4,0.7,1.2,2,3.5,6,10 --refine 4 | tee -a "$out/results.jsonl"
ev --model "$cm" --sampler cm --steps 3
for n in 1 2 3 5 9; do ev --model "$edm/model.safetensors" --sampler heun --steps $((n + 1)); done
cp "$cm" "$out/fmnist-ect.safetensors"
echo "== evaluated at $(elapsed)s"
"$ECT" sample --model "$edm/model.safetensors" --sampler heun --steps 18 --count 100 --columns 10 --device "$device" --out "$work/grids/edm-heun18.png"
"$ECT" sample --model "$cm" --steps 1 --count 100 --columns 10 --device "$device" --out "$work/grids/ect-1step.png"
"$ECT" sample --model "$cm" --steps 2 --count 100 --columns 10 --device "$device" --out "$work/grids/ect-2step.png"

# --- what comes back ------------------------------------------------------------------------
# The models, and everything else small in one archive (the pretraining state only if asked).
[ "${STATE:-0}" = 1 ] && tar -C "$work/runs" -cf - edm/state.safetensors edm/config.json edm/log.jsonl | split -b 15m - "$out/edm-state.tar.part-"
# Weights stay out of the archive (states of 51 MB, snapshots of 12.8 MB each): it must come back
# whole, under the tool's 16 MiB a file.
for d in "$work"/runs/*; do rm -rf "$d"/state*.safetensors "$d/model.safetensors" "$d/snapshots" "$d/phema"; done
tar -C "$work" -czf "$out/runs.tar.gz" runs grids $([ -d "$work/bench" ] && echo bench)
ls -la "$out"
echo "== done in $(elapsed)s"
