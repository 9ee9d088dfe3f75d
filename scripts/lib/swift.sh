# shellcheck shell=bash
#
# scripts/lib/swift.sh: run the `swift` CLI (swift build, swift test, ...) on
# any machine, including a fresh Debian 12 box with no Swift installed.
#
# Usage (from a script that uses `set -euo pipefail`):
#
#     source "$(dirname "${BASH_SOURCE[0]}")/lib/swift.sh"
#     swift_run bindings/swift test              # relative to $PWD
#     swift_run "$repo/bindings/swift" build -c release
#
#   swift_run <dir> [swift args...]
#       Runs `swift <args...>` with <dir> as working directory and returns
#       swift's exit status. The function body runs in a subshell, so the
#       caller's shell options, traps and working directory are left alone.
#
# How it works:
#   * If a real Swift toolchain is on PATH (macOS/Xcode, or a swift.org
#     toolchain on Linux), it just does `cd <dir> && swift <args...>`.
#     (A `swift` that isn't Swift, e.g. the OpenStack client, is ignored.)
#   * Otherwise it needs root and uses a Debian 13 (trixie) chroot with the
#     `swiftlang` package (Swift 6.0.x from Debian's own archive), kept in a
#     cache dir outside the repo. The first run makes it with debootstrap
#     (installs debootstrap on the host via apt-get if missing) and takes a
#     few minutes; later runs reuse it. The chroot is written to <chroot>.tmp
#     and renamed only once swift works, so a half-made one is redone.
#   * Each chroot run mounts /proc, binds /dev, and binds the "root" (by
#     default the git toplevel of <dir>, or <dir> itself outside a git repo)
#     at the SAME absolute path inside the chroot, so absolute paths work in
#     and out. Everything is unmounted on exit, failure or Ctrl-C/SIGTERM;
#     leftovers from a run that died (kill -9) are unmounted at the next run.
#   * Inside the chroot the environment is cleared (env -i) down to HOME=/root
#     (SwiftPM caches live in the chroot's /root), PATH, LANG=C.UTF-8, TERM,
#     plus every exported SEAM_* variable and LD_LIBRARY_PATH, so tests can be
#     handed e.g. a server URL. The chroot shares the host's network, so
#     localhost servers started by the caller are reachable.
#   * Runs that use the chroot are serialised with a lock file (<chroot>.lock).
#     When a run ends, processes still running inside the chroot (e.g. a test
#     runner orphaned by Ctrl-C) are killed, so the unmounts cannot hang.
#   * Output of swift goes to stdout/stderr as usual; this library's own
#     messages are prefixed with "swift:" and go to stderr. The first-run
#     setup output goes to <chroot>.setup.log (its tail is shown on failure).
#
# Settings (environment variables):
#   SEAM_SWIFT_MODE       auto (default) | native | chroot
#   SEAM_SWIFT_CHROOT     chroot dir
#                         (default ${XDG_CACHE_HOME:-$HOME/.cache}/seam-core/swift-trixie)
#   SEAM_SWIFT_MIRROR     Debian mirror for debootstrap (default: the one the
#                         host's apt sources use, else http://deb.debian.org/debian)
#   SEAM_SWIFT_BIND_ROOT  directory to bind into the chroot (default: see above)
#
# To delete the chroot: make sure no swift_run is active, check that
# `grep <chroot> /proc/mounts` prints nothing (a bind-mounted repo inside it
# would be deleted too!), then `rm -rf <chroot>`. swift_run itself only ever
# deletes a chroot after checking /proc/mounts.

# Messages go to the caller's stderr (saved in swift_run), even from code
# whose stderr is redirected to the setup log.
_seam_swift_log() { printf 'swift: %s\n' "$*" >&"${_seam_swift_errfd:-2}"; }

# True if `swift` on PATH is a real Swift toolchain.
_seam_swift_have_native() {
    local v
    command -v swift >/dev/null 2>&1 || return 1
    v=$(swift --version 2>&1) || return 1
    [[ $v == *"Swift version"* ]]
}

# The Debian mirror the host's apt already uses (debian-security excluded).
_seam_swift_mirror() {
    local m="" f
    if [[ -n ${SEAM_SWIFT_MIRROR:-} ]]; then
        printf '%s\n' "$SEAM_SWIFT_MIRROR"
        return 0
    fi
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        m=$(awk 'tolower($1) == "uris:" {
                     for (i = 2; i <= NF; i++)
                         if ($i ~ /^(https?|ftp):\/\/.*\/debian\/?$/) { print $i; exit }
                 }' "$f")
        [[ -n $m ]] && break
    done
    if [[ -z $m ]]; then
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [[ -r $f ]] || continue
            m=$(awk '$1 == "deb" {
                         for (i = 2; i <= NF; i++)
                             if ($i ~ /^(https?|ftp):\/\/.*\/debian\/?$/) { print $i; exit }
                     }' "$f")
            [[ -n $m ]] && break
        done
    fi
    printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

# Mount points at or below $1 (a canonical path), deepest first.
_seam_swift_mounts_under() {
    local dir=$1 _src mp _rest
    while read -r _src mp _rest; do
        # /proc/mounts escapes space, tab, newline and backslash as \ooo.
        mp=$(printf '%b' "${mp//\\/\\0}")
        if [[ $mp == "$dir" || $mp == "$dir"/* ]]; then
            printf '%d %s\n' "${#mp}" "$mp"
        fi
    done </proc/self/mounts | sort -rn | cut -d' ' -f2-
}

# Unmount everything at or below $1. Returns 1 if something is still mounted.
_seam_swift_unmount_under() {
    local dir=$1 mp left
    for _ in 1 2 3; do
        left=$(_seam_swift_mounts_under "$dir")
        [[ -z $left ]] && return 0
        while IFS= read -r mp; do
            umount -- "$mp" 2>/dev/null || umount -l -- "$mp" 2>/dev/null || true
        done <<<"$left"
    done
    left=$(_seam_swift_mounts_under "$dir")
    [[ -z $left ]] && return 0
    _seam_swift_log "error: could not unmount under $dir:" "$left"
    return 1
}

# Kill processes whose root is chroot $1 (e.g. a test runner that outlived an
# interrupted `swift test`: SwiftPM starts it in its own process group).
# Only called with the lock held, so they all belong to us or to a dead run.
_seam_swift_kill_chroot_procs() {
    local c=$1 p n sig
    local -a pids
    for sig in TERM TERM TERM TERM TERM TERM TERM TERM TERM TERM KILL KILL KILL; do
        pids=()
        for p in /proc/[0-9]*; do
            [[ $(readlink "$p/root" 2>/dev/null) == "$c" ]] && pids+=("${p#/proc/}")
        done
        n=${#pids[@]}
        [[ $n -eq 0 ]] && return 0
        [[ $sig == TERM && $n -gt 0 && -z ${_seam_swift_told_procs:-} ]] &&
            _seam_swift_log "stopping $n leftover process(es) inside $c" && _seam_swift_told_procs=1
        kill -s "$sig" "${pids[@]}" 2>/dev/null || true
        sleep 0.3
    done
}

# Stop everything running in chroot $1 and unmount everything under it.
_seam_swift_release() {
    _seam_swift_kill_chroot_procs "$1"
    _seam_swift_unmount_under "$1"
}

# rm -rf a chroot dir, but never while anything is mounted inside it (a bind
# mount of the repo would make rm delete the repo itself).
_seam_swift_safe_rm() {
    local dir=$1
    case $dir in
        "" | / | /root | /home | /tmp | "${HOME:-/root}")
            _seam_swift_log "error: refusing to delete '$dir'"
            return 1
            ;;
    esac
    [[ -e $dir ]] || return 0
    dir=$(cd -- "$dir" && pwd -P) || return 1
    _seam_swift_release "$dir" || return 1
    if [[ -n $(_seam_swift_mounts_under "$dir") ]]; then
        _seam_swift_log "error: refusing to delete $dir: something is still mounted inside it"
        return 1
    fi
    rm -rf --one-file-system -- "$dir"
}

# Run a command in the background and wait for it, so that SIGTERM/SIGINT to
# this shell are handled at once (bash defers traps until a foreground child
# exits). stdin is kept if we have one; the lock fd is not inherited.
_seam_swift_wait_cmd() {
    local rc=0
    if { : <&0; } 2>/dev/null; then
        "$@" <&0 {_seam_swift_lockfd}>&- &
    else
        "$@" </dev/null {_seam_swift_lockfd}>&- &
    fi
    _seam_swift_child=$!
    wait "$_seam_swift_child" || rc=$?
    _seam_swift_child=""
    return "$rc"
}

# Trap handlers (used inside swift_run's subshell only).
_seam_swift_on_signal() {
    local sig=$1 code=$2 wd
    trap '' INT TERM HUP
    _seam_swift_log "interrupted (SIG$sig); stopping what runs in the chroot and unmounting"
    if [[ -n ${_seam_swift_child:-} ]]; then
        # SwiftPM cancels cleanly on SIGINT; escalate if it does not exit.
        kill -s INT "$_seam_swift_child" 2>/dev/null || true
        (
            sleep 3
            kill -s TERM "$_seam_swift_child" 2>/dev/null || exit 0
            sleep 3
            kill -s KILL "$_seam_swift_child" 2>/dev/null
        ) </dev/null >/dev/null 2>&1 {_seam_swift_lockfd}>&- &
        wd=$!
        disown "$wd" 2>/dev/null || true
        wait "$_seam_swift_child" 2>/dev/null || true
        kill -s KILL "$wd" 2>/dev/null || true
        _seam_swift_child=""
    fi
    _seam_swift_on_exit
    trap - EXIT
    # Die of the same signal, so that a caller's bash notices the Ctrl-C.
    trap - "$sig"
    kill -s "$sig" "$BASHPID"
    exit "$code"
}
_seam_swift_on_exit() {
    if [[ -n ${_seam_swift_active:-} ]]; then
        _seam_swift_release "$_seam_swift_active" || true
        _seam_swift_active=""
    fi
}

# Mount /proc, /dev and (optionally) $2 at the same path inside chroot $1.
# Mounts are made rslave so nothing done under them propagates to the host.
_seam_swift_mount() {
    local c=$1 bind=${2:-} target
    _seam_swift_active=$c
    _seam_swift_release "$c" || return 1 # leftovers from a killed run
    mkdir -p "$c/proc" "$c/dev" || return 1
    mount -t proc proc "$c/proc" || return 1
    mount --bind /dev "$c/dev" || return 1
    mount --make-rslave "$c/dev" || return 1
    if [[ -n $bind ]]; then
        target=$c$bind
        mkdir -p -- "$target" || return 1
        # A symlink on the way would make us mount over a host directory.
        if [[ $(cd -- "$target" && pwd -P) != "$target" ]]; then
            _seam_swift_log "error: $target is not a plain directory inside the chroot (symlink?)"
            return 1
        fi
        mount --bind -- "$bind" "$target" || return 1
        mount --make-rslave -- "$target" || return 1
    fi
    if [[ -r /etc/resolv.conf ]]; then
        cp -L /etc/resolv.conf "$c/etc/resolv.conf" 2>/dev/null || true
    fi
}

# Make sure a working chroot exists at $1 (canonical path, lock held).
_seam_swift_setup() {
    local c=$1 tmp="$1.tmp" log="$1.setup.log" mirror t0=$SECONDS ver
    # (usr/bin/swift is an absolute symlink into the chroot: test with -L)
    [[ -f $c/.seam-swift-ready && -L $c/usr/bin/swift ]] && return 0

    _seam_swift_log "no native Swift toolchain; creating a Debian trixie chroot with Debian's swiftlang at $c"
    _seam_swift_log "(first run only: downloads ~570 MB, uses ~2.6 GB of disk, takes a couple of minutes; log: $log)"
    if [[ -e $c ]]; then
        _seam_swift_log "removing incomplete chroot $c"
        _seam_swift_safe_rm "$c" || return 1
    fi
    if [[ -e $tmp ]]; then
        _seam_swift_log "removing half-made chroot $tmp from an earlier run"
        _seam_swift_safe_rm "$tmp" || return 1
    fi
    : >"$log" || return 1

    if ! command -v debootstrap >/dev/null 2>&1 && [[ ! -x /usr/sbin/debootstrap ]]; then
        if ! command -v apt-get >/dev/null 2>&1; then
            _seam_swift_log "error: no swift and no apt-get; install Swift from https://www.swift.org/install/"
            return 1
        fi
        _seam_swift_log "installing debootstrap on the host (apt-get)"
        if ! { DEBIAN_FRONTEND=noninteractive _seam_swift_wait_cmd apt-get update -q &&
            DEBIAN_FRONTEND=noninteractive _seam_swift_wait_cmd apt-get install -y -q debootstrap; } >>"$log" 2>&1; then
            tail -n 30 "$log" >&"$_seam_swift_errfd"
            _seam_swift_log "error: could not install debootstrap (full log: $log)"
            return 1
        fi
    fi

    mirror=$(_seam_swift_mirror)
    _seam_swift_active=$tmp # debootstrap mounts /proc etc. in $tmp; clean up if killed
    _seam_swift_log "debootstrap --variant=minbase trixie $tmp $mirror"
    if ! PATH="/usr/sbin:/sbin:$PATH" _seam_swift_wait_cmd \
        debootstrap --variant=minbase trixie "$tmp" "$mirror" >>"$log" 2>&1; then
        tail -n 30 "$log" >&"$_seam_swift_errfd"
        _seam_swift_log "error: debootstrap failed (full log: $log)"
        return 1
    fi

    _seam_swift_log "installing swiftlang libc6-dev inside the chroot"
    _seam_swift_mount "$tmp" "" || return 1
    { printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d" &&
        chmod +x "$tmp/usr/sbin/policy-rc.d"; } || return 1
    if ! _seam_swift_wait_cmd chroot "$tmp" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
        PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive /bin/sh -c \
        'apt-get update -q && apt-get install -y -q --no-install-recommends swiftlang libc6-dev && apt-get clean' \
        >>"$log" 2>&1; then
        tail -n 30 "$log" >&"$_seam_swift_errfd"
        _seam_swift_log "error: installing swiftlang in the chroot failed (full log: $log)"
        return 1
    fi
    if ! ver=$(chroot "$tmp" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 \
        swift --version 2>&1 </dev/null {_seam_swift_lockfd}>&-); then
        printf '%s\n' "$ver" >&"$_seam_swift_errfd"
        _seam_swift_log "error: swift --version fails in the new chroot"
        return 1
    fi
    _seam_swift_release "$tmp" || return 1
    _seam_swift_active=""
    ver=$(printf '%s\n' "$ver" | grep -m1 'Swift version' || true)
    printf '%s\nmade %s from %s\n' "${ver:-unknown}" "$(date -u +%FT%TZ)" "$mirror" \
        >"$tmp/.seam-swift-ready" || return 1
    mv -T -- "$tmp" "$c" || return 1
    _seam_swift_log "chroot ready after $((SECONDS - t0))s: ${ver:-unknown}"
}

_seam_swift_run_chroot() {
    local dir=$1 c bind name rc=0
    shift
    local -a envv

    if [[ $EUID -ne 0 ]]; then
        _seam_swift_log "error: no native Swift toolchain, and the chroot fallback needs root."
        _seam_swift_log "install Swift (https://www.swift.org/install/) or run as root"
        return 1
    fi

    c=${SEAM_SWIFT_CHROOT:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/seam-core/swift-trixie}
    mkdir -p -- "$(dirname -- "$c")" || return 1
    c=$(cd -- "$(dirname -- "$c")" && pwd -P)/$(basename -- "$c") || return 1

    if [[ -n ${SEAM_SWIFT_BIND_ROOT:-} ]]; then
        bind=$(cd -- "$SEAM_SWIFT_BIND_ROOT" && pwd -P) || return 1
    else
        bind=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) || bind=""
        [[ -n $bind ]] && bind=$(cd -- "$bind" && pwd -P)
        [[ -n $bind ]] || bind=$dir
    fi
    if [[ $dir != "$bind" && $dir != "$bind"/* ]]; then
        _seam_swift_log "error: $dir is not inside the bind root $bind"
        return 1
    fi
    if [[ $bind == / || $c == "$bind" || $c == "$bind"/* || $bind == "$c" || $bind == "$c"/* ]]; then
        _seam_swift_log "error: the chroot ($c) and the bound dir ($bind) must not contain each other;"
        _seam_swift_log "set SEAM_SWIFT_CHROOT to a dir outside $bind"
        return 1
    fi

    # One user of the chroot at a time: mounts, setup and stale-mount cleanup
    # are then never racing with another run.
    exec {_seam_swift_lockfd}>"$c.lock" || return 1
    if ! flock -n "$_seam_swift_lockfd"; then
        _seam_swift_log "waiting for another swift_run that is using $c ..."
        flock "$_seam_swift_lockfd" || return 1
    fi

    _seam_swift_setup "$c" || return 1
    _seam_swift_log "using Debian trixie chroot $c ($(head -n1 "$c/.seam-swift-ready")); bind-mounting $bind"
    _seam_swift_mount "$c" "$bind" || return 1

    envv=(HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin LANG=C.UTF-8)
    [[ -n ${TERM:-} ]] && envv+=("TERM=$TERM")
    for name in $(compgen -e); do
        if [[ $name == SEAM_* || $name == LD_LIBRARY_PATH ]]; then
            envv+=("$name=${!name}")
        fi
    done

    # shellcheck disable=SC2016 # $1/$@ are expanded by the inner bash
    _seam_swift_wait_cmd chroot "$c" /usr/bin/env -i "${envv[@]}" /bin/bash -c \
        'cd -- "$1" || exit 1; shift; exec swift "$@"' swift_run "$dir" "$@" || rc=$?

    _seam_swift_release "$c" || true
    _seam_swift_active=""
    return "$rc"
}

# swift_run <dir> [swift args...]: see the header of this file.
swift_run() (
    set -uo pipefail
    if [[ $# -lt 1 ]]; then
        _seam_swift_log "usage: swift_run <dir> [swift args...]"
        exit 2
    fi
    _seam_swift_dir=$(cd -- "$1" 2>/dev/null && pwd -P) || {
        _seam_swift_log "error: no such directory: $1"
        exit 2
    }
    shift
    exec {_seam_swift_errfd}>&2

    case ${SEAM_SWIFT_MODE:-auto} in
        native | auto)
            if _seam_swift_have_native; then
                cd -- "$_seam_swift_dir" || exit 1
                exec swift "$@"
            elif [[ ${SEAM_SWIFT_MODE:-auto} == native ]]; then
                _seam_swift_log "error: SEAM_SWIFT_MODE=native but no Swift toolchain on PATH"
                exit 1
            fi
            ;;
        chroot) ;;
        *)
            _seam_swift_log "error: SEAM_SWIFT_MODE must be auto, native or chroot"
            exit 2
            ;;
    esac

    _seam_swift_active=""
    _seam_swift_child=""
    trap _seam_swift_on_exit EXIT
    trap '_seam_swift_on_signal INT 130' INT
    trap '_seam_swift_on_signal TERM 143' TERM
    trap '_seam_swift_on_signal HUP 129' HUP
    _seam_swift_rc=0
    _seam_swift_run_chroot "$_seam_swift_dir" "$@" || _seam_swift_rc=$?
    exit "$_seam_swift_rc"
)
