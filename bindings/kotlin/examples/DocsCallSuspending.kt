// The README's suspend sample, whole: the docs' call with the non-blocking client. The call
// suspends; no thread of the caller waits for the answer.

package co.seam.examples

import co.seam.core.AsyncSeam

suspend fun main() {
    AsyncSeam(apiKey = "seam_apikey1_token").use { seam ->
        val credential = seam.acs.credentials.assign(
            acsUserId = "33333333-3333-3333-3333-333333333333",
            acsCredentialId = "66666666-6666-6666-6666-666666666666",
        )
        println("${credential.displayName} now belongs to ${credential.acsUserId}")
    }
}
