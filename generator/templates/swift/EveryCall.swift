{{ header }}
//
// Tables of the Swift tests (EveryCallTests.swift): every call with one argument that the core
// refuses before anything is sent, blocking and awaited; every value of every enum; every model.

import Foundation
import SeamCore

let everyCall: [RefusedCall] = [
{%- for c in calls %}
    RefusedCall(
        operation: "{{ c.operation }}", parameter: "{{ c.parameter }}",
        blocking: { seam in {{ c.blocking }} },
        awaited: { seam in {{ c.awaited }} }),
{%- endfor %}
]

/// The calls with no argument that a value can make the core refuse.
let unrefusableCalls: Set<String> = [{% for o in unrefusable %}"{{ o }}"{% if !loop.last %}, {% endif %}{% endfor %}]

/// Each enum's values as the API spells them, read with `init(apiValue:)`.
let everyEnum: [EnumValues] = [
{%- for e in enums %}
    EnumValues("{{ e.name }}", [{% for (case, value) in e.values %}{{ value }}{% if !loop.last %}, {% endif %}{% endfor %}]) { {{ e.name }}(apiValue: $0) },
{%- endfor %}
]

/// Every model type.
let everyModel: [any SeamModel.Type] = [
{%- for m in models %}
    {{ m.name }}.self,
{%- endfor %}
]

/// Every awaited call with valid arguments, and the path it requests.
let everyAwaitedCall: [AwaitedCall] = [
{%- for c in awaited %}
    AwaitedCall(operation: "{{ c.operation }}", path: "{{ c.path }}") { seam in {{ c.call }} },
{%- endfor %}
]
