"""Where a Python assign's time goes, operation by operation (BENCHMARKS.md quotes it):

    SEAM_BENCH_URL=… .venv/bench-python/bin/python tests/bench/python/breakdown.py
        µs per operation, each timed alone
    … breakdown.py --op NAME --calls N
        N times one operation and nothing else, for callgrind: tests/bench/profile.sh runs
        it for N and 2N calls and prints the instructions per operation

Operations: `package` (the docs' call through the package), `generated` (the generated method
as it is), `ffi` (the FFI calls of an assign and nothing else: clone the handle, hand over the
three arguments, call, copy the answer out and free it: the floor of any ctypes path), `lower`
(the three arguments, as the generated code lowers them), `lift` (the returned record, as the
generated code lifts it, from a Rust buffer made for it), `to-rust` (making that buffer:
subtract it from `lift`). Private names of the generated module are used here, to take a call
apart; the package itself uses none.
"""

import argparse
import ctypes
import os
import time

import seam_core
from seam_core._ffi import seam_core as ffi

API_KEY = "seam_apikey1_token"
USER = "33333333-3333-3333-3333-333333333333"
CREDENTIAL = "66666666-6666-6666-6666-666666666666"


def to_rust(data):
    """A Rust buffer holding `data`, made in one FFI call."""
    status = ffi._UniffiRustCallStatus()
    pointer = ctypes.cast(ctypes.c_char_p(data), ctypes.POINTER(ctypes.c_char))
    buffer = ffi._UniffiLib.ffi_seam_core_rustbuffer_from_bytes(
        ffi._UniffiForeignBytes(len(data), pointer), ctypes.byref(status))
    assert status.code == 0
    return buffer


def operations(url):
    seam = seam_core.Seam(api_key=API_KEY, endpoint=url)
    native = ffi.Seam(API_KEY, None, None, None, url, None, None).acs().credentials()
    record = native.assign(USER, CREDENTIAL)
    buffer = ffi._UniffiFfiConverterTypeAcsCredential.lower(record)
    data = ctypes.string_at(buffer.data, buffer.len)
    ffi._UniffiRustBuffer.free(buffer)
    generated_lift = ffi._UniffiFfiConverterTypeAcsCredential.lift
    converters = [ffi._UniffiFfiConverterOptionalString, ffi._UniffiFfiConverterString,
                  ffi._UniffiFfiConverterOptionalString]
    arguments = [USER, CREDENTIAL, None]
    lib = ffi._UniffiLib
    status_type = ffi._UniffiRustCallStatus
    free = lib.ffi_seam_core_rustbuffer_free

    def lower():
        for converter, value in zip(converters, arguments):
            ffi._UniffiRustBuffer.free(converter.lower(value))

    def ffi_only():
        status = status_type()
        lowered = [to_rust(b) for b in (b"\x01\x00\x00\x00\x24" + USER.encode(), CREDENTIAL.encode(), b"\x00")]
        answer = lib.uniffi_seam_core_fn_method_acscredentials_assign(
            native._uniffi_clone_handle(), *lowered, ctypes.byref(status))
        assert status.code == 0
        copied = ctypes.string_at(answer.data, answer.len)
        free(answer, ctypes.byref(status))
        return copied

    return {
        "package": lambda: seam.acs.credentials.assign(acs_user_id=USER, acs_credential_id=CREDENTIAL),
        "generated": lambda: native.assign(USER, CREDENTIAL),
        "ffi": ffi_only,
        "lower": lower,
        "lift": lambda: generated_lift(to_rust(data)),
        "to-rust": lambda: ffi._UniffiRustBuffer.free(to_rust(data)),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--op")
    p.add_argument("--calls", type=int, default=5000)
    args = p.parse_args()
    ops = operations(os.environ["SEAM_BENCH_URL"])
    if args.op:
        op = ops[args.op]
        for _ in range(args.calls):
            op()
        return
    for name, op in ops.items():
        n = args.calls if name in ("package", "generated", "ffi") else args.calls * 4
        for _ in range(n // 10):
            op()
        start = time.perf_counter()
        for _ in range(n):
            op()
        print(f"{name:16} {(time.perf_counter() - start) / n * 1e6:8.2f} µs")


if __name__ == "__main__":
    main()
