//! One page of a list, and where the next one starts.

use serde::Serialize;
use serde_json::value::RawValue;

use super::read::{FromJson, Members, Problem};
use super::AcsCredential;

/// Where a list stands: whether there is a page after this one, and how to ask for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// Whether there is a page after this one.
    pub has_next_page: bool,
    /// Opaque value to pass as `page_cursor` for the next page.
    pub next_page_cursor: Option<String>,
    /// URL of the next page.
    pub next_page_url: Option<String>,
}

/// One page of `acs.credentials.list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcsCredentialsPage {
    /// The credentials on this page.
    pub acs_credentials: Vec<AcsCredential>,
    /// Whether more pages follow, and the cursor of the next.
    pub pagination: Pagination,
}

impl FromJson for Pagination {
    const EXPECTED: &'static str = "a pagination object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            has_next_page: m.required("has_next_page")?,
            next_page_cursor: m.optional("next_page_cursor"),
            next_page_url: m.optional("next_page_url"),
        })
    }
}
