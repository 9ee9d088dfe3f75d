{{ header }}
//! What each kind of answer carries, read from the members of its body.

use crate::models::read::{Members, Problem};
use crate::api::generated::exports::*;
use crate::models::*;
{%- for (function, ty, member, how) in readers %}

pub(crate) fn {{ function }}(m: &mut Members<'_>) -> Result<{{ ty }}, Problem> {
{%- if how == "page" %}
    Ok({{ ty }} {
        {{ member }}: m.required_list("{{ member }}")?,
        pagination: m.required_or("pagination", Pagination::last)?,
    })
{%- else %}
    m.{{ how }}("{{ member }}")
{%- endif %}
}
{%- endfor %}
