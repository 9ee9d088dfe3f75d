// tests/load/workload.json as Swift values (Codable, snake_case keys), and the order of the calls
// every driver makes. Part of the Swift load driver (see SeamLoad.swift).
import Foundation

struct Workload: Decodable, Sendable {
    let about: String?
    let seed: Int
    let calls: Int
    let inFlight: Int
    let deadlineS: Double
    let client: Client
    let listLimit: Int32
    let ids: Ids
    let mix: [MixEntry]
    let errorKinds: [String]
    let faults: Faults

    struct Client: Decodable, Sendable {
        let timeoutS: Double
        let maxRetries: Int32
    }

    struct Ids: Decodable, Sendable {
        let acsSystem: String
        let acsUser: String
        let otherAcsUser: String
        let userIdentity: String
        let clientSession: String
        let acsEncoder: String
        let room101Entrance: String
        let mobileKeyCredential: String
        let pinCredential: String
        let visionlineCredential: String
    }

    struct MixEntry: Decodable, Sendable {
        let call: String
        let count: Int
    }

    /// Read by tests/load/run.py, which injects them; typed here so that the file is checked whole.
    struct Faults: Decodable, Sendable {
        let count: Int
        let spread: Double
        let pollRoute: String
        let kinds: [FaultKind]
    }

    struct FaultKind: Decodable, Sendable {
        let kind: String
        let weight: Int
        let retried: [String]
        let fault: Fault
    }

    struct Fault: Decodable, Sendable {
        let status: Int?
        let body: String?
        let headers: [String: String]?
        let mode: String?
        let delayMs: Int?
        let dripMs: Int?
    }

    static func load(path: String) throws -> Workload {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let workload = try decoder.decode(Workload.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let total = workload.mix.reduce(0) { $0 + $1.count }
        guard total == workload.calls else {
            throw LoadError("the mix's counts add up to \(total), not calls = \(workload.calls)")
        }
        return workload
    }

    func count(_ call: String) -> Int {
        mix.filter { $0.call == call }.reduce(0) { $0 + $1.count }
    }

    /// The call names in the order every driver makes them: a smooth weighted round robin (each
    /// name exactly its count, spread evenly; ties go to the earlier entry).
    func order() -> [String] {
        let total = mix.reduce(0) { $0 + $1.count }
        var current = [Int](repeating: 0, count: mix.count)
        return (0..<total).map { _ in
            var best = 0
            for i in mix.indices {
                current[i] += mix[i].count
                if current[i] > current[best] { best = i }
            }
            current[best] -= total
            return mix[best].call
        }
    }
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
