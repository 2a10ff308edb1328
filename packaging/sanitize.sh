#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer.
#
#   packaging/sanitize.sh [BUILD_DIR]      (default build-sanitize; ctest arguments may follow)
#
# Our code is instrumented; LibTorch and Qt are not (Debian's builds), so reports point at our
# frames. Leak checking is off: LibTorch and Qt keep process-lifetime allocations by design.
# Exits with ctest's status: 0 only when every test passes with no sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-sanitize}
shift || true
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
cmake --build "$BUILD" -j"$(nproc)"
# packaging/asan-suppressions.txt: reports from inside Debian's system libraries (each explained there).
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1:suppressions=$PWD/packaging/asan-suppressions.txt
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)" "$@"
