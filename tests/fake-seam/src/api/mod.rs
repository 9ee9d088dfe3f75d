//! The API's routes, one module per resource. Every request goes through the same steps, in
//! the API's order: auth (401), what the caller may call (403), parameters from the route's
//! schema facts (400), what a client session may touch (403), then the handler, whose lookups
//! answer typed 404s.

mod access_grants;
mod access_groups;
mod access_methods;
mod action_attempts;
mod client_sessions;
mod credentials;
mod encoders;
mod entrances;
mod events;
mod systems;
mod user_identities;
mod users;
mod webhooks;

use serde_json::{json, Value};

use crate::auth::{self, Principal};
use crate::catalog::Route;
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::pagination::{self, Page, Position};
use crate::params::{self, Source};
use crate::scope::Scope;
use crate::state::{App, Data};
use crate::validate::{self, Input};

pub type Handler = fn(&mut Ctx) -> Result<Answer, ApiError>;

/// A resource module's table: the handler of a route, by what follows the resource's prefix.
type Routes = fn(&str) -> Option<Handler>;

/// What a handler answers: JSON, or text it assembled itself (a page of cached credentials).
pub enum Answer {
    Json(Value),
    Text(String),
}

impl Answer {
    fn response(self) -> Response {
        match self {
            Answer::Json(value) => Response::json(200, &value),
            Answer::Text(text) => Response::new(200, "application/json", text.into_bytes()),
        }
    }
}

/// `{"ok": true}`.
pub fn ok() -> Answer {
    Answer::Json(json!({ "ok": true }))
}

/// `{key: value, "ok": true}`.
pub fn one(key: &str, value: Value) -> Answer {
    Answer::Json(json!({ key: value, "ok": true }))
}

/// What a handler works with.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub data: &'a mut Data,
    pub principal: &'a Principal,
    /// Set for a client session.
    pub scope: Option<Scope>,
    pub route: &'a Route,
    pub input: Input,
    pub now_ms: i64,
}

impl Ctx<'_> {
    pub fn workspace(&self) -> &str {
        &self.principal.workspace_id
    }

    pub fn now(&self) -> String {
        crate::time::format_ms(self.now_ms)
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.input.str(name)
    }

    pub fn new_id(&mut self, prefix: &str) -> String {
        self.data.new_id(prefix)
    }

    pub fn event(&mut self, event_type: &str, subject: Value) {
        let workspace = self.principal.workspace_id.clone();
        self.data
            .record_event(&workspace, event_type, subject, self.now_ms);
    }

    /// Whether the caller may see something: everything, unless it is a client session.
    pub fn sees(&self, owned: impl FnOnce(&Scope) -> bool) -> bool {
        self.scope.as_ref().is_none_or(owned)
    }

    /// One page of `items` (any order; sorted here), as `{key: [...], pagination, ok}`.
    pub fn page(
        &mut self,
        key: &str,
        items: Vec<(Position, Value)>,
        default_limit: usize,
    ) -> Result<Answer, ApiError> {
        let after = self.data.cursors.after(&self.input)?;
        let limit = pagination::limit(&self.input, default_limit);
        let Page { items, next_cursor } = pagination::page(
            items.into_iter(),
            after.as_ref(),
            limit,
            &mut self.data.cursors,
        );
        Ok(Answer::Json(json!({
            key: items,
            "pagination": self.pagination(next_cursor.as_deref()),
            "ok": true,
        })))
    }

    pub fn pagination(&self, cursor: Option<&str>) -> Value {
        pagination::pagination_json(&self.app.base_url, &self.route.path, &self.input, cursor)
    }
}

/// `Some` object, or the typed 404 for `kind`.
pub fn found<T>(object: Option<T>, kind: &str) -> Result<T, ApiError> {
    object.ok_or_else(|| ApiError::not_found(kind))
}

/// The handler of `path`, if the fake serves it: each resource module names its routes by
/// what follows its prefix (`get`, `unmanaged/get`, `simulate/…`).
pub fn handler(path: &str) -> Option<Handler> {
    const RESOURCES: [(&str, Routes); 13] = [
        ("/acs/credentials/", credentials::handler),
        ("/acs/users/", users::handler),
        ("/acs/systems/", systems::handler),
        ("/acs/entrances/", entrances::handler),
        ("/acs/access_groups/", access_groups::handler),
        ("/acs/encoders/", encoders::handler),
        ("/action_attempts/", action_attempts::handler),
        ("/user_identities/", user_identities::handler),
        ("/client_sessions/", client_sessions::handler),
        ("/access_grants/", access_grants::handler),
        ("/access_methods/", access_methods::handler),
        ("/events/", events::handler),
        ("/webhooks/", webhooks::handler),
    ];
    RESOURCES
        .iter()
        .find_map(|(prefix, handler)| path.strip_prefix(prefix).and_then(handler))
}

pub fn serve(
    app: &App,
    data: &mut Data,
    route: &Route,
    handler: Handler,
    request: &Request,
    now_ms: i64,
) -> Response {
    match answer(app, data, route, handler, request, now_ms) {
        Ok(answer) => answer.response(),
        Err(error) => error.response(),
    }
}

fn answer(
    app: &App,
    data: &mut Data,
    route: &Route,
    handler: Handler,
    request: &Request,
    now_ms: i64,
) -> Result<Answer, ApiError> {
    let principal = auth::authenticate(&app.seed, &data.ws, request, now_ms)
        .map_err(|message| ApiError::new(401, "unauthorized", message))?;
    permit(&principal, route)?;
    // The official SDKs put GET and DELETE parameters in the query, the others in a body.
    let source = match request.method.as_str() {
        "GET" | "DELETE" => Source::Query,
        _ => Source::Body,
    };
    let raw = params::read(request, source)?;
    let input = validate::check(&raw, route)?;
    let scope = Scope::of(&data.ws, &principal);
    // Lists filter to the session's objects instead: a filter narrows, never refuses.
    if let Some(scope) = scope.as_ref().filter(|_| !route.path.ends_with("/list")) {
        scope.check(&data.ws, &route.path, &input)?;
    }
    let mut ctx = Ctx {
        app,
        data,
        principal: &principal,
        scope,
        route,
        input,
        now_ms,
    };
    handler(&mut ctx)
}

/// A client session may call only the routes the document lets it; a publishable key only
/// makes client sessions.
fn permit(principal: &Principal, route: &Route) -> Result<(), ApiError> {
    let path = &route.path;
    if principal.is_client_session() && !route.client_session {
        return Err(ApiError::new(
            403,
            "forbidden",
            &format!(
                "A client session token cannot call {path}; use an API key or a personal access token"
            ),
        ));
    }
    if principal.is_publishable_key() && !route.publishable_key {
        return Err(ApiError::new(
            403,
            "forbidden",
            &format!("A publishable key cannot call {path}; it may only make client sessions"),
        ));
    }
    Ok(())
}
