package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.NewAssaAbloyVostioMetadata
import co.seam.core.NewVisionlineMetadata
import co.seam.core.SeamException
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

private const val TRUNCATED = "66666666-6666-6666-6666-66666666"

/** One bad argument of one call, and the parameter the error must name. */
private class BadInput(val call: String, val parameter: String, val invoke: suspend (Calls) -> Any?)

/** A bad argument for every parameter the core checks, of every call. */
private val BAD_INPUTS = listOf(
    BadInput("assign", "acs_user_id") { it.assign(acsUserId = "", acsCredentialId = CREDENTIAL) },
    BadInput("assign", "acs_credential_id") { it.assign(acsUserId = USER, acsCredentialId = TRUNCATED) },
    BadInput("assign", "user_identity_id") { it.assign(null, CREDENTIAL, userIdentityId = "5555") },
    BadInput("assign", "acs_user_id") { it.assign(null, CREDENTIAL, userIdentityId = null) },
    BadInput("assign", "acs_user_id") { it.assign(USER, CREDENTIAL, userIdentityId = IDENTITY) },
    BadInput("unassign", "acs_user_id") { it.unassign(acsUserId = "   ", acsCredentialId = CREDENTIAL) },
    BadInput("unassign", "acs_credential_id") { it.unassign(acsUserId = USER, acsCredentialId = "{$CREDENTIAL}") },
    BadInput("unassign", "user_identity_id") { it.unassign(null, CREDENTIAL, userIdentityId = "urn:uuid:$IDENTITY") },
    BadInput("unassign", "acs_user_id") { it.unassign(null, CREDENTIAL, userIdentityId = null) },
    BadInput("create", "acs_user_id") { it.create(AccessMethod.Code) },
    BadInput("create", "acs_user_id") { it.create(AccessMethod.Code, acsUserId = "3333333g-3333-3333-3333-333333333333") },
    BadInput("create", "user_identity_id") { it.create(AccessMethod.Code, userIdentityId = "x", acsSystemId = SYSTEM) },
    BadInput("create", "acs_system_id") { it.create(AccessMethod.Code, userIdentityId = IDENTITY) },
    BadInput("create", "acs_system_id") { it.create(AccessMethod.Code, acsUserId = USER, acsSystemId = TRUNCATED) },
    BadInput("create", "allowed_acs_entrance_ids[1]") {
        it.create(AccessMethod.Code, acsUserId = USER, allowedAcsEntranceIds = listOf(LOBBY, "lobby"))
    },
    BadInput("create", "code") { it.create(AccessMethod.Code, acsUserId = USER, code = "12a4") },
    BadInput("create", "ends_at") {
        it.create(AccessMethod.Code, acsUserId = USER, startsAt = ts("2030-01-02T00:00:00Z"), endsAt = ts("2030-01-01T00:00:00Z"))
    },
    BadInput("create", "credential_manager_acs_system_id") {
        it.create(AccessMethod.MobileKey, acsUserId = USER, credentialManagerAcsSystemId = "")
    },
    BadInput("create", "visionline_metadata.joiner_acs_credential_ids[0]") {
        it.create(
            AccessMethod.Card, acsUserId = USER,
            visionlineMetadata = NewVisionlineMetadata(joinerAcsCredentialIds = listOf(TRUNCATED)),
        )
    },
    BadInput("create", "assa_abloy_vostio_metadata.override_guest_acs_entrance_ids[0]") {
        it.create(
            AccessMethod.Card, acsUserId = USER,
            assaAbloyVostioMetadata = NewAssaAbloyVostioMetadata(overrideGuestAcsEntranceIds = listOf("gym")),
        )
    },
    BadInput("get", "acs_credential_id") { it.get(TRUNCATED) },
    BadInput("list", "acs_user_id") { it.list(acsUserId = TRUNCATED) },
    BadInput("list", "acs_system_id") { it.list(acsSystemId = "11111111") },
    BadInput("list", "user_identity_id") { it.list(userIdentityId = "$IDENTITY\u0000") },
    BadInput("list", "search") { it.list(search = "") },
    BadInput("list", "limit") { it.list(limit = 0) },
    BadInput("list", "limit") { it.list(limit = -1) },
    BadInput("listAll", "acs_user_id") { it.listAll(acsUserId = TRUNCATED) },
    BadInput("listAll", "acs_system_id") { it.listAll(acsSystemId = "") },
    BadInput("listAll", "user_identity_id") { it.listAll(userIdentityId = "٣٣٣٣٣٣٣٣-٣٣٣٣-٣٣٣٣-٣٣٣٣-٣٣٣٣٣٣٣٣٣٣٣٣") },
    BadInput("listAll", "search") { it.listAll(search = "") },
    BadInput("listAll", "limit") { it.listAll(limit = 0) },
    BadInput("update", "acs_credential_id") { it.update(TRUNCATED, code = "1234") },
    BadInput("update", "code") { it.update(CREDENTIAL, code = "12 34") },
    BadInput("delete", "acs_credential_id") { it.delete("3".repeat(10240)) },
    BadInput("listAccessibleEntrances", "acs_credential_id") { it.listAccessibleEntrances(TRUNCATED) },
)

/**
 * Bad input of every call, with both clients: `InvalidInput` naming the parameter, and
 * nothing sent (the fake counts every request).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputTest {
    private val fake = FakeSeam()
    private val clients = bothClients(fake)

    @AfterAll
    fun stop() {
        clients.forEach { it.close() }
        fake.close()
    }

    @Test
    fun `every call of the API has bad-input cases`() {
        assertEquals(apiCalls(), BAD_INPUTS.map { it.call }.toSet())
    }

    @TestFactory
    fun `bad input names the parameter and sends nothing`(): List<DynamicTest> = clients.flatMap { calls ->
        BAD_INPUTS.map { case ->
            DynamicTest.dynamicTest("${calls.name} ${case.call}: bad ${case.parameter}") {
                fake.reset()
                val e = runBlocking { assertThrowsSuspend<SeamException.InvalidInput> { case.invoke(calls) } }
                assertEquals(case.parameter, e.parameter)
                assertTrue(e.reason.isNotBlank())
                assertTrue(e.message.contains(case.parameter), e.message)
                assertTrue(e.message.contains(e.reason), e.message)
                assertEquals(emptyMap<String, Int>(), fake.counts())
            }
        }
    }

    @Test
    fun `listAll checks its filters when called, before any page is read`() {
        fake.reset()
        fake.client().use { seam ->
            assertThrows<SeamException.InvalidInput> { seam.acs.credentials.listAll(limit = 0) }
            val pages = seam.acs.credentials.listAll(limit = 1)
            assertEquals(emptyMap<String, Int>(), fake.counts()) // nothing until the first page is read
            assertEquals(SEEDED.first(), notNull(pages.nextPage()).acsCredentials.single().acsCredentialId)
            assertEquals(2, fake.settledCount(LIST)) // the first page, and the second fetched ahead
        }
        fake.asyncClient().use { seam ->
            assertThrows<SeamException.InvalidInput> { seam.acs.credentials.listAll(search = "") }
            seam.acs.credentials.listAll(limit = 1)
            assertEquals(2, fake.settledCount(LIST))
        }
    }
}
