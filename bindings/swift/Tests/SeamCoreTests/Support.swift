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
let workspaceId = "00000000-0000-0000-0000-000000000000"
/// The ACS user and credential of the API docs' example.
let docsUser = "33333333-3333-3333-3333-333333333333"
let docsCredential = "66666666-6666-6666-6666-666666666666"
let otherUser = "44444444-4444-4444-4444-444444444444"
let unknownId = "12345678-1234-1234-1234-123456789012"
let assignRoute = "/acs/credentials/assign"

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
        if process.isRunning {
            // SIGKILL, not Process.terminate()'s SIGTERM: on Linux the child inherits the
            // signal mask of the thread that spawned it, and threads of libdispatch and Swift
            // concurrency block SIGTERM, so a SIGTERM would never arrive.
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        if let pidFile {
            try? FileManager.default.removeItem(atPath: pidFile)
        }
    }

    deinit { stop() }

    /// A client of this fake; the API key unless told otherwise.
    func client(
        apiKey key: String? = apiKey, personalAccessToken pat: String? = nil,
        workspaceId workspace: String? = nil, timeout: TimeInterval? = nil, maxRetries: UInt32? = nil
    ) throws -> Seam {
        try Seam(
            apiKey: key, personalAccessToken: pat, workspaceId: workspace, endpoint: url,
            timeout: timeout, maxRetries: maxRetries)
    }

    /// Queues a fault on the assign route (`POST /_fake/faults`).
    func fault(_ fault: [String: Any]) throws {
        var fault = fault
        fault["route"] = assignRoute
        let body = try JSONSerialization.data(withJSONObject: fault)
        let (status, answer) = try http("POST", "\(url)/_fake/faults", body: body)
        guard status == 200 else {
            throw SetupError("fault \(fault) refused: HTTP \(status) \(String(decoding: answer, as: UTF8.self))")
        }
    }

    /// `GET /_fake/requests`: request counts per route and the last request.
    func requests() throws -> [String: Any] {
        let (status, body) = try http("GET", "\(url)/_fake/requests")
        guard status == 200, let json = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw SetupError("GET /_fake/requests failed: HTTP \(status)")
        }
        return json
    }

    /// How many assign requests (any method) reached the fake.
    func assignCount() throws -> Int {
        let counts = try requests()["counts"] as? [String: Any] ?? [:]
        return ["POST", "PATCH"].reduce(0) { sum, method in
            sum + (integer(counts["\(method) \(assignRoute)"]) ?? 0)
        }
    }

    /// The last request the fake received (method, path, lower-case headers, body).
    func lastRequest() throws -> [String: Any] {
        guard let last = try requests()["last"] as? [String: Any] else {
            throw SetupError("fake-seam has received no request")
        }
        return last
    }
}

/// A URL on loopback where nothing listens: a fake-seam's, after it stopped.
func closedPortURL() throws -> String {
    let fake = try FakeSeam()
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

/// A timestamp as the bindings build it from the core (whole seconds, then the fraction),
/// so that `Date`s compare exactly. `text` is RFC 3339 in UTC with milliseconds.
func ts(_ text: String) -> Date {
    let parts = text.dropLast().split(separator: ".")  // "2024-04-12T03:56:22", "396"
    let formatter = ISO8601DateFormatter()
    guard let whole = formatter.date(from: "\(parts[0])Z") else {
        preconditionFailure("bad timestamp \(text)")
    }
    let millis = parts.count > 1 ? Double(parts[1])! : 0
    return Date(timeIntervalSince1970: whole.timeIntervalSince1970)
        .addingTimeInterval(millis * 1_000_000 / 1.0e9)
}

/// Seconds elapsed, monotonic.
func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1.0e9
}
