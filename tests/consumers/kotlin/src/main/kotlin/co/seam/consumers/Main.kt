// The docs' call from a Kotlin project that depends on co.seam:seam-core by coordinates: once
// blocking, once suspending, then every credential through the Sequence of listAll's pages.
// SEAM_API_KEY and SEAM_ENDPOINT come from the environment.

package co.seam.consumers

import co.seam.core.*
import kotlinx.coroutines.runBlocking

fun main() {
    // `use` is Kotlin's own, for an AutoCloseable; the namespaces are properties of the client.
    Seam().use { seam ->
        val credential = seam.acs.credentials.assign(
            acsUserId = "33333333-3333-3333-3333-333333333333",
            acsCredentialId = "66666666-6666-6666-6666-666666666666",
        )
        println("kotlin: assigned ${credential.acsCredentialId} (${credential.displayName}) to ${credential.acsUserId}")
        val all = seam.acs.credentials.listAll(limit = 2).asSequence().count()
        println("kotlin: listAll saw $all credentials")
    }
    runBlocking {
        AsyncSeam().use { seam ->
            val credential = seam.acs.credentials.assign(
                acsUserId = "33333333-3333-3333-3333-333333333333",
                acsCredentialId = "66666666-6666-6666-6666-666666666666",
            )
            println("kotlin suspend: assigned ${credential.acsCredentialId} to ${credential.acsUserId}")
        }
    }
}
