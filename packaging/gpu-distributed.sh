#!/usr/bin/env bash
# The GPU check of multi-process training (issue 13), for one device call: builds `ect` against
# python3's torch, then
#   1. `ect --version` (the backends this build has: NCCL needs LibTorch's c10d headers and nccl.h);
#   2. the same ECT tuning of the bundled fmnist-edm model alone and under torchrun, on 1 GPU and on
#      all of them: the losses step by step (to float rounding; cuDNN's autotuner differs per run);
#   3. `ect bench` under torchrun on 1..N GPUs: total and per-GPU img/s, and the scaling.
#
#   packaging/gpu-distributed.sh OUTDIR
#
# Environment: ECT (a built `ect`: skips the build), DEVICE (cuda, default; cpu runs it all on Gloo),
# STEPS (tuning steps compared, default 40), PRESETS (bench, default fmnist,cifar10), BENCH_STEPS
# (default 20), LIMIT (seconds per command, default 240), TORCHRUN (default: torchrun, with
# Debian 1.13's spelling and work-around when that is the one found).
# Try it on a CPU: ECT=build/app/ect DEVICE=cpu STEPS=5 PRESETS=tiny BENCH_STEPS=2 packaging/gpu-distributed.sh /tmp/d
set -uo pipefail
out=${1:?usage: gpu-distributed.sh OUTDIR}
device=${DEVICE:-cuda}
steps=${STEPS:-40}
presets=${PRESETS:-fmnist,cifar10}
bench_steps=${BENCH_STEPS:-20}
limit=${LIMIT:-240}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/packaging/gpu-common.sh"
start_log "$out"
work=${WORK:-/tmp/ect-dist}
mkdir -p "$work"
if [ -z "${ECT:-}" ]; then
  build_ect || exit 1
  echo "== built in $(elapsed)s"
fi
ECT=$(cd "$(dirname "$ECT")" && pwd)/$(basename "$ECT")
unpack_fashion_mnist
"$ECT" --version

# torchrun: 2.x takes --no-python; Debian's 1.13 only --no_python, and needs --redirects/--tee 2.
read -r -a launcher <<<"${TORCHRUN:-torchrun}"
if "${launcher[@]}" --help 2>&1 | grep -q -- "--no-python"; then launcher+=(--no-python)
else launcher+=(--no_python --redirects 2 --tee 2); fi
if [ "$device" = cpu ]; then gpus=2; else gpus=$(nvidia-smi -L 2>/dev/null | wc -l); fi
[ "$gpus" -ge 1 ] || gpus=1
counts="1"
[ "$gpus" -gt 1 ] && counts="1 $gpus"
echo "== device $device, ranks to try: $counts"

# --- 2. one trajectory ------------------------------------------------------------------------
base=$root/resources/models/fmnist-edm.safetensors
tune=(tune --base "$base" --preset fmnist --steps "$steps" --log-every 1 --sample-every 0 --grid-count 16
      --device "$device" --precision fp32 --dist-timeout 120)
if [ "$device" = cpu ]; then tune+=(--batch 16 --data-limit 512); else tune+=(--batch 256); fi
rm -rf "$work/alone"
timeout "$limit" "$ECT" "${tune[@]}" --out "$work/alone" >"$work/alone.txt" 2>&1 || { tail -5 "$work/alone.txt"; echo "== alone failed"; }
echo "== alone done at $(elapsed)s"
for n in $counts; do
  rm -rf "$work/ranks$n"
  timeout "$limit" "${launcher[@]}" --nproc_per_node="$n" --master_port=$((29400 + n)) "$ECT" "${tune[@]}" --out "$work/ranks$n" \
    >"$work/ranks$n.txt" 2>&1 || { tail -8 "$work/ranks$n.txt"; echo "== $n ranks failed"; }
  grep -m1 "ranks," "$work/ranks$n.txt"
  python3 - "$work/alone/log.jsonl" "$work/ranks$n/log.jsonl" "$n" <<'PY' | tee -a "$out/trajectory.txt"
import json, sys
def losses(p):
    try: return [json.loads(l)["loss"] for l in open(p) if '"loss"' in l]
    except OSError: return []
a, b, n = losses(sys.argv[1]), losses(sys.argv[2]), sys.argv[3]
k = min(len(a), len(b))
if k == 0: print(f"{n} ranks: no losses to compare"); sys.exit()
rel = [abs(x - y) / abs(x) for x, y in zip(a[:k], b[:k])]
print(f"{n} ranks vs alone: {k} steps, loss relative difference first {rel[0]:.2e}, max {max(rel):.2e}, last {rel[-1]:.2e}")
PY
  echo "== $n ranks done at $(elapsed)s"
done

# --- 3. scaling -------------------------------------------------------------------------------
: >"$out/bench.jsonl"
timeout "$limit" "$ECT" bench --presets "$presets" --modes tune --steps "$bench_steps" --device "$device" --json \
  | sed 's/^{/{"ranks":0,/' >>"$out/bench.jsonl" || echo "== bench alone failed"
for n in $counts; do
  timeout "$limit" "${launcher[@]}" --nproc_per_node="$n" --master_port=$((29500 + n)) "$ECT" bench --presets "$presets" \
    --modes tune --steps "$bench_steps" --device "$device" --json --dist-timeout 120 2>"$work/bench$n.err" \
    | grep '^{' | sed "s/^{/{\"ranks\":$n,/" >>"$out/bench.jsonl" || { tail -5 "$work/bench$n.err"; echo "== bench $n ranks failed"; }
  echo "== bench on $n ranks done at $(elapsed)s"
done
python3 - "$out/bench.jsonl" <<'PY' | tee "$out/scaling.txt"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
alone = {r["preset"]: r["img_per_s"] for r in rows if r["ranks"] == 0}
print(f"{'preset':<8} {'ranks':>5} {'batch':>5} {'img/s':>9} {'img/s/rank':>10} {'vs alone':>8}")
for r in rows:
    per = r.get("img_per_s_per_rank", r["img_per_s"])
    ratio = r["img_per_s"] / alone[r["preset"]] if r["preset"] in alone else float("nan")
    print(f"{r['preset']:<8} {r['ranks'] or 'alone':>5} {r['batch']:>5} {r['img_per_s']:>9.1f} {per:>10.1f} {ratio:>8.2f}")
PY
echo "== gpu-distributed done in $(elapsed)s"
