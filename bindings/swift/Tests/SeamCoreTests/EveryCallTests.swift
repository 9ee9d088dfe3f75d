// The generated surface as a whole: every call of both clients refuses a bad argument before
// anything is sent (the table is generated: API/EveryCall.swift), every enum value reads and
// prints as the API spells it, and every model refuses JSON that is not one.

import Foundation
import SeamCore
import Testing

/// One call with an argument the core refuses, and the parameter its error must name.
struct RefusedCall: Sendable, CustomTestStringConvertible {
    let operation: String
    let parameter: String
    let blocking: @Sendable (Seam) throws -> Void
    let awaited: @Sendable (AsyncSeam) async throws -> Void
    var testDescription: String { "\(operation): \(parameter)" }
}

/// An enum's values as the API spells them, and its `init(apiValue:)`.
struct EnumValues: Sendable, CustomTestStringConvertible {
    let name: String
    let values: [String]
    let read: @Sendable (String) -> any SeamEnum
    var testDescription: String { name }

    init(_ name: String, _ values: [String], _ read: @escaping @Sendable (String) -> any SeamEnum) {
        self.name = name
        self.values = values
        self.read = read
    }
}

/// An awaited call with valid arguments, and the path it requests.
struct AwaitedCall: Sendable, CustomTestStringConvertible {
    let operation: String
    let path: String
    let call: @Sendable (AsyncSeam) async throws -> Void
    var testDescription: String { operation }

    init(operation: String, path: String, _ call: @escaping @Sendable (AsyncSeam) async throws -> Void) {
        self.operation = operation
        self.path = path
        self.call = call
    }
}

/// A value's JSON inside an array, as `JSONEncoder` writes it.
func inArray<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONEncoder().encode([value]), as: UTF8.self)
}

/// Whether an enum value is one of its known cases (`.other(value:)` carries a payload).
func isKnownCase(_ value: Any) -> Bool {
    Mirror(reflecting: value).children.isEmpty
}

@Suite("every call, enum and model")
struct EveryCallTests {
    // One fake for the whole table: no call may reach it, so its count stays 0 throughout.
    @Test("every call refuses a bad argument, naming it, before anything is sent", arguments: Flavor.allCases)
    func refused(_ flavor: Flavor) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        let seam = try Seam(apiKey: apiKey, endpoint: fake.url)
        let asyncSeam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)
        for call in everyCall {
            let error: SeamError
            switch flavor {
            case .blocking: error = try await seamError { try await blocking { try call.blocking(seam) } }
            case .async: error = try await seamError { try await call.awaited(asyncSeam) }
            }
            guard case let .InvalidInput(parameter, reason) = error else {
                Issue.record("\(call.operation): expected .InvalidInput, got \(String(reflecting: error))")
                continue
            }
            #expect(parameter == call.parameter, "\(call.operation): \(reason)")
            #expect(error.description.contains(parameter), "\(call.operation)")
            #expect(try await fake.count() == 0, "\(call.operation): bad input reached the server")
        }
    }

    // Serialized: the bound is about time, so the cases do not compete for the two cores.
    @Test("every awaited call and walk returns at once with CancellationError when its task is cancelled", .serialized, arguments: everyAwaitedCall)
    func cancelled(_ call: AwaitedCall) async throws {
        let fake = try await FakeSeam.start()
        defer { fake.stop() }
        // The server reads the request and never answers.
        try await fake.fault(["mode": "silent"], onPath: call.path)
        let seam = try AsyncSeam(apiKey: apiKey, endpoint: fake.url)
        let task = Task { try await call.call(seam) }
        // Cancelled once the request has reached the server.
        var received = 0
        let deadline = Date().addingTimeInterval(5)
        while received == 0 && Date() < deadline {
            try await Task.sleep(nanoseconds: 5_000_000)
            received = try await fake.count()
        }
        #expect(received == 1, "\(seam.workerStats())")
        let cancelled = DispatchTime.now()
        task.cancel()
        let result = await task.result
        let returned = seconds(since: cancelled)
        guard case .failure(let error) = result, error is CancellationError else {
            Issue.record("expected CancellationError, got \(result)")
            return
        }
        #expect(returned < 1, "the cancelled call took \(returned) s to return")
        #expect(try await fake.count() == 1)
    }

    @Test("the table has every call of the API and every walker")
    func tableIsWhole() {
        let operations = Set(everyCall.map(\.operation))
        #expect(operations.count == everyCall.count)
        #expect(operations.isDisjoint(with: unrefusableCalls))
        #expect(operations.union(unrefusableCalls) == Set(everyAwaitedCall.map(\.operation)))
        #expect(operations.contains("acs.credentials.list_all") && operations.contains("acs.encoders.simulate.next_credential_encode_will_succeed"))
    }

    @Test("every enum value: init(apiValue:) reads it, apiValue and the core's text give it back, Codable as a string", arguments: everyEnum)
    func enumValues(_ e: EnumValues) throws {
        #expect(!e.values.isEmpty)
        for value in e.values {
            let known = e.read(value)
            #expect(isKnownCase(known), "\(e.name) \(value) read as .other")
            #expect(known.apiValue == value)
            #expect("\(known)" == value)
            #expect(try inArray(known) == "[\"\(value)\"]")
        }
        let unknown = e.read("a_value_of_the_future")
        #expect(!isKnownCase(unknown) && unknown.apiValue == "a_value_of_the_future")
        #expect("\(unknown)" == "a_value_of_the_future")
    }

    @Test("every model refuses JSON that is not one: fromJson and JSONDecoder")
    func modelsRefuseOtherJson() throws {
        #expect(everyModel.count >= 10)
        for model in everyModel {
            do {
                _ = try model.fromJson("[1, 2]")
                Issue.record("\(model) read an array")
            } catch let SeamError.InvalidInput(parameter, _) {
                #expect(parameter == "json", "\(model)")
            }
            #expect(throws: DecodingError.self, "\(model)") {
                _ = try JSONDecoder().decode(model, from: Data("\"text\"".utf8))
            }
        }
    }
}
