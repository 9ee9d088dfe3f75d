//! `/acs/credentials/*`: every call, each checked before anything is sent.

use std::collections::HashSet;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;

use crate::error::SeamError;
use crate::models::{open_enum, timestamp};
use crate::models::{
    AccessMethod, AcsCredential, AcsCredentialsPage, AcsEntrance, VisionlineCardFunctionType,
};
use crate::response;
use crate::transport::{HttpTransport, Method, Request, RetryClass};
use crate::validation;

/// The `/acs/credentials` namespace: `seam.acs().credentials()`.
#[derive(Debug, Clone, Copy)]
pub struct AcsCredentials<'a> {
    http: &'a Arc<HttpTransport>,
}

/// Filters of `list` and `list_all`; every one is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListParams {
    /// Only the credentials of this ACS user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acs_user_id: Option<String>,
    /// Only the credentials of this access control system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acs_system_id: Option<String>,
    /// Only the credentials of this user identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_identity_id: Option<String>,
    /// Only multi-phone sync credentials (`true`) or only the others (`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_multi_phone_sync_credential: Option<bool>,
    /// Only the credentials created before this moment.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "timestamp::serialize_option"
    )]
    pub created_before: Option<SystemTime>,
    /// Only the credentials whose name, code or id contains this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Credentials per page (the API's default is 500).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the page starts: a previous page's `next_page_cursor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_cursor: Option<String>,
}

open_enum! {
    /// Card format in a Visionline system.
    VisionlineCardFormat {
        /// TLCode.
        TlCode = "TLCode",
        /// RFID 48.
        Rfid48 = "rfid48",
    }
}

/// Visionline options of a new credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewVisionlineMetadata {
    /// Whether the card joins the entrances of other cards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_join: Option<bool>,
    /// TLCode or RFID 48.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_format: Option<VisionlineCardFormat>,
    /// Guest (the API's default) or staff card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_function_type: Option<VisionlineCardFunctionType>,
    /// Credentials the card joins.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joiner_acs_credential_ids: Vec<String>,
    /// Whether the card overrides the cards it joins (the API's `override`).
    #[serde(rename = "override", skip_serializing_if = "Option::is_none")]
    pub is_override: Option<bool>,
}

/// ASSA ABLOY Vostio options of a new credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewAssaAbloyVostioMetadata {
    /// Whether the key joins the entrances of other keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_join: Option<bool>,
    /// Whether the key opens every guest entrance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_all_guest_acs_entrances: Option<bool>,
    /// Whether the key overrides every guest entrance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub override_all_guest_acs_entrances: Option<bool>,
    /// Guest entrances the key overrides.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub override_guest_acs_entrance_ids: Vec<String>,
}

/// Salto Space options of a new credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewSaltoSpaceMetadata {
    /// Whether to assign a first, new card to the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign_new_key: Option<bool>,
}

/// What `create` sends: the access method, whose credential it is, and the options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateParams {
    /// Code, card, mobile key or cloud key.
    pub access_method: AccessMethod,
    /// The ACS user the credential is for (or `user_identity_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acs_user_id: Option<String>,
    /// The user identity the credential is for (or `acs_user_id`); needs `acs_system_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_identity_id: Option<String>,
    /// The access control system of the credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acs_system_id: Option<String>,
    /// Entrances the credential opens.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_acs_entrance_ids: Vec<String>,
    /// The PIN code: digits only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// When the credential starts to open doors.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "timestamp::serialize_option"
    )]
    pub starts_at: Option<SystemTime>,
    /// When the credential stops opening doors; after `starts_at`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "timestamp::serialize_option"
    )]
    pub ends_at: Option<SystemTime>,
    /// Whether the credential is a multi-phone sync credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_multi_phone_sync_credential: Option<bool>,
    /// ACS system of the credential manager.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_manager_acs_system_id: Option<String>,
    /// Visionline options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visionline_metadata: Option<NewVisionlineMetadata>,
    /// ASSA ABLOY Vostio options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assa_abloy_vostio_metadata: Option<NewAssaAbloyVostioMetadata>,
    /// Salto Space options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salto_space_metadata: Option<NewSaltoSpaceMetadata>,
}

impl CreateParams {
    /// A credential of `access_method`, with every option left to the API's default.
    pub fn new(access_method: AccessMethod) -> Self {
        Self {
            access_method,
            acs_user_id: None,
            user_identity_id: None,
            acs_system_id: None,
            allowed_acs_entrance_ids: Vec::new(),
            code: None,
            starts_at: None,
            ends_at: None,
            is_multi_phone_sync_credential: None,
            credential_manager_acs_system_id: None,
            visionline_metadata: None,
            assa_abloy_vostio_metadata: None,
            salto_space_metadata: None,
        }
    }

    fn check(&self) -> Result<(), SeamError> {
        let (owner, _) = validation::exactly_one(
            ("acs_user_id", self.acs_user_id.as_deref()),
            ("user_identity_id", self.user_identity_id.as_deref()),
        )?;
        validation::optional_id("acs_user_id", self.acs_user_id.as_deref())?;
        validation::optional_id("user_identity_id", self.user_identity_id.as_deref())?;
        validation::optional_id("acs_system_id", self.acs_system_id.as_deref())?;
        if owner == "user_identity_id" && self.acs_system_id.is_none() {
            return Err(SeamError::invalid_input(
                "acs_system_id",
                "is required with user_identity_id (a user identity can have users in several \
                 access control systems)",
            ));
        }
        ids("allowed_acs_entrance_ids", &self.allowed_acs_entrance_ids)?;
        if let Some(code) = &self.code {
            validation::digits("code", code)?;
        }
        if let (Some(starts), Some(ends)) = (self.starts_at, self.ends_at) {
            if ends <= starts {
                return Err(SeamError::invalid_input(
                    "ends_at",
                    format!(
                        "is {}, not after starts_at ({})",
                        timestamp::format(ends),
                        timestamp::format(starts)
                    ),
                ));
            }
        }
        validation::optional_id(
            "credential_manager_acs_system_id",
            self.credential_manager_acs_system_id.as_deref(),
        )?;
        if let Some(visionline) = &self.visionline_metadata {
            ids(
                "visionline_metadata.joiner_acs_credential_ids",
                &visionline.joiner_acs_credential_ids,
            )?;
        }
        if let Some(vostio) = &self.assa_abloy_vostio_metadata {
            ids(
                "assa_abloy_vostio_metadata.override_guest_acs_entrance_ids",
                &vostio.override_guest_acs_entrance_ids,
            )?;
        }
        Ok(())
    }
}

impl ListParams {
    fn check(&self) -> Result<(), SeamError> {
        validation::optional_id("acs_user_id", self.acs_user_id.as_deref())?;
        validation::optional_id("acs_system_id", self.acs_system_id.as_deref())?;
        validation::optional_id("user_identity_id", self.user_identity_id.as_deref())?;
        if let Some(search) = &self.search {
            validation::not_empty("search", search)?;
        }
        if let Some(limit) = self.limit {
            validation::positive("limit", i64::from(limit))?;
        }
        Ok(())
    }
}

/// Every element of a list of ids, named by its index.
fn ids(parameter: &str, values: &[String]) -> Result<(), SeamError> {
    values
        .iter()
        .enumerate()
        .try_for_each(|(i, value)| validation::id(&format!("{parameter}[{i}]"), value))
}

#[derive(Serialize)]
struct Assignment<'a> {
    acs_credential_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    acs_user_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_identity_id: Option<&'a str>,
}

#[derive(Serialize)]
struct ById<'a> {
    acs_credential_id: &'a str,
}

#[derive(Serialize)]
struct Update<'a> {
    acs_credential_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "timestamp::serialize_option"
    )]
    ends_at: Option<SystemTime>,
}

/// A JSON body; every body here is plain data, so encoding cannot fail.
fn json(body: &impl Serialize) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// A query string; every query here is flat data, so encoding cannot fail.
fn query(params: &impl Serialize) -> String {
    serde_urlencoded::to_string(params).unwrap_or_default()
}

/// Whose credential: an ACS user or a user identity.
#[derive(Clone, Copy)]
enum Holder<'a> {
    AcsUser(&'a str),
    UserIdentity(&'a str),
}

impl<'a> Holder<'a> {
    /// Exactly one of the two, as the foreign APIs take them.
    fn either(
        acs_user_id: Option<&'a str>,
        user_identity_id: Option<&'a str>,
    ) -> Result<Self, SeamError> {
        let (parameter, id) = validation::exactly_one(
            ("acs_user_id", acs_user_id),
            ("user_identity_id", user_identity_id),
        )?;
        Ok(match parameter {
            "acs_user_id" => Holder::AcsUser(id),
            _ => Holder::UserIdentity(id),
        })
    }
}

impl<'a> AcsCredentials<'a> {
    pub(crate) fn new(http: &'a Arc<HttpTransport>) -> Self {
        Self { http }
    }

    /// Assigns a credential to an ACS user (`PATCH /acs/credentials/assign`) and returns the
    /// credential as the API now has it.
    ///
    /// Both ids must be UUIDs in the canonical 8-4-4-4-12 form; anything else is
    /// [`SeamError::InvalidInput`] and nothing is sent.
    pub fn assign(
        &self,
        acs_user_id: &str,
        acs_credential_id: &str,
    ) -> Result<AcsCredential, SeamError> {
        self.assignment(
            "/acs/credentials/assign",
            Holder::AcsUser(acs_user_id),
            acs_credential_id,
        )
    }

    /// Assigns a credential to the ACS user of a user identity.
    pub fn assign_user_identity(
        &self,
        user_identity_id: &str,
        acs_credential_id: &str,
    ) -> Result<AcsCredential, SeamError> {
        self.assignment(
            "/acs/credentials/assign",
            Holder::UserIdentity(user_identity_id),
            acs_credential_id,
        )
    }

    /// Takes a credential back from an ACS user (`PATCH /acs/credentials/unassign`).
    pub fn unassign(
        &self,
        acs_user_id: &str,
        acs_credential_id: &str,
    ) -> Result<AcsCredential, SeamError> {
        self.assignment(
            "/acs/credentials/unassign",
            Holder::AcsUser(acs_user_id),
            acs_credential_id,
        )
    }

    /// Takes a credential back from the ACS user of a user identity.
    pub fn unassign_user_identity(
        &self,
        user_identity_id: &str,
        acs_credential_id: &str,
    ) -> Result<AcsCredential, SeamError> {
        self.assignment(
            "/acs/credentials/unassign",
            Holder::UserIdentity(user_identity_id),
            acs_credential_id,
        )
    }

    /// `assign` as the foreign languages take it: exactly one of the two holders.
    pub(crate) fn assign_either(
        &self,
        acs_user_id: Option<&str>,
        acs_credential_id: &str,
        user_identity_id: Option<&str>,
    ) -> Result<AcsCredential, SeamError> {
        let holder = Holder::either(acs_user_id, user_identity_id)?;
        self.assignment("/acs/credentials/assign", holder, acs_credential_id)
    }

    /// `unassign` as the foreign languages take it: exactly one of the two holders.
    pub(crate) fn unassign_either(
        &self,
        acs_user_id: Option<&str>,
        acs_credential_id: &str,
        user_identity_id: Option<&str>,
    ) -> Result<AcsCredential, SeamError> {
        let holder = Holder::either(acs_user_id, user_identity_id)?;
        self.assignment("/acs/credentials/unassign", holder, acs_credential_id)
    }

    fn assignment(
        &self,
        path: &'static str,
        holder: Holder<'_>,
        acs_credential_id: &str,
    ) -> Result<AcsCredential, SeamError> {
        let (acs_user_id, user_identity_id) = match holder {
            Holder::AcsUser(id) => {
                validation::id("acs_user_id", id)?;
                (Some(id), None)
            }
            Holder::UserIdentity(id) => {
                validation::id("user_identity_id", id)?;
                (None, Some(id))
            }
        };
        validation::id("acs_credential_id", acs_credential_id)?;
        let body = Assignment {
            acs_credential_id,
            acs_user_id,
            user_identity_id,
        };
        self.http.send(
            &Request {
                method: Method::Patch,
                path,
                payload: json(&body),
                retry: RetryClass::Repeatable,
            },
            response::credential,
        )
    }

    /// Creates a credential (`POST /acs/credentials/create`) and returns it.
    pub fn create(&self, params: &CreateParams) -> Result<AcsCredential, SeamError> {
        params.check()?;
        self.http.send(
            &Request {
                method: Method::Post,
                path: "/acs/credentials/create",
                payload: json(params),
                retry: RetryClass::Create,
            },
            response::credential,
        )
    }

    /// Gets one credential (`GET /acs/credentials/get`).
    pub fn get(&self, acs_credential_id: &str) -> Result<AcsCredential, SeamError> {
        validation::id("acs_credential_id", acs_credential_id)?;
        self.http.send(
            &Request {
                method: Method::Get,
                path: "/acs/credentials/get",
                payload: query(&ById { acs_credential_id }),
                retry: RetryClass::Read,
            },
            response::credential,
        )
    }

    /// One page of credentials (`GET /acs/credentials/list`); see [`Self::list_all`] for
    /// every page.
    pub fn list(&self, params: &ListParams) -> Result<AcsCredentialsPage, SeamError> {
        params.check()?;
        list_page(self.http, params)
    }

    /// Every credential that `params` selects, page after page, each page fetched when the
    /// previous one has been read. The filters are checked now, before anything is sent.
    pub fn list_all(&self, params: ListParams) -> Result<Pages, SeamError> {
        params.check()?;
        Ok(Pages::new(Arc::clone(self.http), params))
    }

    /// Changes a credential's code or end (`PATCH /acs/credentials/update`) and returns it.
    pub fn update(
        &self,
        acs_credential_id: &str,
        code: Option<&str>,
        ends_at: Option<SystemTime>,
    ) -> Result<AcsCredential, SeamError> {
        validation::id("acs_credential_id", acs_credential_id)?;
        if let Some(code) = code {
            validation::digits("code", code)?;
        }
        self.http.send(
            &Request {
                method: Method::Patch,
                path: "/acs/credentials/update",
                payload: json(&Update {
                    acs_credential_id,
                    code,
                    ends_at,
                }),
                retry: RetryClass::Repeatable,
            },
            response::credential,
        )
    }

    /// Deletes a credential (`DELETE /acs/credentials/delete`).
    pub fn delete(&self, acs_credential_id: &str) -> Result<(), SeamError> {
        validation::id("acs_credential_id", acs_credential_id)?;
        self.http.send(
            &Request {
                method: Method::Delete,
                path: "/acs/credentials/delete",
                payload: query(&ById { acs_credential_id }),
                retry: RetryClass::Repeatable,
            },
            response::nothing,
        )
    }

    /// The entrances a credential opens (`GET /acs/credentials/list_accessible_entrances`).
    pub fn list_accessible_entrances(
        &self,
        acs_credential_id: &str,
    ) -> Result<Vec<AcsEntrance>, SeamError> {
        validation::id("acs_credential_id", acs_credential_id)?;
        self.http.send(
            &Request {
                method: Method::Get,
                path: "/acs/credentials/list_accessible_entrances",
                payload: query(&ById { acs_credential_id }),
                retry: RetryClass::Read,
            },
            response::entrances,
        )
    }
}

fn list_page(http: &HttpTransport, params: &ListParams) -> Result<AcsCredentialsPage, SeamError> {
    http.send(
        &Request {
            method: Method::Get,
            path: "/acs/credentials/list",
            payload: query(params),
            retry: RetryClass::Read,
        },
        response::credentials_page,
    )
}

/// The pages of a list, fetched one at a time: an [`Iterator`] of credentials, or
/// [`Pages::next_page`] for whole pages.
///
/// It stops after the page whose `has_next_page` is false. A server that repeats a cursor
/// (or promises a next page without one) ends the walk with an `InvalidResponse` instead of
/// looping; after any error the walk is over.
#[derive(Debug)]
pub struct Pages {
    http: Arc<HttpTransport>,
    params: ListParams,
    state: Walk,
    cursors_seen: HashSet<String>,
    buffered: VecDeque<AcsCredential>,
}

#[derive(Debug)]
enum Walk {
    /// The next page starts at `params.page_cursor`.
    Ahead,
    Done,
}

impl Pages {
    fn new(http: Arc<HttpTransport>, params: ListParams) -> Self {
        Self {
            http,
            params,
            state: Walk::Ahead,
            cursors_seen: HashSet::new(),
            buffered: VecDeque::new(),
        }
    }

    /// The next page, or `None` after the last.
    pub fn next_page(&mut self) -> Result<Option<AcsCredentialsPage>, SeamError> {
        if let Walk::Done = self.state {
            return Ok(None);
        }
        // Whatever happens, a failed walk does not go on (and so cannot loop).
        self.state = Walk::Done;
        let page = list_page(&self.http, &self.params)?;
        if page.pagination.has_next_page {
            let cursor = page.pagination.next_page_cursor.clone().ok_or_else(|| {
                walk_error("the page says has_next_page but gives no next_page_cursor")
            })?;
            if !self.cursors_seen.insert(cursor.clone()) {
                return Err(walk_error(&format!(
                    "the server gave the page cursor {cursor:?} a second time; the walk \
                     stopped there so as not to loop"
                )));
            }
            self.params.page_cursor = Some(cursor);
            self.state = Walk::Ahead;
        }
        Ok(Some(page))
    }
}

fn walk_error(reason: &str) -> SeamError {
    SeamError::InvalidResponse {
        status_code: 200,
        reason: reason.to_owned(),
        request_id: None,
    }
}

impl Iterator for Pages {
    type Item = Result<AcsCredential, SeamError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(credential) = self.buffered.pop_front() {
                return Some(Ok(credential));
            }
            match self.next_page() {
                Ok(Some(page)) => self.buffered.extend(page.acs_credentials),
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
