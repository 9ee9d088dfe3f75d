// One client shared by many threads and tasks.

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
        case .success(let credential) where credential.acsCredentialId == docsCredential:
            successes += 1
        case .success(let credential):
            failures.append("wrong credential \(credential.acsCredentialId)")
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

@Suite("one client, many threads")
struct ConcurrencyTests {
    @Test("8 threads × 500 assigns on one client all succeed")
    func eightThreads() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client()
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
        #expect(try fake.assignCount() == 4000)
    }

    @Test("8 tasks share one client (Seam is Sendable)")
    func eightTasks() async throws {
        let fake = try FakeSeam()
        defer { fake.stop() }
        let seam = try fake.client()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await assign(seam, docsUser, docsCredential).acsCredentialId
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(ids == Array(repeating: docsCredential, count: 8))
        #expect(try fake.assignCount() == 8)
    }
}
