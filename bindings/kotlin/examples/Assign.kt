// The docs' example: assign a credential to an ACS user, with the blocking client.
//
//   SEAM_API_KEY=… [SEAM_ENDPOINT=https://…] java -cp 'seam-core-VERSION.jar:lib/*:<these classes>' co.seam.examples.AssignKt
//
// scripts/test-kotlin and ExampleTest run it against a local fake-seam.

package co.seam.examples

import co.seam.core.Seam
import co.seam.core.SeamException
import kotlin.system.exitProcess

fun main() {
    try {
        // No arguments: the API key (or personal access token and workspace) and the endpoint
        // come from SEAM_API_KEY, SEAM_PERSONAL_ACCESS_TOKEN, SEAM_WORKSPACE_ID and SEAM_ENDPOINT.
        Seam().use { seam ->
            val credential = seam.acs.credentials.assign(
                acsUserId = "33333333-3333-3333-3333-333333333333",
                acsCredentialId = "66666666-6666-6666-6666-666666666666",
            )
            println("assigned ${credential.acsCredentialId} (${credential.displayName}) to ${credential.acsUserId}")
            println("access method: ${credential.accessMethod}, created at ${credential.createdAt}")
        }
    } catch (e: SeamException) {
        // e.message is one sentence, with the request id when the server sent one.
        System.err.println("error: ${e.message}")
        exitProcess(1)
    }
}
