// Many calls at once: threads on one blocking client, tasks on async clients, cancellation,
// timeouts, and the main actor staying free. Serialized: the bounds below are generous, but
// they are about time, so these tests do not compete with each other for the two cores.

import Foundation
import SeamCore
import Testing

/// Counts outcomes from many threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var successes = 0
    private var failures: [String] = []

    func record(_ outcome: Result<AcsCredential, Error>) {
        lock.lock()
        defer { lock.unlock() }
        switch outcome {
        case .success(let c) where c.acsCredentialId == docsCredential && c.acsUserId == docsUser:
            successes += 1
        case .success(let c):
            failures.append("wrong credential \(c.acsCredentialId) of \(c.acsUserId ?? "nobody")")
        case .failure(let error):
            failures.append("\(error)")
        }
    }

    var counts: (successes: Int, failures: [String]) {
        lock.lock()
        defer { lock.unlock() }
        return (successes, failures)
    }
}

/// `count` assigns of the docs' credential at once, spread over `clients`; checks every one.
func concurrentAssigns(_ count: Int, over clients: [AsyncSeam]) async throws -> Tally {
    let tally = Tally()
    await withTaskGroup(of: Void.self) { group in
        for i in 0..<count {
            let credentials = clients[i % clients.count].acs.credentials
            group.addTask {
                do {
                    tally.record(.success(try await credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential)))
                } catch {
                    tally.record(.failure(error))
                }
            }
        }
    }
    return tally
}

/// Waits until `done()` or `seconds` passed; returns whether it became true.
func eventually(within seconds: Double, _ done: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try done() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return try done()
}

@Suite("many calls at once", .serialized)
struct ConcurrencyTests {
    @Test("200 awaited assigns, each answer delayed 200 ms, finish in < 5 s on one client, and on 8", arguments: [1, 8])
    func twoHundredAtOnce(clients: Int) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.fault(["count": 200, "delay_ms": 200])
        let seams = try (0..<clients).map { _ in try AsyncSeam(apiKey: apiKey, endpoint: fake.url) }
        let started = DispatchTime.now()
        let tally = try await concurrentAssigns(200, over: seams)
        let elapsed = seconds(since: started)
        let (successes, failures) = tally.counts
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.first ?? "")")
        #expect(successes == 200)
        #expect(elapsed < 5, "took \(elapsed) s")
        // Concurrency, not luck: one at a time would take 40 s.
        #expect(try await fake.count(.assign) == 200)
        #expect(seams.allSatisfy { $0.workerStats().maxThreads == 64 })
    }

    @Test("cancelling 100 calls in flight returns at once with CancellationError; the client goes on")
    func cancellation() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.fault(["count": 100, "delay_ms": 3000])
        // More workers than calls: all 100 are sent (a call already sent runs to its end).
        let seam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url, workerThreads: 128)
        let credentials = seam.acs.credentials
        let tasks = (0..<100).map { _ in
            Task { try await credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) }
        }
        #expect(await eventually(within: 5) { seam.workerStats().busy == 100 }, "\(seam.workerStats())")

        let cancelled = DispatchTime.now()
        tasks.forEach { $0.cancel() }
        var outcomes: [String] = []
        for task in tasks {
            switch await task.result {
            case .failure(is CancellationError): outcomes.append("cancelled")
            case .failure(let error): outcomes.append("\(error)")
            case .success: outcomes.append("answered")
            }
        }
        let returned = seconds(since: cancelled)
        #expect(outcomes == Array(repeating: "cancelled", count: 100))
        #expect(returned < 1, "the cancelled calls took \(returned) s to return (the answers take 3 s)")

        // The client goes on: a new call has a free worker and no fault.
        let again = try await credentials.get(acsCredentialId: pinCredential)
        #expect(again.code == "123456")
        // The calls that were sent end on their workers once answered.
        #expect(await eventually(within: 10) {
            let stats = seam.workerStats()
            return stats.busy == 0 && stats.queued == 0
        }, "\(seam.workerStats())")
        #expect(try await fake.count(.assign) == 100)
    }

    @Test("a task cancelled before its call never sends it")
    func cancelledBeforeTheCall() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let credentials = try AsyncSeam(apiKey: apiKey, endpoint: fake.url).acs.credentials
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await fake.count() == 0)
    }

    @Test("an awaited call past the client's timeout throws .Timeout")
    func timeout() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.fault(["delay_ms": 3000], on: .get)
        let seam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url, timeout: 0.5)
        let started = DispatchTime.now()
        let error = try await seamError { try await seam.acs.credentials.get(acsCredentialId: pinCredential) }
        let elapsed = seconds(since: started)
        guard case .Timeout = error else {
            Issue.record("expected .Timeout, got \(error)")
            return
        }
        #expect(elapsed < 2.5, "took \(elapsed) s")
        expectCoreText(error)
    }

    // Under `swift test` on Linux the main actor runs on the main dispatch queue, which the
    // test runner's async `main` serves: a ticker isolated to it ticks while the main actor is
    // free, and stops while something blocks it (the control below shows that it can fail).
    @MainActor
    @Test("an awaited call from the main actor leaves it free; a blocking one would not")
    func mainActorStaysFree() async throws {
        MainActor.assertIsolated()
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        try await fake.fault(["count": 2, "delay_ms": 500])
        let asyncSeam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)
        let seam = try Seam(apiKey: apiKey, endpoint: fake.url)

        func ticks(during call: () async throws -> AcsCredential) async throws -> Int {
            let ticker = Task { @MainActor in
                var ticks = 0
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 10_000_000)
                    ticks += 1
                }
                return ticks
            }
            await Task.yield()
            let credential = try await call()
            #expect(credential.acsCredentialId == docsCredential)
            ticker.cancel()
            return await ticker.value
        }
        let awaited = try await ticks { try await asyncSeam.acs.credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) }
        #expect(awaited >= 10, "the main actor ticked \(awaited) times in 500 ms")
        let blocked = try await ticks { try seam.acs.credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) }
        #expect(blocked <= 2, "the main actor ticked \(blocked) times while blocked")
    }

    @Test("8 threads × 500 blocking assigns on one client all succeed")
    func eightThreads() async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let seam = try Seam(apiKey: apiKey, endpoint: fake.url)
        let tally = Tally()
        try await blocking {
            let group = DispatchGroup()
            for _ in 0..<8 {
                group.enter()
                Thread {
                    for _ in 0..<500 {
                        tally.record(Result { try seam.acs.credentials.assign(acsUserId: docsUser, acsCredentialId: docsCredential) })
                    }
                    group.leave()
                }.start()
            }
            group.wait()
        }
        let (successes, failures) = tally.counts
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.first ?? "")")
        #expect(successes == 4000)
        #expect(try await fake.count(.assign) == 4000)
    }
}
