// tests/load/workload.json as Kotlin data classes (Jackson; an unknown key is an error), and the
// order of the calls every driver makes. Part of the Kotlin load driver (see Load.kt).

package co.seam.load

import com.fasterxml.jackson.annotation.JsonProperty
import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.PropertyNamingStrategies
import com.fasterxml.jackson.module.kotlin.jacksonObjectMapper
import com.fasterxml.jackson.module.kotlin.readValue
import java.io.File

data class Workload(
    val about: String? = null,
    val seed: Long,
    val calls: Int,
    val inFlight: Int,
    val deadlineS: Double,
    val client: Client,
    val listLimit: Int,
    val ids: Ids,
    val mix: List<MixEntry>,
    val errorKinds: List<String>,
    val faults: Faults,
) {
    data class Client(val timeoutS: Double, val maxRetries: Int)

    data class Ids(
        val acsSystem: String,
        val acsUser: String,
        val otherAcsUser: String,
        val userIdentity: String,
        val clientSession: String,
        val acsEncoder: String,
        @JsonProperty("room_101_entrance") val room101Entrance: String,
        val mobileKeyCredential: String,
        val pinCredential: String,
        val visionlineCredential: String,
    )

    data class MixEntry(val call: String, val count: Int)

    /** Read by tests/load/run.py, which injects them; typed here so that the file is checked whole. */
    data class Faults(val count: Int, val spread: Double, val pollRoute: String, val kinds: List<FaultKind>)

    data class FaultKind(val kind: String, val weight: Int, val retried: List<String>, val fault: Fault)

    data class Fault(
        val status: Int? = null,
        val body: String? = null,
        val headers: Map<String, String>? = null,
        val mode: String? = null,
        val delayMs: Long? = null,
        val dripMs: Long? = null,
    )

    fun count(call: String): Int = mix.filter { it.call == call }.sumOf { it.count }

    /** The call names in the order every driver makes them: a smooth weighted round robin (each
     *  name exactly its count, spread evenly; ties go to the earlier entry). */
    fun order(): List<String> {
        val total = mix.sumOf { it.count }
        val current = IntArray(mix.size)
        return List(total) {
            var best = 0
            for (i in mix.indices) {
                current[i] += mix[i].count
                if (current[i] > current[best]) best = i
            }
            current[best] -= total
            mix[best].call
        }
    }

    companion object {
        /** snake_case in JSON; numbers must not be read into strings or the other way round. */
        val json: ObjectMapper = jacksonObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)

        fun load(path: String): Workload {
            val workload: Workload = json.readValue(File(path))
            check(workload.mix.sumOf { it.count } == workload.calls) {
                "the mix's counts add up to ${workload.mix.sumOf { it.count }}, not calls = ${workload.calls}"
            }
            return workload
        }
    }
}
