// The failure matrix (tests/matrix.json, path in SEAM_MATRIX), with the semantics of
// core/tests/matrix.rs: faults queued on the assign route before the call, client options,
// call overrides, "endpoint": "closed", the expected error case and fields, the number of
// assign requests that reached the server, the call's duration bounds, and no error text
// holding the API key. Each case runs on the blocking and on the async client. Cases with
// "scope": "rust" are left to Rust.
//
// The matrix is read into Decodable structs that refuse unknown keys (JSONDecoder ignores
// them), so that a key the Swift tests do not know fails the run instead of being ignored.

import Foundation
import SeamCore
import Testing

/// A key of any name, to list the keys an object has.
struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// The keyed container of an object, which must have no key but those of `Keys`.
    func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy _: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let known = Set(Keys.allCases.map(\.stringValue))
        let unknown = try container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath, debugDescription: "unknown keys \(unknown.sorted())"))
        }
        return try container(keyedBy: Keys.self)
    }
}

struct Matrix: Decodable {
    let about: String
    let cases: [MatrixCase]

    enum CodingKeys: String, CodingKey, CaseIterable { case about, cases }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        about = try c.decode(String.self, forKey: .about)
        cases = try c.decode([MatrixCase].self, forKey: .cases)
    }

    /// The cases for Swift, or one that fails with why the matrix could not be read.
    static func swiftCases() -> [MatrixCase] {
        do {
            let path = try requiredEnv("SEAM_MATRIX")
            let matrix = try JSONDecoder().decode(Matrix.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            return matrix.cases.filter { $0.scope != "rust" }
        } catch {
            // Fail (never skip) when the matrix is missing or has keys this file does not know.
            return [MatrixCase(unreadable: "\(error)")]
        }
    }
}

struct MatrixCase: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var description: String = ""
    var scope: String? = nil
    var client: ClientOptions? = nil
    var endpoint: String? = nil
    var call: CallOverrides? = nil
    var faults: [Fault] = []
    var expect: Expectation = .ok
    var requests: Int? = nil
    var maxSeconds: Double? = nil
    var minSeconds: Double? = nil
    /// Set when the matrix could not be read.
    var problem: String? = nil

    var testDescription: String { name }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, scope, client, endpoint, call, faults, expect, requests
        case maxSeconds = "max_seconds", minSeconds = "min_seconds"
    }

    init(unreadable problem: String) {
        name = "the matrix could not be read"
        self.problem = problem
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        scope = try c.decodeIfPresent(String.self, forKey: .scope)
        client = try c.decodeIfPresent(ClientOptions.self, forKey: .client)
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint)
        call = try c.decodeIfPresent(CallOverrides.self, forKey: .call)
        faults = try c.decodeIfPresent([Fault].self, forKey: .faults) ?? []
        expect = try c.decode(Expectation.self, forKey: .expect)
        requests = try c.decodeIfPresent(Int.self, forKey: .requests)
        maxSeconds = try c.decodeIfPresent(Double.self, forKey: .maxSeconds)
        minSeconds = try c.decodeIfPresent(Double.self, forKey: .minSeconds)
    }
}

struct ClientOptions: Decodable, Sendable {
    var apiKey: String?
    var timeoutMs: Int?
    var maxRetries: Int32?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case apiKey = "api_key", timeoutMs = "timeout_ms", maxRetries = "max_retries"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        apiKey = try c.decodeIfPresent(String.self, forKey: .apiKey)
        timeoutMs = try c.decodeIfPresent(Int.self, forKey: .timeoutMs)
        maxRetries = try c.decodeIfPresent(Int32.self, forKey: .maxRetries)
    }
}

struct CallOverrides: Decodable, Sendable {
    var acsUserId: Argument?
    var acsCredentialId: Argument?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case acsUserId = "acs_user_id", acsCredentialId = "acs_credential_id"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        acsUserId = try c.decodeIfPresent(Argument.self, forKey: .acsUserId)
        acsCredentialId = try c.decodeIfPresent(Argument.self, forKey: .acsCredentialId)
    }
}

/// A call argument: a string, or `{"repeat": s, "times": n}`.
struct Argument: Decodable, Sendable {
    let text: String

    enum CodingKeys: String, CodingKey, CaseIterable { case `repeat`, times }

    init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.text = text
            return
        }
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        text = String(
            repeating: try c.decode(String.self, forKey: .repeat), count: try c.decode(Int.self, forKey: .times))
    }
}

/// A fault for `POST /_fake/faults`, sent back as it was read (plus the route).
struct Fault: Codable, Sendable {
    var status: Int?
    var body: String?
    var bodyBytes: Int?
    var headers: [String: String]?
    var count: Int?
    var delayMs: Int?
    var dripMs: Int?
    var mode: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, body, headers, count, mode
        case bodyBytes = "body_bytes", delayMs = "delay_ms", dripMs = "drip_ms"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        bodyBytes = try c.decodeIfPresent(Int.self, forKey: .bodyBytes)
        headers = try c.decodeIfPresent([String: String].self, forKey: .headers)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        delayMs = try c.decodeIfPresent(Int.self, forKey: .delayMs)
        dripMs = try c.decodeIfPresent(Int.self, forKey: .dripMs)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
    }

    /// The fault as the fake takes it.
    var object: [String: Any] {
        get throws {
            let data = try JSONEncoder().encode(self)
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }
}

/// `"ok"`, or the error the call must raise and the fields to check.
enum Expectation: Decodable, Sendable {
    case ok
    case error(ExpectedError)

    init(from decoder: Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard word == "ok" else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expect \(word)?"))
            }
            self = .ok
        } else {
            self = .error(try ExpectedError(from: decoder))
        }
    }
}

struct ExpectedError: Decodable, Sendable {
    var error: String
    var statusCode: UInt16?
    var code: String?
    var parameter: String?
    var reasonContains: String?
    var requestId: Bool?
    var validationErrors: [String: [String]]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case error, code, parameter
        case statusCode = "status_code", reasonContains = "reason_contains", requestId = "request_id"
        case validationErrors = "validation_errors"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        error = try c.decode(String.self, forKey: .error)
        statusCode = try c.decodeIfPresent(UInt16.self, forKey: .statusCode)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        parameter = try c.decodeIfPresent(String.self, forKey: .parameter)
        reasonContains = try c.decodeIfPresent(String.self, forKey: .reasonContains)
        requestId = try c.decodeIfPresent(Bool.self, forKey: .requestId)
        validationErrors = try c.decodeIfPresent([String: [String]].self, forKey: .validationErrors)
    }

    /// What differs between `actual` and this expectation.
    func problems(with actual: SeamError) -> [String] {
        let fields = ErrorFields(actual)
        guard fields.name == error else { return ["expected \(error), got \(String(reflecting: actual))"] }
        var problems: [String] = []
        func check(_ ok: Bool, _ what: String) {
            if !ok { problems.append("\(what) differs in \(String(reflecting: actual))") }
        }
        if let statusCode { check(fields.statusCode == statusCode, "status_code") }
        if let code { check(fields.code == code, "code") }
        if let parameter { check(fields.parameter == parameter, "parameter") }
        if let reasonContains { check(fields.reason?.contains(reasonContains) == true, "reason (should contain \(reasonContains.debugDescription))") }
        if requestId == true { check(fields.requestId??.isEmpty == false, "request_id") }
        if let validationErrors { check(fields.validationErrors == validationErrors, "validation_errors") }
        return problems
    }
}

/// The matrix's name of an error case and its fields.
struct ErrorFields {
    var name: String
    var statusCode: UInt16? = nil
    var code: String? = nil
    var reason: String? = nil
    var parameter: String? = nil
    var requestId: String?? = nil
    var validationErrors: [String: [String]]? = nil

    init(_ error: SeamError) {
        switch error {
        case let .InvalidInput(parameter, reason):
            self.init(name: "InvalidInput", reason: reason, parameter: parameter)
        case let .Config(reason):
            self.init(name: "Config", reason: reason)
        case let .Unauthorized(requestId):
            self.init(name: "Unauthorized", requestId: .some(requestId))
        case let .Api(statusCode, code, reason, requestId, validationErrors):
            self.init(name: "Api", statusCode: statusCode, code: code, reason: reason, requestId: .some(requestId), validationErrors: validationErrors)
        case let .InvalidResponse(statusCode, reason, requestId):
            self.init(name: "InvalidResponse", statusCode: statusCode, reason: reason, requestId: .some(requestId))
        case let .Timeout(reason):
            self.init(name: "Timeout", reason: reason)
        case let .Network(reason):
            self.init(name: "Network", reason: reason)
        case let .ActionAttemptFailed(_, code, reason):
            self.init(name: "ActionAttemptFailed", code: code, reason: reason)
        case let .ActionAttemptTimeout(_, reason):
            self.init(name: "ActionAttemptTimeout", reason: reason)
        }
    }

    private init(
        name: String, statusCode: UInt16? = nil, code: String? = nil, reason: String? = nil,
        parameter: String? = nil, requestId: String?? = nil, validationErrors: [String: [String]]? = nil
    ) {
        self.name = name
        self.statusCode = statusCode
        self.code = code
        self.reason = reason
        self.parameter = parameter
        self.requestId = requestId
        self.validationErrors = validationErrors
    }
}

/// Runs one case on one client and returns what differs from the matrix.
func run(_ matrixCase: MatrixCase, _ flavor: Flavor) async throws -> [String] {
    if let problem = matrixCase.problem { return [problem] }
    let fake = try await FakeSeam.start()
    defer { fake.stop() }
    let endpoint: String
    switch matrixCase.endpoint {
    case nil: endpoint = fake.url
    case "closed": endpoint = try await closedPortURL()
    case let other?: return ["endpoint \(other) is not supported by the Swift tests"]
    }
    for fault in matrixCase.faults {
        try await fake.fault(try fault.object)
    }
    let key = matrixCase.client?.apiKey ?? apiKey
    let credentials = try flavor.credentials(
        endpoint: endpoint, apiKey: key,
        timeout: matrixCase.client?.timeoutMs.map { TimeInterval($0) / 1000 },
        maxRetries: matrixCase.client?.maxRetries)
    let user = matrixCase.call?.acsUserId?.text ?? docsUser
    let credential = matrixCase.call?.acsCredentialId?.text ?? docsCredential

    let started = DispatchTime.now()
    let result: Result<AcsCredential, Error>
    do {
        result = .success(try await credentials.assign(acsUserId: user, acsCredentialId: credential))
    } catch {
        result = .failure(error)
    }
    let elapsed = seconds(since: started)

    var problems: [String]
    switch (result, matrixCase.expect) {
    case (.success, .ok):
        problems = []
    case (.success(let got), .error(let expected)):
        problems = ["expected \(expected.error), got \(got)"]
    case (.failure(let error), .ok):
        problems = ["expected success, got \(String(reflecting: error))"]
    case (.failure(let error as SeamError), .error(let expected)):
        problems = expected.problems(with: error)
        for text in [error.description, error.localizedDescription, "\(error)", String(reflecting: error)] {
            for secret in Set([apiKey, key]) where text.contains(secret) {
                problems.append("error text holds the API key: \(text)")
            }
        }
    case (.failure(let error), _):
        problems = ["not a SeamError: \(error)"]
    }
    if let max = matrixCase.maxSeconds, elapsed > max {
        problems.append(String(format: "took %.2fs, bound %gs", elapsed, max))
    }
    if let min = matrixCase.minSeconds, elapsed < min {
        problems.append(String(format: "took %.2fs, at least %gs expected", elapsed, min))
    }
    if let expected = matrixCase.requests {
        let got = try await fake.count(.assign)
        if got != expected {
            problems.append("\(got) requests reached the server, expected \(expected)")
        }
    }
    return problems
}

@Suite("the failure matrix (tests/matrix.json)")
struct MatrixTests {
    @Test("matrix case", arguments: Matrix.swiftCases(), Flavor.allCases)
    func matrixCase(_ matrixCase: MatrixCase, _ flavor: Flavor) async throws {
        let problems = try await run(matrixCase, flavor)
        #expect(problems.isEmpty, "\(matrixCase.name) (\(flavor)): \(problems.joined(separator: "; "))")
    }

    @Test("the matrix was read, refuses unknown keys, and has cases for Swift")
    func matrixIsThere() throws {
        let cases = Matrix.swiftCases()
        #expect(cases.allSatisfy { $0.problem == nil }, "\(cases.compactMap(\.problem))")
        #expect(cases.count >= 20)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names are unique")
        #expect(cases.contains { $0.name == "input_truncated_uuid" })
        // A key the structs do not know, at any depth, fails the decoding.
        let good = #"{"about": "a", "cases": [{"name": "n", "description": "d", "faults": [{"status": 500}], "expect": {"error": "Api"}}]}"#
        #expect(try JSONDecoder().decode(Matrix.self, from: Data(good.utf8)).cases.count == 1)
        for bad in [
            #"{"about": "a", "cases": [], "extra": 1}"#,
            #"{"about": "a", "cases": [{"name": "n", "description": "d", "expect": "ok", "max_second": 5}]}"#,
            #"{"about": "a", "cases": [{"name": "n", "description": "d", "faults": [{"stauts": 500}], "expect": "ok"}]}"#,
            #"{"about": "a", "cases": [{"name": "n", "description": "d", "expect": {"error": "Api", "cod": "x"}}]}"#,
            #"{"about": "a", "cases": [{"name": "n", "description": "d", "client": {"timeout": 1}, "expect": "ok"}]}"#,
            #"{"about": "a", "cases": [{"name": "n", "description": "d", "call": {"acs_user_id": {"repeat": "3", "times": 2, "x": 0}}, "expect": "ok"}]}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(Matrix.self, from: Data(bad.utf8)) }
        }
    }
}
