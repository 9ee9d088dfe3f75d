"""An experiment, not a fix: how much of the Python binding's per-call cost is the generated
UniFFI code's buffer handling, measured by patching it in place (scripts/bench does not use
this; BENCHMARKS.md quotes its output).

    SEAM_BENCH_URL=… .venv/bench-python/bin/python tests/bench/python/fastpath.py

Patches, applied one after the other:
  1. reading: the returned RustBuffer is copied to `bytes` once and read with
     `struct.unpack_from`, instead of slicing the ctypes pointer for every field;
  2. writing: a string argument is lowered with one FFI call (`rustbuffer_from_bytes`)
     instead of `rustbuffer_alloc` + `rustbuffer_reserve` + a ctypes copy.
"""

import ctypes
import os
import struct
import time

import seam_core
from seam_core._ffi import seam_core as ffi

U = "33333333-3333-3333-3333-333333333333"
C = "66666666-6666-6666-6666-666666666666"


def bench(label, fn, n):
    for _ in range(min(n // 10, 500)):
        fn()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    us = (time.perf_counter() - t0) / n * 1e6
    print(f"  {label:58} {us:8.2f} µs")
    return us


def measure(title, seam, native, buf):
    print(title)
    read = ffi._UniffiFfiConverterTypeAcsCredential.read
    stream = ffi._UniffiRustBufferStream.from_rust_buffer
    return {
        "lift": bench("lift one AcsCredential (284-byte buffer)", lambda: read(stream(buf)), 20000),
        "lower": bench("lower the two id strings", lambda: (ffi._UniffiFfiConverterString.lower(U), ffi._UniffiFfiConverterString.lower(C)), 20000),
        "ffi": bench("one trivial FFI call (clone the client handle)", native._uniffi_clone_handle, 20000),
        "assign": bench("seam.acs.credentials.assign (whole call)", lambda: seam.acs.credentials.assign(acs_user_id=U, acs_credential_id=C), 4000),
    }


class BytesStream:
    """_UniffiRustBufferStream over one bytes copy of the buffer."""

    def __init__(self, data, length):
        self.data = ctypes.string_at(data, length)
        self.len = length
        self.offset = 0

    @classmethod
    def from_rust_buffer(cls, buf):
        return cls(buf.data, buf.len)

    def remaining(self):
        return self.len - self.offset

    def _unpack_from(self, size, format):
        if self.offset + size > self.len:
            raise ffi.InternalError("read past end of rust buffer")
        value = struct.unpack_from(format, self.data, self.offset)[0]
        self.offset += size
        return value

    def read(self, size):
        if self.offset + size > self.len:
            raise ffi.InternalError("read past end of rust buffer")
        data = self.data[self.offset:self.offset + size]
        self.offset += size
        return data


for name in dir(ffi._UniffiRustBufferStream):
    if name.startswith("read_") and not hasattr(BytesStream, name):
        setattr(BytesStream, name, getattr(ffi._UniffiRustBufferStream, name))


def lower_string(value):
    data = value.encode("utf-8")
    foreign = ffi._UniffiForeignBytes(len(data), ctypes.cast(ctypes.c_char_p(data), ctypes.POINTER(ctypes.c_char)))
    return ffi._uniffi_rust_call(ffi._UniffiLib.ffi_seam_core_rustbuffer_from_bytes, foreign)


def main():
    seam = seam_core.Seam(api_key="seam_apikey1_token", endpoint=os.environ["SEAM_BENCH_URL"])
    native = seam._native
    credential = native.acs_credentials_assign(U, C)
    buf = ffi._UniffiFfiConverterTypeAcsCredential.lower(credential)
    before = measure("generated code as is:", seam, native, buf)
    ffi._UniffiRustBufferStream = BytesStream
    read_patch = measure("1. reads from one bytes copy (struct.unpack_from):", seam, native, buf)
    ffi._UniffiFfiConverterString.lower = staticmethod(lower_string)
    both = measure("1 + 2. strings lowered with one FFI call each:", seam, native, buf)
    assert seam.acs.credentials.assign(acs_user_id=U, acs_credential_id=C) == credential
    print(f"whole call: {before['assign']:.1f} -> {read_patch['assign']:.1f} -> {both['assign']:.1f} µs")


if __name__ == "__main__":
    main()
