package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.AcsCredential
import java.time.Instant

// fake-seam's seed (tests/fake-seam/src/seed.json) and tokens.
const val API_KEY = "seam_apikey1_token"
const val PAT = "seam_at1_token"
const val CLIENT_SESSION_TOKEN = "seam_cst1_token"
const val WORKSPACE = "00000000-0000-0000-0000-000000000000"
const val SYSTEM = "11111111-1111-1111-1111-111111111111"
const val ANNEX = "12121212-1212-1212-1212-121212121212"
const val CONNECTED_ACCOUNT = "22222222-2222-2222-2222-222222222222"
const val USER = "33333333-3333-3333-3333-333333333333"
const val OTHER_USER = "44444444-4444-4444-4444-444444444444"
const val IDENTITY = "55555555-5555-5555-5555-555555555555"
const val LOBBY = "aaaaaaaa-0000-0000-0000-000000000001"
const val ROOM_101 = "aaaaaaaa-0000-0000-0000-000000000002"
const val GYM = "aaaaaaaa-0000-0000-0000-000000000003"
const val CREDENTIAL = "66666666-6666-6666-6666-666666666666"
const val FUTURE = "77777777-7777-7777-7777-777777777777"
const val PIN = "88888888-8888-8888-8888-888888888888"
const val VISIONLINE = "99999999-9999-9999-9999-999999999999"
const val VOSTIO = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
const val WARNINGS_PIN = "b1b1b1b1-b1b1-b1b1-b1b1-b1b1b1b1b1b1"
const val CLOUD_KEY = "c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1"
const val AKILES = "a1a1a1a1-a1a1-a1a1-a1a1-a1a1a1a1a1a1"
const val ODD_VALUES = "d1d1d1d1-d1d1-d1d1-d1d1-d1d1d1d1d1d1"
const val ENCODER = "ecececec-ecec-ecec-ecec-ecececececec"
const val MISSING = "12345678-1234-1234-1234-123456789012"

const val ASSIGN = "/acs/credentials/assign"
const val UNASSIGN = "/acs/credentials/unassign"
const val CREATE = "/acs/credentials/create"
const val GET = "/acs/credentials/get"
const val LIST = "/acs/credentials/list"
const val UPDATE = "/acs/credentials/update"
const val DELETE = "/acs/credentials/delete"
const val LIST_ACCESSIBLE_ENTRANCES = "/acs/credentials/list_accessible_entrances"

/** Every seeded credential, newest first (the order list answers in). */
val SEEDED = listOf(ODD_VALUES, AKILES, CLOUD_KEY, WARNINGS_PIN, FUTURE, VOSTIO, VISIONLINE, PIN, CREDENTIAL)

fun ts(text: String): Instant = Instant.parse(text)

/** The docs' credential after it is assigned to the docs' user: every field. */
val DOCS_CREDENTIAL = AcsCredential(
    acsCredentialId = CREDENTIAL,
    acsUserId = USER,
    displayName = "Multi Phone Sync Credential",
    code = null,
    cardNumber = null,
    acsSystemId = SYSTEM,
    accessMethod = AccessMethod.MobileKey,
    externalType = null,
    externalTypeDisplayName = null,
    workspaceId = WORKSPACE,
    connectedAccountId = CONNECTED_ACCOUNT,
    parentAcsCredentialId = null,
    acsCredentialPoolId = null,
    userIdentityId = IDENTITY,
    createdAt = ts("2024-04-12T03:56:22.396Z"),
    startsAt = null,
    endsAt = null,
    isMultiPhoneSyncCredential = true,
    isManaged = true,
    isIssued = null,
    issuedAt = null,
    isOneTimeUse = null,
    isLatestDesiredStateSyncedWithProvider = null,
    latestDesiredStateSyncedWithProviderAt = null,
    visionlineMetadata = null,
    assaAbloyVostioMetadata = null,
    akilesMetadata = null,
    otherMetadata = emptyMap(),
    errors = emptyList(),
    warnings = emptyList(),
    unknownFields = emptyMap(),
)

/** [value], or a failure saying what was missing. */
fun <T : Any> notNull(value: T?, what: String = "value"): T =
    value ?: org.junit.jupiter.api.Assertions.fail("$what is null")

/** The [T] that [block] throws (suspending version of JUnit's assertThrows). */
suspend inline fun <reified T : Throwable> assertThrowsSuspend(block: suspend () -> Any?): T {
    val result = try {
        block()
    } catch (e: Throwable) {
        if (e is T) return e
        throw AssertionError("expected ${T::class.simpleName}, got $e", e)
    }
    throw AssertionError("expected ${T::class.simpleName}, got the result $result")
}
