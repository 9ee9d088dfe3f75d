package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.AcsCredential
import co.seam.core.AcsCredentials
import co.seam.core.AcsCredentialsPage
import co.seam.core.AcsEntrance
import co.seam.core.AsyncAcsCredentials
import co.seam.core.NewAssaAbloyVostioMetadata
import co.seam.core.NewSaltoSpaceMetadata
import co.seam.core.NewVisionlineMetadata
import co.seam.core.asFlow
import co.seam.core.asSequence
import kotlinx.coroutines.flow.toList
import java.time.Instant

/**
 * The credential calls as one suspending interface over either client, so that the tests of
 * one shape (lifecycle, bad input, errors, forbidden) are written once and run against both
 * `Seam` (blocking, Sequence) and `AsyncSeam` (suspend, Flow). Each member forwards to the
 * generated method of the same name.
 */
interface Calls : AutoCloseable {
    val name: String

    suspend fun assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String? = null): AcsCredential
    suspend fun unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String? = null): AcsCredential
    suspend fun create(
        accessMethod: AccessMethod,
        acsUserId: String? = null,
        userIdentityId: String? = null,
        acsSystemId: String? = null,
        allowedAcsEntranceIds: List<String> = emptyList(),
        code: String? = null,
        startsAt: Instant? = null,
        endsAt: Instant? = null,
        isMultiPhoneSyncCredential: Boolean? = null,
        credentialManagerAcsSystemId: String? = null,
        visionlineMetadata: NewVisionlineMetadata? = null,
        assaAbloyVostioMetadata: NewAssaAbloyVostioMetadata? = null,
        saltoSpaceMetadata: NewSaltoSpaceMetadata? = null,
    ): AcsCredential
    suspend fun get(acsCredentialId: String): AcsCredential
    suspend fun list(
        acsUserId: String? = null,
        acsSystemId: String? = null,
        userIdentityId: String? = null,
        isMultiPhoneSyncCredential: Boolean? = null,
        createdBefore: Instant? = null,
        search: String? = null,
        limit: Int? = null,
        pageCursor: String? = null,
    ): AcsCredentialsPage

    /** `listAll` with these filters (checked at once), then every credential of every page. */
    suspend fun listAll(
        acsUserId: String? = null,
        acsSystemId: String? = null,
        userIdentityId: String? = null,
        isMultiPhoneSyncCredential: Boolean? = null,
        createdBefore: Instant? = null,
        search: String? = null,
        limit: Int? = null,
    ): List<AcsCredential>
    suspend fun update(acsCredentialId: String, code: String? = null, endsAt: Instant? = null): AcsCredential
    suspend fun delete(acsCredentialId: String)
    suspend fun listAccessibleEntrances(acsCredentialId: String): List<AcsEntrance>
}

/** The blocking client: `seam.acs.credentials`, pages walked as a Sequence. */
class BlockingCalls(private val seam: co.seam.core.Seam) : Calls {
    override val name = "blocking"
    private val c: AcsCredentials get() = seam.acs.credentials

    override suspend fun assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) =
        c.assign(acsUserId, acsCredentialId, userIdentityId)
    override suspend fun unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) =
        c.unassign(acsUserId, acsCredentialId, userIdentityId)
    override suspend fun create(
        accessMethod: AccessMethod, acsUserId: String?, userIdentityId: String?, acsSystemId: String?,
        allowedAcsEntranceIds: List<String>, code: String?, startsAt: Instant?, endsAt: Instant?,
        isMultiPhoneSyncCredential: Boolean?, credentialManagerAcsSystemId: String?,
        visionlineMetadata: NewVisionlineMetadata?, assaAbloyVostioMetadata: NewAssaAbloyVostioMetadata?,
        saltoSpaceMetadata: NewSaltoSpaceMetadata?,
    ) = c.create(
        accessMethod, acsUserId, userIdentityId, acsSystemId, allowedAcsEntranceIds, code, startsAt, endsAt,
        isMultiPhoneSyncCredential, credentialManagerAcsSystemId, visionlineMetadata, assaAbloyVostioMetadata,
        saltoSpaceMetadata,
    )
    override suspend fun get(acsCredentialId: String) = c.get(acsCredentialId)
    override suspend fun list(
        acsUserId: String?, acsSystemId: String?, userIdentityId: String?, isMultiPhoneSyncCredential: Boolean?,
        createdBefore: Instant?, search: String?, limit: Int?, pageCursor: String?,
    ) = c.list(acsUserId, acsSystemId, userIdentityId, isMultiPhoneSyncCredential, createdBefore, search, limit, pageCursor)
    override suspend fun listAll(
        acsUserId: String?, acsSystemId: String?, userIdentityId: String?, isMultiPhoneSyncCredential: Boolean?,
        createdBefore: Instant?, search: String?, limit: Int?,
    ) = c.listAll(acsUserId, acsSystemId, userIdentityId, isMultiPhoneSyncCredential, createdBefore, search, limit)
        .asSequence().toList()
    override suspend fun update(acsCredentialId: String, code: String?, endsAt: Instant?) =
        c.update(acsCredentialId, code, endsAt)
    override suspend fun delete(acsCredentialId: String) = c.delete(acsCredentialId)
    override suspend fun listAccessibleEntrances(acsCredentialId: String) = c.listAccessibleEntrances(acsCredentialId)
    override fun close() = seam.close()
}

/** The non-blocking client: `asyncSeam.acs.credentials` (suspend), pages collected as a Flow. */
class SuspendCalls(private val seam: co.seam.core.AsyncSeam) : Calls {
    override val name = "suspend"
    private val c: AsyncAcsCredentials get() = seam.acs.credentials

    override suspend fun assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) =
        c.assign(acsUserId, acsCredentialId, userIdentityId)
    override suspend fun unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String?) =
        c.unassign(acsUserId, acsCredentialId, userIdentityId)
    override suspend fun create(
        accessMethod: AccessMethod, acsUserId: String?, userIdentityId: String?, acsSystemId: String?,
        allowedAcsEntranceIds: List<String>, code: String?, startsAt: Instant?, endsAt: Instant?,
        isMultiPhoneSyncCredential: Boolean?, credentialManagerAcsSystemId: String?,
        visionlineMetadata: NewVisionlineMetadata?, assaAbloyVostioMetadata: NewAssaAbloyVostioMetadata?,
        saltoSpaceMetadata: NewSaltoSpaceMetadata?,
    ) = c.create(
        accessMethod, acsUserId, userIdentityId, acsSystemId, allowedAcsEntranceIds, code, startsAt, endsAt,
        isMultiPhoneSyncCredential, credentialManagerAcsSystemId, visionlineMetadata, assaAbloyVostioMetadata,
        saltoSpaceMetadata,
    )
    override suspend fun get(acsCredentialId: String) = c.get(acsCredentialId)
    override suspend fun list(
        acsUserId: String?, acsSystemId: String?, userIdentityId: String?, isMultiPhoneSyncCredential: Boolean?,
        createdBefore: Instant?, search: String?, limit: Int?, pageCursor: String?,
    ) = c.list(acsUserId, acsSystemId, userIdentityId, isMultiPhoneSyncCredential, createdBefore, search, limit, pageCursor)
    override suspend fun listAll(
        acsUserId: String?, acsSystemId: String?, userIdentityId: String?, isMultiPhoneSyncCredential: Boolean?,
        createdBefore: Instant?, search: String?, limit: Int?,
    ) = c.listAll(acsUserId, acsSystemId, userIdentityId, isMultiPhoneSyncCredential, createdBefore, search, limit)
        .asFlow().toList()
    override suspend fun update(acsCredentialId: String, code: String?, endsAt: Instant?) =
        c.update(acsCredentialId, code, endsAt)
    override suspend fun delete(acsCredentialId: String) = c.delete(acsCredentialId)
    override suspend fun listAccessibleEntrances(acsCredentialId: String) = c.listAccessibleEntrances(acsCredentialId)
    override fun close() = seam.close()
}

/** Both kinds of client of [fake], for tests parameterized by client kind. */
fun bothClients(fake: FakeSeam, make: (FakeSeam) -> Pair<co.seam.core.Seam, co.seam.core.AsyncSeam> = {
    it.client() to it.asyncClient()
}): List<Calls> = make(fake).let { (blocking, async) -> listOf(BlockingCalls(blocking), SuspendCalls(async)) }

/** The calls of the generated API (`AcsCredentials`'s methods), by name: what a table must cover. */
fun apiCalls(): Set<String> =
    co.seam.core.AcsCredentials::class.java.declaredMethods.map { it.name }.filterNot { '$' in it || it == "close" }.toSet()
