// Hand-written: how models and enums are `Codable` in the API's JSON. The generated
// API/Models.swift declares each model a `SeamModel` (its `toJson`/`fromJson` are the core's)
// and each enum a `SeamEnum` (its `apiValue`); the conformances below carry that JSON through
// any `Encoder` or `Decoder` as one value, so no field is named here.

import Foundation

/// A model of the API that reads and writes the API's JSON: `toJson()` is what the API would
/// send for it, `fromJson(_:)` reads that JSON by the SDK's rules (unknown fields kept), and
/// `Codable` goes through both, so `JSONEncoder` writes the API's field names.
public protocol SeamModel: Codable {
    /// The API's JSON of this object.
    func toJson() -> String
    /// Reads the API's JSON of this kind of object; throws ``SeamError/InvalidInput(parameter:reason:)``.
    static func fromJson(_ json: String) throws -> Self
}

extension SeamModel {
    /// Reads the API's JSON at this point of the decoder; JSON that the core does not read as
    /// this model throws `DecodingError.dataCorrupted` with the ``SeamError`` underneath.
    public init(from decoder: any Decoder) throws {
        let text = try JSONValue(from: decoder).text()
        do {
            self = try Self.fromJson(text)
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "\(error)", underlyingError: error))
        }
    }

    /// Writes the API's JSON of this object (``toJson()``) as a value of the encoder.
    public func encode(to encoder: any Encoder) throws {
        try JSONValue(text: toJson()).encode(to: encoder)
    }
}

/// An open enum of the API: each value has the API's spelling (`apiValue`), a value this
/// version does not know is kept as `.other(value:)`, and `Codable` is that string.
public protocol SeamEnum: Codable {
    /// The value as the API spells it.
    var apiValue: String { get }
    /// The value the API spells `apiValue` (`.other` when this version does not know it).
    init(apiValue: String)
}

extension SeamEnum {
    public init(from decoder: any Decoder) throws {
        self.init(apiValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(apiValue)
    }
}

/// Any JSON value, `Codable` through a single-value container: how a model's JSON text travels
/// through an `Encoder` or a `Decoder`.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text (the core's, always valid).
    init(text: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The value as JSON text.
    func text() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .uint(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .uint(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
