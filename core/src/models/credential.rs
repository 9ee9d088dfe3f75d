//! `acs_credential` (`@seamapi/types` 1.1038) and the objects inside it.

use std::collections::HashMap;
use std::time::SystemTime;

use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::read::{FromJson, Members, Problem};
use super::{open_enum, JsonObject};

open_enum! {
    /// How a credential grants access.
    AccessMethod {
        /// A PIN code.
        Code = "code",
        /// A plastic key card.
        Card = "card",
        /// A key on a phone.
        MobileKey = "mobile_key",
        /// A key kept by the access system's cloud and used through it.
        CloudKey = "cloud_key",
    }
}

open_enum! {
    /// Brand-specific kind of credential.
    ExternalType {
        /// PTI card.
        PtiCard = "pti_card",
        /// Brivo credential.
        BrivoCredential = "brivo_credential",
        /// HID credential.
        HidCredential = "hid_credential",
        /// Visionline card.
        VisionlineCard = "visionline_card",
        /// Salto KS credential.
        SaltoKsCredential = "salto_ks_credential",
        /// ASSA ABLOY Vostio key.
        AssaAbloyVostioKey = "assa_abloy_vostio_key",
        /// Salto Space key.
        SaltoSpaceKey = "salto_space_key",
        /// Latch access.
        LatchAccess = "latch_access",
        /// dormakaba Ambiance credential.
        DormakabaAmbianceCredential = "dormakaba_ambiance_credential",
        /// Hotek card.
        HotekCard = "hotek_card",
        /// Salto KS tag.
        SaltoKsTag = "salto_ks_tag",
        /// Avigilon Alta credential.
        AvigilonAltaCredential = "avigilon_alta_credential",
        /// Kisi credential.
        KisiCredential = "kisi_credential",
        /// Akiles credential.
        AkilesCredential = "akiles_credential",
    }
}

open_enum! {
    /// Why a credential carries a warning.
    AcsCredentialWarningCode {
        /// The credential is waiting to be issued.
        WaitingToBeIssued = "waiting_to_be_issued",
        /// The schedule of one of the credential's children was modified outside Seam.
        ScheduleExternallyModified = "schedule_externally_modified",
        /// The schedule was moved so that the credential does not start in the past.
        ScheduleModified = "schedule_modified",
        /// The credential is being deleted.
        BeingDeleted = "being_deleted",
        /// An unknown issue occurred while syncing the credential with the provider.
        UnknownIssueWithAcsCredential = "unknown_issue_with_acs_credential",
        /// Access permissions changed: the credential must be re-encoded.
        NeedsToBeReissued = "needs_to_be_reissued",
        /// The requested code was taken: the credential got `new_code` instead.
        RequestedCodeUnavailable = "requested_code_unavailable",
    }
}

open_enum! {
    /// Card function in a Visionline system.
    VisionlineCardFunctionType {
        /// A guest card.
        Guest = "guest",
        /// A staff card.
        Staff = "staff",
    }
}

/// A warning attached to a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcsCredentialWarning {
    /// What the warning is about.
    pub warning_code: AcsCredentialWarningCode,
    /// What happened and what to do, in words.
    pub message: String,
    /// When Seam created the warning.
    pub created_at: Option<SystemTime>,
    /// The code that was asked for (`requested_code_unavailable`).
    pub original_code: Option<String>,
    /// The code the credential got instead (`requested_code_unavailable`).
    pub new_code: Option<String>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// An error attached to a credential. The API does not enumerate error codes, so
/// `error_code` is the text it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcsCredentialError {
    /// What the error is about.
    pub error_code: String,
    /// What happened, in words.
    pub message: String,
    /// When Seam created the error.
    pub created_at: Option<SystemTime>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// Visionline-specific metadata of a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisionlineMetadata {
    /// Whether the card joins the entrances of other cards.
    pub auto_join: Option<bool>,
    /// Guest or staff card.
    pub card_function_type: Option<VisionlineCardFunctionType>,
    /// ID of the card in Visionline.
    pub card_id: Option<String>,
    /// ID of the credential in Visionline.
    pub credential_id: Option<String>,
    /// Whether the card is valid.
    pub is_valid: Option<bool>,
    /// Common-area entrances of the card.
    pub common_acs_entrance_ids: Vec<String>,
    /// Guest entrances of the card.
    pub guest_acs_entrance_ids: Vec<String>,
    /// Credentials that this card joins.
    pub joiner_acs_credential_ids: Vec<String>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// ASSA ABLOY Vostio-specific metadata of a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssaAbloyVostioMetadata {
    /// Whether the key joins the entrances of other keys.
    pub auto_join: Option<bool>,
    /// Names of the doors the key opens.
    pub door_names: Vec<String>,
    /// ID of the endpoint (phone) the key is on.
    pub endpoint_id: Option<String>,
    /// ID of the key in Vostio.
    pub key_id: Option<String>,
    /// ID of the key-issuing request in Vostio.
    pub key_issuing_request_id: Option<String>,
    /// Guest entrances that override the key's own.
    pub override_guest_acs_entrance_ids: Vec<String>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// Akiles-specific metadata of a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AkilesMetadata {
    /// ID of the member PIN in Akiles.
    pub member_pin_id: Option<String>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// A credential (card, PIN code, mobile key or cloud key) in an access control system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcsCredential {
    /// ID of the credential.
    pub acs_credential_id: String,
    /// ID of the ACS user to whom the credential belongs.
    pub acs_user_id: Option<String>,
    /// Display name that corresponds to the credential type.
    pub display_name: String,
    /// Access (PIN) code for the credential.
    pub code: Option<String>,
    /// Number of the card associated with the credential.
    pub card_number: Option<String>,
    /// ID of the access control system that contains the credential.
    pub acs_system_id: String,
    /// Access method for the credential.
    pub access_method: AccessMethod,
    /// Brand-specific terminology for the credential type.
    pub external_type: Option<ExternalType>,
    /// Display name that corresponds to the brand-specific credential type.
    pub external_type_display_name: Option<String>,
    /// ID of the workspace that contains the credential.
    pub workspace_id: String,
    /// ID of the connected account to which the credential belongs.
    pub connected_account_id: Option<String>,
    /// ID of the parent credential.
    pub parent_acs_credential_id: Option<String>,
    /// ID of the credential pool.
    pub acs_credential_pool_id: Option<String>,
    /// ID of the user identity to whom the credential belongs.
    pub user_identity_id: Option<String>,
    /// When the credential was created.
    pub created_at: SystemTime,
    /// When the credential's validity starts.
    pub starts_at: Option<SystemTime>,
    /// When the credential's validity ends.
    pub ends_at: Option<SystemTime>,
    /// Whether the credential is a multi-phone sync credential.
    pub is_multi_phone_sync_credential: Option<bool>,
    /// Whether Seam manages the credential.
    pub is_managed: bool,
    /// Whether the credential has been encoded onto a card.
    pub is_issued: Option<bool>,
    /// When the credential was encoded onto a card.
    pub issued_at: Option<SystemTime>,
    /// Whether the credential can be used only once.
    pub is_one_time_use: Option<bool>,
    /// Whether the latest state of the credential has been synced to the provider.
    pub is_latest_desired_state_synced_with_provider: Option<bool>,
    /// When the credential's state was last synced to the provider.
    pub latest_desired_state_synced_with_provider_at: Option<SystemTime>,
    /// Visionline-specific metadata.
    pub visionline_metadata: Option<VisionlineMetadata>,
    /// ASSA ABLOY Vostio-specific metadata.
    pub assa_abloy_vostio_metadata: Option<AssaAbloyVostioMetadata>,
    /// Akiles-specific metadata.
    pub akiles_metadata: Option<AkilesMetadata>,
    /// Every other `<manufacturer>_metadata` object, by field name, as JSON text.
    pub other_metadata: HashMap<String, String>,
    /// Errors associated with the credential.
    pub errors: Vec<AcsCredentialError>,
    /// Warnings associated with the credential.
    pub warnings: Vec<AcsCredentialWarning>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

impl FromJson for AcsCredential {
    const EXPECTED: &'static str = "an acs_credential object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            acs_credential_id: m.required("acs_credential_id")?,
            acs_user_id: m.optional("acs_user_id"),
            display_name: m.required("display_name")?,
            code: m.optional("code"),
            card_number: m.optional("card_number"),
            acs_system_id: m.required("acs_system_id")?,
            access_method: m.required("access_method")?,
            external_type: m.optional("external_type"),
            external_type_display_name: m.optional("external_type_display_name"),
            workspace_id: m.required("workspace_id")?,
            connected_account_id: m.optional("connected_account_id"),
            parent_acs_credential_id: m.optional("parent_acs_credential_id"),
            acs_credential_pool_id: m.optional("acs_credential_pool_id"),
            user_identity_id: m.optional("user_identity_id"),
            created_at: m.required("created_at")?,
            starts_at: m.optional("starts_at"),
            ends_at: m.optional("ends_at"),
            is_multi_phone_sync_credential: m.optional("is_multi_phone_sync_credential"),
            // Every credential the API returns is managed; the docs' sample leaves it out.
            is_managed: m.optional("is_managed").unwrap_or(true),
            is_issued: m.optional("is_issued"),
            issued_at: m.optional("issued_at"),
            is_one_time_use: m.optional("is_one_time_use"),
            is_latest_desired_state_synced_with_provider: m
                .optional("is_latest_desired_state_synced_with_provider"),
            latest_desired_state_synced_with_provider_at: m
                .optional("latest_desired_state_synced_with_provider_at"),
            visionline_metadata: m.optional("visionline_metadata"),
            assa_abloy_vostio_metadata: m.optional("assa_abloy_vostio_metadata"),
            akiles_metadata: m.optional("akiles_metadata"),
            errors: m.list("errors", true)?,
            warnings: m.list("warnings", true)?,
            other_metadata: m.with_suffix("_metadata"),
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AcsCredential {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.field("acs_credential_id", &self.acs_credential_id)?;
        o.optional("acs_user_id", &self.acs_user_id)?;
        o.field("display_name", &self.display_name)?;
        o.optional("code", &self.code)?;
        o.optional("card_number", &self.card_number)?;
        o.field("acs_system_id", &self.acs_system_id)?;
        o.field("access_method", &self.access_method)?;
        o.optional("external_type", &self.external_type)?;
        o.optional(
            "external_type_display_name",
            &self.external_type_display_name,
        )?;
        o.field("workspace_id", &self.workspace_id)?;
        o.optional("connected_account_id", &self.connected_account_id)?;
        o.optional("parent_acs_credential_id", &self.parent_acs_credential_id)?;
        o.optional("acs_credential_pool_id", &self.acs_credential_pool_id)?;
        o.optional("user_identity_id", &self.user_identity_id)?;
        o.time("created_at", &self.created_at)?;
        o.optional_time("starts_at", &self.starts_at)?;
        o.optional_time("ends_at", &self.ends_at)?;
        o.optional(
            "is_multi_phone_sync_credential",
            &self.is_multi_phone_sync_credential,
        )?;
        o.field("is_managed", &self.is_managed)?;
        o.optional("is_issued", &self.is_issued)?;
        o.optional_time("issued_at", &self.issued_at)?;
        o.optional("is_one_time_use", &self.is_one_time_use)?;
        o.optional(
            "is_latest_desired_state_synced_with_provider",
            &self.is_latest_desired_state_synced_with_provider,
        )?;
        o.optional_time(
            "latest_desired_state_synced_with_provider_at",
            &self.latest_desired_state_synced_with_provider_at,
        )?;
        o.optional("visionline_metadata", &self.visionline_metadata)?;
        o.optional(
            "assa_abloy_vostio_metadata",
            &self.assa_abloy_vostio_metadata,
        )?;
        o.optional("akiles_metadata", &self.akiles_metadata)?;
        o.field("errors", &self.errors)?;
        o.field("warnings", &self.warnings)?;
        o.end(&[&self.other_metadata])
    }
}

impl FromJson for AcsCredentialWarning {
    const EXPECTED: &'static str = "a warning object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            warning_code: m.required("warning_code")?,
            message: m.required("message")?,
            created_at: m.optional("created_at"),
            original_code: m.optional("original_code"),
            new_code: m.optional("new_code"),
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AcsCredentialWarning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.field("warning_code", &self.warning_code)?;
        o.field("message", &self.message)?;
        o.optional_time("created_at", &self.created_at)?;
        o.optional("original_code", &self.original_code)?;
        o.optional("new_code", &self.new_code)?;
        o.end(&[])
    }
}

impl FromJson for AcsCredentialError {
    const EXPECTED: &'static str = "an error object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            error_code: m.required("error_code")?,
            message: m.required("message")?,
            created_at: m.optional("created_at"),
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AcsCredentialError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.field("error_code", &self.error_code)?;
        o.field("message", &self.message)?;
        o.optional_time("created_at", &self.created_at)?;
        o.end(&[])
    }
}

impl FromJson for VisionlineMetadata {
    const EXPECTED: &'static str = "an object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            auto_join: m.optional("auto_join"),
            card_function_type: m.optional("card_function_type"),
            card_id: m.optional("card_id"),
            credential_id: m.optional("credential_id"),
            is_valid: m.optional("is_valid"),
            common_acs_entrance_ids: m.list("common_acs_entrance_ids", false)?,
            guest_acs_entrance_ids: m.list("guest_acs_entrance_ids", false)?,
            joiner_acs_credential_ids: m.list("joiner_acs_credential_ids", false)?,
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for VisionlineMetadata {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.optional("auto_join", &self.auto_join)?;
        o.optional("card_function_type", &self.card_function_type)?;
        o.optional("card_id", &self.card_id)?;
        o.optional("credential_id", &self.credential_id)?;
        o.optional("is_valid", &self.is_valid)?;
        o.list("common_acs_entrance_ids", &self.common_acs_entrance_ids)?;
        o.list("guest_acs_entrance_ids", &self.guest_acs_entrance_ids)?;
        o.list("joiner_acs_credential_ids", &self.joiner_acs_credential_ids)?;
        o.end(&[])
    }
}

impl FromJson for AssaAbloyVostioMetadata {
    const EXPECTED: &'static str = "an object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            auto_join: m.optional("auto_join"),
            door_names: m.list("door_names", false)?,
            endpoint_id: m.optional("endpoint_id"),
            key_id: m.optional("key_id"),
            key_issuing_request_id: m.optional("key_issuing_request_id"),
            override_guest_acs_entrance_ids: m.list("override_guest_acs_entrance_ids", false)?,
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AssaAbloyVostioMetadata {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.optional("auto_join", &self.auto_join)?;
        o.list("door_names", &self.door_names)?;
        o.optional("endpoint_id", &self.endpoint_id)?;
        o.optional("key_id", &self.key_id)?;
        o.optional("key_issuing_request_id", &self.key_issuing_request_id)?;
        o.list(
            "override_guest_acs_entrance_ids",
            &self.override_guest_acs_entrance_ids,
        )?;
        o.end(&[])
    }
}

impl FromJson for AkilesMetadata {
    const EXPECTED: &'static str = "an object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            member_pin_id: m.optional("member_pin_id"),
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AkilesMetadata {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.optional("member_pin_id", &self.member_pin_id)?;
        o.end(&[])
    }
}
