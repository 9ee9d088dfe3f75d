#!/usr/bin/env bash
# Instruction profiles of one assign, for BENCHMARKS.md's "where the time goes":
#
#   tests/bench/profile.sh [CALLS]     (default 2000 calls per contender)
#
# Builds the bench drivers in a `bench-profile` profile (release code + line tables, not
# stripped; defined here with --config so Cargo.toml keeps only the project's profiles),
# starts a release fake-seam, and runs each contender's driver (tests/bench/README.md) under
# callgrind twice, for CALLS and 2×CALLS calls, so that start-up cancels out: instructions
# per call = (I(2N) − I(N)) / N. `python` and `official` use scripts/bench's venvs.
#
#   tests/bench/profile.sh 1000 core python     (only these contenders)
# Writes target/bench/profile/{callgrind.out.*,summary.txt}. Callgrind counts client
# instructions only (the server is another process) and ignores time spent waiting.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$ROOT"

calls="${1:-2000}"
shift || true
OUT="$CARGO_TARGET_DIR/bench/profile"
mkdir -p "$OUT"
profile=(--config 'profile.bench-profile.inherits="release"'
  --config 'profile.bench-profile.debug="line-tables-only"'
  --config 'profile.bench-profile.strip="none"')
log "cargo build --profile bench-profile -p seam-bench -p fake-seam"
cargo build --locked "${profile[@]}" --profile bench-profile -p seam-bench -p fake-seam
BIN="$CARGO_TARGET_DIR/bench-profile"
export FAKE_SEAM_BIN="$BIN/fake-seam"
start_fake_seam
export SEAM_BENCH_URL="$SEAM_FAKE_URL"

contenders=("$@")
[ ${#contenders[@]} -gt 0 ] ||
  contenders=(raw core replica replica-resolve replica-resolve-noreq replica-resolve-noreq-typed
    python official)
: >"$OUT/summary.txt"
for kind in "${contenders[@]}"; do
  case "$kind" in
    python) command=("$ROOT/.venv/bench-python/bin/python" tests/bench/python/driver.py ours) ;;
    official) command=("$ROOT/.venv/bench-official/bin/python" tests/bench/python/driver.py official) ;;
    *) command=("$BIN/seam-bench" driver "$kind") ;;
  esac
  if [ ! -x "${command[0]}" ]; then
    log "skipping $kind: ${command[0]} is missing (scripts/bench makes it)"
    continue
  fi
  total=()
  for n in "$calls" $((2 * calls)); do
    file="$OUT/callgrind.out.$kind.$n"
    log "callgrind: $kind, $n calls"
    printf 'calls %d\nquit\n' "$n" |
      valgrind --tool=callgrind --callgrind-out-file="$file" --fair-sched=yes \
        "${command[@]}" 2>"$OUT/valgrind.$kind.$n.log" >/dev/null
    total+=("$(grep -m1 '^summary:' "$file" | awk '{print $2}')")
  done
  per_call=$(((total[1] - total[0]) / calls))
  printf '%-30s %10d instructions per call\n' "$kind" "$per_call" | tee -a "$OUT/summary.txt"
done
log "profiles in ${OUT#"$ROOT"/} (callgrind_annotate --inclusive=yes FILE | head -60)"
