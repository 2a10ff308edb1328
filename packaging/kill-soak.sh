#!/usr/bin/env bash
# Kill soak: `ect pretrain` and `ect tune` killed with SIGKILL at random moments of their 30 steps
# (checkpoints every 2 steps, so many kills land in or next to a checkpoint write), resumed, and
# each final model compared byte for byte with an uninterrupted run of the same recipe on the CPU.
#
#   packaging/kill-soak.sh [ECT] [KILLS_PER_MODE]     (defaults: build/app/ect, 10 → 20 kills)
#
# Prints one line per killed run and "kill soak: N/M bit-identical"; exits 1 unless all are.
set -euo pipefail
ECT=${1:-build/app/ect}
KILLS=${2:-10}
[ -x "$ECT" ] || { echo "kill-soak: $ECT is not an executable (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
RANDOM=20261128  # the same kill moments on every run of the script
common=(--preset tiny --data-limit 512 --steps 30 --checkpoint-every 2 --log-every 1 --sample-every 0 --threads 2 --device cpu)

"$ECT" pretrain "${common[@]}" --out "$work/base" > /dev/null 2>&1
same=0
total=0
for mode in pretrain tune; do
    extra=()
    [ "$mode" = tune ] && extra=(--base "$work/base/model.safetensors")
    "$ECT" "$mode" "${common[@]}" "${extra[@]}" --out "$work/ref-$mode" > /dev/null 2>&1
    reference=$(sha256sum < "$work/ref-$mode/model.safetensors")
    for i in $(seq 1 "$KILLS"); do
        dir="$work/$mode-$i"
        # The kill moment follows the run's progress, not the clock (start-up time varies): once
        # `target` steps are logged, plus up to 0.8 s, about a step here, so many kills land in or
        # next to a checkpoint write.
        target=$((1 + RANDOM % 28))
        delay_ms=$((RANDOM % 800))
        "$ECT" "$mode" "${common[@]}" "${extra[@]}" --out "$dir" > /dev/null 2>&1 &
        pid=$!
        while kill -0 "$pid" 2> /dev/null && [ "$(cat "$dir/log.jsonl" 2> /dev/null | wc -l)" -lt "$target" ]; do
            sleep 0.05
        done
        sleep "0.$(printf '%03d' "$delay_ms")"
        kill -9 "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
        state="resumed"
        if [ -f "$dir/state.safetensors" ] || [ -f "$dir/state.previous.safetensors" ]; then
            note=$("$ECT" "$mode" --resume "$dir" 2>&1 > /dev/null | grep '^note:' || true)
            [ -n "$note" ] && state="resumed ($note)"
        else
            # Killed before its first checkpoint (or before its folder existed): nothing to resume,
            # so it starts again.
            rm -rf "$dir"
            "$ECT" "$mode" "${common[@]}" "${extra[@]}" --out "$dir" > /dev/null 2>&1
            state="started again (killed before its first checkpoint)"
        fi
        total=$((total + 1))
        if [ "$(sha256sum < "$dir/model.safetensors")" = "$reference" ]; then
            same=$((same + 1))
            echo "$mode #$i killed at step $target + ${delay_ms} ms, $state: identical"
        else
            echo "$mode #$i killed at step $target + ${delay_ms} ms, $state: DIFFERS from the uninterrupted run"
        fi
    done
done
echo "kill soak: $same/$total bit-identical"
[ "$same" -eq "$total" ]
