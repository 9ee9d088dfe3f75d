// Benchmark driver for scripts/bench: the Swift binding (SeamCore) against the fake-seam at
// $SEAM_BENCH_URL, speaking the driver protocol of tests/bench/README.md on stdin/stdout.
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

func runDriver() throws {
    guard let url = ProcessInfo.processInfo.environment["SEAM_BENCH_URL"] else {
        throw BenchError(description: "set SEAM_BENCH_URL")
    }
    let seam = try Seam(apiKey: apiKey, endpoint: url)
    let credentials = seam.acs.credentials
    func call() throws {
        let credential = try credentials.assign(acsUserId: acsUser, acsCredentialId: acsCredential)
        guard credential.acsCredentialId == acsCredential else {
            throw BenchError(description: "assign returned another credential")
        }
    }
    try call()
    reply("{\"ready\": true, \"contender\": \"swift\", \"pid\": \(ProcessInfo.processInfo.processIdentifier)}")
    while let line = readLine() {
        let words = line.split(separator: " ")
        switch words.first {
        case "run":
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
            let n = Int(words[1]) ?? 0
            let before = rssKib().map(String.init) ?? "null"
            let start = now()
            for _ in 0..<n { try call() }
            let secs = Double(now() - start) / 1e9
            let after = rssKib().map(String.init) ?? "null"
            reply("{\"calls\": \(n), \"secs\": \(secs), \"rss_before_kib\": \(before), \"rss_after_kib\": \(after)}")
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
