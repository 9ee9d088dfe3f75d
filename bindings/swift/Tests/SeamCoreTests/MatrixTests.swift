// The failure matrix (tests/matrix.json, path in SEAM_MATRIX): every case on every endpoint of
// its table, with the semantics of core/tests/matrix.rs: faults queued on the endpoint's route
// before the call, client options, the case's id, the overrides of the endpoint's retry class
// and of the endpoint, the expected error case and fields, the number of requests that reached
// the route, the call's duration bounds, no error text holding the API key, and a second call
// on the same client once the fake is reset. Each endpoint runs on the blocking and on the
// async client, the endpoints and clients side by side, the cases of one after another (on one
// fake-seam, reset before each) so that the time bounds hold on a busy machine. Cases with
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

let retryClasses: Set = ["read", "repeatable", "create"]

struct Matrix: Decodable {
    let about: String
    let endpoints: [MatrixEndpoint]
    let cases: [MatrixCase]

    enum CodingKeys: String, CodingKey, CaseIterable { case about, endpoints, cases }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        about = try c.decode(String.self, forKey: .about)
        endpoints = try c.decode([MatrixEndpoint].self, forKey: .endpoints)
        cases = try c.decode([MatrixCase].self, forKey: .cases)
        let names = Set(endpoints.map(\.name))
        guard names.count == endpoints.count else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "endpoint names repeat"))
        }
        for matrixCase in cases where !Set(matrixCase.byEndpoint.keys).isSubset(of: names) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [], debugDescription: "\(matrixCase.name): by_endpoint names no endpoint"))
        }
    }

    static func read() throws -> Matrix {
        let path = try requiredEnv("SEAM_MATRIX")
        return try JSONDecoder().decode(Matrix.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The endpoints, or one that fails with why the matrix could not be read.
    static func swiftEndpoints() -> [MatrixEndpoint] {
        do {
            return try read().endpoints
        } catch {
            // Fail (never skip) when the matrix is missing or has keys this file does not know.
            return [MatrixEndpoint(unreadable: "\(error)")]
        }
    }
}

/// One call of each kind, with the facts the cases' expectations depend on.
struct MatrixEndpoint: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var operation: String = ""
    var retry: String = ""
    var params: [String: String] = [:]
    var id: String = ""
    var answer: String? = nil
    var answerId: String? = nil
    var wait: Wait? = nil
    /// Set when the matrix could not be read.
    var problem: String? = nil

    var testDescription: String { "\(name) (\(operation))" }
    var route: String { "/" + operation.replacingOccurrences(of: ".", with: "/") }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, operation, retry, params, id, answer, wait
        case answerId = "answer_id"
    }

    init(unreadable problem: String) {
        name = "the matrix could not be read"
        self.problem = problem
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        operation = try c.decode(String.self, forKey: .operation)
        retry = try c.decode(String.self, forKey: .retry)
        params = try c.decode([String: String].self, forKey: .params)
        id = try c.decode(String.self, forKey: .id)
        answer = try c.decodeIfPresent(String.self, forKey: .answer)
        answerId = try c.decodeIfPresent(String.self, forKey: .answerId)
        wait = try c.decodeIfPresent(Wait.self, forKey: .wait)
        guard retryClasses.contains(retry), params[id] != nil else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "\(name): retry class \(retry), id \(id)"))
        }
    }

    /// `text` with this endpoint's placeholders filled in; one it has no value for throws.
    func fill(_ text: String) throws -> String {
        let values: [(String, String?)] = [
            ("{answer}", answer), ("{answer_id}", answerId), ("{id}", id),
            ("{object}", id.hasSuffix("_id") ? String(id.dropLast(3)) : id),
        ]
        var filled = text
        for (placeholder, value) in values where filled.contains(placeholder) {
            guard let value else { throw SetupError("\(placeholder) in \(text.debugDescription), but \(name) has none") }
            filled = filled.replacingOccurrences(of: placeholder, with: value)
        }
        return filled
    }
}

/// The wait options of a call that answers an action attempt.
struct Wait: Decodable, Sendable {
    var timeoutMs: Int
    var pollingIntervalMs: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case timeoutMs = "timeout_ms", pollingIntervalMs = "polling_interval_ms"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        timeoutMs = try c.decode(Int.self, forKey: .timeoutMs)
        pollingIntervalMs = try c.decode(Int.self, forKey: .pollingIntervalMs)
    }

    var options: WaitOptions {
        WaitOptions(wait: true, timeout: TimeInterval(timeoutMs) / 1000, pollingInterval: TimeInterval(pollingIntervalMs) / 1000)
    }
}

struct MatrixCase: Decodable, Sendable {
    var name: String
    var description: String
    var scope: String?
    var client: ClientOptions?
    var endpoint: String?
    var id: Argument?
    var faults: [Fault]
    var expect: Expectation
    var requests: Int
    var maxSeconds: Double
    var minSeconds: Double?
    var then: String
    var byRetry: [String: Override]
    var byEndpoint: [String: Override]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, scope, client, endpoint, id, faults, expect, requests, then
        case maxSeconds = "max_seconds", minSeconds = "min_seconds"
        case byRetry = "by_retry", byEndpoint = "by_endpoint"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decode(String.self, forKey: .description)
        scope = try c.decodeIfPresent(String.self, forKey: .scope)
        client = try c.decodeIfPresent(ClientOptions.self, forKey: .client)
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint)
        id = try c.decodeIfPresent(Argument.self, forKey: .id)
        faults = try c.decodeIfPresent([Fault].self, forKey: .faults) ?? []
        expect = try c.decode(Expectation.self, forKey: .expect)
        requests = try c.decode(Int.self, forKey: .requests)
        maxSeconds = try c.decode(Double.self, forKey: .maxSeconds)
        minSeconds = try c.decodeIfPresent(Double.self, forKey: .minSeconds)
        then = try c.decodeIfPresent(String.self, forKey: .then) ?? "ok"
        byRetry = try c.decodeIfPresent([String: Override].self, forKey: .byRetry) ?? [:]
        byEndpoint = try c.decodeIfPresent([String: Override].self, forKey: .byEndpoint) ?? [:]
        guard ["ok", "same"].contains(then), Set(byRetry.keys).isSubset(of: retryClasses) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "\(name): then \(then), by_retry \(byRetry.keys.sorted())"))
        }
    }
}

/// What a case says differently for a retry class or an endpoint.
struct Override: Decodable, Sendable {
    var faults: [Fault]?
    var expect: Expectation?
    var requests: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case faults, expect, requests }

    init(from decoder: Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        faults = try c.decodeIfPresent([Fault].self, forKey: .faults)
        expect = try c.decodeIfPresent(Expectation.self, forKey: .expect)
        requests = try c.decodeIfPresent(Int.self, forKey: .requests)
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

/// A case as it runs on one endpoint: overrides applied (the retry class's, then the
/// endpoint's), placeholders filled in.
struct MatrixRun: Sendable {
    let endpoint: MatrixEndpoint
    let matrixCase: MatrixCase
    let faults: [Fault]
    let expect: Expectation
    let requests: Int

    init(_ matrixCase: MatrixCase, on endpoint: MatrixEndpoint) throws {
        self.endpoint = endpoint
        self.matrixCase = matrixCase
        var faults = matrixCase.faults
        var expect = matrixCase.expect
        var requests = matrixCase.requests
        for override in [matrixCase.byRetry[endpoint.retry], matrixCase.byEndpoint[endpoint.name]].compactMap({ $0 }) {
            faults = override.faults ?? faults
            expect = override.expect ?? expect
            requests = override.requests ?? requests
        }
        self.faults = try faults.map { fault in
            var fault = fault
            fault.body = try fault.body.map(endpoint.fill)
            return fault
        }
        if case .error(var error) = expect {
            error.code = try error.code.map(endpoint.fill)
            error.parameter = try error.parameter.map(endpoint.fill)
            error.reasonContains = try error.reasonContains.map(endpoint.fill)
            expect = .error(error)
        } else if matrixCase.then == "same" {
            throw SetupError("\(matrixCase.name): \"then\": \"same\" needs an error to repeat")
        }
        self.expect = expect
        self.requests = requests
    }
}

/// One endpoint's typed call, its arguments by the API's names: Swift has no call by name, so
/// each endpoint of the matrix has its call here, on the blocking and on the async client.
struct MatrixCall: Sendable {
    let params: Set<String>
    let blocking: @Sendable (Seam, Arguments, Wait?) throws -> Void
    let awaiting: @Sendable (AsyncSeam, Arguments, Wait?) async throws -> Void
}

/// An endpoint's arguments by the API's names. A name the table does not give throws rather
/// than sending a default the table never asked for.
struct Arguments: Sendable {
    let values: [String: String]

    subscript(_ name: String) -> String {
        get throws {
            guard let value = values[name] else { throw SetupError("the matrix gives no \(name)") }
            return value
        }
    }
}

let matrixCalls: [String: MatrixCall] = [
    "acs.credentials.assign": MatrixCall(
        params: ["acs_user_id", "acs_credential_id"],
        blocking: { seam, a, _ in
            _ = try seam.acs.credentials.assign(acsUserId: a["acs_user_id"], acsCredentialId: a["acs_credential_id"])
        },
        awaiting: { seam, a, _ in
            _ = try await seam.acs.credentials.assign(acsUserId: a["acs_user_id"], acsCredentialId: a["acs_credential_id"])
        }),
    "acs.users.create": MatrixCall(
        params: ["acs_system_id", "full_name"],
        blocking: { seam, a, _ in
            _ = try seam.acs.users.create(fullName: a["full_name"], acsSystemId: a["acs_system_id"])
        },
        awaiting: { seam, a, _ in
            _ = try await seam.acs.users.create(fullName: a["full_name"], acsSystemId: a["acs_system_id"])
        }),
    "acs.users.get": MatrixCall(
        params: ["acs_user_id"],
        blocking: { seam, a, _ in _ = try seam.acs.users.get(acsUserId: a["acs_user_id"]) },
        awaiting: { seam, a, _ in _ = try await seam.acs.users.get(acsUserId: a["acs_user_id"]) }),
    "acs.users.list": MatrixCall(
        params: ["acs_system_id"],
        blocking: { seam, a, _ in _ = try seam.acs.users.list(acsSystemId: a["acs_system_id"]) },
        awaiting: { seam, a, _ in _ = try await seam.acs.users.list(acsSystemId: a["acs_system_id"]) }),
    "acs.encoders.encode_credential": MatrixCall(
        params: ["acs_encoder_id", "acs_credential_id"],
        blocking: { seam, a, wait in
            _ = try seam.acs.encoders.encodeCredential(
                acsEncoderId: a["acs_encoder_id"], acsCredentialId: a["acs_credential_id"],
                waitForActionAttempt: wait?.options)
        },
        awaiting: { seam, a, wait in
            _ = try await seam.acs.encoders.encodeCredential(
                acsEncoderId: a["acs_encoder_id"], acsCredentialId: a["acs_credential_id"],
                waitForActionAttempt: wait?.options)
        }),
    "acs.users.delete": MatrixCall(
        params: ["acs_user_id"],
        blocking: { seam, a, _ in try seam.acs.users.delete(acsUserId: a["acs_user_id"]) },
        awaiting: { seam, a, _ in try await seam.acs.users.delete(acsUserId: a["acs_user_id"]) }),
]

/// A client of the matrix: blocking (each call on a thread of its own) or async.
enum MatrixClient: Sendable {
    case seam(Seam)
    case asyncSeam(AsyncSeam)

    init(_ flavor: Flavor, endpoint: String, apiKey key: String, timeout: TimeInterval?, maxRetries: Int32?) throws {
        switch flavor {
        case .blocking:
            self = .seam(try Seam(
                apiKey: key, personalAccessToken: nil, workspaceId: nil, clientSessionToken: nil,
                endpoint: endpoint, timeout: timeout, maxRetries: maxRetries))
        case .async:
            self = .asyncSeam(try AsyncSeam(
                apiKey: key, personalAccessToken: nil, workspaceId: nil, clientSessionToken: nil,
                endpoint: endpoint, timeout: timeout, maxRetries: maxRetries))
        }
    }

    func call(_ endpoint: MatrixEndpoint, _ args: [String: String]) async throws {
        guard let call = matrixCalls[endpoint.operation] else {
            throw SetupError("no typed call for \(endpoint.operation)")
        }
        let (args, wait) = (Arguments(values: args), endpoint.wait)
        switch self {
        case .seam(let seam): try await blocking { try call.blocking(seam, args, wait) }
        case .asyncSeam(let seam): try await call.awaiting(seam, args, wait)
        }
    }
}

/// Runs one case on one endpoint and client and returns what differs from the matrix.
func run(_ matrixRun: MatrixRun, _ flavor: Flavor, on fake: FakeSeam) async throws -> [String] {
    let (matrixCase, endpoint) = (matrixRun.matrixCase, matrixRun.endpoint)
    try await fake.reset()
    let url: String
    switch matrixCase.endpoint {
    case nil: url = fake.url
    case "closed": url = try await closedPortURL()
    case let other?: return ["endpoint \(other) is not supported by the Swift tests"]
    }
    for fault in matrixRun.faults {
        try await fake.fault(try fault.object, onPath: endpoint.route)
    }
    let key = matrixCase.client?.apiKey ?? apiKey
    let client = try MatrixClient(
        flavor, endpoint: url, apiKey: key,
        timeout: matrixCase.client?.timeoutMs.map { TimeInterval($0) / 1000 },
        maxRetries: matrixCase.client?.maxRetries)
    var args = endpoint.params
    if let id = matrixCase.id { args[endpoint.id] = id.text }

    let started = DispatchTime.now()
    let result: Result<Void, Error>
    do {
        try await client.call(endpoint, args)
        result = .success(())
    } catch {
        result = .failure(error)
    }
    let elapsed = seconds(since: started)

    var problems: [String]
    switch (result, matrixRun.expect) {
    case (.success, .ok):
        problems = []
    case (.success, .error(let expected)):
        problems = ["expected \(expected.error), got an answer"]
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
    if elapsed > matrixCase.maxSeconds {
        problems.append(String(format: "took %.2fs, bound %gs", elapsed, matrixCase.maxSeconds))
    }
    if let min = matrixCase.minSeconds, elapsed < min {
        problems.append(String(format: "took %.2fs, at least %gs expected", elapsed, min))
    }
    let got = try await fake.count(path: endpoint.route)
    if got != matrixRun.requests {
        problems.append("\(got) requests reached \(endpoint.route), expected \(matrixRun.requests)")
    }

    // The client is usable after: the same call, on a fresh workspace without faults.
    try await fake.reset()
    do {
        try await client.call(endpoint, endpoint.params)
        if matrixCase.then == "same" { problems.append("then: expected the same error, got an answer") }
    } catch let again as SeamError {
        var first: String? = nil
        if case .failure(let error as SeamError) = result { first = ErrorFields(error).name }
        if matrixCase.then == "ok" || first != ErrorFields(again).name {
            let wanted = matrixCase.then == "ok" ? "success" : "the same error as the call"
            problems.append("then: expected \(wanted), got \(String(reflecting: again))")
        }
    }
    return problems.map { "\(matrixCase.name): \($0)" }
}

@Suite("the failure matrix (tests/matrix.json)")
struct MatrixTests {
    @Test("matrix cases on one endpoint", arguments: Matrix.swiftEndpoints(), Flavor.allCases)
    func matrixCases(_ endpoint: MatrixEndpoint, _ flavor: Flavor) async throws {
        if let problem = endpoint.problem {
            Issue.record("\(problem)")
            return
        }
        let runs = try Matrix.read().cases.filter { $0.scope != "rust" }.map { try MatrixRun($0, on: endpoint) }
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        var problems: [String] = []
        var failed = 0
        for matrixRun in runs {
            let found = try await run(matrixRun, flavor, on: fake)
            failed += found.isEmpty ? 0 : 1
            problems += found
        }
        // Swift Testing counts this test once for all its cases: the log says how many ran.
        print("matrix on \(endpoint.name) (\(flavor)): \(runs.count - failed) of \(runs.count) cases passed")
        #expect(runs.count >= 30)
        #expect(problems.isEmpty, "on \(endpoint.name) (\(flavor)):\n\(problems.joined(separator: "\n"))")
    }

    @Test("the matrix was read, refuses unknown keys, and has cases and endpoints for Swift")
    func matrixIsThere() throws {
        let matrix = try Matrix.read()
        let cases = matrix.cases.filter { $0.scope != "rust" }
        #expect(cases.count >= 30)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names are unique")
        #expect(cases.contains { $0.name == "input_truncated_uuid" })
        #expect(Set(matrix.endpoints.map(\.retry)) == retryClasses)
        // Every endpoint has its typed call, and every case resolves on it.
        for endpoint in matrix.endpoints {
            #expect(matrixCalls[endpoint.operation]?.params == Set(endpoint.params.keys), "\(endpoint.operation)")
            for matrixCase in cases { _ = try MatrixRun(matrixCase, on: endpoint) }
        }
        let okOnly = try #require(matrix.endpoints.first(where: { $0.answer == nil }))
        #expect(throws: SetupError.self) { try okOnly.fill("no \"{answer}\"") }
        // A key the structs do not know, at any depth, fails the decoding.
        let endpoint = #"{"name": "e", "operation": "o", "retry": "read", "params": {"x": "1"}, "id": "x", "answer": null, "answer_id": null}"#
        let good = #"{"about": "a", "endpoints": [\#(endpoint)], "cases": [{"name": "n", "description": "d", "faults": [{"status": 500}], "expect": {"error": "Api"}, "requests": 1, "max_seconds": 1, "by_endpoint": {"e": {"requests": 2}}}]}"#
        #expect(try JSONDecoder().decode(Matrix.self, from: Data(good.utf8)).cases.count == 1)
        let oneCase = #"{"about": "a", "endpoints": [\#(endpoint)], "cases": [{"name": "n", "description": "d", "requests": 0, "max_seconds": 1"#
        #expect(try JSONDecoder().decode(Matrix.self, from: Data((oneCase + #", "expect": "ok"}]}"#).utf8)).cases.count == 1)
        for bad in [
            #"{"about": "a", "endpoints": [], "cases": [], "extra": 1}"#,
            #"{"about": "a", "endpoints": [{"name": "e", "operation": "o", "retry": "read", "params": {"x": "1"}, "id": "x", "path": "/o"}], "cases": []}"#,
            #"{"about": "a", "endpoints": [{"name": "e", "operation": "o", "retry": "reads", "params": {"x": "1"}, "id": "x"}], "cases": []}"#,
            oneCase + #", "expect": "ok", "max_second": 5}]}"#,
            oneCase + #", "expect": "ok", "faults": [{"stauts": 500}]}]}"#,
            oneCase + #", "expect": {"error": "Api", "cod": "x"}}]}"#,
            oneCase + #", "expect": "ok", "client": {"timeout": 1}}]}"#,
            oneCase + #", "expect": "ok", "id": {"repeat": "3", "times": 2, "x": 0}}]}"#,
            oneCase + #", "expect": "ok", "by_retry": {"reads": {}}}]}"#,
            oneCase + #", "expect": "ok", "by_endpoint": {"e": {"request": 1}}}]}"#,
            oneCase + #", "expect": "ok", "by_endpoint": {"nope": {}}}]}"#,
            oneCase + #", "expect": "ok", "then": "maybe"}]}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(Matrix.self, from: Data(bad.utf8)) }
        }
    }
}
