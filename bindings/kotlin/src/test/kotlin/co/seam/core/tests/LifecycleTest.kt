package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.SeamException
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

/**
 * A credential's whole life through every call, once with the blocking client (pages as a
 * Sequence) and once with the suspending one (pages as a Flow), against one fake-seam.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleTest {
    private val fake = FakeSeam()
    private val clients = bothClients(fake).associateBy { it.name }

    @AfterAll
    fun stop() {
        clients.values.forEach { it.close() }
        fake.close()
    }

    @BeforeEach
    fun reset() = fake.reset()

    @ParameterizedTest(name = "the lifecycle of a credential ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun lifecycle(kind: String) = runBlocking {
        val calls = clients.getValue(kind)
        val startsAt = ts("2030-01-01T09:00:00Z")
        val endsAt = ts("2030-01-31T18:00:00Z")

        // create, for John, opening the Lobby
        val created = calls.create(
            accessMethod = AccessMethod.Code,
            acsUserId = OTHER_USER,
            allowedAcsEntranceIds = listOf(LOBBY),
            code = "1357",
            startsAt = startsAt,
            endsAt = endsAt,
        )
        val id = created.acsCredentialId
        assertEquals(AccessMethod.Code, created.accessMethod)
        assertEquals(OTHER_USER, created.acsUserId)
        assertEquals(SYSTEM, created.acsSystemId)
        assertEquals(WORKSPACE, created.workspaceId)
        assertEquals("1357", created.code)
        assertEquals(startsAt, created.startsAt)
        assertEquals(endsAt, created.endsAt)
        assertEquals(false, created.isMultiPhoneSyncCredential)
        assertTrue(created.isManaged)

        // assign by user, unassign, assign by user identity
        val byUser = calls.assign(acsUserId = USER, acsCredentialId = id)
        assertEquals(USER, byUser.acsUserId)
        assertEquals(IDENTITY, byUser.userIdentityId)
        val taken = calls.unassign(acsUserId = USER, acsCredentialId = id)
        assertNull(taken.acsUserId)
        assertNull(taken.userIdentityId)
        val byIdentity = calls.assign(acsUserId = null, acsCredentialId = id, userIdentityId = IDENTITY)
        assertEquals(USER, byIdentity.acsUserId)
        assertEquals(IDENTITY, byIdentity.userIdentityId)

        // get: what assign returned
        assertEquals(byIdentity, calls.get(id))

        // list with each filter
        val everything = calls.list().acsCredentials.map { it.acsCredentialId }
        assertEquals(listOf(id) + SEEDED, everything)
        val janes = calls.list(acsUserId = USER).acsCredentials
        assertTrue(janes.all { it.acsUserId == USER }, janes.toString())
        assertTrue(janes.any { it.acsCredentialId == id }, janes.toString())
        assertEquals(
            janes.map { it.acsCredentialId }.toSet() + AKILES,
            calls.list(userIdentityId = IDENTITY).acsCredentials.map { it.acsCredentialId }.toSet(),
        )
        assertEquals(listOf(id), calls.list(search = "1357").acsCredentials.map { it.acsCredentialId })
        assertEquals(emptyList<String>(), calls.list(acsSystemId = ANNEX).acsCredentials.map { it.acsCredentialId })
        assertEquals(
            listOf(CREDENTIAL),
            calls.list(isMultiPhoneSyncCredential = true).acsCredentials.map { it.acsCredentialId },
        )
        val before = calls.list(createdBefore = created.createdAt).acsCredentials.map { it.acsCredentialId }
        assertEquals(SEEDED, before) // strictly before: not the new one

        // list, one credential per page, walked to the end: every credential exactly once, in order
        val firstPage = calls.list(limit = 1)
        assertEquals(1, firstPage.acsCredentials.size)
        assertTrue(firstPage.pagination.hasNextPage)
        val secondPage = calls.list(limit = 1, pageCursor = notNull(firstPage.pagination.nextPageCursor))
        assertEquals(everything.take(2), (firstPage.acsCredentials + secondPage.acsCredentials).map { it.acsCredentialId })
        val listsBefore = fake.counts().getValue("GET $LIST")
        assertEquals(everything, calls.listAll(limit = 1).map { it.acsCredentialId })
        val pagesFetched = fake.counts().getValue("GET $LIST") - listsBefore
        assertTrue(pagesFetched in everything.size..everything.size + 1, "$pagesFetched pages for ${everything.size}")
        assertEquals(listOf(id), calls.listAll(search = "1357", limit = 1).map { it.acsCredentialId })

        // update
        val newEnd = ts("2030-02-28T18:00:00Z")
        val updated = calls.update(id, code = "2468", endsAt = newEnd)
        assertEquals("2468", updated.code)
        assertEquals(newEnd, updated.endsAt)
        assertEquals(updated, calls.get(id))

        // the entrances it opens
        assertEquals(listOf(LOBBY), calls.listAccessibleEntrances(id).map { it.acsEntranceId })

        // unassign by identity, delete, and it is gone
        assertNull(calls.unassign(acsUserId = null, acsCredentialId = id, userIdentityId = IDENTITY).acsUserId)
        calls.delete(id)
        val gone = assertThrowsSuspend<SeamException.Api> { calls.get(id) }
        assertEquals(404, gone.statusCode.toInt())
        assertEquals("acs_credential_not_found", gone.code)
        assertEquals(SEEDED, calls.list().acsCredentials.map { it.acsCredentialId })

        // each call went out with the API's method
        assertEquals(
            setOf(
                "POST $CREATE", "PATCH $ASSIGN", "PATCH $UNASSIGN", "GET $GET", "GET $LIST", "PATCH $UPDATE",
                "GET $LIST_ACCESSIBLE_ENTRANCES", "DELETE $DELETE",
            ),
            fake.counts().keys,
        )
    }

    @ParameterizedTest(name = "a repeated cursor ends the walk instead of looping ({0} client)")
    @ValueSource(strings = ["blocking", "suspend"])
    fun repeatedCursor(kind: String) = runBlocking {
        for (cursor in listOf("a", "b", "a")) {
            val pagination = mapOf("has_next_page" to true, "next_page_cursor" to cursor, "next_page_url" to null)
            val body = mapOf("acs_credentials" to emptyList<Any>(), "pagination" to pagination, "ok" to true)
            fake.fault(mapOf("route" to LIST, "status" to 200, "body" to json.writeValueAsString(body)))
        }
        val e = assertThrowsSuspend<SeamException.InvalidResponse> { clients.getValue(kind).listAll() }
        assertTrue(e.reason.contains("\"a\" a second time"), e.reason)
        assertEquals(3, fake.count(LIST))
    }
}
