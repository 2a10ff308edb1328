#!/bin/bash
# The README's "Side by side from the bundled base" runs: every few-step objective from the bundled
# Fashion-MNIST base on the same number of training images, then one FD table.
# Usage: packaging/compare-methods-cpu.sh [OUT] (default /tmp/compare-methods); S steps per stage
# (default 100), B batch (default 64), N FD samples (default 500). About 50 minutes on 2 cores.
# STUDIO: the ect-studio that exports the Compare grid (default: the build's, skipped when absent).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ECT=${ECT:-$ROOT/build/app/ect}
BASE=$ROOT/resources/models/fmnist-edm.safetensors
OUT=${1:-/tmp/compare-methods}
S=${S:-100}
B=${B:-64}
N=${N:-500}
STAGE=$(echo "$S*$B/2000" | bc -l)  # ECT and TCM: two stages over S steps
COMMON=(--preset fmnist --batch "$B" --ema-beta 0.99 --device cpu --threads 2 --sample-every 0
        --checkpoint-every 100000 --log-every 10)
rm -rf "$OUT"
mkdir -p "$OUT"
"$ECT" tune --base "$BASE" "${COMMON[@]}" --steps $((2 * S)) --stage-kimg "$STAGE" --out "$OUT/ect"
"$ECT" tune --objective cmt --base "$BASE" "${COMMON[@]}" --steps "$S" --out "$OUT/cmt"
# The same mid-training with the LPIPS-like distance in the bundled classifier's features.
"$ECT" tune --objective cmt --metric feature --base "$BASE" "${COMMON[@]}" --steps "$S" --out "$OUT/cmt-feature"
# CMT's post-training: ECT at q 4096 (run_cmt+ecm_cifar.sh) after a warm-up of 20 steps of 64: without
# one, RAdam's unadapted first steps on q 4096's ~2000x loss turned every sample black here.
"$ECT" tune --base "$OUT/cmt/model.safetensors" "${COMMON[@]}" --steps "$S" --q 4096 --warmup-kimg 1.28 --out "$OUT/cmt-ect"
"$ECT" tune --objective tcm --base "$BASE" "${COMMON[@]}" --steps "$S" --stage-kimg "$STAGE" --out "$OUT/tcm"
"$ECT" tune --objective tcm2 --base "$OUT/tcm/model.safetensors" "${COMMON[@]}" --steps "$S" --stage-kimg "$STAGE" \
    --out "$OUT/tcm2"
models=$BASE
for r in ect cmt cmt-feature cmt-ect tcm tcm2; do models+=",$OUT/$r/model.safetensors"; done
"$ECT" eval --models "$models" --samplers cm:1,cm:2,dpm++:4 --count "$N" --device cpu --threads 2
# The README's Compare grid: the same noise through the base (Heun 18 = NFE 35, DPM-Solver++ 4) and
# each method's model at 1 and 2 steps (needs the studio and a display; xvfb-run provides one).
STUDIO=${STUDIO:-$ROOT/build/app/ect-studio}
if [ -x "$STUDIO" ]; then
    xvfb-run -a -s "-screen 0 1600x1000x24" "$STUDIO" --no-session \
        --compare "$BASE,$OUT/ect/model.safetensors,$OUT/cmt-ect/model.safetensors,$OUT/tcm2/model.safetensors" \
        --export "$OUT/compare-methods.png" --screenshot-delay 1000
fi
