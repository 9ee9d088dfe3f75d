// Hand-written: the iterators of every `…All` walker (the conformances are generated, in
// API/Pages.swift). Each fetches a page when the one before has been read, and stops after the
// last page or after a page that failed.

import Foundation

/// The iterator of a blocking walker: every object of every page, as `Result`s, because
/// `Sequence` cannot throw. An element is `.failure` when a page could not be fetched, and the
/// walk ends after it. The failure is `any Error` because the generated `nextPage()` is declared
/// `throws`; it is a ``SeamError`` whenever the library and these bindings match.
public struct PageIterator<Element: Sendable>: IteratorProtocol, Sendable {
    private let fetch: @Sendable () throws -> [Element]?
    private var items: IndexingIterator<[Element]> = [].makeIterator()
    private var done = false

    init(_ fetch: @escaping @Sendable () throws -> [Element]?) {
        self.fetch = fetch
    }

    public mutating func next() -> Result<Element, any Error>? {
        while !done {
            if let item = items.next() {
                return .success(item)
            }
            do {
                guard let page = try fetch() else {
                    done = true
                    return nil
                }
                items = page.makeIterator()
            } catch {
                done = true
                return .failure(error)
            }
        }
        return nil
    }
}

/// The iterator of an awaited walker: every object of every page, each page fetched
/// (cancellably) when the one before has been read. It throws the ``SeamError`` of a page that
/// failed, or `CancellationError`, and ends there.
public struct AsyncPageIterator<Element: Sendable>: AsyncIteratorProtocol, Sendable {
    private let fetch: @Sendable () async throws -> [Element]?
    private var items: IndexingIterator<[Element]> = [].makeIterator()
    private var done = false

    init(_ fetch: @escaping @Sendable () async throws -> [Element]?) {
        self.fetch = fetch
    }

    public mutating func next() async throws -> Element? {
        while !done {
            if let item = items.next() {
                return item
            }
            do {
                guard let page = try await fetch() else {
                    done = true
                    return nil
                }
                items = page.makeIterator()
            } catch {
                done = true
                throw error
            }
        }
        return nil
    }
}
