#!/bin/bash
# How a training campaign may continue across sessions without carrying the optimizer state: on
# the CPU with the tiny preset, one pretraining run of 2N steps against the same run stopped at N
# and continued from its model file (`--init`: EMA weights, a fresh optimizer, the warm-up again)
# for N more, with two warm-ups. Prints the mean loss of the last 100 steps and the FD of each
# (Heun 18 steps, 1,000 samples, seeds 0-999, against Fashion-MNIST's test split).
#   packaging/campaign-resume-cpu.sh [N] [BUILD_DIR]      (writes out/campaign-resume/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-600}
ect="${2:-$root/build}/app/ect"
out="$root/out/campaign-resume"
rm -rf "$out" && mkdir -p "$out"
common=(--preset tiny --log-every 1 --sample-every 0 --checkpoint-every 100000 --device cpu)
"$ect" pretrain "${common[@]}" --seed 1 --steps $((2 * n)) --out "$out/whole" > "$out/whole.txt"
"$ect" pretrain "${common[@]}" --seed 1 --steps "$n" --out "$out/first" > "$out/first.txt"
for warmup in 1 0.2; do
  # A later session: another data order (seed), the first half's model as its start.
  "$ect" pretrain "${common[@]}" --seed 2 --steps "$n" --warmup-kimg "$warmup" --init "$out/first/model.safetensors" \
    --out "$out/continued-w$warmup" > "$out/continued-w$warmup.txt"
done
mean_loss() {  # the mean of the last 100 logged losses of a run's log.jsonl
  python3 -c 'import json,sys; l=[json.loads(x)["loss"] for x in open(sys.argv[1]) if "\"loss\"" in x]; print("%.4f" % (sum(l[-100:])/len(l[-100:])))' "$1/log.jsonl"
}
printf '%-28s %10s %10s %12s\n' run images "loss(100)" "FD Heun-18"
for run in first whole continued-w1 continued-w0.2; do
  fd=$("$ect" eval --model "$out/$run/model.safetensors" --sampler heun --steps 18 --count 1000 --device cpu --json |
       python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["fd"])')
  seen=$(python3 -c 'import json,struct,sys; f=open(sys.argv[1],"rb"); n=struct.unpack("<Q",f.read(8))[0]; print(json.loads(f.read(n))["__metadata__"]["ect.images_seen"])' "$out/$run/model.safetensors")
  printf '%-28s %10s %10s %12s\n' "$run" "$seen" "$(mean_loss "$out/$run")" "$fd"
done
