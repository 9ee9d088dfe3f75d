package co.seam.core.tests

import co.seam.core.AccessMethod
import co.seam.core.AcsCredential
import co.seam.core.AcsCredentialWarningCode
import co.seam.core.ApiValues
import co.seam.core.ClientSession
import co.seam.core.ExternalType
import co.seam.core.Json
import co.seam.core.Seam
import co.seam.core.SeamException
import co.seam.core.apiValue
import co.seam.core.fromApiValue
import co.seam.core.fromJson
import co.seam.core.toJson
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import kotlin.reflect.KClass

/** The known values of a sealed enum (its objects), by reflection. */
private fun <T : Any> knownValues(klass: KClass<T>): List<T> = klass.sealedSubclasses.mapNotNull { it.objectInstance }

/**
 * The models' JSON (`toJson()`, `fromJson(…)`, and `Json` for Java) with the seeded credentials,
 * the API spelling of enum values, and the printed form of a model that holds a secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonTest {
    private val fake = FakeSeam()
    private val seam: Seam = fake.client()

    @AfterAll
    fun stop() {
        seam.close()
        fake.close()
    }

    @TestFactory
    fun `every seeded credential reads back from its JSON as it was`(): List<DynamicTest> = SEEDED.map { id ->
        DynamicTest.dynamicTest(id) {
            val credential = seam.acs.credentials.get(id)
            val text = credential.toJson()
            assertEquals(credential, AcsCredential.fromJson(text))
            assertEquals(credential, Json.acsCredentialFromJson(Json.toJson(credential)))
            assertEquals(text, Json.toJson(credential))
            assertEquals(credential.acsCredentialId, json.readTree(text)["acs_credential_id"].asText())
            // What the SDK does not model goes out as the exact text the API sent.
            for ((name, raw) in credential.unknownFields + credential.otherMetadata) {
                assertTrue(text.contains(raw), "$name: $raw is not in $text")
            }
        }
    }

    @Test
    fun `the future credential keeps its new values and fields`() {
        val future = AcsCredential.fromJson(seam.acs.credentials.get(FUTURE).toJson())
        assertEquals(AccessMethod.Other("quantum_link"), future.accessMethod)
        assertEquals(ExternalType.Other("quantum_key"), future.externalType)
        assertEquals(AcsCredentialWarningCode.Other("brand_new_warning"), future.warnings.single().warningCode)
        assertEquals(json.readTree("""{"nested": [1, 2]}"""), json.readTree(future.unknownFields["brand_new_field"]))
        assertEquals(setOf("brand_new_field", "another_new_field"), future.unknownFields.keys)
        assertEquals(setOf("salto_space_metadata"), future.otherMetadata.keys)
    }

    @Test
    fun `the odd values stay byte for byte`() {
        val odd = seam.acs.credentials.get(ODD_VALUES)
        val text = odd.toJson()
        assertTrue(text.contains("18446744073709551615"), text) // not rounded to a double
        assertTrue(text.contains("\"next tuesday\""), text)
        val back = AcsCredential.fromJson(text)
        assertEquals(odd.unknownFields, back.unknownFields)
        assertEquals("18446744073709551615", back.unknownFields["big_number"])
        assertEquals(mapOf("door_zone" to "\"west\""), back.visionlineMetadata?.unknownFields)
        assertEquals(mapOf("retry_in_s" to "30"), back.warnings.single().unknownFields)
    }

    @Test
    fun `JSON that does not read is InvalidInput on json`() {
        for (text in listOf("not json", "[]", """{"acs_credential_id": 5}""")) {
            val e = assertThrows<SeamException.InvalidInput> { AcsCredential.fromJson(text) }
            assertEquals("json", e.parameter)
            assertEquals("json", assertThrows<SeamException.InvalidInput> { Json.acsCredentialFromJson(text) }.parameter)
        }
    }

    @Test
    fun `enum values in and out of the API's spelling`() {
        assertEquals("mobile_key", AccessMethod.MobileKey.apiValue)
        assertEquals(AccessMethod.MobileKey, AccessMethod.fromApiValue("mobile_key"))
        assertEquals(AccessMethod.Other("quantum_link"), AccessMethod.fromApiValue("quantum_link"))
        assertEquals("quantum_link", AccessMethod.Other("quantum_link").apiValue)
        assertEquals("code", ApiValues.apiValue(AccessMethod.Code))
        assertEquals(AccessMethod.Card, ApiValues.accessMethodFromApiValue("card"))
        assertEquals(ExternalType.Other(""), ExternalType.fromApiValue(""))
        // Every known value: out and back in, and the same text as toString() (the core's).
        for (values in listOf(
            knownValues(AccessMethod::class), knownValues(ExternalType::class), knownValues(AcsCredentialWarningCode::class),
        )) {
            assertTrue(values.size >= 4, "$values")
            for (value in values) {
                assertEquals(value.toString(), ApiValues::class.java.getMethod("apiValue", value::class.java.superclass).invoke(null, value))
            }
        }
        for (value in knownValues(AccessMethod::class)) {
            assertEquals(value.toString(), value.apiValue)
            assertEquals(value, AccessMethod.fromApiValue(value.apiValue))
        }
        for (value in knownValues(ExternalType::class)) assertEquals(value, ExternalType.fromApiValue(value.apiValue))
        for (value in knownValues(AcsCredentialWarningCode::class)) {
            assertEquals(value, AcsCredentialWarningCode.fromApiValue(value.toString()))
        }
    }

    @Test
    fun `a client session prints its token's prefix only`() {
        val token = "seam_cst1Kq9_very_secret_value"
        val session = ClientSession(
            clientSessionId = "f0f0f0f0-f0f0-f0f0-f0f0-f0f0f0f0f0f0",
            userIdentityId = IDENTITY,
            workspaceId = WORKSPACE,
            token = token,
        )
        val printed = session.toString()
        assertTrue(printed.contains("seam_cst"), printed)
        assertTrue(printed.contains("f0f0f0f0-f0f0-f0f0-f0f0-f0f0f0f0f0f0"), printed)
        assertFalse(printed.contains(token), printed)
        assertFalse(printed.contains("1Kq9"), printed)
        assertFalse(printed.contains("very_secret"), printed)
        assertEquals(printed, "$session")
        // The token is still the value, and in the JSON, for the app that needs it.
        assertEquals(token, session.token)
        assertEquals(token, json.readTree(session.toJson())["token"].asText())
        assertEquals(session, ClientSession.fromJson(session.toJson()))
        assertNotEquals(session, session.copy(token = "seam_cst2_other"))
        assertEquals(printed, session.copy(token = "seam_cst2_other").toString()) // nothing of the value shows
    }
}
