//! The Python binding's calls: an operation's name and its parameters as one JSON object in,
//! the answer as JSON out, in the normalized form of the models (see `models::normalized`).
//! Python reads that JSON with its C parser and builds its own classes lazily, instead of
//! lifting every field of every record through ctypes. The calls, checks and readers are the
//! same as every other language's; only the crossing differs.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::pages::{PageOf, Pages};
use crate::error::SeamError;
use crate::models::read::FromJson;
use crate::models::normalized;

pub(crate) use crate::api::generated::json::{call, pages, read_model};

/// The parameters of a call, from the JSON object the binding sent. The binding sends only
/// the names and types of the call's signature, so a failure here names what did not fit.
pub(crate) fn from_params<T: DeserializeOwned>(params: &str) -> Result<T, SeamError> {
    serde_json::from_str(params).map_err(|e| {
        let text = e.to_string();
        // serde says "unknown field `x`" or "missing field `x`": name the parameter.
        let parameter = text
            .split('`')
            .nth(1)
            .filter(|_| text.contains(" field `"))
            .unwrap_or("parameters")
            .to_owned();
        SeamError::InvalidInput {
            parameter,
            reason: text,
        }
    })
}

/// What a call returned, as normalized JSON.
pub(crate) fn answer<T: Serialize>(result: Result<T, SeamError>) -> Result<String, SeamError> {
    result.map(|value| normalized(&value))
}

/// An object the caller holds as the API's JSON (a cache, a fixture), read by the same rules
/// as an answer; its normalized JSON.
pub(crate) fn model<T: FromJson + Serialize>(json: &str) -> Result<String, SeamError> {
    crate::response::read_object::<T>(json).map(|value| normalized(&value))
}

pub(crate) fn unknown(what: &str, name: &str) -> SeamError {
    SeamError::InvalidInput {
        parameter: what.to_owned(),
        reason: format!("{name:?} is not one this version of seam-core knows"),
    }
}

/// A walk over pages, each page as normalized JSON.
pub(crate) trait JsonPages: Send {
    fn next_page(&mut self) -> Result<Option<String>, SeamError>;
}

impl<P, R> JsonPages for Pages<P, R>
where
    P: Clone + Send + 'static,
    R: PageOf + Serialize + Send + 'static,
    R::Item: Send,
{
    fn next_page(&mut self) -> Result<Option<String>, SeamError> {
        Pages::next_page(self).map(|page| page.map(|page| normalized(&page)))
    }
}
