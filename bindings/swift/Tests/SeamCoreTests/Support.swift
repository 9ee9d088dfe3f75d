// Test support: a fake-seam server per test, its control endpoints, and helpers.
//
// The tests need two environment variables, which scripts/test-swift sets:
//   SEAM_FAKE_SEAM_BIN  the fake-seam binary (target/debug/fake-seam)
//   SEAM_MATRIX         the failure matrix (tests/matrix.json)
// Without them the tests fail (they never skip): a suite that did not run must not pass.
// Optional: SEAM_FAKE_PID_DIR (a directory where each running fake leaves a pid file, so the
// script can stop servers a crashed test run left behind), SEAM_FAKE_LOG=1 (show the fake's
// request log on stderr).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SeamCore

// The seed of tests/fake-seam/src/seed.json.
let apiKey = "seam_apikey1_token"
let personalAccessToken = "seam_at1_token"
let clientSessionToken = "seam_cst1_token"
let workspaceId = "00000000-0000-0000-0000-000000000000"
let mainBuilding = "11111111-1111-1111-1111-111111111111"
let annex = "12121212-1212-1212-1212-121212121212"
let connectedAccount = "22222222-2222-2222-2222-222222222222"
/// Jane, the user of the API docs' example, and her user identity.
let docsUser = "33333333-3333-3333-3333-333333333333"
let janeIdentity = "55555555-5555-5555-5555-555555555555"
/// John, and Sam (a user identity without an ACS user).
let otherUser = "44444444-4444-4444-4444-444444444444"
let samIdentity = "56565656-5656-5656-5656-565656565656"
let lobby = "aaaaaaaa-0000-0000-0000-000000000001"
let room101 = "aaaaaaaa-0000-0000-0000-000000000002"
let gym = "aaaaaaaa-0000-0000-0000-000000000003"
/// The credential of the API docs' example: a multi-phone sync mobile key.
let docsCredential = "66666666-6666-6666-6666-666666666666"
let futureCredential = "77777777-7777-7777-7777-777777777777"
let pinCredential = "88888888-8888-8888-8888-888888888888"
let visionlineCredential = "99999999-9999-9999-9999-999999999999"
let vostioCredential = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
let warningsCredential = "b1b1b1b1-b1b1-b1b1-b1b1-b1b1b1b1b1b1"
let cloudKeyCredential = "c1c1c1c1-c1c1-c1c1-c1c1-c1c1c1c1c1c1"
let akilesCredential = "a1a1a1a1-a1a1-a1a1-a1a1-a1a1a1a1a1a1"
let oddValuesCredential = "d1d1d1d1-d1d1-d1d1-d1d1-d1d1d1d1d1d1"
/// Every credential of the seed, newest first (the order of `list`).
let seededCredentials = [
    oddValuesCredential, akilesCredential, cloudKeyCredential, warningsCredential,
    futureCredential, vostioCredential, visionlineCredential, pinCredential, docsCredential,
]
/// Jane's credentials: hers by ACS user (8888, b1b1) or by user identity (a1a1).
let janesCredentials: Set = [pinCredential, warningsCredential, akilesCredential]
let unknownId = "12345678-1234-1234-1234-123456789012"
let truncatedId = "66666666-6666-6666-6666-66666666"

/// The routes of `/acs/credentials/*`.
enum Route: String, CaseIterable, Sendable {
    case assign = "/acs/credentials/assign"
    case unassign = "/acs/credentials/unassign"
    case create = "/acs/credentials/create"
    case get = "/acs/credentials/get"
    case list = "/acs/credentials/list"
    case listAccessibleEntrances = "/acs/credentials/list_accessible_entrances"
    case update = "/acs/credentials/update"
    case delete = "/acs/credentials/delete"
}

struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func requiredEnv(_ name: String) throws -> String {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
        throw SetupError("\(name) is not set: run the Swift tests through scripts/test-swift")
    }
    return value
}

/// A fake-seam process on a free loopback port, stopped by `stop()` or when released.
final class FakeSeam: @unchecked Sendable {
    let url: String
    private let process: Process
    private let pidFile: String?
    private let lock = NSLock()
    private var stopped = false

    init() throws {
        let binary = try requiredEnv("SEAM_FAKE_SEAM_BIN")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = FileHandle.nullDevice
        // The fake logs every request on stderr; nobody reads a pipe, so don't use one.
        if ProcessInfo.processInfo.environment["SEAM_FAKE_LOG"] != "1" {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        self.process = process

        // The base URL is alone on the first line of stdout.
        var output = Data()
        while !output.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
        }
        let firstLine = String(decoding: output, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        url = firstLine.trimmingCharacters(in: .whitespaces)

        if let dir = ProcessInfo.processInfo.environment["SEAM_FAKE_PID_DIR"], !dir.isEmpty {
            let file = "\(dir)/\(process.processIdentifier)"
            _ = FileManager.default.createFile(atPath: file, contents: Data())
            pidFile = file
        } else {
            pidFile = nil
        }
        guard url.hasPrefix("http://127.0.0.1:") else {
            stop()
            throw SetupError("fake-seam (\(binary)) did not print its URL; got \(firstLine.debugDescription)")
        }
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        // SIGKILL, not Process.terminate()'s SIGTERM: on Linux the child inherits the signal
        // mask of the thread that spawned it, and threads of libdispatch and Swift concurrency
        // block SIGTERM, so a SIGTERM would never arrive. Reaped with waitpid, not
        // waitUntilExit(): Foundation on Linux marks the process ended on the run loop of the
        // thread that started it, which (a `blocking` thread, gone) never runs again.
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        if let pidFile {
            try? FileManager.default.removeItem(atPath: pidFile)
        }
    }

    deinit { stop() }

    /// Starts a fake off Swift's cooperative pool (starting a process blocks its thread).
    static func start() async throws -> FakeSeam {
        try await blocking { try FakeSeam() }
    }

    /// Queues a fault (`POST /_fake/faults`) on `route` (the assign route unless told).
    func fault(_ fault: [String: Any], on route: Route = .assign) async throws {
        try await self.fault(fault, onPath: route.rawValue)
    }

    /// Queues a fault on any path, one the fake serves or not.
    func fault(_ fault: [String: Any], onPath path: String) async throws {
        let fault = try JSONSerialization.data(withJSONObject: fault)
        try await blocking { try self.syncFault(fault, on: path) }
    }

    private func syncFault(_ faultJSON: Data, on path: String) throws {
        guard var fault = try JSONSerialization.jsonObject(with: faultJSON) as? [String: Any] else {
            throw SetupError("a fault is a JSON object")
        }
        fault["route"] = path
        let body = try JSONSerialization.data(withJSONObject: fault)
        let (status, answer) = try http("POST", "\(url)/_fake/faults", body: body)
        guard status == 200 else {
            throw SetupError("fault \(fault) refused: HTTP \(status) \(String(decoding: answer, as: UTF8.self))")
        }
    }

    /// `GET /_fake/requests`: request counts per method and route, and the last request.
    func requests() async throws -> [String: Any] {
        let (status, body) = try await blocking { try http("GET", "\(self.url)/_fake/requests") }
        guard status == 200, let json = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw SetupError("GET /_fake/requests failed: HTTP \(status)")
        }
        return json
    }

    /// How many requests (any method) reached `route`, or every route when `nil`.
    func count(_ route: Route? = nil) async throws -> Int {
        try await count(path: route?.rawValue)
    }

    /// How many requests (any method) reached `path`, a route of any namespace, or every
    /// route when `nil`.
    func count(path: String?) async throws -> Int {
        let counts = try await requests()["counts"] as? [String: Any] ?? [:]
        return counts.reduce(0) { sum, entry in
            let reached = entry.key.split(separator: " ").last.map(String.init)
            return path == nil || reached == path ? sum + (integer(entry.value) ?? 0) : sum
        }
    }

    /// `POST /_fake/reset`: the seed, no faults, an empty request log.
    func reset() async throws {
        let (status, _) = try await blocking { try http("POST", "\(self.url)/_fake/reset", body: Data()) }
        guard status == 200 else { throw SetupError("POST /_fake/reset failed: HTTP \(status)") }
    }

    /// The last request the fake received (method, path, target, lower-case headers, body).
    func lastRequest() async throws -> [String: Any] {
        guard let last = try await requests()["last"] as? [String: Any] else {
            throw SetupError("fake-seam has received no request")
        }
        return last
    }
}

/// A URL on loopback where nothing listens: a fake-seam's, after it stopped.
func closedPortURL() async throws -> String {
    let fake = try await FakeSeam.start()
    fake.stop()
    return fake.url
}

/// A small synchronous HTTP call for the fake's control endpoints.
func http(_ method: String, _ url: String, body: Data? = nil) throws -> (Int, Data) {
    final class Outcome: @unchecked Sendable {
        var result: Result<(Int, Data), Error> = .failure(SetupError("no answer"))
    }
    guard let target = URL(string: url) else { throw SetupError("bad URL \(url)") }
    var request = URLRequest(url: target, timeoutInterval: 30)
    request.httpMethod = method
    if let body {
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.connectionProxyDictionary = [:]
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    session.dataTask(with: request) { data, response, error in
        if let error {
            outcome.result = .failure(error)
        } else {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            outcome.result = .success((status, data ?? Data()))
        }
        done.signal()
    }.resume()
    done.wait()
    return try outcome.result.get()
}

/// Runs blocking work (FFI calls that may wait for seconds, semaphores) on a thread of its
/// own, so that it never ties up a thread of Swift concurrency's small cooperative pool
/// (which runs the tests side by side).
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A JSON number as an Int (JSONSerialization gives Int, Double or NSNumber).
func integer(_ value: Any?) -> Int? {
    switch value {
    case let v as Int: return v
    case let v as Double: return Int(exactly: v)
    case let v as NSNumber: return v.intValue
    default: return nil
    }
}

/// A JSON number as a Double.
func double(_ value: Any?) -> Double? {
    switch value {
    case let v as Double: return v
    case let v as Int: return Double(v)
    case let v as NSNumber: return v.doubleValue
    default: return nil
    }
}

/// Parses JSON text (the core's `unknownFields`/`otherMetadata` values, request bodies).
func json(_ text: String) throws -> NSObject {
    guard let value = try JSONSerialization.jsonObject(
        with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject
    else { throw SetupError("not JSON: \(text)") }
    return value
}

/// Seconds elapsed, monotonic.
func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1.0e9
}

extension FakeSeam {
    /// The JSON body of the last request, as an object.
    func lastBody() async throws -> [String: Any] {
        guard let text = try await lastRequest()["body"] as? String,
            let body = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { throw SetupError("the last request has no JSON object as its body") }
        return body
    }
}
