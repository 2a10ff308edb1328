#!/usr/bin/env bash
# One device call of a GPU session: the side-by-side speed benchmark against the official code
# (bench-gpu.sh, shortened), then the rest of the budget on the training campaign (gpu-campaign.sh:
# continues the bundled pair as docs/campaign.json plans). Carry: .devcarry from
# `prepare-devcarry.sh --campaign OFFICIAL_CHECKOUT` (data, headers and the official code: the
# parity fixtures do not fit beside them in the tool's 64 MiB, so CUDA parity is skipped).
#
#   packaging/gpu-session.sh OUTDIR [SECONDS]
#
# SECONDS (default 540): the whole call. Everything comes back as gpu-campaign.sh describes (the
# benchmark inside runs.tar.gz, under bench/); the ratios are printed again at the end.
set -uo pipefail
out=${1:?usage: gpu-session.sh OUTDIR [SECONDS]}
budget=${2:-540}
root=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
export WORK=${WORK:-/tmp/ect-gpu}
mkdir -p "$WORK"
# Shortened to about 5 minutes: the official code once in TF32 (and its compiled bf16 anchor),
# ours in TF32 and bf16, then channels_last and the step graph on DDPM++ and on the fmnist preset.
OFFICIAL_PRECISIONS=${OFFICIAL_PRECISIONS:-tf32} PRECISIONS=${PRECISIONS:-tf32 bf16} \
  VARIANTS=${VARIANTS-bf16:nhwc bf16:nhwc+graph tf32:graph} FMNIST_VARIANTS=${FMNIST_VARIANTS-tf32:graph bf16:nhwc+graph} \
  FMNIST=${FMNIST:-1} STEPS=${STEPS:-20} SAMPLE_REPS=${SAMPLE_REPS:-2} "$root/packaging/bench-gpu.sh" "$WORK/bench"
export ECT=$WORK/build/app/ect
[ -x "$ECT" ] || { echo "== no ect was built: see the build errors above"; exit 1; }
"$root/packaging/gpu-campaign.sh" "$out" $((budget - $(date +%s) + t0))
echo "== speed (from bench/ratios.txt)"
cat "$WORK/bench/ratios.txt" 2>/dev/null
