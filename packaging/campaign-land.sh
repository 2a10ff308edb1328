#!/usr/bin/env bash
# Brings a campaign call's result (gpu-campaign.sh's OUTDIR, as the device tool brought it back)
# into the repository: the record (docs/campaign.json), the call's evaluations in
# docs/campaign-results.jsonl (tagged with the call; landing a call again replaces its lines) and,
# when the call's pair is better than the bundled one, the pair (resources/models), its sample
# grids (docs/fmnist-*.png, made on the GPU from the same seeds) and its evaluations
# (docs/fmnist-results.jsonl). Charts by `ect plot` (ECT, default build/app/ect): FD while
# pretraining of the last ten calls' bases (docs/campaign-fd-base.png), 2-step FD while tuning of
# the last call's runs (docs/campaign-fd-tuning.png) and, for a bundled pair, FD against NFE
# (docs/fmnist-fd-nfe.png). Prints the campaign's tables for docs/campaign.md. Commit what it changed.
#
#   packaging/campaign-land.sh CALLDIR
set -euo pipefail
calldir=${1:?usage: campaign-land.sh CALLDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
record=${CAMPAIGN:-$root/docs/campaign.json}
ect=${ECT:-$root/build/app/ect}
[ -x "$ect" ] || { echo "campaign-land.sh: no ect at $ect: build it first (README) or set ECT" >&2; exit 1; }
[ -f "$calldir/campaign.json" ] || { echo "campaign-land.sh: $calldir has no campaign.json (the call did not finish)" >&2; exit 1; }
last() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["calls"]; print(c[-1][sys.argv[2]] if sys.argv[2] != "n" else len(c))' "$calldir/campaign.json" "$1"; }
accepted=$(last accepted)
call=$(last n)
if [ "$accepted" = True ]; then
  for f in fmnist-edm.safetensors fmnist-ect.safetensors results.jsonl runs.tar.gz; do
    [ -f "$calldir/$f" ] || { echo "campaign-land.sh: the call's pair was accepted but $calldir/$f is missing" >&2; exit 1; }
  done
fi

# The record first: whatever fails later, the repository's record says what the call did.
cp "$calldir/campaign.json" "$record"
python3 - "$calldir/results.jsonl" "$call" "$root/docs/campaign-results.jsonl" <<'EOF'
import json, os, sys
src, call, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
kept = [l for l in open(dst) if l.strip() and json.loads(l).get("call") != call] if os.path.exists(dst) else []
new = []
if os.path.exists(src):
    for line in open(src):
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if isinstance(r, dict):
            r["call"] = call
            new.append(json.dumps(r) + "\n")
with open(dst + ".tmp", "w") as f:
    f.writelines(kept + new)
os.replace(dst + ".tmp", dst)
EOF

if [ "$accepted" = True ]; then
  for m in edm ect; do
    cp "$calldir/fmnist-$m.safetensors" "$root/resources/models/fmnist-$m.safetensors"
  done
  tmp=$(mktemp -d)
  tar -C "$tmp" -xzf "$calldir/runs.tar.gz" grids
  cp "$tmp/grids/edm-heun18.png" "$root/docs/fmnist-edm-heun18.png"
  cp "$tmp/grids/ect-1step.png" "$root/docs/fmnist-ect-1step.png"
  cp "$tmp/grids/ect-2step.png" "$root/docs/fmnist-ect-2step.png"
  rm -rf "$tmp"
  cp "$calldir/results.jsonl" "$root/docs/fmnist-results.jsonl"
  "$ect" plot "$root/docs/fmnist-results.jsonl" --labels "fmnist-ect=ECT (fmnist-ect),edm=base (fmnist-edm)" \
    --title "The bundled pair: FD against NFE (against the test split)" --out "$root/docs/fmnist-fd-nfe.png"
  echo "call $call: the new pair is bundled (resources/models) with its grids (docs/fmnist-*.png): look at them"
else
  echo "call $call: the bundled pair stays: $(last why)"
fi

logs=$(mktemp -d)
python3 "$root/packaging/campaign_record.py" logs "$record" "$logs"
mapfile -t bases < <(find "$logs" -mindepth 1 -maxdepth 1 -type d -name 'base-call*' | sort -V | tail -n 10)
if [ "${#bases[@]}" -gt 0 ]; then
  "$ect" plot "${bases[@]}" --title "The campaign's base: FD while pretraining (Heun, NFE 35), the last ten calls" \
    --height 560 --out "$root/docs/campaign-fd-base.png"
fi
mapfile -t tunings < <(find "$logs" -mindepth 1 -maxdepth 1 -type d -name "*-call$call" ! -name 'base-call*' | sort)
if [ "${#tunings[@]}" -gt 0 ]; then
  "$ect" plot "${tunings[@]}" --probes cm2 --title "Call $call's ECT runs: 2-step FD while tuning" \
    --height 560 --out "$root/docs/campaign-fd-tuning.png"
fi
rm -rf "$logs"
python3 "$root/packaging/campaign_record.py" table "$record"
