{{ header }}
//! The namespaces of the foreign API (`udl/seam_core.udl`): each method takes its arguments as
//! the foreign languages pass them and forwards to the Rust call; the async objects run the
//! same calls on the client's worker pool.
#![allow(clippy::too_many_arguments, unused_imports)]

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::{lock, AsyncSeam, Seam};
use crate::api::pages::Pages;
use crate::error::SeamError;
use crate::models::*;
use crate::pool::{Pending, WorkerPool};
use crate::transport::HttpTransport;
use crate::wait::{WaitOptions, Waiting};
use crate::api::generated::exports::*;

/// The namespaces of a blocking client, made once with it.
pub(crate) struct SeamChildren {
{%- for (child, ty, doc) in root.children %}
    {{ child }}: Arc<{{ ty }}>,
{%- endfor %}
}

impl SeamChildren {
    pub(crate) fn new(http: &Arc<HttpTransport>) -> Self {
        Self {
{%- for (child, ty, doc) in root.children %}
            {{ child }}: Arc::new({{ ty }}::new(http)),
{%- endfor %}
        }
    }
}

impl Seam {
{%- for (child, ty, doc) in root.children %}
    pub(crate) fn {{ child }}(&self) -> Arc<{{ ty }}> {
        Arc::clone(&self.children.{{ child }})
    }
{%- endfor %}
}

/// The namespaces of a non-blocking client, made once with it.
pub(crate) struct AsyncSeamChildren {
{%- for (child, ty, doc) in root.children %}
    {{ child }}: Arc<Async{{ ty }}>,
{%- endfor %}
}

impl AsyncSeamChildren {
    pub(crate) fn new(http: &Arc<HttpTransport>, pool: &Arc<WorkerPool>) -> Self {
        Self {
{%- for (child, ty, doc) in root.children %}
            {{ child }}: Arc::new(Async{{ ty }}::new(http, pool)),
{%- endfor %}
        }
    }
}

impl AsyncSeam {
{%- for (child, ty, doc) in root.children %}
    pub(crate) fn {{ child }}(&self) -> Arc<Async{{ ty }}> {
        Arc::clone(&self.children.{{ child }})
    }
{%- endfor %}
}
{%- for (api, name) in models %}

pub(crate) fn {{ api }}_to_json(value: {{ name }}) -> String {
    serde_json::to_string(&value).unwrap_or_default()
}

pub(crate) fn {{ api }}_from_json(json: String) -> Result<{{ name }}, SeamError> {
    crate::response::read_object(&json)
}
{%- endfor %}
{%- for i in interfaces %}

pub struct {{ i.name }} {
{%- if !i.methods.is_empty() %}
    http: Arc<HttpTransport>,
{%- endif %}
{%- for (child, ty, doc) in i.children %}
    {{ child }}: Arc<{{ ty }}>,
{%- endfor %}
}

impl {{ i.name }} {
    pub(crate) fn new(http: &Arc<HttpTransport>) -> Self {
        Self {
{%- if !i.methods.is_empty() %}
            http: Arc::clone(http),
{%- endif %}
{%- for (child, ty, doc) in i.children %}
            {{ child }}: Arc::new({{ ty }}::new(http)),
{%- endfor %}
        }
    }
{%- if !i.methods.is_empty() %}

    pub(crate) fn rust(&self) -> {{ i.params_module }}::{{ i.name }}<'_> {
        {{ i.params_module }}::{{ i.name }}::new(&self.http)
    }
{%- endif %}
{%- for (child, ty, doc) in i.children %}

    pub(crate) fn {{ child }}(&self) -> Arc<{{ ty }}> {
        Arc::clone(&self.{{ child }})
    }
{%- endfor %}
{%- for m in i.methods %}

    pub(crate) fn {{ m.name }}(&self, {% for a in m.args %}{{ a.rust }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Result<{{ m.rust_returns }}, SeamError> {
        self.rust().send_{{ m.name }}(&{{ m.params_type }} {
{%- for a in m.args %}
            {% if a.ident == a.into %}{{ a.ident }}{% else %}{{ a.ident }}: {{ a.into }}{% endif %},
{%- endfor %}
        })
    }
{%- match m.walker %}
{%- when Some((walker, page)) %}

    pub(crate) fn {{ m.name }}_all(&self, {% for a in m.list_args %}{{ a.rust }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Result<Arc<{{ walker }}>, SeamError> {
        let pages = self.rust().{{ m.name }}_all({{ m.params_type }} {
{%- for a in m.list_args %}
            {% if a.ident == a.into %}{{ a.ident }}{% else %}{{ a.ident }}: {{ a.into }}{% endif %},
{%- endfor %}
            page_cursor: None,
        })?;
        Ok(Arc::new({{ walker }} {
            pages: Arc::new(Mutex::new(pages)),
        }))
    }
{%- when None %}
{%- endmatch %}
{%- endfor %}
}
{%- for m in i.methods %}
{%- match m.walker %}
{%- when Some((walker, page)) %}

pub struct {{ walker }} {
    pages: Arc<Mutex<Pages<{{ m.params_type }}, {{ page }}>>>,
}

impl {{ walker }} {
    pub(crate) fn next_page(&self) -> Result<Option<{{ page }}>, SeamError> {
        lock(&self.pages).next_page()
    }
}

pub struct Async{{ walker }} {
    pages: Arc<Mutex<Pages<{{ m.params_type }}, {{ page }}>>>,
    pool: Arc<WorkerPool>,
}

impl Async{{ walker }} {
    pub(crate) fn next_page(&self) -> Pending<Result<Option<{{ page }}>, SeamError>> {
        let pages = Arc::clone(&self.pages);
        self.pool.run(move || lock(&pages).next_page())
    }
}
{%- when None %}
{%- endmatch %}
{%- endfor %}

pub struct Async{{ i.name }} {
{%- if !i.methods.is_empty() %}
    blocking: Arc<{{ i.name }}>,
    pool: Arc<WorkerPool>,
{%- endif %}
{%- for (child, ty, doc) in i.children %}
    {{ child }}: Arc<Async{{ ty }}>,
{%- endfor %}
}

impl Async{{ i.name }} {
    pub(crate) fn new(http: &Arc<HttpTransport>, pool: &Arc<WorkerPool>) -> Self {
        Self {
{%- if !i.methods.is_empty() %}
            blocking: Arc::new({{ i.name }}::new(http)),
            pool: Arc::clone(pool),
{%- endif %}
{%- for (child, ty, doc) in i.children %}
            {{ child }}: Arc::new(Async{{ ty }}::new(http, pool)),
{%- endfor %}
        }
    }
{%- for (child, ty, doc) in i.children %}

    pub(crate) fn {{ child }}(&self) -> Arc<Async{{ ty }}> {
        Arc::clone(&self.{{ child }})
    }
{%- endfor %}
{%- for m in i.methods %}

{%- if m.aa %}
    pub(crate) fn {{ m.name }}(&self, {% for a in m.args %}{{ a.rust }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Waiting {
        let blocking = Arc::clone(&self.blocking);
        crate::wait::start_async(&self.pool, &self.blocking.http, wait_for_action_attempt, Box::new(move || blocking.{{ m.name }}({% for a in m.args %}{% if a.ident == "wait_for_action_attempt" %}Some(crate::wait::NO_WAIT){% else %}{{ a.ident }}{% endif %}{% if !loop.last %}, {% endif %}{% endfor %})))
    }
{%- else %}
    pub(crate) fn {{ m.name }}(&self, {% for a in m.args %}{{ a.rust }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Pending<Result<{{ m.rust_returns }}, SeamError>> {
        let blocking = Arc::clone(&self.blocking);
        self.pool
            .run(move || blocking.{{ m.name }}({% for a in m.args %}{{ a.ident }}{% if !loop.last %}, {% endif %}{% endfor %}))
    }
{%- endif %}
{%- match m.walker %}
{%- when Some((walker, page)) %}

    pub(crate) fn {{ m.name }}_all(&self, {% for a in m.list_args %}{{ a.rust }}{% if !loop.last %}, {% endif %}{% endfor %}) -> Result<Arc<Async{{ walker }}>, SeamError> {
        let pages = self.blocking.{{ m.name }}_all({% for a in m.list_args %}{{ a.ident }}{% if !loop.last %}, {% endif %}{% endfor %})?;
        Ok(Arc::new(Async{{ walker }} {
            pages: Arc::clone(&pages.pages),
            pool: Arc::clone(&self.pool),
        }))
    }
{%- when None %}
{%- endmatch %}
{%- endfor %}
}
{%- endfor %}
