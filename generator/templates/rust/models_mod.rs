{{ header }}
//! The API's objects, one file per model with the objects inside it, and their enums.

mod enums;
{%- for m in modules %}
mod {{ m }};
{%- endfor %}

pub use enums::*;
{%- for m in modules %}
pub use {{ m }}::*;
{%- endfor %}
