//! `/acs/credentials/*`. Parameters are checked from the route's schema facts; what the schema
//! can't say (exactly one of user or identity, a system with an identity) is checked here,
//! after them, as the API's refinements are.

use serde_json::{json, Map, Value};

use super::{found, ok, one, Answer, Ctx, Handler};
use crate::credential_store::Credential;
use crate::error::ApiError;
use crate::pagination;
use crate::state::Data;
use crate::time;
use crate::validate::{Input, Invalid};
use crate::workspace::{str_field, Workspace};

const DEFAULT_LIMIT: usize = 500;

pub fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "assign" => assign,
        "unassign" => unassign,
        "create" => create,
        "get" => get,
        "list" => list,
        "list_accessible_entrances" => list_accessible_entrances,
        "update" => update,
        "delete" => delete,
        _ => return None,
    })
}

/// Validated as required, so present.
fn credential_id(input: &Input) -> &str {
    input.str("acs_credential_id").unwrap_or_default()
}

fn find<'a>(ws: &'a Workspace, workspace: &str, id: &str) -> Result<&'a Credential, ApiError> {
    found(ws.credential(workspace, id), "acs_credential")
}

fn get(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let credential = find(&ctx.data.ws, ctx.workspace(), credential_id(&ctx.input))?;
    Ok(one("acs_credential", credential.object().clone()))
}

fn list_accessible_entrances(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let ws = &ctx.data.ws;
    let credential = find(ws, ctx.workspace(), credential_id(&ctx.input))?;
    let entrances = ws.entrances(&ws.credential_entrance_ids(credential));
    Ok(one("acs_entrances", Value::from(entrances)))
}

fn delete(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let id = credential_id(&ctx.input).to_owned();
    find(&ctx.data.ws, ctx.workspace(), &id)?;
    if let Some(credential) = ctx.data.ws.credentials.remove(&id) {
        ctx.event(
            "acs_credential.deleted",
            deleted_subject(credential.object()),
        );
    }
    Ok(ok())
}

/// The ids an `acs_credential.*` event carries.
pub fn deleted_subject(credential: &Value) -> Value {
    json!({
        "acs_credential_id": credential.get("acs_credential_id"),
        "acs_system_id": credential.get("acs_system_id"),
        "connected_account_id": credential.get("connected_account_id"),
    })
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
            _ => Err(Invalid::exactly_one(&["acs_user_id", "user_identity_id"])),
        }
    }

    fn exists(&self, ws: &Workspace, workspace: &str) -> Result<(), ApiError> {
        match self {
            Assignee::User(id) => found(ws.acs_user(workspace, id), "acs_user").map(drop),
            Assignee::Identity(id) => {
                found(ws.user_identity(workspace, id), "user_identity").map(drop)
            }
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
                let user = found(ws.acs_user(workspace, id), "acs_user")?;
                let identity = str_field(user, "user_identity_id").map(str::to_owned);
                (user, identity)
            }
            Assignee::Identity(identity) => {
                let user = ws
                    .linked_users(identity)
                    .find(|u| str_field(u, "acs_system_id") == Some(system));
                (found(user, "acs_user")?, Some(identity.clone()))
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
fn assignment(ctx: &Ctx) -> Result<(String, Option<String>), ApiError> {
    let (ws, workspace) = (&ctx.data.ws, ctx.workspace());
    let assignee = Assignee::from_input(&ctx.input)?;
    assignee.exists(ws, workspace)?;
    let credential = find(ws, workspace, credential_id(&ctx.input))?;
    let system = credential.field("acs_system_id").unwrap_or_default();
    assignee.in_system(ws, workspace, system)
}

fn assign(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let (user, identity) = assignment(ctx)?;
    change(ctx, |fields| {
        fields.insert("acs_user_id".to_owned(), Value::String(user));
        // A stale identity of the previous holder must not survive.
        match identity {
            Some(identity) => fields.insert("user_identity_id".to_owned(), Value::String(identity)),
            None => fields.remove("user_identity_id"),
        };
    })
}

fn unassign(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    assignment(ctx)?;
    change(ctx, |fields| {
        fields.remove("acs_user_id");
        fields.remove("user_identity_id");
    })
}

fn update(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    find(&ctx.data.ws, ctx.workspace(), credential_id(&ctx.input))?;
    let changes: Vec<(&str, String)> = ["code", "ends_at"]
        .into_iter()
        .filter_map(|key| ctx.str(key).map(|v| (key, v.to_owned())))
        .collect();
    change(ctx, |fields| {
        for (key, value) in changes {
            fields.insert(key.to_owned(), Value::String(value));
        }
    })
}

/// Edits the named credential; answers it as the API does.
fn change(ctx: &mut Ctx, edit: impl FnOnce(&mut Map<String, Value>)) -> Result<Answer, ApiError> {
    let id = credential_id(&ctx.input).to_owned();
    find(&ctx.data.ws, ctx.workspace(), &id)?;
    let credential = found(ctx.data.ws.credentials.edit(&id, edit), "acs_credential")?;
    Ok(one("acs_credential", credential.object().clone()))
}

fn create(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let input = &ctx.input;
    let assignee = Assignee::from_input(input)?;
    input.required_with("acs_system_id", "user_identity_id")?;
    let (ws, workspace) = (&ctx.data.ws, ctx.principal.workspace_id.as_str());
    for key in ["acs_system_id", "credential_manager_acs_system_id"] {
        if let Some(id) = input.str(key) {
            found(ws.acs_system(workspace, id), "acs_system")?;
        }
    }
    assignee.exists(ws, workspace)?;
    let system_id = match input.str("acs_system_id") {
        Some(id) => id.to_owned(),
        // Only an ACS user gets here without a system (see required_with), and it has one.
        None => found(assignee.home_system(ws, workspace), "acs_system")?,
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

    let access_method = input.str("access_method").unwrap_or_default();
    let multi_phone = input
        .bool("is_multi_phone_sync_credential")
        .unwrap_or(false);
    let mut object = json!({
        "workspace_id": workspace,
        "acs_system_id": system_id,
        "connected_account_id": connected_account,
        "acs_user_id": acs_user_id,
        "display_name": display_name(access_method, multi_phone),
        "access_method": access_method,
        "code": input.str("code"),
        "is_multi_phone_sync_credential": multi_phone,
        "is_managed": true,
        "created_at": ctx.now(),
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
    // Ids are never reused within a server's life, reset or not (like request ids).
    let id = ctx.new_id("c0ffee00");
    if let Some(fields) = object.as_object_mut() {
        fields.insert("acs_credential_id".to_owned(), Value::from(id));
    }
    let answer = one("acs_credential", object.clone());
    ctx.data
        .ws
        .credentials
        .insert(Credential::new(object, entrance_ids));
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

/// A page is the cached texts of the matching credentials after the cursor, joined: nothing
/// else of the workspace is sorted, copied or serialized.
fn list(ctx: &mut Ctx) -> Result<Answer, ApiError> {
    let after = ctx.data.cursors.after(&ctx.input)?;
    let limit = pagination::limit(&ctx.input, DEFAULT_LIMIT);
    let Data { ws, cursors, .. } = &mut *ctx.data;
    let filter = Filter::new(ws, ctx.principal.workspace_id.as_str(), &ctx.input);
    let mut body = String::from(r#"{"acs_credentials":["#);
    let (mut count, mut last, mut more) = (0, None, false);
    for (position, credential) in ws.credentials.after(after.as_ref()) {
        let visible = ctx
            .scope
            .as_ref()
            .is_none_or(|s| s.owns_credential(credential));
        if !visible || !filter.admits(credential) {
            continue;
        }
        if count == limit {
            more = true;
            break;
        }
        if count > 0 {
            body.push(',');
        }
        body.push_str(credential.text());
        count += 1;
        last = Some(position);
    }
    let cursor = match (more, last) {
        (true, Some(position)) => Some(cursors.issue(position.clone())),
        _ => None,
    };
    body.push_str(r#"],"ok":true,"pagination":"#);
    body.push_str(&ctx.pagination(cursor.as_deref()).to_string());
    body.push('}');
    Ok(Answer::Text(body))
}

/// list's filters, each one optional.
struct Filter<'a> {
    workspace: &'a str,
    identity: Option<Owner<'a>>,
    acs_user_id: Option<&'a str>,
    acs_system_id: Option<&'a str>,
    multi_phone: Option<bool>,
    created_before_ms: Option<i64>,
    search: Option<String>,
}

impl<'a> Filter<'a> {
    fn new(ws: &'a Workspace, workspace: &'a str, input: &'a Input) -> Filter<'a> {
        Filter {
            workspace,
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
        field("workspace_id") == Some(self.workspace)
            && self.identity.as_ref().is_none_or(|o| o.owns(credential))
            && self
                .acs_user_id
                .is_none_or(|id| field("acs_user_id") == Some(id))
            && self
                .acs_system_id
                .is_none_or(|id| field("acs_system_id") == Some(id))
            && self.multi_phone.is_none_or(|m| {
                let is_multi_phone = credential
                    .object()
                    .get("is_multi_phone_sync_credential")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                m == is_multi_phone
            })
            && self.created_before_ms.is_none_or(|before| {
                field("created_at")
                    .and_then(time::parse)
                    .is_some_and(|ms| ms < before)
            })
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
