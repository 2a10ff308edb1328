#!/usr/bin/env bash
# Issue 25's side-by-side for one device call: an ECT tuning step of EDM2's ImageNet-64 network
# (edm2-img64-s, 280M parameters, batch 128, 64x64x3, 1000 classes) in the official imgnet branch
# (a checkout carried in .devcarry/ect-imgnet, never committed; bench_official_imgnet.py) and in
# `ect bench`, timed on the same card in the same call, with the ratios.
#
#   packaging/bench-imgnet-gpu.sh OUTDIR
#
# Environment: ECT (a built `ect`: skips the build), DEVICE (default cuda), PRESET (default
# edm2-img64-s), PRECISIONS (ours, default "tf32 bf16"), OFFICIAL_PRECISIONS (default "tf32 fp16":
# fp16 is the official --fp16), BATCH (default 128), STEPS (default 20), BENCH_TIMEOUT (seconds per
# command, default 240). OUTDIR receives results.jsonl, ratios.txt and log.txt.
# Dry run on a CPU: DEVICE=cpu PRECISIONS=fp32 OFFICIAL_PRECISIONS=fp32 BATCH=2 STEPS=1 ...
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
device=${DEVICE:-cuda}
preset=${PRESET:-edm2-img64-s}
precisions=${PRECISIONS:-tf32 bf16}
official_precisions=${OFFICIAL_PRECISIONS:-tf32 fp16}
batch=${BATCH:-128}
steps=${STEPS:-20}
limit=${BENCH_TIMEOUT:-240}
work=${WORK:-/tmp/ect-bench-imgnet}
mkdir -p "$work"
. "$root/packaging/gpu-common.sh"
start_log "${1:?usage: bench-imgnet-gpu.sh OUTDIR}"
results=$out/results.jsonl
: >"$results"
echo "== bench-imgnet: $preset, device $device, ours: $precisions, official: $official_precisions"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
if [ -z "${ECT:-}" ]; then
  build_ect || exit 1
  echo "== built in $(elapsed)s"
fi
cuda_parity

official=${OFFICIAL:-$root/.devcarry/ect-imgnet}
if [ -f "$official/training/networks_edm2.py" ]; then
  for p in $official_precisions; do
    timeout "$limit" python3 "$root/packaging/bench_official_imgnet.py" --official "$official" --preset "$preset" \
      --device "$device" --precision "$p" --batch "$batch" --steps "$steps" --threads "$(nproc)" --json \
      | grep '^{' | tee -a "$results" || echo "== official $p failed"
    echo "== official $p done at $(elapsed)s"
  done
else
  echo "== no official imgnet checkout at $official: ours only"
fi
for p in $precisions; do
  timeout "$limit" "$ECT" bench --presets "$preset" --modes tune --batch "$batch" --steps "$steps" --device "$device" \
    --precision "$p" --json | grep '^{' | sed 's/^{/{"code":"ect",/' | tee -a "$results" || echo "== ect bench $p failed"
  echo "== ect $p done at $(elapsed)s"
done

python3 - "$results" <<'PY' | tee "$out/ratios.txt"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
official = {r["precision"]: r for r in rows if r.get("code") == "official"}
for r in rows:
    if r.get("code") != "ect":
        continue
    cells = [f"vs official {p}: {r['img_per_s'] / o['img_per_s']:.2f}x" for p, o in sorted(official.items())]
    print(f"ect {r['preset']} tune batch {r['batch']} {r['precision']}: {r['img_per_s']:.1f} img/s, "
          f"{r['peak_memory_mb']:.0f} MB, {r['parameters']} parameters | " + ", ".join(cells))
for p, o in sorted(official.items()):
    print(f"official {o['preset']} tune batch {o['batch']} {p}: {o['img_per_s']:.1f} img/s, "
          f"{o['peak_memory_mb']:.0f} MB, {o['parameters']} parameters")
PY
echo "== bench-imgnet done in $(elapsed)s"
