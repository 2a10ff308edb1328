# Shared steps of the GPU scripts (gpu-train.sh, bench-gpu.sh); source it, then call the functions.
# Expects: root (the repository), work (a scratch folder), device (cuda or cpu).

# build_ect: builds core + `ect` against python3's torch into $work/build and sets ECT.
build_ect() {
  local prefix extra=()
  prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
  [ -d "$root/.devcarry/include/nlohmann" ] && extra+=("-DNLOHMANN_JSON_INCLUDE=$root/.devcarry/include")
  if ! cmake -S "$root" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DECT_CORE_ONLY=ON \
       -DCMAKE_PREFIX_PATH="$prefix" "${extra[@]}" >"$work/cmake.log" 2>&1; then
    tail -40 "$work/cmake.log"; echo "== configure failed"; return 1
  fi
  grep -E "ECT:" "$work/cmake.log"
  if ! ninja -C "$work/build" ect >"$work/build.log" 2>&1; then
    grep -m12 -B2 -A8 "error" "$work/build.log"; tail -5 "$work/build.log"; echo "== build failed"; return 1
  fi
  ECT=$work/build/app/ect
}

# cuda_parity: the official networks' reference outputs reproduced on the device (relative L2).
cuda_parity() {
  local fx=${ECT_FIXTURES:-$root/.devcarry/fixtures} net
  [ -f "$fx/songunet-cond28.cases.safetensors" ] && [ "$device" != cpu ] || return 0
  for net in songunet-cond28 songunet-uncond32; do
    "$ECT" denoise --device "$device" --model "$fx/$net.safetensors" --input "$fx/$net.cases.safetensors" \
      --output "$work/$net.out.safetensors" >/dev/null || echo "== denoise $net failed"
  done
  python3 - "$fx" "$work" <<'PY'
import sys
from safetensors.torch import load_file
fx, work = sys.argv[1:]
for net in ["songunet-cond28", "songunet-uncond32"]:
    ref, ours = load_file(f"{fx}/{net}.cases.safetensors"), load_file(f"{work}/{net}.out.safetensors")
    errs = [f"{k} {((ours[k].double() - ref[k].double()).norm() / ref[k].double().norm()).item():.2e}" for k in ("D_train", "D_eval", "F")]
    print(f"== CUDA parity {net} (relative L2): " + ", ".join(errs))
PY
}

# unpack_fashion_mnist: the carried gzip IDX files, unpacked for ECT_FASHION_MNIST_DIR.
unpack_fashion_mnist() {
  local f
  if [ -z "${ECT_FASHION_MNIST_DIR:-}" ] && [ -d "$root/.devcarry/fashion-mnist" ]; then
    export ECT_FASHION_MNIST_DIR=$work/fashion-mnist
    mkdir -p "$ECT_FASHION_MNIST_DIR"
    for f in "$root"/.devcarry/fashion-mnist/*.gz; do gunzip -c "$f" >"$ECT_FASHION_MNIST_DIR/$(basename "$f" .gz)"; done
  fi
}
