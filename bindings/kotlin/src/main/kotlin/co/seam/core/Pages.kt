// Kotlin iteration over the pages of `listAll`: a Sequence for the blocking client, a Flow for
// the non-blocking one. The paging itself (cursors, the repeated-cursor guard) is the core's.

package co.seam.core

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Every credential of every page, each page fetched (blocking) when the one before has been
 * consumed: `seam.acs.credentials.listAll(acsUserId = …).asSequence().filter { … }`.
 *
 * The pages are read once: a second iteration throws [IllegalStateException]. A [SeamException]
 * of a page is thrown by the iterator's `hasNext()`/`next()`, and the walk is over.
 */
fun AcsCredentialPages.asSequence(): Sequence<AcsCredential> =
    generateSequence { nextPage() }
        .flatMap { page -> page.acsCredentials.asSequence() }
        .constrainOnce()

/** `for (credential in seam.acs.credentials.listAll()) …`: [asSequence]'s iterator. */
operator fun AcsCredentialPages.iterator(): Iterator<AcsCredential> = asSequence().iterator()

/**
 * Every credential of every page as a cold [Flow], each page awaited when the one before has
 * been emitted: `asyncSeam.acs.credentials.listAll(…).asFlow().collect { … }`. Fetching
 * never blocks the collector's thread.
 *
 * The pages are read once: collecting the flow a second time throws [IllegalStateException].
 * A [SeamException] of a page is thrown from `collect`; cancelling the collector cancels the
 * page in flight.
 */
fun AsyncAcsCredentialPages.asFlow(): Flow<AcsCredential> {
    val collected = AtomicBoolean(false)
    return flow {
        check(collected.compareAndSet(false, true)) { "the pages of listAll can be collected only once" }
        while (true) {
            val page = nextPage() ?: break
            for (credential in page.acsCredentials) emit(credential)
        }
    }
}
