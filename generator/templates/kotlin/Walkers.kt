{{ header }}
//
// Kotlin iteration over every walker (`listAll`): a Sequence (and `for`) for the blocking
// client, a Flow for the non-blocking one. The paging itself (cursors, the repeated-cursor
// guard) is the core's; Pages.kt has the one implementation of each.

package co.seam.core

import kotlinx.coroutines.flow.Flow
{%- for w in walkers %}

{{ w.sequence_doc }}
fun {{ w.walker }}.asSequence(): Sequence<{{ w.item }}> =
    pageSequence({ nextPage() }) { it.{{ w.items }} }

/** `for (item in {{ w.call }}(…))`: [asSequence]'s iterator. */
operator fun {{ w.walker }}.iterator(): Iterator<{{ w.item }}> = asSequence().iterator()

{{ w.flow_doc }}
fun Async{{ w.walker }}.asFlow(): Flow<{{ w.item }}> =
    pageFlow({ nextPage() }) { it.{{ w.items }} }
{%- endfor %}
