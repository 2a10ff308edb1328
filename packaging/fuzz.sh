#!/usr/bin/env bash
# libFuzzer over every parser of a file a user may hand us (the targets: tests/fuzz/fuzz_targets.h,
# `build-fuzz/tests/fuzz/ect-fuzz` with no argument lists them).
#
#   packaging/fuzz.sh build                 clang 14 + libFuzzer + ASan + UBSan build in build-fuzz
#   packaging/fuzz.sh run TARGET [RUNS]     fuzz one target: RUNS executions (default 1,000,000) or
#                                           FUZZ_SECONDS (default 1800) of fuzzing, whichever comes first
#                                           (FUZZ_ARGS: more libFuzzer flags, e.g. -max_len=4096)
#   packaging/fuzz.sh all [RUNS]            every target in turn, then a table of the results
#   packaging/fuzz.sh merge TARGET          adds the working inputs that reach new code to the
#                                           committed corpus (tests/fuzz/corpus/TARGET)
#
# Each target starts from its committed corpus (tests/fuzz/corpus/TARGET: seeds, inputs that
# reached new code, and every crasher found once, which ctest replays in every build) and works in
# build-fuzz/corpus/TARGET. Findings (crash-*, oom-*, timeout-*) land in build-fuzz/findings/TARGET:
# fix the bug, then copy the file into tests/fuzz/corpus/TARGET so it stays fixed.
# Limits: 2 GiB of memory and no single allocation over 2 GiB (what a small file must not cause),
# 10 s per input. Leak checking is off: LibTorch and Qt keep process-lifetime allocations.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-fuzz
BIN=$BUILD/tests/fuzz/ect-fuzz
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

build() {
    packaging/install-deps.sh clang-14 libclang-rt-14-dev  # libFuzzer's runtime
    local flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
        -DECT_FUZZ=ON -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
    cmake --build "$BUILD" --target ect-fuzz -j"$(nproc)"
}

run() {
    local target=$1 runs=${2:-1000000}
    mkdir -p "$BUILD/corpus/$target" "$BUILD/findings/$target" "$BUILD/logs"
    cp -n tests/fuzz/corpus/"$target"/* "$BUILD/corpus/$target/" 2>/dev/null || true
    local log=$BUILD/logs/$target.log
    echo "== $target: $runs executions (log: $log)"
    "$BIN" "$target" "$BUILD/corpus/$target" -runs="$runs" -max_total_time="${FUZZ_SECONDS:-1800}" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$BUILD/findings/$target/" ${FUZZ_ARGS:-} >"$log" 2>&1 || true
    summary "$target"
}

# One line per target from its last log: executions, time, rate, corpus, findings.
summary() {
    local target=$1 log=$BUILD/logs/$1.log
    local execs secs corpus findings
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    corpus=$(find "$BUILD/corpus/$target" -type f | wc -l)
    findings=$(find "$BUILD/findings/$target" -type f | wc -l)
    printf '%-16s %10s execs %6s s %8s execs/s  corpus %5s  findings %s\n' "$target" "${execs:-?}" "${secs:-?}" \
        "$([ -n "${execs:-}" ] && [ -n "${secs:-}" ] && [ "$secs" -gt 0 ] && echo $((execs / secs)) || echo '?')" \
        "$corpus" "$findings"
    if [ "$findings" -gt 0 ]; then grep -m3 -E "ERROR|SUMMARY|escaped" "$log" || true; fi
}

targets() {
    "$BIN" 2>&1 | sed -n 's/^  \([a-z0-9-]*\) .*/\1/p'
}

case "${1:-}" in
build) build ;;
run) run "$2" "${3:-1000000}" ;;
all)
    for t in $(targets); do run "$t" "${2:-1000000}" >/dev/null; done
    for t in $(targets); do summary "$t"; done
    ;;
merge)
    "$BIN" "$2" -merge=1 tests/fuzz/corpus/"$2" "$BUILD/corpus/$2" -rss_limit_mb=2048 -detect_leaks=0 ;;
*)
    sed -n '2,17p' "$0"
    exit 2
    ;;
esac
