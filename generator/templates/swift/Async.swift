{{ header }}
//
// The awaited calls of `AsyncSeam`, under the SDK's names. UniFFI 0.32's generated async
// methods (renamed `…Uncancellable` in core/uniffi.toml) await the Rust future without a
// cancellation handler, so a cancelled task would wait for the answer; these forward to them
// through `cancellable` (Cancellable.swift), which returns at once. What happens to the call
// itself is said in bindings/swift/README.md ("Cancellation").

import Foundation
{%- for i in interfaces %}

extension {{ i.name }} {
{%- for m in i.methods %}
{{ m.doc }}
{%- if m.discardable %}
    @discardableResult
{%- endif %}
    public func {{ m.name }}({{ m.decls }}) async throws{{ m.returns }} {
        try await cancellable { try await self.{{ m.target }}({{ m.pass }}) }
    }
{%- if !loop.last %}
{% endif %}
{%- endfor %}
}
{%- endfor %}
{%- for w in walkers %}

extension Async{{ w.name }} {
    /// The next page, or `nil` after the last one (see ``nextPageUncancellable()``).
    /// Cancellable: when the awaiting task is cancelled, returns at once with
    /// `CancellationError`.
    public func nextPage() async throws -> {{ w.page }}? {
        try await cancellable { try await self.nextPageUncancellable() }
    }
}
{%- endfor %}
