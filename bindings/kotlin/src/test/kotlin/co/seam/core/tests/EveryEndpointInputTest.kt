package co.seam.core.tests

import co.seam.core.AsyncSeam
import co.seam.core.Seam
import co.seam.core.SeamException
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import kotlin.reflect.KClass
import kotlin.reflect.full.declaredMemberFunctions
import kotlin.reflect.full.declaredMemberProperties

/** Whether [klass] is one of the namespace classes (made from a `Native…` object). */
private fun isNamespace(klass: KClass<*>): Boolean = klass.constructors.any { constructor ->
    (constructor.parameters.singleOrNull()?.type?.classifier as? KClass<*>)?.simpleName?.startsWith("Native") == true
}

/**
 * Every endpoint method reachable from a client, by its Kotlin path (`acs.credentials.listAll`):
 * the namespace properties are followed, every other function of a namespace is an endpoint.
 */
fun endpointMethods(client: KClass<*>): Set<String> {
    val out = sortedSetOf<String>()
    fun walk(klass: KClass<*>, path: List<String>) {
        val children = klass.declaredMemberProperties.filter { (it.returnType.classifier as? KClass<*>)?.let(::isNamespace) == true }
        for (child in children) walk(child.returnType.classifier as KClass<*>, path + child.name)
        if (path.isEmpty()) return // the client's own functions (endpoint(), workerStats()) are not endpoints
        val childNames = children.map { it.name }.toSet()
        klass.declaredMemberFunctions.map { it.name }.filter { it != "close" && it !in childNames }
            .forEach { out += (path + it).joinToString(".") }
    }
    walk(client, emptyList())
    return out
}

/**
 * Every endpoint (and walker) of the API called with one bad argument, with both clients
 * (generated/BadInputs.kt): `InvalidInput` naming the parameter, and nothing sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryEndpointInputTest {
    private val fake = FakeSeam()
    private val seam = fake.client()
    private val asyncSeam = fake.asyncClient()

    @AfterAll
    fun stop() {
        seam.close()
        asyncSeam.close()
        fake.close()
    }

    @Test
    fun `the table covers every method of every namespace of both clients`() {
        val blocking = endpointMethods(Seam::class)
        assertEquals(blocking, endpointMethods(AsyncSeam::class))
        assertTrue(blocking.size > 90, "only ${blocking.size} endpoint methods found")
        val covered = ENDPOINT_BAD_INPUTS.map { it.operation }
        assertEquals(covered.size, covered.toSet().size, "an endpoint is in the table twice")
        assertEquals(blocking, (covered + ENDPOINTS_WITHOUT_BAD_INPUT).toSortedSet())
    }

    @TestFactory
    fun `a bad argument of every endpoint names the parameter and sends nothing`(): List<DynamicTest> =
        ENDPOINT_BAD_INPUTS.flatMap { case ->
            listOf<Pair<String, suspend () -> Any?>>(
                "blocking" to { case.blocking(seam) },
                "suspend" to { case.suspending(asyncSeam) },
            ).map { (client, call) ->
                DynamicTest.dynamicTest("$client ${case.operation}: bad ${case.parameter}") {
                    val before = fake.total()
                    val e = runBlocking { assertThrowsSuspend<SeamException.InvalidInput> { call() } }
                    assertEquals(case.parameter, e.parameter, e.message)
                    assertTrue(e.reason.isNotBlank())
                    assertTrue(e.message.contains(case.parameter), e.message)
                    assertEquals(before, fake.total())
                }
            }
        }
}
