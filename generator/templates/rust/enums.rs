{{ header }}
//! Every enum of the API's objects and parameters, each open: a value this version of the SDK
//! does not know is kept, as the API spells it, in `Other`.

use crate::models::open_enum;
{% for e in enums %}
open_enum! {
{{ e.doc }}
    {{ e.name }} {
{%- for (variant, api, doc) in e.values %}
{{ doc }}
        {{ variant }} = "{{ api }}",
{%- endfor %}
    }
}
{% endfor -%}
