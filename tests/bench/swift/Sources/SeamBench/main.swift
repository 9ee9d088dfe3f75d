// Benchmark driver for scripts/bench: the Swift binding (SeamCore) against the fake-seam at
// $SEAM_BENCH_URL, speaking the driver protocol of tests/bench/README.md on stdin/stdout.
//
// Variants of `run` and `calls`: `docs` is the docs' spelling, `seam.acs.credentials.assign(…)`
// on every call; `hoisted` keeps `let credentials = seam.acs.credentials`. `bulk N C async`
// awaits N assigns of an AsyncSeam from a task group that keeps C of them in flight (a call
// that throws is counted, not retried). `walk SECS LIMIT`, `walk-pages LIMIT PAGES PAUSE_MS`
// and `walk-memory LIMIT` walk the credentials with `seam.acs.credentials.listAll(limit:)`,
// reading each one's id (see tests/bench/README.md).
import Foundation
import SeamCore

let apiKey = "seam_apikey1_token"
let acsUser = "33333333-3333-3333-3333-333333333333"
let acsCredential = "66666666-6666-6666-6666-666666666666"

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

func rssKib() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
        return nil
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            .flatMap { Int($0) }
    }
    return nil
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// One protocol line, written at once (no stdio buffering to flush).
func reply(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func verify(_ credential: AcsCredential) throws {
    guard credential.acsCredentialId == acsCredential, credential.acsUserId == acsUser else {
        throw BenchError(description: "assign returned another credential")
    }
}

struct BulkOutcome {
    var secs: Double = 0
    var failed = 0
    var error: String? = nil
}

/// `n` assigns on a new AsyncSeam, `inFlight` at a time: the seconds they took, and the calls
/// that threw.
func bulk(url: String, n: Int, inFlight: Int) async throws -> BulkOutcome {
    let seam = try AsyncSeam(apiKey: apiKey, endpoint: url)
    let start = now()
    var outcome = BulkOutcome()
    @Sendable func one() async -> String? {
        do {
            try verify(await seam.acs.credentials.assign(acsUserId: acsUser, acsCredentialId: acsCredential))
            return nil
        } catch {
            return "\(error)"
        }
    }
    await withTaskGroup(of: String?.self) { group in
        var started = 0
        while started < min(inFlight, n) {
            group.addTask { await one() }
            started += 1
        }
        while let result = await group.next() {
            if let error = result {
                outcome.failed += 1
                if outcome.error == nil { outcome.error = error }
            }
            if started < n {
                group.addTask { await one() }
                started += 1
            }
        }
    }
    outcome.secs = Double(now() - start) / 1e9
    return outcome
}

/// Where the bulk task leaves its outcome for the blocked driver loop.
final class Outcome: @unchecked Sendable {
    var result: Result<BulkOutcome, Error> = .failure(BenchError(description: "no result"))
}

/// Every credential, `limit` a page; `each` gets each one's id and stops the walk with false.
func walk(_ seam: Seam, limit: Int, _ each: (String) -> Bool) throws -> Int {
    var items = 0
    for result in try seam.acs.credentials.listAll(limit: Int32(limit)) {
        let credential = try result.get()
        guard !credential.acsCredentialId.isEmpty else {
            throw BenchError(description: "a credential without an id")
        }
        items += 1
        if !each(credential.acsCredentialId) { break }
    }
    return items
}

func jsonText(_ value: String?) -> String {
    guard let value else { return "null" }
    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: " ")
    return "\"\(escaped)\""
}

/// Runs `bulk` on Swift's concurrency executor and waits for it on this (the main) thread.
func bulkBlocking(url: String, n: Int, inFlight: Int) throws -> BulkOutcome {
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            outcome.result = .success(try await bulk(url: url, n: n, inFlight: inFlight))
        } catch {
            outcome.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try outcome.result.get()
}

func runDriver() throws {
    guard let url = ProcessInfo.processInfo.environment["SEAM_BENCH_URL"] else {
        throw BenchError(description: "set SEAM_BENCH_URL")
    }
    let seam = try Seam(apiKey: apiKey, endpoint: url)
    let credentials = seam.acs.credentials
    let variants: [String: () throws -> Void] = [
        "docs": { try verify(seam.acs.credentials.assign(acsUserId: acsUser, acsCredentialId: acsCredential)) },
        "hoisted": { try verify(credentials.assign(acsUserId: acsUser, acsCredentialId: acsCredential)) },
    ]
    func variant(_ words: [Substring], _ at: Int) throws -> () throws -> Void {
        let name = words.count > at ? String(words[at]) : "docs"
        guard let call = variants[name] else { throw BenchError(description: "unknown variant \(name)") }
        return call
    }
    for call in variants.values { try call() }
    reply("{\"ready\": true, \"contender\": \"swift\", \"pid\": \(ProcessInfo.processInfo.processIdentifier)}")
    while let line = readLine() {
        let words = line.split(separator: " ")
        switch words.first {
        case "run":
            let call = try variant(words, 2)
            let budget = UInt64((Double(words[1]) ?? 0) * 1e9)
            var calls = 0
            let start = now()
            var elapsed: UInt64 = 0
            repeat {
                try call()
                calls += 1
                elapsed = now() - start
            } while elapsed < budget
            reply("{\"calls\": \(calls), \"secs\": \(Double(elapsed) / 1e9)}")
        case "calls":
            let call = try variant(words, 2)
            let n = Int(words[1]) ?? 0
            let before = rssKib().map(String.init) ?? "null"
            let start = now()
            for _ in 0..<n { try call() }
            let secs = Double(now() - start) / 1e9
            let after = rssKib().map(String.init) ?? "null"
            reply("{\"calls\": \(n), \"secs\": \(secs), \"rss_before_kib\": \(before), \"rss_after_kib\": \(after)}")
        case "bulk":
            guard words.count == 4, words[3] == "async", let n = Int(words[1]), let inFlight = Int(words[2]) else {
                throw BenchError(description: "usage: bulk N C async")
            }
            let outcome = try bulkBlocking(url: url, n: n, inFlight: inFlight)
            reply("{\"calls\": \(n - outcome.failed), \"failed\": \(outcome.failed), \"error\": \(jsonText(outcome.error)), \"secs\": \(outcome.secs)}")
        case "walk":
            let budget = UInt64((Double(words[1]) ?? 0) * 1e9)
            let limit = Int(words[2]) ?? 500
            var items = 0, walks = 0
            let start = now()
            repeat {
                items += try walk(seam, limit: limit) { _ in true }
                walks += 1
            } while now() - start < budget
            reply("{\"items\": \(items), \"walks\": \(walks), \"secs\": \(Double(now() - start) / 1e9)}")
        case "walk-pages":
            let limit = Int(words[1]) ?? 100, pages = Int(words[2]) ?? 20
            let pause = Double(words[3]) ?? 100
            var seen = 0
            let start = now()
            let items = try walk(seam, limit: limit) { _ in
                seen += 1
                if seen % limit == 0 { Thread.sleep(forTimeInterval: pause / 1000) }
                return seen < pages * limit
            }
            guard items == pages * limit else {
                throw BenchError(description: "walked \(items) credentials, \(pages * limit) expected")
            }
            reply("{\"items\": \(items), \"secs\": \(Double(now() - start) / 1e9)}")
        case "walk-memory":
            let limit = Int(words[1]) ?? 500
            let before = rssKib() ?? 0
            var largest = before, seen = 0
            let start = now()
            let items = try walk(seam, limit: limit) { _ in
                seen += 1
                if seen % limit == 0 { largest = max(largest, rssKib() ?? 0) }
                return true
            }
            let secs = Double(now() - start) / 1e9
            let after = rssKib() ?? 0
            reply("{\"items\": \(items), \"secs\": \(secs), \"rss_before_kib\": \(before), \"rss_max_kib\": \(max(largest, after)), \"rss_after_kib\": \(after)}")
        case "quit":
            return
        default:
            throw BenchError(description: "unknown command \(line)")
        }
    }
}

do {
    try runDriver()
} catch {
    FileHandle.standardError.write("seam-bench-swift: \(error)\n".data(using: .utf8)!)
    exit(1)
}
