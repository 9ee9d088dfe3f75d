//! Where a list stands: the `pagination` member of every page.

use serde::Serialize;
use serde_json::value::RawValue;

use super::read::{FromJson, Members, Problem};

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

impl Pagination {
    /// What a list answered without `pagination` is: the whole list, no page after it (as the
    /// official SDKs read it; the API before pagination and the vendor's own fake answer so).
    pub(crate) fn last() -> Self {
        Self {
            has_next_page: false,
            next_page_cursor: None,
            next_page_url: None,
        }
    }
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
