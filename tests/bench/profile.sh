#!/usr/bin/env bash
# Instructions per call of each contender, for BENCHMARKS.md's "where the time goes":
#
#   tests/bench/profile.sh [CALLS] [CONTENDER…]     (default 2000 calls; every contender below)
#
# Contenders: raw, core, replica, replica-io, replica-io-coalesce (seam-bench drivers),
# python (the package), python-generated (UniFFI's generated code called directly), official,
# kotlin, kotlin-hoisted, kotlin-status (the JVM driver's variants), python-ops (the operations of
# tests/bench/python/breakdown.py, each alone). It profiles what scripts/bench built and installed
# (target/bench/: the shipped `release-small` profile, whose symbol tables name the functions), so run
# scripts/bench (or scripts/bench --quick) once first.
#
# Each driver (tests/bench/README.md) runs under callgrind twice: WARMUP calls then CALLS, and
# WARMUP calls then 2×CALLS, so that start-up and warm-up (the JIT's included) cancel out:
# instructions per call = (I(2N) − I(N)) / N. Callgrind counts the client's own instructions,
# user space only (not the server, another process; not the kernel's system calls; not
# waiting). Writes target/bench/profile/{callgrind.out.*,summary.txt}; read one with
# `callgrind_annotate --inclusive=yes FILE | head -60`.
#
# Environment: WARMUP (300; 1500 for the JVM).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$ROOT"

calls="${1:-2000}"
shift || true
BENCH="$CARGO_TARGET_DIR/bench"
OUT="$BENCH/profile"
mkdir -p "$OUT"
command -v valgrind >/dev/null || {
  log "installing valgrind with apt-get"
  apt-get install -y valgrind >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y valgrind >/dev/null; }
}
[ -x "$BENCH/seam-bench" ] && [ -x "$BENCH/fake-seam" ] ||
  { echo "run scripts/bench first: it builds target/bench/seam-bench and fake-seam" >&2; exit 1; }
export FAKE_SEAM_BIN="$BENCH/fake-seam"
start_fake_seam
export SEAM_BENCH_URL="$SEAM_FAKE_URL"

kotlin_jar="$(ls "$BENCH"/kotlin/target/seam-core-*.jar 2>/dev/null | grep -v -- '-sources' | head -n 1 || true)"
contenders=("$@")
[ ${#contenders[@]} -gt 0 ] ||
  contenders=(raw core replica replica-io replica-io-coalesce python python-generated python-ops official
    kotlin kotlin-hoisted kotlin-status)
: >"$OUT/summary.txt"
python_ops() { # the operations of breakdown.py, each N and 2N times
  local op n total
  for op in package generated ffi lower lift to-rust; do
    total=()
    for n in "$calls" $((2 * calls)); do
      valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out.python-$op.$n" \
        "$ROOT/.venv/bench-python/bin/python" tests/bench/python/breakdown.py --op "$op" --calls "$n" \
        2>"$OUT/valgrind.python-$op.$n.log" >/dev/null
      total+=("$(grep -m1 '^summary:' "$OUT/callgrind.out.python-$op.$n" | awk '{print $2}')")
    done
    printf '%-22s %10d instructions per operation\n' "python $op" $(((total[1] - total[0]) / calls)) | tee -a "$OUT/summary.txt"
  done
}

for kind in "${contenders[@]}"; do
  if [ "$kind" = python-ops ]; then
    log "callgrind: the operations of tests/bench/python/breakdown.py, $calls and $((2 * calls)) times each"
    python_ops
    continue
  fi
  variant="" warmup="${WARMUP:-300}" extra=()
  case "$kind" in
    python | python-generated)
      command=("$ROOT/.venv/bench-python/bin/python" tests/bench/python/driver.py ours)
      [ "$kind" = python-generated ] && variant=" generated" ;;
    official) command=("$ROOT/.venv/bench-official/bin/python" tests/bench/python/driver.py official) ;;
    kotlin | kotlin-hoisted | kotlin-status)
      [ -n "$kotlin_jar" ] || { log "skipping $kind: no jar in target/bench/kotlin (scripts/bench makes it)"; continue; }
      # C1 only: under valgrind, JNA calls from C2-compiled code fail here (NullPointerException
      # in Structure.readField); the figures are of C1's code, so compare them with each other.
      command=(java -XX:TieredStopAtLevel=1 -Xms256m -Xmx256m -XX:+UseSerialGC
        -cp "$kotlin_jar:$BENCH/kotlin/target/lib/*" co.seam.bench.BenchAssignKt)
      variant=" ${kind#kotlin-}"
      [ "$kind" = kotlin ] && variant=" docs"
      warmup="${WARMUP:-1500}"
      # The JIT writes code at run time: callgrind must notice it.
      extra=(--smc-check=all) ;;
    *) command=("$BENCH/seam-bench" driver "$kind") ;;
  esac
  if [ ! -x "$(command -v "${command[0]}")" ]; then
    log "skipping $kind: ${command[0]} is missing (scripts/bench makes it)"
    continue
  fi
  total=()
  for n in "$calls" $((2 * calls)); do
    file="$OUT/callgrind.out.$kind.$n"
    log "callgrind: $kind, $warmup + $n calls"
    printf 'calls %d%s\ncalls %d%s\nquit\n' "$warmup" "$variant" "$n" "$variant" |
      valgrind --tool=callgrind --callgrind-out-file="$file" --fair-sched=yes "${extra[@]}" \
        "${command[@]}" 2>"$OUT/valgrind.$kind.$n.log" >/dev/null
    total+=("$(grep -m1 '^summary:' "$file" | awk '{print $2}')")
  done
  per_call=$(((total[1] - total[0]) / calls))
  printf '%-22s %10d instructions per call\n' "$kind" "$per_call" | tee -a "$OUT/summary.txt"
done
log "profiles in ${OUT#"$ROOT"/} (callgrind_annotate --inclusive=yes FILE | head -60)"
