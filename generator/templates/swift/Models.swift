{{ header }}
//
// The API's JSON of every model and the API's spelling of every enum value:
//
// - Every model is `Codable` in the API's JSON (`JSONEncoder` writes the API's field names,
//   unknown fields included; `JSONDecoder` reads the API's JSON by the SDK's rules), through the
//   core's `…ToJson`/`…FromJson` functions (the conformance is `SeamModel`'s, JSON.swift).
// - Every open enum has `apiValue` and `init(apiValue:)`, and is `Codable` as that string.
// - A record that holds a secret prints (`description`, `debugDescription`, `dump`) only what
//   the core's `Display` shows: the secret's prefix.

import Foundation
{%- for m in models %}

extension {{ m.name }}: SeamModel {
{{ m.to_json_doc }}
    public func toJson() -> String { {{ m.to_json }}(value: self) }

{{ m.from_json_doc }}
    public static func fromJson(_ json: String) throws -> {{ m.name }} { try {{ m.from_json }}(json: json) }
}
{%- endfor %}
{%- for e in enums %}

extension {{ e.name }}: SeamEnum {
    /// The value as the API spells it (a value this version does not know, as it came).
    public var apiValue: String {
        switch self {
{%- for (case, value) in e.values %}
        case .{{ case }}: return {{ value }}
{%- endfor %}
        case .other(let value): return value
        }
    }

    /// The value the API spells `apiValue`; one this version does not know is `.other`.
    public init(apiValue: String) {
        switch apiValue {
{%- for (case, value) in e.values %}
        case {{ value }}: self = .{{ case }}
{%- endfor %}
        default: self = .other(value: apiValue)
        }
    }
}
{%- endfor %}
{%- for name in secrets %}

extension {{ name }}: CustomDebugStringConvertible, CustomReflectable {
    /// The core's `description`, which shows only the secret's prefix.
    public var debugDescription: String { description }

    /// What `dump` and debuggers show: the `description`, not the fields (one is a secret).
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
{%- endfor %}
