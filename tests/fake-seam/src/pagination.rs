//! Keyset pagination over credentials, newest first. A cursor stands for the sort key of the
//! last item of its page rather than an offset, so it stays valid when earlier items are
//! deleted (and after a reset: it names a place in the order, not a snapshot).

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::workspace::Credential;

/// Where a credential sorts: `created_at` descending, then id descending.
#[derive(Clone, PartialEq, Eq)]
pub struct Position {
    created_ms: i64,
    id: String,
}

impl Position {
    fn of(credential: &Credential) -> Position {
        Position {
            // The seed check and `create` guarantee a parsable `created_at`.
            created_ms: credential
                .field("created_at")
                .and_then(crate::time::parse)
                .unwrap_or(i64::MIN),
            id: credential
                .field("acs_credential_id")
                .unwrap_or_default()
                .to_owned(),
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
    fn issue(&mut self, position: Position) -> String {
        let token: String = format!("{}|{}", position.created_ms, position.id)
            .bytes()
            .map(|b| format!("{b:02x}"))
            .collect();
        self.0.insert(token.clone(), position);
        token
    }

    pub fn position(&self, token: &str) -> Option<&Position> {
        self.0.get(token)
    }
}

pub struct Page<'a> {
    pub items: Vec<&'a Credential>,
    /// Set when more items follow.
    pub next_cursor: Option<String>,
}

/// Up to `limit` of `matching` after `after`, in order.
pub fn page<'a>(
    matching: impl Iterator<Item = &'a Credential>,
    after: Option<&Position>,
    limit: usize,
    cursors: &mut Cursors,
) -> Page<'a> {
    let mut sorted: Vec<(Position, &Credential)> = matching.map(|c| (Position::of(c), c)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rest = sorted
        .into_iter()
        .filter(|(position, _)| after.is_none_or(|after| position > after));
    let items: Vec<(Position, &Credential)> = rest.by_ref().take(limit).collect();
    let next_cursor = match rest.next() {
        Some(_) => items
            .last()
            .map(|(position, _)| cursors.issue(position.clone())),
        None => None,
    };
    Page {
        items: items.into_iter().map(|(_, c)| c).collect(),
        next_cursor,
    }
}
