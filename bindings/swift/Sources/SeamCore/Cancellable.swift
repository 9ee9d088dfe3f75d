// Hand-written: what the generated API/Async.swift forwards every awaited call through, so that
// it honours task cancellation, and the conformances that make `SeamError` and `WebhookError`
// print as the core's sentence. No logic of the core is repeated here.

import Foundation

/// Awaits `call` in a task of its own and returns its outcome, or throws `CancellationError` as
/// soon as the awaiting task is cancelled (at once if it already is, and then `call` is never
/// started). A cancelled `call` goes on to its end unobserved and its result is dropped.
///
/// A structured child task would not do: a task group waits for all its children, so it could
/// return no sooner than the uncancellable call.
func cancellable<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) async throws -> T {
    try Task.checkCancellation()
    let race = Race<T>()
    return try await withTaskCancellationHandler {
        try await withUnsafeThrowingContinuation { continuation in
            race.start(continuation, call)
        }
    } onCancel: {
        race.finish(.failure(CancellationError()))
    }
}

/// The continuation of one `cancellable` call, resumed once, by the call or by cancellation,
/// whichever comes first. The cancellation handler may run before the continuation exists.
private final class Race<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: UnsafeContinuation<T, Error>?
    /// The first outcome, kept when it comes before the continuation (cancellation only).
    private var outcome: Result<T, Error>?

    func start(_ continuation: UnsafeContinuation<T, Error>, _ call: @escaping @Sendable () async throws -> T) {
        lock.lock()
        if let outcome {
            lock.unlock()
            continuation.resume(with: outcome)
            return
        }
        self.continuation = continuation
        lock.unlock()
        Task {
            do {
                finish(.success(try await call()))
            } catch {
                finish(.failure(error))
            }
        }
    }

    func finish(_ result: Result<T, Error>) {
        lock.lock()
        guard outcome == nil else {
            lock.unlock()
            return
        }
        outcome = result
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(with: result)
    }
}

// UniFFI generates `SeamError.description` and `WebhookError.description` from the core's
// `Display` but (as of UniFFI 0.32) does not declare the conformance. Declaring it makes
// `"\(error)"`, `String(describing:)`, `print(error)` and, through the generated `LocalizedError`
// conformance (`errorDescription` is `String(reflecting:)`), `error.localizedDescription`
// all read as the core's one-sentence message.
extension SeamError: CustomStringConvertible {}
extension WebhookError: CustomStringConvertible {}
