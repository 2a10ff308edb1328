# Shared steps of the GPU scripts (gpu-train.sh, bench-gpu.sh); source it, then call the functions.
# Expects: root (the repository), work (a scratch folder), device (cuda or cpu).

# start_log OUTDIR: makes OUTDIR absolute in $out, tees all output to $out/log.txt and starts the
# clock of `elapsed` (seconds since).
start_log() {
  t0=$(date +%s)
  mkdir -p "$1"
  out=$(cd "$1" && pwd)
  exec > >(tee -a "$out/log.txt") 2>&1
}
elapsed() { echo $(($(date +%s) - t0)); }

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

# cuda_parity: `ect selftest` on the device against the carried reference fixtures (every
# network, loss and sampler fixture; exits non-zero when one fails).
cuda_parity() {
  local fx=${ECT_FIXTURES:-$root/.devcarry/fixtures}
  [ -f "$fx/songunet-cond28.cases.safetensors" ] && [ "$device" != cpu ] || return 0
  timeout 180 "$ECT" selftest --device "$device" --fixtures "$fx" >"$work/selftest.txt" 2>&1
  local rc=$?
  grep -E "^FAIL|passed" "$work/selftest.txt"
  grep -E "network|sampler cm/steps1" "$work/selftest.txt" | sed 's/^/  /'
  echo "== CUDA parity (ect selftest): exit $rc"
}

# unpack_fashion_mnist: the carried IDX files (xz, or gzip from older carries), unpacked for
# ECT_FASHION_MNIST_DIR. Python's lzma/gzip: the GPU image may lack the xz tool.
unpack_fashion_mnist() {
  if [ -z "${ECT_FASHION_MNIST_DIR:-}" ] && [ -d "$root/.devcarry/fashion-mnist" ]; then
    export ECT_FASHION_MNIST_DIR=$work/fashion-mnist
    mkdir -p "$ECT_FASHION_MNIST_DIR"
    python3 - "$root/.devcarry/fashion-mnist" "$ECT_FASHION_MNIST_DIR" <<'EOF'
import gzip, lzma, os, shutil, sys
src, dst = sys.argv[1:3]
for name in sorted(os.listdir(src)):
    base, ext = os.path.splitext(name)
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(ext)
    if opener:
        with opener(os.path.join(src, name)) as f, open(os.path.join(dst, base), "wb") as out:
            shutil.copyfileobj(f, out)
EOF
  fi
}
