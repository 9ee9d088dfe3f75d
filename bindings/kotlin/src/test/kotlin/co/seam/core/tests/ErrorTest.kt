package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.SeamException
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance

/** One valid call of each endpoint, by the route it sends to. */
private class Call(val name: String, val route: String, val invoke: suspend (Calls) -> Any?)

private val EVERY_CALL = listOf(
    Call("assign", ASSIGN) { it.assign(acsUserId = USER, acsCredentialId = CREDENTIAL) },
    Call("unassign", UNASSIGN) { it.unassign(acsUserId = USER, acsCredentialId = PIN) },
    Call("create", CREATE) { it.create(AccessMethod.Code, acsUserId = USER, code = "2468") },
    Call("get", GET) { it.get(CREDENTIAL) },
    Call("list", LIST) { it.list(acsUserId = USER) },
    Call("listAll", LIST) { it.listAll(acsUserId = USER) },
    Call("update", UPDATE) { it.update(PIN, code = "2468") },
    Call("delete", DELETE) { it.delete(PIN) },
    Call("listAccessibleEntrances", LIST_ACCESSIBLE_ENTRANCES) { it.listAccessibleEntrances(CREDENTIAL) },
)

/** The server's own refusal of each call: the status and error type it answers with. */
private class Refusal(val name: String, val status: Int, val code: String, val invoke: suspend (Calls) -> Any?)

private val REFUSALS = listOf(
    Refusal("assign", 404, "acs_user_not_found") { it.assign(acsUserId = MISSING, acsCredentialId = CREDENTIAL) },
    Refusal("assign", 404, "acs_credential_not_found") { it.assign(acsUserId = USER, acsCredentialId = MISSING) },
    Refusal("assign", 404, "user_identity_not_found") { it.assign(null, CREDENTIAL, userIdentityId = MISSING) },
    Refusal("unassign", 404, "acs_user_not_found") { it.unassign(acsUserId = MISSING, acsCredentialId = PIN) },
    Refusal("create", 404, "acs_system_not_found") { it.create(AccessMethod.Code, acsUserId = USER, acsSystemId = MISSING) },
    Refusal("create", 404, "acs_entrance_not_found") {
        it.create(AccessMethod.Code, acsUserId = USER, allowedAcsEntranceIds = listOf(MISSING))
    },
    Refusal("get", 404, "acs_credential_not_found") { it.get(MISSING) },
    Refusal("list", 400, "invalid_input") { it.list(pageCursor = "not-a-cursor-the-server-issued") },
    Refusal("update", 404, "acs_credential_not_found") { it.update(MISSING, code = "1234") },
    Refusal("delete", 404, "acs_credential_not_found") { it.delete(MISSING) },
    Refusal("listAccessibleEntrances", 404, "acs_credential_not_found") { it.listAccessibleEntrances(MISSING) },
)

private val INVALID_INPUT_BODY = json.writeValueAsString(
    mapOf(
        "ok" to false,
        "error" to mapOf(
            "type" to "invalid_input",
            "message" to "Required for \"x\"",
            "validation_errors" to mapOf("_errors" to emptyList<String>(), "x" to mapOf("_errors" to listOf("Required"))),
        ),
    ),
)

/** What every SeamException's text must be: its own fields in one sentence, no field dump. */
fun assertOneSentence(e: SeamException, vararg fields: String?) {
    val message = notNull(e.message, "message")
    assertEquals(message, e.toString())
    assertEquals(message, e.localizedMessage)
    assertFalse(Regex("(reason|parameter|requestId|statusCode|code)=").containsMatchIn(message), "field dump: $message")
    for (field in fields.filterNotNull()) assertTrue(message.contains(field), "\"$field\" not in: $message")
    for (secret in listOf(API_KEY, PAT, CLIENT_SESSION_TOKEN)) assertFalse(message.contains(secret), message)
}

/**
 * The errors of every call, with both clients: an error answer queued on the call's route, and
 * the server's own refusal of each call. Each is `SeamException.Api` with the answer's status,
 * type, validation messages and request id, and one request went out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorTest {
    private val fake = FakeSeam()
    private val clients = bothClients(fake)

    @AfterAll
    fun stop() {
        clients.forEach { it.close() }
        fake.close()
    }

    @Test
    fun `every call of the API is here`() {
        assertEquals(apiCalls(), EVERY_CALL.map { it.name }.toSet())
        assertEquals(apiCalls() - "listAll", REFUSALS.map { it.name }.toSet())
    }

    @TestFactory
    fun `an error answer to every call`(): List<DynamicTest> = clients.flatMap { calls ->
        EVERY_CALL.map { call ->
            DynamicTest.dynamicTest("${calls.name} ${call.name}: HTTP 400 invalid_input") {
                fake.reset()
                fake.fault(mapOf("route" to call.route, "status" to 400, "body" to INVALID_INPUT_BODY))
                val e = runBlocking { assertThrowsSuspend<SeamException.Api> { call.invoke(calls) } }
                assertEquals(400, e.statusCode.toInt())
                assertEquals("invalid_input", e.code)
                assertEquals("Required for \"x\"", e.reason)
                assertEquals(mapOf("x" to listOf("Required")), e.validationErrors)
                val requestId = notNull(e.requestId, "request id")
                assertOneSentence(e, e.code, e.reason, requestId, "400")
                assertEquals(1, fake.total())
            }
        }
    }

    @TestFactory
    fun `the server's refusal of every call`(): List<DynamicTest> = clients.flatMap { calls ->
        REFUSALS.map { refusal ->
            DynamicTest.dynamicTest("${calls.name} ${refusal.name}: ${refusal.code}") {
                fake.reset()
                val e = runBlocking { assertThrowsSuspend<SeamException.Api> { refusal.invoke(calls) } }
                assertEquals(refusal.status, e.statusCode.toInt())
                assertEquals(refusal.code, e.code)
                assertNotNull(e.requestId)
                assertOneSentence(e, e.code, e.reason, e.requestId)
                if (refusal.code == "invalid_input") assertEquals(setOf("page_cursor"), e.validationErrors.keys)
                assertEquals(1, fake.total())
            }
        }
    }

    @TestFactory
    fun `a page that fails ends the walk with its error`(): List<DynamicTest> = clients.map { calls ->
        DynamicTest.dynamicTest("${calls.name} listAll: the second page answers 400") {
            fake.reset()
            fake.fault(
                mapOf("route" to LIST, "count" to 1, "delay_ms" to 0), // the first page: the real answer
                mapOf("route" to LIST, "status" to 400, "body" to INVALID_INPUT_BODY),
            )
            val e = runBlocking { assertThrowsSuspend<SeamException.Api> { calls.listAll(limit = 2) } }
            assertEquals("invalid_input", e.code)
            assertEquals(2, fake.count(LIST))
        }
    }
}
