// The models' JSON and printed forms: the seeded credentials through JSONEncoder/JSONDecoder and
// toJson/fromJson, fields this SDK does not model kept byte for byte, enum values in and out,
// and a client session that never prints its token.

import Foundation
import SeamCore
import Testing

/// The top-level keys of a JSON object.
func keys(_ data: Data) throws -> Set<String> {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw SetupError("not a JSON object: \(String(decoding: data, as: UTF8.self))")
    }
    return Set(object.keys)
}

/// The fields where two values differ, for a failure message.
func differences<T>(_ a: T, _ b: T) -> [String] {
    zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).compactMap { x, y in
        x.value as? AnyHashable == y.value as? AnyHashable ? nil : "\(x.label ?? "?"): \(x.value) ≠ \(y.value)"
    }
}

/// A program's own Codable type that holds models and enums.
struct Saved: Codable, Equatable {
    let credentials: [AcsCredential]
    let method: AccessMethod
    let note: String
}

@Suite("the models' JSON and printed forms")
struct JsonTests {
    @Test("every seeded credential round-trips through JSONEncoder/JSONDecoder and toJson/fromJson, in the API's names")
    func roundTrip() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try await Flavor.blocking.credentials(fake).walk(Filters())
        #expect(credentials.map(\.acsCredentialId) == seededCredentials)
        for c in credentials {
            let text = c.toJson()
            let read = try AcsCredential.fromJson(text)
            #expect(read == c, "\(differences(read, c))")
            // Through Codable, what this SDK does not model keeps its JSON value; the order of
            // the members inside it is the encoder's (toJson keeps the bytes).
            let encoded = try JSONEncoder().encode(c)
            for decoded in [
                try JSONDecoder().decode(AcsCredential.self, from: encoded),
                try JSONDecoder().decode(AcsCredential.self, from: Data(text.utf8)),
            ] {
                #expect(try decoded.unknownFields.mapValues(json) == c.unknownFields.mapValues(json))
                #expect(try decoded.otherMetadata.mapValues(json) == c.otherMetadata.mapValues(json))
                var typed = decoded
                typed.unknownFields = c.unknownFields
                typed.otherMetadata = c.otherMetadata
                #expect(typed == c, "\(differences(typed, c))")
            }
            let names = try keys(encoded)
            let apiNames = try keys(Data(text.utf8))
            #expect(names == apiNames)
            #expect(names.isSuperset(of: ["acs_credential_id", "display_name", "access_method", "created_at"]))
            #expect(!names.contains("acsCredentialId") && !names.contains("unknown_fields"))
            // What this SDK does not model is written back exactly as the API sent it.
            for (name, json) in c.unknownFields.merging(c.otherMetadata, uniquingKeysWith: { a, _ in a }) {
                #expect(text.contains("\"\(name)\":\(json)"), "\(c.acsCredentialId) \(name)")
            }
        }
        let future = try #require(credentials.first { $0.acsCredentialId == futureCredential })
        #expect(future.toJson().contains(#""brand_new_field":{"nested":[1,2]}"#))
        #expect(future.toJson().contains(#""access_method":"quantum_link""#))
        let odd = try #require(credentials.first { $0.acsCredentialId == oddValuesCredential })
        #expect(odd.toJson().contains(#""big_number":18446744073709551615"#))
        #expect(odd.toJson().contains(#""ends_at":"next tuesday""#))
    }

    @Test("models and enums inside a program's own Codable types")
    func nested() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let page = try await Flavor.blocking.credentials(fake).list(Filters(limit: 3))
        let saved = Saved(credentials: page.acsCredentials, method: .mobileKey, note: "x")
        let data = try JSONEncoder().encode(saved)
        #expect(try JSONDecoder().decode(Saved.self, from: data) == saved)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["method"] as? String == "mobile_key")
        let first = try #require((object["credentials"] as? [[String: Any]])?.first)
        #expect(first["acs_credential_id"] as? String == page.acsCredentials.first?.acsCredentialId)
    }

    @Test("JSON that is not a credential: fromJson throws InvalidInput on json; JSONDecoder, dataCorrupted with it underneath")
    func refused() throws {
        let bad = #"{"acs_credential_id": 5}"#
        #expect(throws: SeamError.self) { try AcsCredential.fromJson(bad) }
        do {
            _ = try JSONDecoder().decode(AcsCredential.self, from: Data(bad.utf8))
            Issue.record("decoded")
        } catch DecodingError.dataCorrupted(let context) {
            guard case .InvalidInput(let parameter, _)? = context.underlyingError as? SeamError else {
                Issue.record("underneath: \(String(describing: context.underlyingError))")
                return
            }
            #expect(parameter == "json")
        }
    }

    @Test("enum values in and out: apiValue, init(apiValue:), .other, Codable")
    func enums() throws {
        #expect(AccessMethod(apiValue: "mobile_key") == .mobileKey)
        #expect(AccessMethod.mobileKey.apiValue == "mobile_key")
        #expect(AccessMethod(apiValue: "quantum_link") == .other(value: "quantum_link"))
        #expect(AccessMethod.other(value: "quantum_link").apiValue == "quantum_link")
        #expect(AcsCredentialWarningCode(apiValue: "requested_code_unavailable") == .requestedCodeUnavailable)
        #expect(ExternalType.saltoKsCredential.apiValue == "\(ExternalType.saltoKsCredential)")
        let methods: [AccessMethod] = [.code, .cloudKey, .other(value: "quantum_link")]
        let data = try JSONEncoder().encode(methods)
        #expect(String(decoding: data, as: UTF8.self) == #"["code","cloud_key","quantum_link"]"#)
        #expect(try JSONDecoder().decode([AccessMethod].self, from: data) == methods)
    }

    @Test("a client session prints the prefix of its token only, however it is printed")
    func clientSessionHidesItsToken() throws {
        let token = "seam_cst1_0123456789abcdefghijklmnop"
        let session = ClientSession(
            clientSessionId: "f1f1f1f1-f1f1-f1f1-f1f1-f1f1f1f1f1f1", userIdentityId: janeIdentity,
            token: token)
        var dumped = ""
        dump(session, to: &dumped)
        let printed = [
            "\(session)", session.description, String(describing: session),
            String(reflecting: session), session.debugDescription, dumped,
        ]
        for text in printed {
            #expect(!text.contains(token) && !text.contains("0123456789"), "\(text)")
        }
        #expect(session.description.contains("seam_cst…"))
        #expect(session.description.contains("f1f1f1f1-f1f1-f1f1-f1f1-f1f1f1f1f1f1"))
        // The token is data, not text to print: the API's JSON and the field keep it.
        #expect(session.token == token)
        #expect(session.toJson().contains(token))
        #expect(try ClientSession.fromJson(session.toJson()) == session)
    }
}
