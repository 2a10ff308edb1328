#!/usr/bin/env bash
# The side-by-side GPU benchmark of issue 9, for one device call: builds `ect` against python3's
# torch, checks CUDA parity, then times the official ECT code (a checkout carried in
# .devcarry/ect, never committed) and `ect bench` on the same CIFAR-10 DDPM++ configuration
# (55.7M parameters, unconditional, ECT tuning at batch 128, sampling at batch 512 and 1), and
# prints both with ratios. Also times the bundled-size `fmnist` preset.
#
#   packaging/bench-gpu.sh OUTDIR
#
# Environment: ECT (a built `ect`: skips the build), DEVICE (default cuda), PRECISIONS (ours,
# default "fp32 tf32 bf16"), VARIANTS and FMNIST_VARIANTS (ours with channels_last and the step
# graph, PRECISION:nhwc+graph; see below), OFFICIAL_PRECISIONS (default "tf32 fp32"), STEPS (timed training
# steps, default 30), SAMPLE_REPS (default 3), ANCHOR_COMPILE (torch.compile mode of the official
# network's bf16 + channels_last + fused-RAdam anchor run, default "default"; empty: no anchor run),
# QUALITY=1 (also a bf16-vs-fp32 tuning run of the
# bundled model: loss and FD), QUALITY_STEPS (default 3000), FMNIST=0 (skip the bundled-size preset),
# BENCH_TIMEOUT (seconds per benchmark command, default 180).
# OUTDIR receives results.jsonl (one JSON object per measurement), ratios.txt and log.txt.
# Try it on a CPU: DEVICE=cpu PRECISIONS=fp32 OFFICIAL_PRECISIONS=fp32 STEPS=1 SAMPLE_REPS=1 BATCH=2 SAMPLE_BATCH=2 SAMPLERS=cm:1 ...
set -uo pipefail
out=${1:?usage: bench-gpu.sh OUTDIR}
device=${DEVICE:-cuda}
precisions=${PRECISIONS:-fp32 tf32 bf16}
official_precisions=${OFFICIAL_PRECISIONS:-tf32 fp32}
steps=${STEPS:-30}
reps=${SAMPLE_REPS:-3}
batch=${BATCH:-128}
sample_batch=${SAMPLE_BATCH:-512}
samplers=${SAMPLERS:-cm:1,cm:2,heun:18}
limit=${BENCH_TIMEOUT:-180}  # seconds per benchmark command: a hang must not eat the whole call
root=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
elapsed() { echo $(($(date +%s) - t0)); }
mkdir -p "$out"
out=$(cd "$out" && pwd)
results=$out/results.jsonl
: >"$results"
exec > >(tee -a "$out/log.txt") 2>&1
echo "== bench-gpu: device $device, ours: $precisions, official: $official_precisions"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("== PyTorch", torch.__version__, "CUDA", torch.version.cuda)'

work=${WORK:-/tmp/ect-bench}
mkdir -p "$work"
. "$root/packaging/gpu-common.sh"
if [ -z "${ECT:-}" ]; then
  build_ect || exit 1
  echo "== built in $(elapsed)s"
fi
cuda_parity
unpack_fashion_mnist

# --- the official code ---------------------------------------------------------------------
official=${OFFICIAL:-$root/.devcarry/ect}
if [ -f "$official/training/networks.py" ]; then
  for p in $official_precisions; do
    timeout "$limit" python3 "$root/packaging/bench_official.py" --official "$official" --preset cifar10 --device "$device" \
      --precision "$p" --modes tune,sample --batch "$batch" --steps "$steps" --sample-batch "$sample_batch" \
      --sample-reps "$reps" --samplers "$samplers" --latency --threads "$(nproc)" --json | tee -a "$results" \
      || echo "== official $p failed"
    echo "== official $p done at $(elapsed)s"
  done
  # The anchor a PyTorch user reaches with a few lines: bf16 autocast, channels_last,
  # torch.compile and RAdam's fused kernel (compilation reported as warmup_s).
  if [ -n "${ANCHOR_COMPILE-default}" ]; then
    timeout "$limit" python3 "$root/packaging/bench_official.py" --official "$official" --preset cifar10 --device "$device" \
      --precision bf16 --channels-last --compile "${ANCHOR_COMPILE:-default}" --fused-optim --modes tune,sample \
      --batch "$batch" --steps "$steps" --sample-batch "$sample_batch" --sample-reps "$reps" --samplers "$samplers" \
      --threads "$(nproc)" --json | tee -a "$results" || echo "== official compiled bf16 failed"
    echo "== official compiled bf16 done at $(elapsed)s"
  fi
else
  echo "== no official checkout at $official: ours only"
fi

# --- ours ----------------------------------------------------------------------------------
for p in $precisions; do
  timeout "$limit" "$ECT" bench --presets cifar10 --modes tune,sample --batch "$batch" --steps "$steps" --sample-batch "$sample_batch" \
    --sample-reps "$reps" --samplers "$samplers" --latency --device "$device" --precision "$p" --json \
    | sed 's/^{/{"code":"ect",/' | tee -a "$results" || echo "== ect bench $p failed"
  [ "${FMNIST:-1}" = 1 ] && { "$ECT" bench --presets fmnist --modes pretrain,tune --steps "$steps" --device "$device" --precision "$p" --json \
    | sed 's/^{/{"code":"ect",/' | tee -a "$results" || echo "== ect bench fmnist $p failed"; }
  echo "== ect $p done at $(elapsed)s"
done
# The speed paths of issue 22, each a variant PRECISION:FLAGS (flags joined by +): nhwc runs the
# network channels_last (--layout nhwc), graph captures each training step as one CUDA graph
# (--step-graph). VARIANTS for the DDPM++ tuning and sampling rows, FMNIST_VARIANTS for the
# bundled-size preset (launch-bound: the step graph's case).
variant_flags() { local f=() v; for v in ${1//+/ }; do case $v in nhwc) f+=(--layout nhwc) ;; graph) f+=(--step-graph) ;; esac; done; echo "${f[@]}"; }
for v in ${VARIANTS-bf16:nhwc bf16:graph bf16:nhwc+graph tf32:nhwc+graph}; do
  # shellcheck disable=SC2046  # the flags are words
  timeout "$limit" "$ECT" bench --presets cifar10 --modes tune,sample --batch "$batch" --steps "$steps" --sample-batch "$sample_batch" \
    --sample-reps "$reps" --samplers cm:1 --device "$device" --precision "${v%%:*}" $(variant_flags "${v#*:}") --json \
    | sed 's/^{/{"code":"ect",/' | tee -a "$results" || echo "== ect bench $v failed"
  echo "== ect $v done at $(elapsed)s"
done
if [ "${FMNIST:-1}" = 1 ]; then
  for v in ${FMNIST_VARIANTS-tf32:graph bf16:graph bf16:nhwc+graph}; do
    # shellcheck disable=SC2046
    timeout "$limit" "$ECT" bench --presets fmnist --modes pretrain,tune --steps "$steps" --device "$device" \
      --precision "${v%%:*}" $(variant_flags "${v#*:}") --json | sed 's/^{/{"code":"ect",/' | tee -a "$results" \
      || echo "== ect bench fmnist $v failed"
  done
  echo "== fmnist variants done at $(elapsed)s"
fi

# --- ratios --------------------------------------------------------------------------------
python3 - "$results" <<'PY' | tee "$out/ratios.txt"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
def key(r): return (r.get("preset", "cifar10"), r["what"], r["batch"])
official = {(key(r), r["precision"]): r for r in rows if r.get("code") == "official"}
# The compiled bf16 anchor, filed as a third official precision.
official.update({(key(r), "anchor"): r for r in rows if r.get("code", "").startswith("official+")})
print(f"{'what':<16} {'batch':>5} {'ours':>16} {'img/s':>9} {'MB':>7} {'TFLOP/s':>8} {'MFU':>6} | {'vs official fp32':>16} {'vs official tf32':>16} {'vs compiled bf16':>16}")
for r in rows:
    if r.get("code") != "ect":
        continue
    cells = []
    for op in ("fp32", "tf32", "anchor"):
        o = official.get((key(r), op))
        if not o:
            cells.append("-")
            continue
        mem = f", mem {r['peak_memory_mb'] / o['peak_memory_mb']:.2f}" if o["peak_memory_mb"] > 0 else ""  # CUDA peaks only
        cells.append(f"{r['img_per_s'] / o['img_per_s']:.2f}x{mem}")
    mfu = f"{100 * r['mfu']:.1f}%" if "mfu" in r else "-"
    ours = r["precision"] + ("+nhwc" if r.get("layout") == "nhwc" else "") + ("+graph" if r.get("step_graph") else "")
    print(f"{r.get('preset', '') + ' ' + r['what']:<16} {r['batch']:>5} {ours:>16} {r['img_per_s']:>9.1f} "
          f"{r['peak_memory_mb']:>7.0f} {r['tflops']:>8.1f} {mfu:>6} | {cells[0]:>16} {cells[1]:>16} {cells[2]:>16}")
for (k, p), o in sorted(official.items()):
    warm = f", warm-up {o['warmup_s']:.0f} s" if "warmup_s" in o else ""
    print(f"{o['code']} {k[1]} batch {k[2]} {o['precision']}: {o['img_per_s']:.1f} img/s, {o['peak_memory_mb']:.0f} MB{warm}")
PY

# --- bf16 against fp32 on the same tuning run (loss and FD) ----------------------------------
if [ "${QUALITY:-0}" = 1 ]; then
  qsteps=${QUALITY_STEPS:-3000}
  base=$root/resources/models/fmnist-edm.safetensors
  for p in fp32 bf16; do
    rm -rf "$work/q-$p"
    "$ECT" tune --preset fmnist --base "$base" --device "$device" --precision "$p" --steps "$qsteps" \
      --sample-every 0 --checkpoint-every "$qsteps" --log-every 100 --out "$work/q-$p" >"$work/q-$p.out" 2>&1
    tail -n 3 "$work/q-$p/log.jsonl"
    "$ECT" eval --model "$work/q-$p/model.safetensors" --steps 2 --count 5000 --batch 1000 --device "$device" \
      --precision "$p" --json --grid "$out/quality-$p-2step.png" | sed "s/^{/{\"quality\":\"$p\",/" | tee -a "$results"
  done
  echo "== quality done at $(elapsed)s"
fi
echo "== bench-gpu done in $(elapsed)s"
