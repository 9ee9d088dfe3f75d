// The README's first sample, whole: the docs' call with the blocking client. The endpoint comes
// from SEAM_ENDPOINT (ExampleTest points it at fake-seam), else https://connect.getseam.com.

package co.seam.examples

import co.seam.core.Seam

fun main() {
    Seam(apiKey = "seam_apikey1_token").use { seam ->
        val credential = seam.acs.credentials.assign(
            acsUserId = "33333333-3333-3333-3333-333333333333",
            acsCredentialId = "66666666-6666-6666-6666-666666666666",
        )
        println("${credential.displayName} now belongs to ${credential.acsUserId}")
    }
}
