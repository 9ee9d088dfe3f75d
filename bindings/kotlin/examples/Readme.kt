// Samples of bindings/kotlin/README.md (with DocsCall.kt and DocsCallSuspending.kt), compiled
// with the tests. ExampleTest checks that each Kotlin block of the README is in examples/ line
// for line, and runs main() in a child JVM against fake-seam (SEAM_ENDPOINT and SEAM_API_KEY
// set: the samples name no endpoint).

package co.seam.examples

import co.seam.core.AccessMethod
import co.seam.core.AcsCredential
import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.SeamWebhook
import co.seam.core.WebhookException
import co.seam.core.asFlow
import co.seam.core.apiValue
import co.seam.core.asSequence
import co.seam.core.fromApiValue
import co.seam.core.fromJson
import co.seam.core.toJson
import kotlinx.coroutines.flow.toList
import java.time.Duration
import java.time.Instant

fun lifecycle(seam: Seam): List<String> {
    val credentials = seam.acs.credentials          // keep it for many calls
    val pin = credentials.create(
        accessMethod = AccessMethod.Code,
        acsUserId = "33333333-3333-3333-3333-333333333333",
        code = "1357",
        endsAt = Instant.parse("2030-01-31T18:00:00Z"),
    )
    credentials.assign(acsUserId = "44444444-4444-4444-4444-444444444444", acsCredentialId = pin.acsCredentialId)
    credentials.update(pin.acsCredentialId, code = "2468")
    val page = credentials.list(acsUserId = "44444444-4444-4444-4444-444444444444", limit = 10)
    val doors = credentials.listAccessibleEntrances(pin.acsCredentialId).map { it.displayName }
    credentials.unassign(acsUserId = "44444444-4444-4444-4444-444444444444", acsCredentialId = pin.acsCredentialId)
    credentials.delete(pin.acsCredentialId)
    return page.acsCredentials.map { it.acsCredentialId } + doors
}

fun pinNames(seam: Seam): List<String> =
    seam.acs.credentials.listAll(acsSystemId = "11111111-1111-1111-1111-111111111111", limit = 100)
        .asSequence()                               // each page fetched when needed
        .filter { it.accessMethod == AccessMethod.Code }
        .map { it.displayName }
        .toList()

suspend fun everyCredential(seam: AsyncSeam): List<AcsCredential> =
    seam.acs.credentials.listAll(limit = 100).asFlow().toList()

fun modelAndJson(seam: Seam): String {
    val credential = seam.acs.credentials.get("66666666-6666-6666-6666-666666666666")
    println(credential)                             // AcsCredential(acsCredentialId=66666666-…, …)
    val json = credential.toJson()                  // {"acs_credential_id":"66666666-…", …}
    check(AcsCredential.fromJson(json) == credential)
    check(AccessMethod.fromApiValue(credential.accessMethod.apiValue) == AccessMethod.MobileKey)
    return json
}

fun mobileApp(tokenFromYourBackend: String): List<AcsCredential> {
    // The app holds no API key: its backend made this client session token for one user.
    Seam(clientSessionToken = tokenFromYourBackend).use { seam ->
        return seam.acs.credentials.list().acsCredentials   // that user's credentials only
    }
}

fun configured(): List<Seam> = listOf(
    Seam(apiKey = "seam_apikey1_token"),
    Seam(personalAccessToken = "seam_at1_token", workspaceId = "00000000-0000-0000-0000-000000000000"),
    Seam(apiKey = "seam_apikey1_token", endpoint = System.getenv("SEAM_ENDPOINT"),
         timeout = Duration.ofSeconds(10), maxRetries = 0),
)

fun assignOrExplain(seam: Seam, userId: String, credentialId: String): String? =
    try {
        seam.acs.credentials.assign(acsUserId = userId, acsCredentialId = credentialId).displayName
    } catch (e: SeamException.InvalidInput) {
        "bad ${e.parameter}: ${e.reason}"           // nothing was sent
    } catch (e: SeamException.Api) {
        if (e.code == "acs_user_not_found") "no such user (request ${e.requestId})" else throw e
    } catch (e: SeamException) {
        e.message                                   // one sentence, never a secret
    }

/** Your endpoint's handler: the body exactly as received, the request's headers, the status to answer. */
fun onDelivery(secret: String, body: ByteArray, headers: Map<String, String>): Int =
    try {
        val event = SeamWebhook(secret).use { it.verify(body, headers) }
        println("${event.eventType} about ${event.acsUserId ?: event.acsCredentialId}")
        204
    } catch (e: WebhookException.NotGenuine) {
        400                                         // forged, altered or stale: Seam retries genuine ones
    } catch (e: WebhookException.NotAnEvent) {
        204                                         // genuine, but will never be an event: acknowledge it
    }

/** Runs every sample and prints one line per result, for ReadmeTest. */
suspend fun main() {
    Seam().use { seam ->
        println("lifecycle ${lifecycle(seam)}")
        println("pinNames ${pinNames(seam)}")
        println("truncated ${assignOrExplain(seam, "33333333-3333-3333-3333-333333333333", "66666666-6666-6666-6666-66666666")}")
        println("missing ${assignOrExplain(seam, "12345678-1234-1234-1234-123456789012", "66666666-6666-6666-6666-666666666666")}")
        println("json ${AcsCredential.fromJson(modelAndJson(seam)).acsCredentialId}")
    }
    AsyncSeam().use { seam -> println("everyCredential ${everyCredential(seam).size}") }
    println("mobileApp ${mobileApp("seam_cst1_token").map { it.acsCredentialId }}")
    // A delivery without its svix-* headers: refused, and nothing is read.
    println("webhook ${onDelivery("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "{}".toByteArray(), emptyMap())}")
    println("configured ${configured().map { it.use { seam -> seam.acs.credentials.get("66666666-6666-6666-6666-666666666666").displayName } }}")
}
