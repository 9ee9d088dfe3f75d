//! The `/acs/credentials/*` endpoints. Checks run in the API's order: auth (401), what a
//! client session may call (403), parameters (400), then lookups (404).

use serde_json::{json, Map, Value};

use crate::auth::{self, Principal};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::ids;
use crate::pagination;
use crate::params::{self, Source};
use crate::state::{App, Data};
use crate::time;
use crate::validate::{self, Field, Input, Invalid, Kind};
use crate::workspace::{str_field, Credential, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Assign,
    Unassign,
    Create,
    Get,
    List,
    ListAccessibleEntrances,
    Update,
    Delete,
}

const ENDPOINTS: [Endpoint; 8] = [
    Endpoint::Assign,
    Endpoint::Unassign,
    Endpoint::Create,
    Endpoint::Get,
    Endpoint::List,
    Endpoint::ListAccessibleEntrances,
    Endpoint::Update,
    Endpoint::Delete,
];

impl Endpoint {
    pub fn from_path(path: &str) -> Option<Endpoint> {
        ENDPOINTS.into_iter().find(|e| e.path() == path)
    }

    fn path(self) -> &'static str {
        match self {
            Endpoint::Assign => ids::ASSIGN_ROUTE,
            Endpoint::Unassign => ids::UNASSIGN_ROUTE,
            Endpoint::Create => ids::CREATE_ROUTE,
            Endpoint::Get => ids::GET_ROUTE,
            Endpoint::List => ids::LIST_ROUTE,
            Endpoint::ListAccessibleEntrances => ids::LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            Endpoint::Update => ids::UPDATE_ROUTE,
            Endpoint::Delete => ids::DELETE_ROUTE,
        }
    }

    /// Every endpoint takes POST with a body; besides, the semantic method of the OpenAPI
    /// document, which the official SDKs send. `None`: not served (a plain 404).
    pub fn source(self, method: &str) -> Option<Source> {
        match (self, method) {
            (_, "POST") => Some(Source::Body),
            (Endpoint::Assign | Endpoint::Unassign | Endpoint::Update, "PATCH") => {
                Some(Source::Body)
            }
            (Endpoint::Get | Endpoint::List | Endpoint::ListAccessibleEntrances, "GET") => {
                Some(Source::Query)
            }
            (Endpoint::Delete, "DELETE") => Some(Source::Query),
            _ => None,
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            Endpoint::Assign | Endpoint::Unassign => ASSIGN_FIELDS,
            Endpoint::Create => CREATE_FIELDS,
            Endpoint::Get | Endpoint::ListAccessibleEntrances | Endpoint::Delete => ONE_CREDENTIAL,
            Endpoint::List => LIST_FIELDS,
            Endpoint::Update => UPDATE_FIELDS,
        }
    }
}

const ASSIGN_FIELDS: &[Field] = &[
    Field::required("acs_credential_id", Kind::Uuid),
    Field::optional("acs_user_id", Kind::Uuid),
    Field::optional("user_identity_id", Kind::Uuid),
];

const ONE_CREDENTIAL: &[Field] = &[Field::required("acs_credential_id", Kind::Uuid)];

const CREATE_FIELDS: &[Field] = &[
    Field::required(
        "access_method",
        Kind::OneOf(&["code", "card", "mobile_key", "cloud_key"]),
    ),
    Field::optional("acs_system_id", Kind::Uuid),
    Field::optional("acs_user_id", Kind::Uuid),
    Field::optional("allowed_acs_entrance_ids", Kind::UuidList),
    Field::optional("assa_abloy_vostio_metadata", Kind::Object(VOSTIO_FIELDS)),
    Field::optional("code", Kind::Digits),
    Field::optional("credential_manager_acs_system_id", Kind::Uuid),
    Field::optional("ends_at", Kind::DateTime),
    Field::optional("hotek_metadata", Kind::Object(HOTEK_FIELDS)),
    Field::optional("is_multi_phone_sync_credential", Kind::Boolean),
    Field::optional("salto_space_metadata", Kind::Object(SALTO_SPACE_FIELDS)),
    Field::optional("starts_at", Kind::DateTime),
    Field::optional("user_identity_id", Kind::Uuid),
    Field::optional("visionline_metadata", Kind::Object(VISIONLINE_FIELDS)),
];

const VISIONLINE_FIELDS: &[Field] = &[
    Field::optional(
        "assa_abloy_credential_service_mobile_endpoint_id",
        Kind::Uuid,
    ),
    Field::optional("auto_join", Kind::Boolean),
    Field::optional("card_format", Kind::OneOf(&["TLCode", "rfid48"])),
    Field::optional("card_function_type", Kind::OneOf(&["guest", "staff"])),
    Field::optional("is_override_key", Kind::Boolean),
    Field::optional("joiner_acs_credential_ids", Kind::UuidList),
    Field::optional("override", Kind::Boolean),
];

const VOSTIO_FIELDS: &[Field] = &[
    Field::optional("auto_join", Kind::Boolean),
    Field::optional("join_all_guest_acs_entrances", Kind::Boolean),
    Field::optional("override_all_guest_acs_entrances", Kind::Boolean),
    Field::optional("override_guest_acs_entrance_ids", Kind::UuidList),
];

const SALTO_SPACE_FIELDS: &[Field] = &[
    Field::optional("assign_new_key", Kind::Boolean),
    Field::optional("update_current_key", Kind::Boolean),
];

const HOTEK_FIELDS: &[Field] = &[
    Field::optional("auto_join", Kind::Boolean),
    Field::optional("override", Kind::Boolean),
];

const LIST_FIELDS: &[Field] = &[
    Field::optional("acs_user_id", Kind::Uuid),
    Field::optional("acs_system_id", Kind::Uuid),
    Field::optional("user_identity_id", Kind::Uuid),
    Field::optional("limit", Kind::PositiveNumber),
    Field::optional("created_before", Kind::DateTime),
    Field::optional("is_multi_phone_sync_credential", Kind::Boolean),
    Field::optional("search", Kind::NonEmptyText),
    Field::optional("page_cursor", Kind::NullableText),
];

const UPDATE_FIELDS: &[Field] = &[
    // The one id the schema types as a plain string: an unknown one is simply a 404.
    Field::required("acs_credential_id", Kind::Text),
    Field::optional("code", Kind::Digits),
    Field::optional("ends_at", Kind::DateTime),
];

const DEFAULT_LIMIT: usize = 500;

pub fn serve(
    app: &App,
    data: &mut Data,
    endpoint: Endpoint,
    source: Source,
    request: &Request,
) -> Response {
    match answer(app, data, endpoint, source, request) {
        Ok(body) => Response::json(200, &body),
        Err(error) => error.response(),
    }
}

fn answer(
    app: &App,
    data: &mut Data,
    endpoint: Endpoint,
    source: Source,
    request: &Request,
) -> Result<Value, ApiError> {
    let principal = auth::authenticate(&app.seed, request)
        .map_err(|message| ApiError::new(401, "unauthorized", message))?;
    // The OpenAPI document lets a client session call list only.
    if principal.user_identity_id.is_some() && endpoint != Endpoint::List {
        return Err(ApiError::new(
            403,
            "forbidden",
            &format!(
                "A client session token cannot call {}; use an API key or a personal access token",
                endpoint.path()
            ),
        ));
    }
    let raw = params::read(request, source)?;
    let input = validate::check(&raw, endpoint.fields())?;
    let workspace = principal.workspace_id.as_str();
    match endpoint {
        Endpoint::Assign => assign(&mut data.workspace, workspace, &input),
        Endpoint::Unassign => unassign(&mut data.workspace, workspace, &input),
        Endpoint::Create => create(data, workspace, &input),
        Endpoint::Get => {
            let credential = find(&data.workspace, workspace, credential_id(&input))?;
            Ok(json!({ "acs_credential": credential.object, "ok": true }))
        }
        Endpoint::List => list(app, data, &principal, &input),
        Endpoint::ListAccessibleEntrances => {
            let ws = &data.workspace;
            let credential = find(ws, workspace, credential_id(&input))?;
            let entrances: Vec<&Value> = credential
                .entrance_ids
                .iter()
                .filter_map(|id| ws.acs_entrances.get(id))
                .collect();
            Ok(json!({ "acs_entrances": entrances, "ok": true }))
        }
        Endpoint::Update => update(&mut data.workspace, workspace, &input),
        Endpoint::Delete => {
            let id = credential_id(&input);
            find(&data.workspace, workspace, id)?;
            data.workspace.credentials.remove(id);
            Ok(json!({ "ok": true }))
        }
    }
}

/// Validated as required, so present.
fn credential_id(input: &Input) -> &str {
    input.str("acs_credential_id").unwrap_or_default()
}

fn find<'a>(ws: &'a Workspace, workspace: &str, id: &str) -> Result<&'a Credential, ApiError> {
    ws.credential(workspace, id)
        .ok_or_else(|| ApiError::not_found("acs_credential"))
}

/// Whom assign, unassign and create name: an ACS user, or a user identity that stands for
/// its ACS user in the credential's system.
enum Assignee {
    User(String),
    Identity(String),
}

impl Assignee {
    fn from_input(input: &Input) -> Result<Assignee, Invalid> {
        match (input.str("acs_user_id"), input.str("user_identity_id")) {
            (Some(user), None) => Ok(Assignee::User(user.to_owned())),
            (None, Some(identity)) => Ok(Assignee::Identity(identity.to_owned())),
            _ => Err(Invalid::top_level(
                "Exactly one of acs_user_id or user_identity_id is required",
            )),
        }
    }

    fn exists(&self, ws: &Workspace, workspace: &str) -> Result<(), ApiError> {
        match self {
            Assignee::User(id) => ws
                .acs_user(workspace, id)
                .map(drop)
                .ok_or_else(|| ApiError::not_found("acs_user")),
            Assignee::Identity(id) => ws
                .user_identity(workspace, id)
                .map(drop)
                .ok_or_else(|| ApiError::not_found("user_identity")),
        }
    }

    /// The system of a named ACS user; a user identity has none of its own.
    fn home_system(&self, ws: &Workspace, workspace: &str) -> Option<String> {
        match self {
            Assignee::User(id) => ws
                .acs_user(workspace, id)
                .and_then(|u| str_field(u, "acs_system_id"))
                .map(str::to_owned),
            Assignee::Identity(_) => None,
        }
    }

    /// The ACS user in `system`, and the user identity to record with it.
    fn in_system(
        &self,
        ws: &Workspace,
        workspace: &str,
        system: &str,
    ) -> Result<(String, Option<String>), ApiError> {
        let (user, identity) = match self {
            Assignee::User(id) => {
                let user = ws
                    .acs_user(workspace, id)
                    .ok_or_else(|| ApiError::not_found("acs_user"))?;
                let identity = str_field(user, "user_identity_id").map(str::to_owned);
                (user, identity)
            }
            Assignee::Identity(identity) => {
                let user = ws
                    .linked_users(identity)
                    .find(|u| str_field(u, "acs_system_id") == Some(system))
                    .ok_or_else(|| ApiError::not_found("acs_user"))?;
                (user, Some(identity.clone()))
            }
        };
        let user_id = str_field(user, "acs_user_id").unwrap_or_default();
        if str_field(user, "acs_system_id") != Some(system) {
            return Err(Invalid::top_level(&format!(
                "acs_user {user_id} is not in acs_system {system}"
            ))
            .into());
        }
        Ok((user_id.to_owned(), identity))
    }
}

/// User (or identity) first, then the credential, as the API looks them up.
fn assignment(
    ws: &Workspace,
    workspace: &str,
    input: &Input,
) -> Result<(String, Option<String>), ApiError> {
    let assignee = Assignee::from_input(input)?;
    assignee.exists(ws, workspace)?;
    let credential = find(ws, workspace, credential_id(input))?;
    let system = credential.field("acs_system_id").unwrap_or_default();
    assignee.in_system(ws, workspace, system)
}

fn assign(ws: &mut Workspace, workspace: &str, input: &Input) -> Result<Value, ApiError> {
    let (user, identity) = assignment(ws, workspace, input)?;
    change(ws, workspace, input, |fields| {
        fields.insert("acs_user_id".to_owned(), Value::String(user));
        // A stale identity of the previous holder must not survive.
        match identity {
            Some(identity) => fields.insert("user_identity_id".to_owned(), Value::String(identity)),
            None => fields.remove("user_identity_id"),
        };
    })
}

fn unassign(ws: &mut Workspace, workspace: &str, input: &Input) -> Result<Value, ApiError> {
    assignment(ws, workspace, input)?;
    change(ws, workspace, input, |fields| {
        fields.remove("acs_user_id");
        fields.remove("user_identity_id");
    })
}

fn update(ws: &mut Workspace, workspace: &str, input: &Input) -> Result<Value, ApiError> {
    find(ws, workspace, credential_id(input))?;
    change(ws, workspace, input, |fields| {
        for key in ["code", "ends_at"] {
            if let Some(value) = input.str(key) {
                fields.insert(key.to_owned(), Value::String(value.to_owned()));
            }
        }
    })
}

/// Edits the named credential; answers it as the API does.
fn change(
    ws: &mut Workspace,
    workspace: &str,
    input: &Input,
    edit: impl FnOnce(&mut Map<String, Value>),
) -> Result<Value, ApiError> {
    let credential = ws
        .credential_mut(workspace, credential_id(input))
        .ok_or_else(|| ApiError::not_found("acs_credential"))?;
    if let Some(fields) = credential.object.as_object_mut() {
        edit(fields);
    }
    Ok(json!({ "acs_credential": credential.object, "ok": true }))
}

fn create(data: &mut Data, workspace: &str, input: &Input) -> Result<Value, ApiError> {
    let assignee = Assignee::from_input(input)?;
    input.required_with("acs_system_id", "user_identity_id")?;
    let ws = &data.workspace;
    for key in ["acs_system_id", "credential_manager_acs_system_id"] {
        if let Some(id) = input.str(key) {
            ws.acs_system(workspace, id)
                .ok_or_else(|| ApiError::not_found("acs_system"))?;
        }
    }
    assignee.exists(ws, workspace)?;
    let system_id = match input.str("acs_system_id") {
        Some(id) => id.to_owned(),
        // Only an ACS user gets here without a system (see required_with), and it has one.
        None => assignee
            .home_system(ws, workspace)
            .ok_or_else(|| ApiError::not_found("acs_system"))?,
    };
    let (acs_user_id, identity) = assignee.in_system(ws, workspace, &system_id)?;

    let mut entrance_ids: Vec<String> = Vec::new();
    for id in input.strings("allowed_acs_entrance_ids") {
        let in_system = ws
            .acs_entrance(workspace, &id)
            .is_some_and(|e| str_field(e, "acs_system_id") == Some(&system_id));
        if !in_system {
            return Err(ApiError::not_found("acs_entrance"));
        }
        if !entrance_ids.contains(&id) {
            entrance_ids.push(id);
        }
    }
    let connected_account = ws
        .acs_system(workspace, &system_id)
        .and_then(|s| s.get("connected_account_ids"))
        .and_then(|ids| ids.get(0))
        .cloned();

    // Ids are never reused within a server's life, reset or not (like request ids).
    data.created += 1;
    let id = format!("c0ffee00-0000-4000-8000-{:012x}", data.created);
    let access_method = input.str("access_method").unwrap_or_default();
    let multi_phone = input
        .bool("is_multi_phone_sync_credential")
        .unwrap_or(false);
    let mut object = json!({
        "acs_credential_id": id,
        "workspace_id": workspace,
        "acs_system_id": system_id,
        "connected_account_id": connected_account,
        "acs_user_id": acs_user_id,
        "display_name": display_name(access_method, multi_phone),
        "access_method": access_method,
        "code": input.str("code"),
        "is_multi_phone_sync_credential": multi_phone,
        "is_managed": true,
        "created_at": time::now(),
        "errors": [],
        "warnings": [],
    });
    if let Some(fields) = object.as_object_mut() {
        if let Some(identity) = identity {
            fields.insert("user_identity_id".to_owned(), Value::String(identity));
        }
        for key in ["starts_at", "ends_at"] {
            if let Some(value) = input.str(key) {
                fields.insert(key.to_owned(), Value::String(value.to_owned()));
            }
        }
        if let Some(given) = input.object("visionline_metadata") {
            fields.insert("visionline_metadata".to_owned(), visionline(given));
        }
    }
    let answer = json!({ "acs_credential": object, "ok": true });
    data.workspace.credentials.insert(
        id,
        Credential {
            object,
            entrance_ids,
        },
    );
    Ok(answer)
}

/// What the API names a new credential: its type, as in the docs' examples.
fn display_name(access_method: &str, multi_phone: bool) -> &'static str {
    match access_method {
        _ if multi_phone => "Multi Phone Sync Credential",
        "code" => "PIN Code Credential",
        "card" => "Card Credential",
        "mobile_key" => "Mobile Key Credential",
        _ => "Cloud Key Credential",
    }
}

/// The request's Visionline settings that are also fields of the credential.
fn visionline(given: &Map<String, Value>) -> Value {
    let mut echoed = Map::new();
    let function = given
        .get("card_function_type")
        .cloned()
        .unwrap_or_else(|| Value::from("guest"));
    echoed.insert("card_function_type".to_owned(), function);
    for key in ["auto_join", "joiner_acs_credential_ids"] {
        if let Some(value) = given.get(key) {
            echoed.insert(key.to_owned(), value.clone());
        }
    }
    Value::Object(echoed)
}

fn list(
    app: &App,
    data: &mut Data,
    principal: &Principal,
    input: &Input,
) -> Result<Value, ApiError> {
    let Data {
        workspace: ws,
        cursors,
        ..
    } = data;
    let after = match input.str("page_cursor") {
        None => None,
        Some(token) => Some(
            cursors
                .position(token)
                .cloned()
                .ok_or_else(|| Invalid::field("page_cursor", "Invalid page cursor"))?,
        ),
    };
    let filter = Filter::new(ws, principal, input);
    let limit = input
        .number("limit")
        .map_or(DEFAULT_LIMIT, |n| n.ceil() as usize);
    let page = pagination::page(
        ws.credentials.values().filter(|c| filter.admits(c)),
        after.as_ref(),
        limit,
        cursors,
    );
    let next_page_url = page
        .next_cursor
        .as_deref()
        .map(|cursor| next_page_url(&app.base_url, input, cursor));
    let credentials: Vec<&Value> = page.items.iter().map(|c| &c.object).collect();
    Ok(json!({
        "acs_credentials": credentials,
        "pagination": {
            "has_next_page": page.next_cursor.is_some(),
            "next_page_cursor": page.next_cursor,
            "next_page_url": next_page_url,
        },
        "ok": true,
    }))
}

/// The same parameters, with the next cursor.
fn next_page_url(base_url: &str, input: &Input, cursor: &str) -> String {
    let mut query: Vec<String> = input
        .values()
        .iter()
        .filter(|(name, _)| name.as_str() != "page_cursor")
        .map(|(name, value)| {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            format!("{}={}", params::encode(name), params::encode(&text))
        })
        .collect();
    query.push(format!("page_cursor={}", params::encode(cursor)));
    format!("{base_url}{}?{}", ids::LIST_ROUTE, query.join("&"))
}

/// list's filters, each one optional.
struct Filter<'a> {
    workspace: &'a str,
    /// A client session sees only its own user's credentials.
    session: Option<Owner<'a>>,
    identity: Option<Owner<'a>>,
    acs_user_id: Option<&'a str>,
    acs_system_id: Option<&'a str>,
    multi_phone: Option<bool>,
    created_before_ms: Option<i64>,
    search: Option<String>,
}

impl<'a> Filter<'a> {
    fn new(ws: &'a Workspace, principal: &'a Principal, input: &'a Input) -> Filter<'a> {
        Filter {
            workspace: &principal.workspace_id,
            session: principal
                .user_identity_id
                .as_deref()
                .map(|id| Owner::new(ws, id)),
            identity: input.str("user_identity_id").map(|id| Owner::new(ws, id)),
            acs_user_id: input.str("acs_user_id"),
            acs_system_id: input.str("acs_system_id"),
            multi_phone: input.bool("is_multi_phone_sync_credential"),
            created_before_ms: input.str("created_before").and_then(time::parse),
            search: input.str("search").map(str::to_lowercase),
        }
    }

    fn admits(&self, credential: &Credential) -> bool {
        let field = |key| credential.field(key);
        let is_multi_phone = credential
            .object
            .get("is_multi_phone_sync_credential")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let created_ms = field("created_at").and_then(time::parse);
        field("workspace_id") == Some(self.workspace)
            && self.session.as_ref().is_none_or(|o| o.owns(credential))
            && self.identity.as_ref().is_none_or(|o| o.owns(credential))
            && self
                .acs_user_id
                .is_none_or(|id| field("acs_user_id") == Some(id))
            && self
                .acs_system_id
                .is_none_or(|id| field("acs_system_id") == Some(id))
            && self.multi_phone.is_none_or(|m| m == is_multi_phone)
            && self
                .created_before_ms
                .is_none_or(|before| created_ms.is_some_and(|ms| ms < before))
            && self.search.as_deref().is_none_or(|needle| {
                // The fields the OpenAPI document names for `search`.
                [
                    "display_name",
                    "code",
                    "card_number",
                    "acs_user_id",
                    "acs_credential_id",
                ]
                .into_iter()
                .filter_map(field)
                .any(|text| text.to_lowercase().contains(needle))
            })
    }
}

/// A user identity with the ACS users linked to it: a credential is theirs if it names either.
struct Owner<'a> {
    identity: &'a str,
    acs_user_ids: Vec<&'a str>,
}

impl<'a> Owner<'a> {
    fn new(ws: &'a Workspace, identity: &'a str) -> Owner<'a> {
        Owner {
            identity,
            acs_user_ids: ws
                .linked_users(identity)
                .filter_map(|u| str_field(u, "acs_user_id"))
                .collect(),
        }
    }

    fn owns(&self, credential: &Credential) -> bool {
        credential.field("user_identity_id") == Some(self.identity)
            || credential
                .field("acs_user_id")
                .is_some_and(|id| self.acs_user_ids.contains(&id))
    }
}
