#!/usr/bin/env bash
# One device call of the training campaign (docs/campaign.md): continues the campaign from what the
# repository holds (docs/campaign.json and the pair it names, the bundled models), in one call:
# continues the base model's pretraining (`ect pretrain --init`: a fresh optimizer and a short
# warm-up, measured in docs/campaign.md against an uninterrupted run), tunes it with the record's
# share of the base's images, evaluates both on 10,000 samples (gpu-train.sh does these) and writes
# the next record: OUTDIR/campaign.json, with the call appended and, when the new pair is better
# than the bundled one, the pair replaced. packaging/campaign-land.sh brings OUTDIR into the repository.
#
#   packaging/gpu-campaign.sh OUTDIR [SECONDS]
#
# SECONDS (default 540): the whole call. Environment: CAMPAIGN (the record, default
# docs/campaign.json); STUDY=1 (a recipe study instead: the bundled base, no pretraining, tuned by
# each of the plan's study_recipes at the same images); every variable of gpu-train.sh overrides
# the record's plan (DEVICE=cpu PRESET=tiny ... for a try on a CPU). The device call (device tool, carry [".devcarry"] made by
# prepare-devcarry.sh --campaign):
#   packaging/gpu-campaign.sh $OUT 560
set -uo pipefail
out=${1:?usage: gpu-campaign.sh OUTDIR [SECONDS]}
budget=${2:-540}
root=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
record=${CAMPAIGN:-$root/docs/campaign.json}
mkdir -p "$out"
plan=$(python3 "$root/packaging/campaign_record.py" env "$record") || exit 1
# The record's plan, unless the environment says otherwise.
while IFS= read -r line; do
  name=${line%%=*}
  [ -n "${!name+x}" ] || eval "export $line"
done <<<"$plan"
if [ "${STUDY:-0}" = 1 ]; then
  # A recipe study: the bundled base tuned by every study recipe at the same images, no pretraining.
  export PRETRAIN_SECONDS=0 RECIPES=$STUDY_RECIPES
fi
echo "== campaign: $record; the base has seen $CAMPAIGN_BASE_IMAGES images; recipes: $RECIPES"
# The record's figures are measured on its eval_count samples: the update refuses a pair measured
# on another count (an EVAL_COUNT given for a try).
"$root/packaging/gpu-train.sh" "$out" $((budget - $(date +%s) + t0 - 10))
device_name=$(command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1 || echo "${DEVICE:-cuda}")
python3 "$root/packaging/campaign_record.py" update "$record" "$out" "$device_name" "$(date -u +%F)"
echo "== campaign call done in $(($(date +%s) - t0))s"
