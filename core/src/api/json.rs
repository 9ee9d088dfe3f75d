//! Calls by name: an operation's name and its parameters as one JSON object (the API's names)
//! in, the answer as JSON out. The Python binding takes the answer normalized (see
//! [`Form::Normalized`]): it reads it with its C parser and builds its own classes lazily,
//! instead of lifting every field of every record through ctypes. The command line takes it
//! as the API's JSON, and reads its bulk input lines as parameters. The calls, checks and
//! readers are the same as every other language's; only the crossing differs.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::pages::{PageOf, Pages};
use crate::error::SeamError;
use crate::models::read::FromJson;
use crate::models::{written, Form};

pub(crate) use crate::api::generated::json::{call, pages, read_model, start, OPERATIONS};

/// The parameters of a call, from the JSON object the binding sent. The binding sends only
/// the names and types of the call's signature, so a failure here names what did not fit.
pub(crate) fn from_params<T: DeserializeOwned>(params: &str) -> Result<T, SeamError> {
    serde_json::from_str(params).map_err(|e| {
        // Without serde_json's position in the text: it means nothing to the caller.
        let full = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let text = full.strip_suffix(&position).unwrap_or(&full).to_owned();
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

/// What a call returned, as JSON in `form`.
pub(crate) fn answer<T: Serialize>(
    result: Result<T, SeamError>,
    form: Form,
) -> Result<String, SeamError> {
    result.map(|value| written(&value, form))
}

/// An object the caller holds as the API's JSON (a cache, a fixture), read by the same rules
/// as an answer; its normalized JSON.
pub(crate) fn model<T: FromJson + Serialize>(json: &str) -> Result<String, SeamError> {
    crate::response::read_object::<T>(json).map(|value| written(&value, Form::Normalized))
}

pub(crate) fn unknown(what: &str, name: &str) -> SeamError {
    SeamError::InvalidInput {
        parameter: what.to_owned(),
        reason: format!("{name:?} is not one this version of seam-core knows"),
    }
}

/// A walk over pages, each page as JSON.
pub trait JsonPages: Send {
    /// The next page in `form`, or `None` after the last.
    fn next_page(&mut self, form: Form) -> Result<Option<String>, SeamError>;
}

impl<P, R> JsonPages for Pages<P, R>
where
    P: Clone + Send + 'static,
    R: PageOf + Serialize + Send + 'static,
    R::Item: Send,
{
    fn next_page(&mut self, form: Form) -> Result<Option<String>, SeamError> {
        Pages::next_page(self).map(|page| page.map(|page| written(&page, form)))
    }
}

/// Whether `operation` answers an action attempt.
pub(crate) fn is_action_attempt(operation: &str) -> bool {
    OPERATIONS
        .iter()
        .any(|(name, _, action_attempt)| *name == operation && *action_attempt)
}

/// Calls by name, for programs that read their calls as data (the command line's bulk mode).
impl crate::Seam {
    /// Runs `operation` (`acs.users.create`) with `params`, a JSON object of its parameters
    /// under the API's names, and answers what it returns as JSON in `form`. The parameters
    /// are checked as the typed call checks them.
    pub fn call_json(
        &self,
        operation: &str,
        params: &str,
        form: Form,
    ) -> Result<String, SeamError> {
        call(self.http(), operation, params, form)
    }

    /// The pages of a paginated `operation` (`acs.users.list`), its filters checked now.
    pub fn pages_json(
        &self,
        operation: &str,
        params: &str,
    ) -> Result<Box<dyn JsonPages>, SeamError> {
        pages(self.http(), operation, params)
    }

    /// Every operation this version knows (`acs.users.create`, …), with whether it is a
    /// paginated list and whether it answers an action attempt.
    pub fn operations() -> &'static [(&'static str, bool, bool)] {
        OPERATIONS
    }
}
