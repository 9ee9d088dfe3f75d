{{ header }}
//
// Every `…All` walker as a Swift sequence of the objects of every page, each page fetched when
// the one before has been read (the iterators are in PageIterators.swift). The pages are walked
// once: a second iterator goes on where the first stopped.
{%- for w in walkers %}

{{ w.doc }}
extension {{ w.name }}: Sequence {
    public func makeIterator() -> PageIterator<{{ w.item }}> {
        PageIterator { try self.nextPage()?.{{ w.items }} }
    }
}

{{ w.async_doc }}
extension Async{{ w.name }}: AsyncSequence {
    public typealias Element = {{ w.item }}

    public func makeAsyncIterator() -> AsyncPageIterator<{{ w.item }}> {
        AsyncPageIterator { try await self.nextPage()?.{{ w.items }} }
    }
}
{%- endfor %}
