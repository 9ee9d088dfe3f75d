{{ header }}
{%- if ns.module == "root" %}
//! The client's top-level namespaces.
{%- else %}
//! `{{ ns.module }}`: the calls of this namespace, their parameters, and what they answer.
{%- endif %}
#![allow(unused_imports, clippy::too_many_arguments)]

use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;

use crate::api::args::{Arg, Args};

use crate::api::encode::payload;
use crate::api::generated::readers;
use crate::api::pages::{PageOf, Pages};
use crate::error::SeamError;
use crate::models::*;
use crate::transport::{HttpTransport, Method, Request, RetryClass};
use crate::validation::Checks;
use crate::wait::WaitOptions;
{%- for (child, type_name, doc, module) in ns.children %}
use crate::api::generated::{{ module }}::{{ type_name }};
{%- endfor %}
{%- for r in ns.param_records %}

{{ r.doc }}
#[derive(Debug, Clone, PartialEq, Serialize{% if r.default %}, Default{% endif %})]
pub struct {{ r.name }} {
{%- for p in r.fields %}
{{ p.doc }}
{%- if !p.serde.is_empty() %}
    {{ p.serde }}
{%- endif %}
    pub {{ p.ident }}: {{ p.ty }},
{%- endfor %}
}

impl Arg for {{ r.name }} {
    fn arg(raw: &serde_json::value::RawValue, name: &str) -> Result<Self, SeamError> {
        let mut a = Args::nested(raw, name)?;
        let value = Self {
{%- for p in r.fields %}
            {{ p.ident }}: a.{{ p.take }}("{{ p.api }}")?,
{%- endfor %}
        };
        a.finish()?;
        Ok(value)
    }
}

impl crate::validation::Nested for {{ r.name }} {
    fn check(&self, c: &Checks, path: &str) -> Result<(), SeamError> {
        let _ = (c, path);
{%- for line in r.checks %}
        {{ line }}
{%- endfor %}
        Ok(())
    }
}

impl crate::validation::NestedEach for {{ r.name }} {
    fn check_each(&self, c: &Checks, path: &str) -> Result<(), SeamError> {
        crate::validation::Nested::check(self, c, path)
    }
}
{%- endfor %}
{%- for c in ns.calls %}

/// The parameters of `{{ c.operation }}`.
#[derive(Debug, Clone, PartialEq, Serialize{% if c.default %}, Default{% endif %})]
pub struct {{ c.params_type }} {
{%- for p in c.params %}
{{ p.doc }}
{%- if !p.serde.is_empty() %}
    {{ p.serde }}
{%- endif %}
    pub {{ p.ident }}: {{ p.ty }},
{%- endfor %}
{%- if c.action_attempt %}
    /// Whether and how long to wait for the action attempt (`None`: the client's setting).
    #[serde(skip_serializing)]
    pub wait_for_action_attempt: Option<WaitOptions>,
{%- endif %}
}

impl {{ c.params_type }} {
{%- if !c.default %}
    /// The parameters with the required ones given and every other one left to the API.
    pub fn new({% for p in c.params %}{% if p.required %}{{ p.ident }}: impl Into<{{ p.ty }}>, {% endif %}{% endfor %}) -> Self {
        Self {
{%- for p in c.params %}
{%- if p.required %}
            {{ p.ident }}: {{ p.ident }}.into(),
{%- else %}
            {{ p.ident }}: Default::default(),
{%- endif %}
{%- endfor %}
{%- if c.action_attempt %}
            wait_for_action_attempt: None,
{%- endif %}
        }
    }
{%- endif %}

    /// The parameters from the JSON object of a call by name.
    pub(crate) fn from_args(text: &str) -> Result<Self, SeamError> {
        let {% if !c.params.is_empty() || c.action_attempt %}mut {% endif %}a = Args::of(text)?;
        let params = Self {
{%- for p in c.params %}
            {{ p.ident }}: a.{{ p.take }}("{{ p.api }}")?,
{%- endfor %}
{%- if c.action_attempt %}
            wait_for_action_attempt: a.optional("wait_for_action_attempt")?,
{%- endif %}
        };
        a.finish()?;
        Ok(params)
    }

    /// Every check the API's schema and the selection imply, before anything is sent.
    pub(crate) fn check(&self, c: &Checks) -> Result<(), SeamError> {
        let _ = c;
{%- for line in c.checks %}
        {{ line }}
{%- endfor %}
{%- if c.action_attempt %}
        crate::wait::check_call(&self.wait_for_action_attempt)?;
{%- endif %}
        Ok(())
    }
}
{%- match c.page %}
{%- when Some((key, item, page)) %}

/// One page of `{{ c.operation }}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct {{ page }} {
    /// The objects on this page.
    pub {{ key }}: Vec<{{ item }}>,
    /// Whether more pages follow, and the cursor of the next.
    pub pagination: Pagination,
}

impl PageOf for {{ page }} {
    type Item = {{ item }};

    fn into_items(self) -> Vec<{{ item }}> {
        self.{{ key }}
    }

    fn pagination(&self) -> &Pagination {
        &self.pagination
    }
}

/// Fetches one page of `{{ c.operation }}` (the walker's fetch, too).
fn fetch_{{ c.name }}(http: &HttpTransport, params: &{{ c.params_type }}) -> Result<{{ page }}, SeamError> {
    http.send(
        &Request {
            method: Method::{{ c.method }},
            path: "{{ c.path }}",
            payload: payload(Method::{{ c.method }}, params),
            retry: RetryClass::{{ c.retry }},
        },
        {{ c.reader }},
    )
}
{%- when None %}
{%- endmatch %}
{%- endfor %}

{%- if ns.module == "root" %}

impl crate::Seam {
{%- for (child, type_name, doc, module) in ns.children %}

{{ doc }}
    pub fn {{ child }}(&self) -> {{ type_name }}<'_> {
        {{ type_name }}::new(self.http())
    }
{%- endfor %}
}
{%- else %}

{{ ns.doc }}
#[derive(Debug, Clone, Copy)]
pub struct {{ ns.type_name }}<'a> {
    http: &'a Arc<HttpTransport>,
}

impl<'a> {{ ns.type_name }}<'a> {
    pub(crate) fn new(http: &'a Arc<HttpTransport>) -> Self {
        Self { http }
    }
{%- for (child, type_name, doc, module) in ns.children %}

{{ doc }}
    pub fn {{ child }}(&self) -> {{ type_name }}<'a> {
        {{ type_name }}::new(self.http)
    }
{%- endfor %}
{%- for c in ns.calls %}

{{ c.doc }}
{%- if c.positional %}
    pub fn {{ c.name }}(&self, {% for p in c.params %}{{ p.ident }}: {{ p.arg_ty }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Result<{{ c.returns }}, SeamError> {
        self.send_{{ c.name }}(&{{ c.params_type }} {
{%- for p in c.params %}
            {% if p.ident == p.into %}{{ p.ident }}{% else %}{{ p.ident }}: {{ p.into }}{% endif %},
{%- endfor %}
        })
    }
{%- else if c.has_params %}
    pub fn {{ c.full_name }}(&self, params: &{{ c.params_type }}) -> Result<{{ c.returns }}, SeamError> {
        self.send_{{ c.name }}(params)
    }
{%- else %}
    pub fn {{ c.name }}(&self) -> Result<{{ c.returns }}, SeamError> {
        self.send_{{ c.name }}(&{{ c.params_type }} {})
    }
{%- endif %}
{%- for (shortcut, args, fields) in c.shortcuts %}

    /// `{{ c.name }}` with {% for p in args %}`{{ p.api }}`{% if !loop.last %} and {% endif %}{% endfor %}.
    pub fn {{ shortcut }}(&self, {% for p in args %}{{ p.ident }}: {{ p.arg_ty }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Result<{{ c.returns }}, SeamError> {
        self.send_{{ c.name }}(&{{ c.params_type }} {
{%- for (ident, value) in fields %}
            {% if ident == value %}{{ ident }}{% else %}{{ ident }}: {{ value }}{% endif %},
{%- endfor %}
        })
    }
{%- endfor %}
{%- match c.page %}
{%- when Some((key, item, page)) %}

    /// Every {{ item }} that the filters of `{{ c.name }}` select, page after page (the next page
    /// is fetched while the caller reads this one). The filters are checked now, before
    /// anything is sent.
    pub fn {{ c.name }}_all(&self, params: {{ c.params_type }}) -> Result<Pages<{{ c.params_type }}, {{ page }}>, SeamError> {
        params.check(&Checks::of(self.http))?;
        Ok(Pages::new(Arc::clone(self.http), params, fetch_{{ c.name }}, |params, cursor| {
            params.page_cursor = cursor
        }))
    }
{%- when None %}
{%- endmatch %}

    // One copy of each call, whichever way it is made (typed, by name, from another language).
    #[inline(never)]
    pub(crate) fn send_{{ c.name }}(&self, params: &{{ c.params_type }}) -> Result<{{ c.returns }}, SeamError> {
        params.check(&Checks::of(self.http))?;
{%- if c.page.is_some() %}
        fetch_{{ c.name }}(self.http, params)
{%- else if c.action_attempt %}
        let attempt = self.http.send(
            &Request {
                method: Method::{{ c.method }},
                path: "{{ c.path }}",
                payload: payload(Method::{{ c.method }}, params),
                retry: RetryClass::{{ c.retry }},
            },
            {{ c.reader }},
        )?;
        crate::wait::finish(self.http, attempt, params.wait_for_action_attempt.as_ref())
{%- else %}
        self.http.send(
            &Request {
                method: Method::{{ c.method }},
                path: "{{ c.path }}",
                payload: payload(Method::{{ c.method }}, params),
                retry: RetryClass::{{ c.retry }},
            },
            {{ c.reader }},
        )
{%- endif %}
    }
{%- endfor %}
}
{%- endif %}
