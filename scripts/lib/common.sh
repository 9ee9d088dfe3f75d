# Shared by every script in scripts/: paths, logging, the one core build, bindings and
# the fake server. Source it; it does not change the caller's shell options.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# One target dir and one profile for the whole run: every language reuses the same build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE_DIR="$CARGO_TARGET_DIR/debug"
# A run builds each crate once: incremental caches would only take disk (gigabytes, with the
# generated surface). Set CARGO_INCREMENTAL=1 to keep them while editing.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
case "$(uname -s)" in
  Darwin) CORE_LIB="$PROFILE_DIR/libseam_core.dylib" ;;
  *) CORE_LIB="$PROFILE_DIR/libseam_core.so" ;;
esac
FAKE_SEAM_BIN="$PROFILE_DIR/fake-seam"
BINDGEN_BIN="$PROFILE_DIR/uniffi-bindgen"
BINDINGS_DIR="$CARGO_TARGET_DIR/bindings"
export CORE_LIB FAKE_SEAM_BIN

log() { printf '\n==> %s\n' "$*" >&2; }

# The one version of every package: [workspace.package] version in Cargo.toml.
workspace_version() {
  awk '/^\[workspace\.package\]/ { section = 1; next } /^\[/ { section = 0 }
       section && $1 == "version" { gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.toml"
}

# Builds the core library, uniffi-bindgen and fake-seam once (cargo skips what is fresh).
# One cargo invocation, so that every script (the demo, the tests, the bindings) shares one set
# of features and so one build: the library, uniffi-bindgen, fake-seam, the `seam-core`
# command and the demo's example. Says how long it took (the first, cold build is the long one).
build_core() {
  log "building the core library, uniffi-bindgen, fake-seam, the seam-core command and the example (dev profile, $CARGO_TARGET_DIR)"
  local started
  started=$(date +%s)
  (cd "$ROOT" && cargo build --locked -p seam-core -p fake-seam -p seam-core-cli \
    --features seam-core/cli --lib --bins --example assign)
  log "build: $(($(date +%s) - started)) s"
}

# gen_bindings LANGUAGE: writes the generated bindings into target/bindings/LANGUAGE.
gen_bindings() {
  local language="$1"
  log "generating $language bindings into ${BINDINGS_DIR#"$ROOT"/}/$language"
  rm -rf "${BINDINGS_DIR:?}/$language"
  "$BINDGEN_BIN" generate --library "$CORE_LIB" --language "$language" \
    --out-dir "$BINDINGS_DIR/$language" --no-format
}

# start_fake_seam: starts fake-seam on a free port, exports SEAM_FAKE_URL and stops the
# server when the calling shell exits.
start_fake_seam() {
  local out
  out="$(mktemp)"
  "$FAKE_SEAM_BIN" --port 0 >"$out" &
  FAKE_SEAM_PID=$!
  trap 'kill "$FAKE_SEAM_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    SEAM_FAKE_URL="$(head -n 1 "$out")"
    [ -n "$SEAM_FAKE_URL" ] && break
    sleep 0.05
  done
  rm -f "$out"
  [ -n "$SEAM_FAKE_URL" ] || { echo "fake-seam did not start" >&2; return 1; }
  export SEAM_FAKE_URL
  log "fake-seam listening on $SEAM_FAKE_URL"
}
