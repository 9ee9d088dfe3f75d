// An experiment of scripts/bench, not an API (the `status` variant of BenchAssign.kt): the generated
// assign's own FFI calls, each through the generated declarations (UniffiLib, the converters), but
// with one UniffiRustCallStatus for all of them instead of a new one per FFI call, which is what
// UniFFI's generated Kotlin does (uniffiRustCall: `UniffiRustCallStatus()`, a JNA Structure, so a
// JNA Memory registered in JNA's global map and with its cleaner). The difference with the
// `hoisted` variant prices that allocation; BENCHMARKS.md quotes it. It lives in the package's
// module only to reach the generated `internal` declarations (UniFFI's object is `NativeAcsCredentials`,
// inside the public facade).

package co.seam.bench

import co.seam.core.AcsCredential
import co.seam.core.FfiConverterOptionalString
import co.seam.core.FfiConverterTypeAcsCredential
import co.seam.core.RustBuffer
import co.seam.core.NativeAcsCredentials
import co.seam.core.UniffiLib
import co.seam.core.UniffiRustCallStatus

internal class StatusReuse(private val credentials: NativeAcsCredentials) {
    private val status = UniffiRustCallStatus()

    private fun <T> checked(value: T): T {
        check(status.code == 0.toByte()) { "FFI call failed with status ${status.code}" }
        return value
    }

    private fun alloc(size: Int): RustBuffer.ByValue =
        checked(UniffiLib.ffi_seam_core_rustbuffer_alloc(size.toLong(), status))

    private fun optional(value: String?): RustBuffer.ByValue {
        val buffer = alloc(FfiConverterOptionalString.allocationSize(value).toInt())
        val bytes = buffer.asByteBuffer()!!
        FfiConverterOptionalString.write(value, bytes)
        buffer.len = bytes.position().toLong()
        return buffer
    }

    private fun string(value: String): RustBuffer.ByValue {
        val utf8 = value.toByteArray(Charsets.UTF_8)
        val buffer = alloc(utf8.size)
        buffer.asByteBuffer()!!.put(utf8)
        return buffer
    }

    fun assign(acsUserId: String?, acsCredentialId: String): AcsCredential {
        val result = checked(
            UniffiLib.uniffi_seam_core_fn_method_acscredentials_assign(
                credentials.uniffiCloneHandle(), optional(acsUserId), string(acsCredentialId), optional(null), status,
            ),
        )
        try {
            return FfiConverterTypeAcsCredential.read(result.asByteBuffer()!!)
        } finally {
            checked(UniffiLib.ffi_seam_core_rustbuffer_free(result, status))
        }
    }
}
