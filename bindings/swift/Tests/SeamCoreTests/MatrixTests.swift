// The failure matrix (tests/matrix.json, path in SEAM_MATRIX), one named test argument per
// case, with the semantics of core/tests/matrix.rs: faults queued on the assign route before
// the call, client options (timeout_ms, max_retries, api_key), call overrides (a string or
// {"repeat": s, "times": n}), "endpoint": "closed", the expected error case and fields, the
// number of assign requests that reached the server, the call's duration bounds, and no
// error text holding the API key. Cases with "scope": "rust" are left to Rust.

import Foundation
import SeamCore
import Testing

/// One case of the matrix: its name and its JSON object (kept as text, so that it is
/// Sendable), or why the matrix could not be read.
struct MatrixCase: Sendable, CustomTestStringConvertible {
    let name: String
    let json: Data
    var problem: String? = nil
    var testDescription: String { name }

    static func load() -> [MatrixCase] {
        do {
            let path = try requiredEnv("SEAM_MATRIX")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let matrix = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let cases = matrix["cases"] as? [[String: Any]], !cases.isEmpty
            else { throw SetupError("\(path) has no \"cases\"") }
            return try cases.filter { ($0["scope"] as? String) != "rust" }.map { object in
                guard let name = object["name"] as? String else {
                    throw SetupError("a matrix case has no name: \(object)")
                }
                return MatrixCase(name: name, json: try JSONSerialization.data(withJSONObject: object))
            }
        } catch {
            // Fail (never skip) when the matrix is missing.
            return [MatrixCase(name: "matrix unavailable", json: Data("{}".utf8), problem: "\(error)")]
        }
    }
}

/// The matrix's name of an error case and its fields.
struct ErrorFields {
    var name: String
    var statusCode: UInt16?
    var code: String?
    var reason: String?
    var parameter: String?
    var requestId: String??
    var validationErrors: [String: [String]]?

    init(_ error: SeamError) {
        switch error {
        case let .InvalidInput(parameter, reason):
            self.init(name: "InvalidInput", reason: reason, parameter: parameter)
        case let .Config(reason):
            self.init(name: "Config", reason: reason)
        case let .Unauthorized(requestId):
            self.init(name: "Unauthorized", requestId: .some(requestId))
        case let .Api(statusCode, code, reason, requestId, validationErrors):
            self.init(
                name: "Api", statusCode: statusCode, code: code, reason: reason,
                requestId: .some(requestId), validationErrors: validationErrors)
        case let .InvalidResponse(statusCode, reason, requestId):
            self.init(name: "InvalidResponse", statusCode: statusCode, reason: reason, requestId: .some(requestId))
        case let .Timeout(reason):
            self.init(name: "Timeout", reason: reason)
        case let .Network(reason):
            self.init(name: "Network", reason: reason)
        }
    }

    private init(
        name: String, statusCode: UInt16? = nil, code: String? = nil, reason: String? = nil,
        parameter: String? = nil, requestId: String?? = nil,
        validationErrors: [String: [String]]? = nil
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

/// A call argument: a string, or {"repeat": s, "times": n}.
func textArgument(_ value: Any) throws -> String {
    if let text = value as? String { return text }
    guard let spec = value as? [String: Any], let unit = spec["repeat"] as? String,
        let times = integer(spec["times"])
    else { throw SetupError("bad call argument \(value)") }
    return String(repeating: unit, count: times)
}

/// Checks one error against the case's expectations; returns what differs.
func check(_ error: SeamError, against expect: [String: Any], secrets: [String]) -> [String] {
    let fields = ErrorFields(error)
    guard fields.name == expect["error"] as? String else {
        return ["expected \(expect["error"] ?? "?"), got \(String(reflecting: error))"]
    }
    var problems: [String] = []
    func check(_ ok: Bool, _ what: String) {
        if !ok { problems.append("\(what) differs in \(String(reflecting: error))") }
    }
    if let expected = expect["status_code"] {
        check(fields.statusCode.map(Int.init) == integer(expected), "status_code")
    }
    if let expected = expect["code"] {
        check(fields.code == expected as? String, "code")
    }
    if let expected = expect["parameter"] {
        check(fields.parameter == expected as? String, "parameter")
    }
    if let needle = expect["reason_contains"] as? String {
        check(fields.reason?.contains(needle) == true, "reason (should contain \(needle.debugDescription))")
    }
    if (expect["request_id"] as? Bool) == true {
        check(fields.requestId??.isEmpty == false, "request_id")
    }
    if let expected = expect["validation_errors"] {
        check(fields.validationErrors == expected as? [String: [String]], "validation_errors")
    }
    // The error's text, every way Swift shows it, is the Display sentence and holds no secret.
    check(error.description == display(error), "description (not the core's Display)")
    check(error.localizedDescription == error.description, "localizedDescription")
    for text in [error.description, error.localizedDescription, "\(error)", String(reflecting: error)] {
        for secret in secrets where text.contains(secret) {
            problems.append("error text holds the API key: \(text)")
        }
    }
    return problems
}

/// Runs one case (blocking) and returns what differs from the matrix.
func run(_ matrixCase: MatrixCase) throws -> [String] {
    if let problem = matrixCase.problem { return [problem] }
    guard let c = try JSONSerialization.jsonObject(with: matrixCase.json) as? [String: Any] else {
        return ["case is not an object"]
    }
    let fake = try FakeSeam()
    defer { fake.stop() }
    let endpoint: String
    switch c["endpoint"] as? String {
    case nil: endpoint = fake.url
    case "closed": endpoint = try closedPortURL()
    case let other?: return ["endpoint \(other) is not supported by the Swift tests"]
    }
    for fault in c["faults"] as? [[String: Any]] ?? [] {
        try fake.fault(fault)
    }
    let options = c["client"] as? [String: Any] ?? [:]
    let key = options["api_key"] as? String ?? apiKey
    let seam = try Seam(
        apiKey: key, endpoint: endpoint,
        timeout: integer(options["timeout_ms"]).map { TimeInterval($0) / 1000 },
        maxRetries: integer(options["max_retries"]).map { UInt32($0) })
    let call = c["call"] as? [String: Any] ?? [:]
    let user = try call["acs_user_id"].map(textArgument) ?? docsUser
    let credential = try call["acs_credential_id"].map(textArgument) ?? docsCredential

    let started = DispatchTime.now()
    let result = Result { try seam.acs.credentials.assign(acsUserId: user, acsCredentialId: credential) }
    let elapsed = seconds(since: started)

    var problems: [String]
    switch (result, c["expect"]) {
    case (.success, let expect as String) where expect == "ok":
        problems = []
    case (.success(let got), let expect):
        problems = ["expected \(expect ?? "?"), got \(got)"]
    case (.failure(let error), is String):
        problems = ["expected success, got \(String(reflecting: error))"]
    case (.failure(let error as SeamError), let expect as [String: Any]):
        problems = check(error, against: expect, secrets: Array(Set([apiKey, key])))
    case (.failure(let error), _):
        problems = ["not a SeamError: \(error)"]
    }
    if let max = double(c["max_seconds"]), elapsed > max {
        problems.append(String(format: "took %.2fs, bound %gs", elapsed, max))
    }
    if let min = double(c["min_seconds"]), elapsed < min {
        problems.append(String(format: "took %.2fs, at least %gs expected", elapsed, min))
    }
    if let expected = integer(c["requests"]) {
        let got = try fake.assignCount()
        if got != expected {
            problems.append("\(got) requests reached the server, expected \(expected)")
        }
    }
    return problems
}

@Suite("the failure matrix (tests/matrix.json)")
struct MatrixTests {
    @Test("matrix case", arguments: MatrixCase.load())
    func matrixCase(_ matrixCase: MatrixCase) async throws {
        let problems = try await blocking { try run(matrixCase) }
        #expect(problems.isEmpty, "\(matrixCase.name): \(problems.joined(separator: "; "))")
    }

    @Test("the matrix was read and has cases for Swift")
    func matrixIsThere() {
        let cases = MatrixCase.load()
        #expect(cases.allSatisfy { $0.problem == nil }, "\(cases.compactMap(\.problem))")
        #expect(cases.count >= 20)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names are unique")
        #expect(cases.contains { $0.name == "input_truncated_uuid" })
    }
}
