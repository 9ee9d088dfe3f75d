// Kotlin iteration over the pages of a walker (`listAll`): the one implementation of the
// Sequence of the blocking walkers and of the Flow of the non-blocking ones. Each walker's
// `asSequence()`, `iterator()` and `asFlow()` are generated (generated/Walkers.kt) and call
// these; the paging itself (cursors, the repeated-cursor guard) is the core's.

package co.seam.core

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The items of every page that [nextPage] returns until it returns null, each page asked for
 * when the one before has been consumed. Read once: a second iteration throws
 * [IllegalStateException]. A [SeamException] of a page is thrown by the iterator's
 * `hasNext()`/`next()`, and the walk is over.
 */
internal fun <P : Any, T> pageSequence(nextPage: () -> P?, items: (P) -> List<T>): Sequence<T> =
    generateSequence(nextPage)
        .flatMap { page -> items(page).asSequence() }
        .constrainOnce()

/**
 * The items of every page that [nextPage] returns until it returns null, as a cold [Flow]: each
 * page awaited when the one before has been emitted. Collected once: a second collection throws
 * [IllegalStateException]. A [SeamException] of a page is thrown from `collect`; cancelling the
 * collector cancels the page in flight.
 */
internal fun <P : Any, T> pageFlow(nextPage: suspend () -> P?, items: (P) -> List<T>): Flow<T> {
    val collected = AtomicBoolean(false)
    return flow {
        check(collected.compareAndSet(false, true)) { "the pages of listAll can be collected only once" }
        while (true) {
            val page = nextPage() ?: break
            for (item in items(page)) emit(item)
        }
    }
}
