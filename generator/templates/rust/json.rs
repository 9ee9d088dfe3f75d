{{ header }}
//! The calls as the Python binding makes them: the operation's name and its parameters as a
//! JSON object in, the answer as JSON out (see `api::json`).

use std::sync::Arc;

use crate::api::generated::readers;
use crate::api::json::{answer, from_params, model, unknown, JsonPages};
use crate::models::Form;
use crate::error::SeamError;
use crate::models::*;
use crate::transport::HttpTransport;

/// Runs `operation` with `params` and answers the JSON of what it returns, in `form`.
pub(crate) fn call(http: &Arc<HttpTransport>, operation: &str, params: &str, form: Form) -> Result<String, SeamError> {
    match operation {
{%- for (op, module, ns, name, params_type) in calls %}
        "{{ op }}" => answer({{ module }}::{{ ns }}::new(http).send_{{ name }}(&from_params::<{{ module }}::{{ params_type }}>(params)?), form),
{%- endfor %}
        _ => Err(unknown("operation", operation)),
    }
}

/// Every operation, by name (`acs.users.create`), with whether it is paginated.
pub(crate) const OPERATIONS: &[(&str, bool)] = &[
{%- for (op, module, ns, name, params_type) in calls %}
    ("{{ op }}", {% if pages_ops.contains(op) %}true{% else %}false{% endif %}),
{%- endfor %}
];

/// The pages of a paginated `operation`; its filters are checked now.
pub(crate) fn pages(http: &Arc<HttpTransport>, operation: &str, params: &str) -> Result<Box<dyn JsonPages>, SeamError> {
    match operation {
{%- for (op, module, ns, name) in pages %}
        "{{ op }}" => {{ module }}::{{ ns }}::new(http).{{ name }}_all(from_params(params)?).map(|p| Box::new(p) as Box<dyn JsonPages>),
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
