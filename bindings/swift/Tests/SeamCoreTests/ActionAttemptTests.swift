// Calls that answer an action attempt wait for it by default, blocking and awaited: the encoded
// credential comes back; a failing encoder throws `ActionAttemptFailed`, a stuck one
// `ActionAttemptTimeout`, both carrying the attempt; not waiting returns it pending; a 429
// while polling is retried; a wait that would never end is refused before anything is sent.
// Serialized: several tests bound how long a wait takes, and the machine has two cores.

import Foundation
import SeamCore
import Testing

let encoder = "ecececec-ecec-ecec-ecec-ecececececec"
let pollPath = "/action_attempts/get"
let encodePath = "/acs/encoders/encode_credential"

/// The calls these tests make, awaited whichever client is behind them.
protocol Attempts: Sendable {
    func newCard() async throws -> AcsCredential
    func encode(_ acsCredentialId: String, wait: WaitOptions?) async throws -> ActionAttempt
    func failNextEncode() async throws
    func get(_ actionAttemptId: String) async throws -> ActionAttempt
    func credential(_ acsCredentialId: String) async throws -> AcsCredential
}

struct BlockingAttempts: Attempts {
    let seam: Seam

    func newCard() async throws -> AcsCredential {
        try await blocking { try seam.acs.credentials.create(accessMethod: .card, acsUserId: docsUser) }
    }

    func encode(_ id: String, wait: WaitOptions?) async throws -> ActionAttempt {
        try await blocking {
            try seam.acs.encoders.encodeCredential(acsEncoderId: encoder, acsCredentialId: id, waitForActionAttempt: wait)
        }
    }

    func failNextEncode() async throws {
        try await blocking { try seam.acs.encoders.simulate.nextCredentialEncodeWillFail(acsEncoderId: encoder) }
    }

    func get(_ id: String) async throws -> ActionAttempt {
        try await blocking { try seam.actionAttempts.get(actionAttemptId: id) }
    }

    func credential(_ id: String) async throws -> AcsCredential {
        try await blocking { try seam.acs.credentials.get(acsCredentialId: id) }
    }
}

struct AwaitedAttempts: Attempts {
    let seam: AsyncSeam

    func newCard() async throws -> AcsCredential {
        try await seam.acs.credentials.create(accessMethod: .card, acsUserId: docsUser)
    }

    func encode(_ id: String, wait: WaitOptions?) async throws -> ActionAttempt {
        try await seam.acs.encoders.encodeCredential(acsEncoderId: encoder, acsCredentialId: id, waitForActionAttempt: wait)
    }

    func failNextEncode() async throws {
        try await seam.acs.encoders.simulate.nextCredentialEncodeWillFail(acsEncoderId: encoder)
    }

    func get(_ id: String) async throws -> ActionAttempt {
        try await seam.actionAttempts.get(actionAttemptId: id)
    }

    func credential(_ id: String) async throws -> AcsCredential {
        try await seam.acs.credentials.get(acsCredentialId: id)
    }
}

extension Flavor {
    func attempts(_ fake: FakeSeam) throws -> any Attempts {
        switch self {
        case .blocking: return BlockingAttempts(seam: try Seam(apiKey: apiKey, endpoint: fake.url))
        case .async: return AwaitedAttempts(seam: try AsyncSeam(apiKey: apiKey, endpoint: fake.url))
        }
    }
}

extension FakeSeam {
    /// `POST /_fake/action_attempts`: how long new attempts stay pending, or forever.
    func actionAttempts(_ settings: [String: Any]) async throws {
        let body = try JSONSerialization.data(withJSONObject: settings)
        let (status, answer) = try await blocking { try http("POST", "\(self.url)/_fake/action_attempts", body: body) }
        guard status == 200 else {
            throw SetupError("POST /_fake/action_attempts refused: HTTP \(status) \(String(decoding: answer, as: UTF8.self))")
        }
    }
}

/// The encoded credential of a successful ENCODE_CREDENTIAL attempt, or nil.
func encoded(_ attempt: ActionAttempt) -> AcsCredential? {
    if case let .encodeCredential(credential) = attempt.result { return credential }
    return nil
}

@Suite("waiting for action attempts, blocking and awaited", .serialized)
struct ActionAttemptTests {
    @Test("encoding a card waits and answers the encoded credential", arguments: Flavor.allCases)
    func encodes(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let seam = try flavor.attempts(fake)
        let card = try await seam.newCard()
        #expect(card.isIssued != true)
        let attempt = try await seam.encode(card.acsCredentialId, wait: nil)
        #expect(attempt.status == .success && attempt.actionType == .encodeCredential)
        #expect(attempt.error == nil)
        let result = try #require(encoded(attempt), "result: \(String(describing: attempt.result))")
        #expect(result.acsCredentialId == card.acsCredentialId)
        #expect(result.isIssued == true && result.issuedAt != nil)
        #expect(try await fake.count(path: encodePath) == 1)
        #expect(try await fake.count(path: pollPath) >= 1)
        // The result is the credential as Seam now has it, and the attempt reads the same later.
        #expect(try await seam.credential(card.acsCredentialId) == result)
        #expect(try await seam.get(attempt.actionAttemptId) == attempt)
    }

    @Test("a failing encoder throws ActionAttemptFailed with the failed attempt", arguments: Flavor.allCases)
    func fails(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let seam = try flavor.attempts(fake)
        try await seam.failNextEncode()
        let error = try await seamError { try await seam.encode(pinCredential, wait: nil) }
        guard case let .ActionAttemptFailed(attempt, code, reason) = error else {
            Issue.record("expected .ActionAttemptFailed, got \(String(reflecting: error))")
            return
        }
        #expect(code == "no_credential_on_encoder")
        #expect(!reason.isEmpty)
        #expect(attempt.status == .error && attempt.result == nil)
        #expect(attempt.actionType == .encodeCredential)
        #expect(attempt.error?.errorType == "no_credential_on_encoder")
        #expect(error.description.contains(attempt.actionAttemptId))
        expectCoreText(error)
        #expect(try await fake.count(path: encodePath) == 1)
    }

    @Test("a stuck encoder times out within the timeout and one interval, with the pending attempt", arguments: Flavor.allCases)
    func timesOut(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.actionAttempts(["stuck": true])
        let seam = try flavor.attempts(fake)
        let started = DispatchTime.now()
        let error = try await seamError {
            try await seam.encode(pinCredential, wait: WaitOptions(timeout: 0.6, pollingInterval: 0.1))
        }
        let took = seconds(since: started)
        guard case let .ActionAttemptTimeout(attempt, reason) = error else {
            Issue.record("expected .ActionAttemptTimeout, got \(String(reflecting: error))")
            return
        }
        // 0.4 s of slack for scheduling on a loaded machine, as in the Python test.
        #expect(took >= 0.6 && took < 0.6 + 0.1 + 0.4, "took \(took) s")
        #expect(attempt.status == .pending && attempt.result == nil)
        #expect(error.description.contains(attempt.actionAttemptId))
        #expect(!reason.isEmpty)
        // One poll per interval over 0.6 s, give or take the first and a late one.
        let polls = try await fake.count(path: pollPath)
        #expect((4...8).contains(polls), "\(polls) polls")
        #expect(try await fake.count(path: encodePath) == 1)
    }

    @Test("not waiting returns the pending attempt without polling", arguments: Flavor.allCases)
    func doesNotWait(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.actionAttempts(["delay_ms": 200])
        let seam = try flavor.attempts(fake)
        let pending = try await seam.encode(pinCredential, wait: WaitOptions(wait: false))
        #expect(pending.status == .pending && pending.result == nil && pending.error == nil)
        #expect(try await fake.count(path: pollPath) == 0)
        // It was a real attempt, which ends on its own.
        try await Task.sleep(nanoseconds: 300_000_000)
        let later = try await seam.get(pending.actionAttemptId)
        #expect(later.status == .success && encoded(later)?.acsCredentialId == pinCredential)
    }

    @Test("a 429 while polling is retried, and the encode is not repeated", arguments: Flavor.allCases)
    func retriesAPoll(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        // Pending long enough that the first poll (the refused one) cannot be the last.
        try await fake.actionAttempts(["delay_ms": 150])
        try await fake.fault(["status": 429, "headers": ["retry-after": "0"]], onPath: pollPath)
        let seam = try flavor.attempts(fake)
        let done = try await seam.encode(pinCredential, wait: nil)
        #expect(done.status == .success)
        #expect(try await fake.count(path: encodePath) == 1, "the encode is never repeated")
        #expect(try await fake.count(path: pollPath) >= 2, "the refused poll was asked again")
    }

    @Test("a zero polling interval is refused before anything is sent", arguments: Flavor.allCases)
    func zeroInterval(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let seam = try flavor.attempts(fake)
        let error = try await seamError { try await seam.encode(pinCredential, wait: WaitOptions(pollingInterval: 0)) }
        guard case let .InvalidInput(parameter, reason) = error else {
            Issue.record("expected .InvalidInput, got \(String(reflecting: error))")
            return
        }
        #expect(parameter == "wait_for_action_attempt.polling_interval", "\(reason)")
        expectCoreText(error)
        #expect(try await fake.count() == 0)
    }

    // UniFFI 0.32's Swift does not pass cancellation to Rust (mozilla/uniffi-rs#2771, see the
    // README's "Cancellation"): the task returns at once, but the Rust future is not dropped,
    // so its wait polls on until its own timeout. This pins that down; when UniFFI passes
    // cancellation on, the "polls on" expectation fails, and the README must change with it.
    @Test("cancelling an awaited wait returns at once; its polling ends by the wait's own timeout")
    func cancelled() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.actionAttempts(["stuck": true])
        let seam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)
        let encoders = seam.acs.encoders
        let task = Task {
            try await encoders.encodeCredential(
                acsEncoderId: encoder, acsCredentialId: pinCredential,
                waitForActionAttempt: WaitOptions(timeout: 1.5, pollingInterval: 0.05))
        }
        let deadline = Date().addingTimeInterval(10)
        while try await fake.count(path: pollPath) < 3 && Date() < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(try await fake.count(path: pollPath) >= 3, "the wait never polled")

        let cancelledAt = DispatchTime.now()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(seconds(since: cancelledAt) < 0.5)
        let atCancel = try await fake.count(path: pollPath)
        try await Task.sleep(nanoseconds: 500_000_000)  // ten intervals
        let afterHalfASecond = try await fake.count(path: pollPath)
        #expect(afterHalfASecond > atCancel + 3, "polls on after the cancel (uniffi-rs#2771)")
        // The wait's 1.5 s timeout ends it: nothing polls once that has passed.
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let ended = try await fake.count(path: pollPath)
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(try await fake.count(path: pollPath) == ended, "polling outlived the wait's timeout")
        // The client goes on working.
        #expect(try await seam.acs.entrances.get(acsEntranceId: lobby).acsEntranceId == lobby)
    }
}
