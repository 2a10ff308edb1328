#!/usr/bin/env bash
# The test suite under a sanitizer.
#
#   packaging/sanitize.sh [address] [BUILD_DIR] [ctest args...]
#       AddressSanitizer + UndefinedBehaviorSanitizer over every test (default build-sanitize).
#   packaging/sanitize.sh thread [BUILD_DIR] [ctest args...]
#       ThreadSanitizer over the tests that run threads of ours: the studio (worker threads,
#       coalesced jobs, the training worker) and training (the trainer and its controls, the
#       ranks of test_distributed) (default build-tsan; ctest -L "studio|training").
#
# Our code is instrumented; LibTorch and Qt are not (Debian's builds), so reports point at our
# frames. Leak checking is off: LibTorch and Qt keep process-lifetime allocations by design.
# Exits with ctest's status: 0 only when every test passes with no sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=address
if [ "${1:-}" = address ] || [ "${1:-}" = thread ]; then MODE=$1; shift; fi
if [ "$MODE" = thread ]; then DEFAULT_BUILD=build-tsan; else DEFAULT_BUILD=build-sanitize; fi
BUILD=${1:-$DEFAULT_BUILD}
shift || true

if [ "$MODE" = address ]; then
    flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    link="-fsanitize=address,undefined"
else
    flags="-fsanitize=thread -fno-omit-frame-pointer"
    link="-fsanitize=thread"
fi
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$link" -DCMAKE_SHARED_LINKER_FLAGS="$link"
cd "$BUILD"
if [ "$MODE" = address ]; then
    cmake --build . -j"$(nproc)"
    # packaging/asan-suppressions.txt: reports from inside Debian's system libraries (each explained there).
    export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1:suppressions=$ROOT/packaging/asan-suppressions.txt
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ctest --output-on-failure -j"$(nproc)" "$@"
else
    # The tests ThreadSanitizer runs (the walk-through and the package are single-threaded repeats).
    cmake --build . -j"$(nproc)" --target ect test_studio test_training test_distributed
    # packaging/tsan-suppressions.txt: synchronisation TSan cannot see inside uninstrumented
    # libraries (each entry explained there). A report is fatal: exitcode 66 fails the test.
    # die_after_fork=0: test_training itself died at the first thread it started after the
    # interrupt test ("new threads after a multi-threaded fork"), most likely because QProcess
    # starts `ect` children with vfork semantics (forkfd) and TSan's child-side bookkeeping then
    # marks the parent as forked. The children only exec.
    export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1:history_size=4:die_after_fork=0:suppressions=$ROOT/packaging/tsan-suppressions.txt"
    ctest --output-on-failure -R '^(test_studio|test_training|test_distributed)$' "$@"
fi
