//! Keyset pagination, newest first. A cursor stands for the sort key of the last item of its
//! page rather than an offset, so it stays valid when earlier items are deleted (and after a
//! reset: it names a place in the order, not a snapshot).

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::Value;

use crate::validate::{Input, Invalid};
use crate::workspace::str_field;

/// Where an object sorts: `created_at` descending, then id descending.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Position {
    created_ms: i64,
    id: String,
}

impl Position {
    /// The seed check and the handlers guarantee a parsable `created_at` for credentials;
    /// anything else sorts last.
    pub fn of(object: &Value, id_key: &str) -> Position {
        Position {
            created_ms: str_field(object, "created_at")
                .and_then(crate::time::parse)
                .unwrap_or(i64::MIN),
            id: str_field(object, id_key).unwrap_or_default().to_owned(),
        }
    }
}

impl Ord for Position {
    fn cmp(&self, other: &Position) -> Ordering {
        other
            .created_ms
            .cmp(&self.created_ms)
            .then_with(|| other.id.cmp(&self.id))
    }
}

impl PartialOrd for Position {
    fn partial_cmp(&self, other: &Position) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The cursors this server issued; anything else is refused.
#[derive(Default)]
pub struct Cursors(HashMap<String, Position>);

impl Cursors {
    /// The same position always gets the same (opaque-looking) cursor.
    pub fn issue(&mut self, position: Position) -> String {
        let token: String = format!("{}|{}", position.created_ms, position.id)
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.0.insert(token.clone(), position);
        token
    }

    /// The position after which `page_cursor` continues; `None` for the first page.
    pub fn after(&self, input: &Input) -> Result<Option<Position>, Invalid> {
        match input.str("page_cursor") {
            None => Ok(None),
            Some(token) => self
                .0
                .get(token)
                .cloned()
                .map(Some)
                .ok_or_else(|| Invalid::field("page_cursor", "Invalid page cursor")),
        }
    }
}

pub struct Page<T> {
    pub items: Vec<T>,
    /// Set when more items follow.
    pub next_cursor: Option<String>,
}

/// Up to `limit` of `sorted` (already in list order) after `after`. Only what the page needs
/// is looked at: `sorted` may be a range over an ordered index of any size.
pub fn page_sorted<T>(
    sorted: impl Iterator<Item = (Position, T)>,
    after: Option<&Position>,
    limit: usize,
    cursors: &mut Cursors,
) -> Page<T> {
    let mut rest = sorted.filter(|(position, _)| after.is_none_or(|after| position > after));
    let items: Vec<(Position, T)> = rest.by_ref().take(limit).collect();
    let next_cursor = match rest.next() {
        Some(_) => items
            .last()
            .map(|(position, _)| cursors.issue(position.clone())),
        None => None,
    };
    Page {
        items: items.into_iter().map(|(_, item)| item).collect(),
        next_cursor,
    }
}

/// The same for a handful of objects in no particular order: sorted here.
pub fn page<T>(
    matching: impl Iterator<Item = (Position, T)>,
    after: Option<&Position>,
    limit: usize,
    cursors: &mut Cursors,
) -> Page<T> {
    let mut sorted: Vec<(Position, T)> = matching.collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    page_sorted(sorted.into_iter(), after, limit, cursors)
}

/// `limit`, or the route's default.
pub fn limit(input: &Input, default: usize) -> usize {
    input.number("limit").map_or(default, |n| n.ceil() as usize)
}

/// The `pagination` member: `{has_next_page, next_page_cursor, next_page_url}`.
pub fn pagination_json(base_url: &str, path: &str, input: &Input, cursor: Option<&str>) -> Value {
    serde_json::json!({
        "has_next_page": cursor.is_some(),
        "next_page_cursor": cursor,
        "next_page_url": cursor.map(|c| next_page_url(base_url, path, input, c)),
    })
}

/// The same parameters, with the next cursor; arrays as repeated names.
fn next_page_url(base_url: &str, path: &str, input: &Input, cursor: &str) -> String {
    let encode = crate::params::encode;
    let mut query: Vec<String> = Vec::new();
    for (name, value) in input.values() {
        if name == "page_cursor" {
            continue;
        }
        let texts: Vec<String> = match value {
            // How an empty array travels in a query: the name alone.
            Value::Array(items) if items.is_empty() => vec![String::new()],
            Value::Array(items) => items.iter().map(text).collect(),
            other => vec![text(other)],
        };
        for t in texts {
            query.push(format!("{}={}", encode(name), encode(&t)));
        }
    }
    query.push(format!("page_cursor={}", encode(cursor)));
    format!("{base_url}{path}?{}", query.join("&"))
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
