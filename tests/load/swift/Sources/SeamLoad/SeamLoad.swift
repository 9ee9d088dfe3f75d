// Load driver of scripts/load for Swift: the calls of tests/load/workload.json on one AsyncSeam
// (the async API), from a task group that keeps `in_flight` of them running, against the
// fake-seam at $SEAM_LOAD_URL while tests/load/run.py injects faults. Speaks the protocol of
// tests/load/README.md on stdin/stdout (one JSON object a line).
import Foundation
import SeamCore

let apiKey = "seam_apikey1_token"  // fake-seam's seeded key

/// A call of the mix: (its index in the run, its index among the calls of its name).
typealias Call = @Sendable (Int, Int) async throws -> Void

/// How one call ended: its documented error kind ("ok" when it succeeded).
struct Outcome: Sendable {
    let kind: String
    let status: String?  // of an Api error
    let text: String?  // of an error that is not a SeamError
}

enum Event: Sendable {
    case finished(Int, Outcome)
    case deadline
}

struct Ready: Encodable {
    let ready = true
    let language = "swift"
    let pid: Int32
    let rssBeforeKib: Int
    enum CodingKeys: String, CodingKey { case ready, language, pid, rssBeforeKib = "rss_before_kib" }
}

struct Loaded: Encodable {
    let loaded = true
    let calls: Int
    let ok: Int
    let errors: [String: Int]
    let hung: Int
    let apiStatuses: [String: Int]
    let unexpected: [String]
    let byCall: [String: [String: Int]]
    let secs: Double
    enum CodingKeys: String, CodingKey {
        case loaded, calls, ok, errors, hung, unexpected, secs
        case apiStatuses = "api_statuses", byCall = "by_call"
    }
}

struct Done: Encodable {
    let done = true
    let usableAfter: Bool
    let usableError: String?
    let rssAfterKib: Int
    let made: [String: Int]
    enum CodingKeys: String, CodingKey {
        case done, made
        case usableAfter = "usable_after", usableError = "usable_error", rssAfterKib = "rss_after_kib"
    }

    // `usable_error` is written as null when there is none.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(done, forKey: .done)
        try c.encode(usableAfter, forKey: .usableAfter)
        try c.encode(usableError, forKey: .usableError)
        try c.encode(rssAfterKib, forKey: .rssAfterKib)
        try c.encode(made, forKey: .made)
    }
}

func reply<T: Encodable>(_ message: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    FileHandle.standardOutput.write(try encoder.encode(message) + Data("\n".utf8))
}

/// The next line of stdin, read on a thread of its own so that no task blocks.
func command(_ expected: String) async throws {
    let line = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
        Thread.detachNewThread { continuation.resume(returning: readLine()) }
    }
    guard line?.trimmingCharacters(in: .whitespaces) == expected else {
        throw LoadError("expected the command \(expected), got \(line ?? "end of input")")
    }
}

func rssKib() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        if let kib = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) }) {
            return kib
        }
    }
    throw LoadError("no VmRSS in /proc/self/status")
}

/// The documented kind of a `SeamError`, and the status of an `Api` one.
func describe(_ error: SeamError) -> (kind: String, status: String?) {
    switch error {
    case .InvalidInput: return ("InvalidInput", nil)
    case .Config: return ("Config", nil)
    case .Unauthorized: return ("Unauthorized", nil)
    case let .Api(statusCode, _, _, _, _): return ("Api", String(statusCode))
    case .InvalidResponse: return ("InvalidResponse", nil)
    case .Timeout: return ("Timeout", nil)
    case .Network: return ("Network", nil)
    case .ActionAttemptFailed: return ("ActionAttemptFailed", nil)
    case .ActionAttemptTimeout: return ("ActionAttemptTimeout", nil)
    }
}

func attempt(_ call: Call, _ i: Int, _ k: Int) async -> Outcome {
    do {
        try await call(i, k)
        return Outcome(kind: "ok", status: nil, text: nil)
    } catch let error as SeamError {
        let (kind, status) = describe(error)
        return Outcome(kind: kind, status: status, text: nil)
    } catch {  // not a documented error: the call is unaccounted for
        return Outcome(kind: "unexpected", status: nil, text: "\(type(of: error)): \(error)")
    }
}

func calls(_ seam: AsyncSeam, _ w: Workload, _ deleteTargets: [String]) -> [String: Call] {
    let ids = w.ids, limit = w.listLimit
    let credentials = seam.acs.credentials, users = seam.acs.users
    let entrances = seam.acs.entrances, encoders = seam.acs.encoders
    let sessions = seam.clientSessions, identities = seam.userIdentities
    return [
        "acs.credentials.create": { i, _ in
            _ = try await credentials.create(accessMethod: .code, acsUserId: ids.otherAcsUser, code: String(1000 + i))
        },
        "acs.credentials.get": { _, _ in _ = try await credentials.get(acsCredentialId: ids.pinCredential) },
        "acs.credentials.list": { _, _ in _ = try await credentials.list(acsUserId: ids.acsUser, limit: limit) },
        "acs.credentials.update": { _, _ in
            _ = try await credentials.update(acsCredentialId: ids.pinCredential, code: "2468")
        },
        "acs.credentials.assign": { _, _ in
            _ = try await credentials.assign(acsUserId: ids.acsUser, acsCredentialId: ids.mobileKeyCredential)
        },
        "acs.credentials.delete": { _, k in try await credentials.delete(acsCredentialId: deleteTargets[k]) },
        "acs.users.create": { i, _ in
            _ = try await users.create(fullName: "Load User \(i)", acsSystemId: ids.acsSystem)
        },
        "acs.users.get": { _, _ in _ = try await users.get(acsUserId: ids.acsUser) },
        "acs.users.list": { _, _ in _ = try await users.list(acsSystemId: ids.acsSystem, limit: limit) },
        "acs.entrances.unlock": { _, _ in
            _ = try await entrances.unlock(acsCredentialId: ids.pinCredential, acsEntranceId: ids.room101Entrance)
        },
        "acs.encoders.encode_credential": { _, _ in
            _ = try await encoders.encodeCredential(acsEncoderId: ids.acsEncoder, acsCredentialId: ids.visionlineCredential)
        },
        "client_sessions.create": { _, _ in _ = try await sessions.create(userIdentityId: ids.userIdentity) },
        "client_sessions.get": { _, _ in _ = try await sessions.get(clientSessionId: ids.clientSession) },
        "user_identities.create": { i, _ in _ = try await identities.create(fullName: "Load Identity \(i)") },
        "user_identities.get": { _, _ in _ = try await identities.get(userIdentityId: ids.userIdentity) },
        "user_identities.list": { _, _ in _ = try await identities.list(limit: limit) },
    ]
}

func run(_ w: Workload, url: String) async throws {
    let seam = try AsyncSeam(apiKey: apiKey, endpoint: url, timeout: w.client.timeoutS, maxRetries: w.client.maxRetries)
    var made: [String: Int] = [:]

    // Setup, before any fault: one credential for each delete of the mix (the client's worker
    // pool runs `in_flight` of them at once and queues the rest).
    let credentials = seam.acs.credentials
    let targets = w.count("acs.credentials.delete")
    made["acs.credentials.create", default: 0] += targets
    let otherUser = w.ids.otherAcsUser
    let deleteTargets = try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for k in 0..<targets {
            group.addTask {
                (k, try await credentials.create(accessMethod: .code, acsUserId: otherUser, code: String(5000 + k)).acsCredentialId)
            }
        }
        var ids = [String](repeating: "", count: targets)
        for try await (k, id) in group { ids[k] = id }
        return ids
    }
    let table = calls(seam, w, deleteTargets)
    let plan = w.order()
    let unknown = Set(plan).subtracting(table.keys)
    guard unknown.isEmpty else { throw LoadError("the Swift driver has no call \(unknown.sorted())") }
    var ordinals: [Int] = []
    var seen: [String: Int] = [:]
    for name in plan {
        ordinals.append(seen[name, default: 0])
        seen[name, default: 0] += 1
    }

    try reply(Ready(pid: ProcessInfo.processInfo.processIdentifier, rssBeforeKib: try rssKib()))
    try await command("go")

    var outcomes = [Outcome?](repeating: nil, count: plan.count)
    let deadline = UInt64(w.deadlineS * 1e9)
    let start = DispatchTime.now().uptimeNanoseconds
    var secs = 0.0
    await withTaskGroup(of: Event.self) { group in
        group.addTask {
            try? await Task.sleep(nanoseconds: deadline)
            return .deadline
        }
        var next = 0, finished = 0
        while next < min(w.inFlight, plan.count) {
            let (i, name, k) = (next, plan[next], ordinals[next])
            guard let call = table[name] else { break }
            made[name, default: 0] += 1
            group.addTask { .finished(i, await attempt(call, i, k)) }
            next += 1
        }
        while finished < plan.count, let event = await group.next() {
            guard case let .finished(index, outcome) = event else { break }  // the deadline: the rest hang
            outcomes[index] = outcome
            finished += 1
            if next < plan.count, let call = table[plan[next]] {
                let (i, name, k) = (next, plan[next], ordinals[next])
                made[name, default: 0] += 1
                group.addTask { .finished(i, await attempt(call, i, k)) }
                next += 1
            }
        }
        secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        group.cancelAll()  // the sleeper, and hung calls (a cancelled call returns at once)
    }

    var errors: [String: Int] = [:], apiStatuses: [String: Int] = [:]
    var byCall: [String: [String: Int]] = [:]
    var unexpected: [String] = []
    var ok = 0
    for (i, outcome) in outcomes.enumerated() {
        guard let outcome else { continue }
        byCall[plan[i], default: [:]][outcome.kind, default: 0] += 1
        if outcome.kind == "ok" {
            ok += 1
            continue
        }
        errors[outcome.kind, default: 0] += 1
        if let status = outcome.status { apiStatuses[status, default: 0] += 1 }
        if !w.errorKinds.contains(outcome.kind) {
            unexpected.append("\(plan[i]): \(outcome.kind): \(outcome.text ?? "")")
        }
    }
    try reply(Loaded(
        calls: plan.count, ok: ok, errors: errors, hung: outcomes.filter { $0 == nil }.count,
        apiStatuses: apiStatuses, unexpected: Array(unexpected.prefix(20)), byCall: byCall, secs: secs))

    try await command("check")
    made["acs.credentials.get", default: 0] += 1
    var usableError: String? = nil
    do {
        let credential = try await credentials.get(acsCredentialId: w.ids.pinCredential)
        if credential.acsCredentialId != w.ids.pinCredential { usableError = "get answered another credential" }
    } catch {
        usableError = "\(type(of: error)): \(error)"
    }
    try reply(Done(usableAfter: usableError == nil, usableError: usableError, rssAfterKib: try rssKib(), made: made))
}

@main
struct SeamLoad {
    static func main() async {
        let env = ProcessInfo.processInfo.environment
        do {
            guard let path = env["SEAM_LOAD_WORKLOAD"], let url = env["SEAM_LOAD_URL"] else {
                throw LoadError("set SEAM_LOAD_WORKLOAD and SEAM_LOAD_URL")
            }
            try await run(try Workload.load(path: path), url: url)
        } catch {
            FileHandle.standardError.write(Data("seam-load-swift: \(error)\n".utf8))
            exit(1)
        }
    }
}
