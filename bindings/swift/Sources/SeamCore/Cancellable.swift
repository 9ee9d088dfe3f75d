// Hand-written additions to the generated bindings (Generated/SeamCore.swift): the Seam SDKs'
// spelling `seam.acs.credentials.assign(…)`, credentials lists as Swift sequences, and async
// calls that honour task cancellation. No logic of the core is repeated here: every method
// forwards to a generated one, whose docs (the UDL's) say what it does.
//
// Swift cannot declare a property `acs` beside a method `acs()`, so core/uniffi.toml
// (`[bindings.swift.rename]`) gives the generated accessors other names (`acsNamespace()`,
// `credentialsNamespace()`) and the properties below forward to them. The Rust objects they
// return are shared (an `Arc` clone), so a property costs one FFI call, not a new client.

import Foundation

extension Seam {
    /// Access control systems: `seam.acs.credentials`. See ``acsNamespace()``.
    public var acs: Acs { acsNamespace() }
}

extension Acs {
    /// Credentials, blocking: `seam.acs.credentials.assign(…)`. See ``credentialsNamespace()``.
    public var credentials: AcsCredentials { credentialsNamespace() }
}

extension AsyncSeam {
    /// Access control systems: `try await seam.acs.credentials.assign(…)`. See
    /// ``acsNamespace()``.
    public var acs: AsyncAcs { acsNamespace() }
}

extension AsyncAcs {
    /// Credentials, awaited; every call returns at once with `CancellationError` when its task
    /// is cancelled. See ``credentialsNamespace()``.
    public var credentials: AsyncAcsCredentials { credentialsNamespace() }
}

// MARK: - Async calls that return when their task is cancelled

// UniFFI 0.32's generated async methods (renamed `…Uncancellable` in core/uniffi.toml) await
// the Rust future without a cancellation handler: a cancelled task would wait for the answer.
// These forward to them through `cancellable`, which returns at once. What happens to the call
// itself is said in bindings/swift/README.md ("Cancellation").
extension AsyncAcsCredentials {
    /// ``assignUncancellable(acsUserId:acsCredentialId:userIdentityId:)``, cancellable.
    @discardableResult
    public func assign(acsUserId: String?, acsCredentialId: String, userIdentityId: String? = nil) async throws -> AcsCredential {
        try await cancellable { try await self.assignUncancellable(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: userIdentityId) }
    }

    /// ``unassignUncancellable(acsUserId:acsCredentialId:userIdentityId:)``, cancellable.
    @discardableResult
    public func unassign(acsUserId: String?, acsCredentialId: String, userIdentityId: String? = nil) async throws -> AcsCredential {
        try await cancellable { try await self.unassignUncancellable(acsUserId: acsUserId, acsCredentialId: acsCredentialId, userIdentityId: userIdentityId) }
    }

    /// ``createUncancellable(accessMethod:acsUserId:userIdentityId:acsSystemId:allowedAcsEntranceIds:code:startsAt:endsAt:isMultiPhoneSyncCredential:credentialManagerAcsSystemId:visionlineMetadata:assaAbloyVostioMetadata:saltoSpaceMetadata:)``,
    /// cancellable.
    @discardableResult
    public func create(accessMethod: AccessMethod, acsUserId: String? = nil, userIdentityId: String? = nil, acsSystemId: String? = nil, allowedAcsEntranceIds: [String] = [], code: String? = nil, startsAt: Date? = nil, endsAt: Date? = nil, isMultiPhoneSyncCredential: Bool? = nil, credentialManagerAcsSystemId: String? = nil, visionlineMetadata: NewVisionlineMetadata? = nil, assaAbloyVostioMetadata: NewAssaAbloyVostioMetadata? = nil, saltoSpaceMetadata: NewSaltoSpaceMetadata? = nil) async throws -> AcsCredential {
        try await cancellable { try await self.createUncancellable(accessMethod: accessMethod, acsUserId: acsUserId, userIdentityId: userIdentityId, acsSystemId: acsSystemId, allowedAcsEntranceIds: allowedAcsEntranceIds, code: code, startsAt: startsAt, endsAt: endsAt, isMultiPhoneSyncCredential: isMultiPhoneSyncCredential, credentialManagerAcsSystemId: credentialManagerAcsSystemId, visionlineMetadata: visionlineMetadata, assaAbloyVostioMetadata: assaAbloyVostioMetadata, saltoSpaceMetadata: saltoSpaceMetadata) }
    }

    /// ``getUncancellable(acsCredentialId:)``, cancellable.
    public func get(acsCredentialId: String) async throws -> AcsCredential {
        try await cancellable { try await self.getUncancellable(acsCredentialId: acsCredentialId) }
    }

    /// ``listUncancellable(acsUserId:acsSystemId:userIdentityId:isMultiPhoneSyncCredential:createdBefore:search:limit:pageCursor:)``,
    /// cancellable.
    public func list(acsUserId: String? = nil, acsSystemId: String? = nil, userIdentityId: String? = nil, isMultiPhoneSyncCredential: Bool? = nil, createdBefore: Date? = nil, search: String? = nil, limit: Int32? = nil, pageCursor: String? = nil) async throws -> AcsCredentialsPage {
        try await cancellable { try await self.listUncancellable(acsUserId: acsUserId, acsSystemId: acsSystemId, userIdentityId: userIdentityId, isMultiPhoneSyncCredential: isMultiPhoneSyncCredential, createdBefore: createdBefore, search: search, limit: limit, pageCursor: pageCursor) }
    }

    /// ``updateUncancellable(acsCredentialId:code:endsAt:)``, cancellable.
    @discardableResult
    public func update(acsCredentialId: String, code: String? = nil, endsAt: Date? = nil) async throws -> AcsCredential {
        try await cancellable { try await self.updateUncancellable(acsCredentialId: acsCredentialId, code: code, endsAt: endsAt) }
    }

    /// ``deleteUncancellable(acsCredentialId:)``, cancellable.
    public func delete(acsCredentialId: String) async throws {
        try await cancellable { try await self.deleteUncancellable(acsCredentialId: acsCredentialId) }
    }

    /// ``listAccessibleEntrancesUncancellable(acsCredentialId:)``, cancellable.
    public func listAccessibleEntrances(acsCredentialId: String) async throws -> [AcsEntrance] {
        try await cancellable { try await self.listAccessibleEntrancesUncancellable(acsCredentialId: acsCredentialId) }
    }
}

extension AsyncAcsCredentialPages {
    /// ``nextPageUncancellable()``, cancellable.
    public func nextPage() async throws -> AcsCredentialsPage? {
        try await cancellable { try await self.nextPageUncancellable() }
    }
}

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

// MARK: - Lists as sequences

/// `for result in try seam.acs.credentials.listAll(…)`: every credential of every page, each
/// page fetched when the one before has been read. An element is `.failure` when a page could
/// not be fetched; the walk ends after it. The pages are walked once: a second iterator goes on
/// where the first stopped.
///
/// `Sequence` cannot throw, hence `Result` elements (`try result.get()` throws the
/// ``SeamError``); the failure is `any Error` because the generated `nextPage()` is declared
/// `throws`, and it is a ``SeamError`` whenever the library and these bindings match.
extension AcsCredentialPages: Sequence {
    public struct Iterator: IteratorProtocol {
        let pages: AcsCredentialPages
        var credentials: IndexingIterator<[AcsCredential]> = [].makeIterator()
        var done = false

        public mutating func next() -> Result<AcsCredential, any Error>? {
            while !done {
                if let credential = credentials.next() {
                    return .success(credential)
                }
                do {
                    guard let page = try pages.nextPage() else {
                        done = true
                        return nil
                    }
                    credentials = page.acsCredentials.makeIterator()
                } catch {
                    done = true
                    return .failure(error)
                }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(pages: self) }
}

/// `for try await credential in try seam.acs.credentials.listAll(…)`: every credential of
/// every page, each page fetched (cancellably) when the one before has been read. The loop
/// throws the ``SeamError`` of a page that could not be fetched, or `CancellationError`.
extension AsyncAcsCredentialPages: AsyncSequence {
    public typealias Element = AcsCredential

    public struct AsyncIterator: AsyncIteratorProtocol, Sendable {
        let pages: AsyncAcsCredentialPages
        var credentials: IndexingIterator<[AcsCredential]> = [].makeIterator()
        var done = false

        public mutating func next() async throws -> AcsCredential? {
            while !done {
                if let credential = credentials.next() {
                    return credential
                }
                do {
                    guard let page = try await pages.nextPage() else {
                        done = true
                        return nil
                    }
                    credentials = page.acsCredentials.makeIterator()
                } catch {
                    done = true
                    throw error
                }
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: self) }
}

// MARK: - Errors

// UniFFI generates `SeamError.description` from the core's `Display` but (as of UniFFI
// 0.32) does not declare the conformance. Declaring it makes `"\(error)"`,
// `String(describing:)`, `print(error)` and, through the generated `LocalizedError`
// conformance (`errorDescription` is `String(reflecting:)`), `error.localizedDescription`
// all read as the core's one-sentence message.
extension SeamError: CustomStringConvertible {}
