{{ header }}
//! The calls as the Python binding makes them: the operation's name and its parameters as a
//! JSON object in, the answer as JSON out (see `api::json`).

use std::sync::Arc;

use crate::api::generated::readers;
use crate::api::json::{answer, model, unknown, JsonPages};
use crate::models::Form;
use crate::wait::WaitOptions;
use crate::error::SeamError;
use crate::models::*;
use crate::transport::HttpTransport;

/// Runs `operation` with `params` and answers the JSON of what it returns, in `form`.
pub(crate) fn call(http: &Arc<HttpTransport>, operation: &str, params: &str, form: Form) -> Result<String, SeamError> {
    match operation {
{%- for (op, module, ns, name, params_type) in calls %}
        "{{ op }}" => answer({{ module }}::{{ ns }}::new(http).send_{{ name }}(&{{ module }}::{{ params_type }}::from_args(params)?), form),
{%- endfor %}
        _ => Err(unknown("operation", operation)),
    }
}

/// Every operation, by name (`acs.users.create`), with whether it is paginated and whether it
/// answers an action attempt.
pub(crate) const OPERATIONS: &[(&str, bool, bool)] = &[
{%- for (op, module, ns, name, params_type) in calls %}
    ("{{ op }}", {{ pages_ops.contains(op) }}, {{ aa_ops.contains(op) }}),
{%- endfor %}
];

/// The pages of a paginated `operation`; its filters are checked now.
pub(crate) fn pages(http: &Arc<HttpTransport>, operation: &str, params: &str) -> Result<Box<dyn JsonPages>, SeamError> {
    match operation {
{%- for (op, module, ns, name, params_type) in pages %}
        "{{ op }}" => {{ module }}::{{ ns }}::new(http).{{ name }}_all({{ module }}::{{ params_type }}::from_args(params)?).map(|p| Box::new(p) as Box<dyn JsonPages>),
{%- endfor %}
        _ => Err(unknown("paginated operation", operation)),
    }
}

/// Reads the API's JSON of a `name` object by the SDK's rules; answers its normalized JSON.
pub(crate) fn read_model(name: &str, json: &str) -> Result<String, SeamError> {
    match name {
{%- for (api, ty) in models %}
        "{{ api }}" => model::<{{ ty }}>(json),
{%- endfor %}
        _ => Err(unknown("model", name)),
    }
}

/// Reads an answer of `operation` as the client would (for the fuzzer and the readers' tests).
pub(crate) fn read_answer(operation: &str, status: u16, body: &[u8], request_id: Option<String>) -> Option<Result<(), SeamError>> {
    let read = match operation {
{%- for (op, reader) in readers %}
        "{{ op }}" => crate::response::parse(status, body, request_id, {{ reader }}).map(drop),
{%- endfor %}
        _ => return None,
    };
    Some(read)
}

/// For an operation that answers an action attempt: the attempt as its call answers it (the
/// call does not wait), with the wait the caller asked for; `None` for any other operation.
/// The async clients wait on their own, without holding a thread.
pub(crate) fn start(http: &Arc<HttpTransport>, operation: &str, params: &str) -> Option<Result<(ActionAttempt, Option<WaitOptions>), SeamError>> {
    match operation {
{%- for (op, module, ns, name, params_type) in calls %}
{%- if aa_ops.contains(op) %}
        "{{ op }}" => Some((|| {
            let mut params = {{ module }}::{{ params_type }}::from_args(params)?;
            let wait = params.wait_for_action_attempt.replace(crate::wait::NO_WAIT);
            crate::wait::check_call(&wait)?;
            Ok(({{ module }}::{{ ns }}::new(http).send_{{ name }}(&params)?, wait))
        })()),
{%- endif %}
{%- endfor %}
        _ => None,
    }
}
