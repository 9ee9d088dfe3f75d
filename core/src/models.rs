//! The API's objects, as every language sees them (see `udl/seam_core.udl`).
//!
//! Parsing is lenient where the API may grow (unknown enum values, unknown fields and
//! manufacturer metadata are kept) and strict where a wrong value would mislead (a
//! required field missing or of the wrong type is an error).

use std::collections::HashMap;
use std::time::SystemTime;

use serde::{Deserialize, Deserializer};

/// Declares a string enum that keeps values it does not know in `Other`.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
        #[serde(from = "String")]
        // The UDL's `Traits=(Display)`, which UniFFI 0.32's UDL scaffolding does not export.
        #[uniffi::export_for_udl_derive(Display)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the SDK does not know yet, kept as the API sent it.
            Other { value: String },
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Other { value } => value,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($text => Self::$variant,)*
                    _ => Self::Other { value },
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

open_enum! {
    /// How a credential grants access.
    AccessMethod {
        /// A PIN code.
        Code = "code",
        /// A plastic key card.
        Card = "card",
        /// A key on a phone.
        MobileKey = "mobile_key",
    }
}

open_enum! {
    /// Brand-specific kind of credential.
    ExternalType {
        PtiCard = "pti_card",
        BrivoCredential = "brivo_credential",
        HidCredential = "hid_credential",
        VisionlineCard = "visionline_card",
        SaltoKsCredential = "salto_ks_credential",
        AssaAbloyVostioKey = "assa_abloy_vostio_key",
        SaltoSpaceKey = "salto_space_key",
        LatchAccess = "latch_access",
        DormakabaAmbianceCredential = "dormakaba_ambiance_credential",
        HotekCard = "hotek_card",
    }
}

open_enum! {
    /// Why a credential carries a warning.
    AcsCredentialWarningCode {
        WaitingToBeIssued = "waiting_to_be_issued",
        ScheduleExternallyModified = "schedule_externally_modified",
        ScheduleModified = "schedule_modified",
        BeingDeleted = "being_deleted",
        UnknownIssueWithAcsCredential = "unknown_issue_with_acs_credential",
        NeedsToBeReissued = "needs_to_be_reissued",
    }
}

open_enum! {
    /// Card function in a Visionline system.
    VisionlineCardFunctionType {
        Guest = "guest",
        Staff = "staff",
    }
}

/// A warning attached to a credential.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcsCredentialWarning {
    pub warning_code: AcsCredentialWarningCode,
    pub message: String,
    #[serde(default, with = "rfc3339::option")]
    pub created_at: Option<SystemTime>,
}

/// An error attached to a credential.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcsCredentialError {
    pub error_code: String,
    pub message: String,
}

/// Visionline-specific metadata of a credential.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VisionlineMetadata {
    pub card_function_type: VisionlineCardFunctionType,
    pub auto_join: Option<bool>,
    pub card_id: Option<String>,
    pub credential_id: Option<String>,
    pub is_valid: Option<bool>,
    #[serde(default)]
    pub common_acs_entrance_ids: Vec<String>,
    #[serde(default)]
    pub guest_acs_entrance_ids: Vec<String>,
    #[serde(default)]
    pub joiner_acs_credential_ids: Vec<String>,
}

/// ASSA ABLOY Vostio-specific metadata of a credential.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AssaAbloyVostioMetadata {
    pub auto_join: Option<bool>,
    #[serde(default)]
    pub door_names: Vec<String>,
    pub endpoint_id: Option<String>,
    pub key_id: Option<String>,
    pub key_issuing_request_id: Option<String>,
    #[serde(default)]
    pub override_guest_acs_entrance_ids: Vec<String>,
}

/// A credential (card, PIN code or mobile key) in an access control system.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AcsCredential {
    pub acs_credential_id: String,
    pub acs_user_id: Option<String>,
    pub display_name: String,
    pub code: Option<String>,
    pub card_number: Option<String>,
    pub acs_system_id: String,
    pub access_method: AccessMethod,
    pub external_type: Option<ExternalType>,
    pub external_type_display_name: Option<String>,
    pub workspace_id: String,
    pub connected_account_id: Option<String>,
    pub parent_acs_credential_id: Option<String>,
    pub acs_credential_pool_id: Option<String>,
    pub user_identity_id: Option<String>,
    #[serde(with = "rfc3339")]
    pub created_at: SystemTime,
    #[serde(default, with = "rfc3339::option")]
    pub starts_at: Option<SystemTime>,
    #[serde(default, with = "rfc3339::option")]
    pub ends_at: Option<SystemTime>,
    pub is_multi_phone_sync_credential: Option<bool>,
    /// The API marks every credential it manages; the docs' sample omits the field.
    #[serde(default = "managed")]
    pub is_managed: bool,
    pub is_issued: Option<bool>,
    #[serde(default, with = "rfc3339::option")]
    pub issued_at: Option<SystemTime>,
    pub is_one_time_use: Option<bool>,
    pub is_latest_desired_state_synced_with_provider: Option<bool>,
    #[serde(default, with = "rfc3339::option")]
    pub latest_desired_state_synced_with_provider_at: Option<SystemTime>,
    pub visionline_metadata: Option<VisionlineMetadata>,
    pub assa_abloy_vostio_metadata: Option<AssaAbloyVostioMetadata>,
    /// Every other `<manufacturer>_metadata` object, by field name, as JSON text.
    #[serde(skip)]
    pub other_metadata: HashMap<String, String>,
    #[serde(default)]
    pub errors: Vec<AcsCredentialError>,
    #[serde(default)]
    pub warnings: Vec<AcsCredentialWarning>,
    /// Every field this SDK does not model, by name, as JSON text.
    #[serde(flatten, deserialize_with = "json_texts")]
    pub unknown_fields: HashMap<String, String>,
}

impl AcsCredential {
    /// Moves manufacturer metadata that has no typed field out of `unknown_fields`.
    pub(crate) fn sort_unknown_fields(mut self) -> Self {
        let (metadata, rest) = std::mem::take(&mut self.unknown_fields)
            .into_iter()
            .partition(|(name, _)| name.ends_with("_metadata"));
        self.other_metadata = metadata;
        self.unknown_fields = rest;
        self
    }
}

fn managed() -> bool {
    true
}

fn json_texts<'de, D: Deserializer<'de>>(d: D) -> Result<HashMap<String, String>, D::Error> {
    let values = HashMap::<String, serde_json::Value>::deserialize(d)?;
    Ok(values
        .into_iter()
        .map(|(name, value)| (name, value.to_string()))
        .collect())
}

/// RFC 3339 timestamps, parsed by the `time` crate.
mod rfc3339 {
    use std::time::SystemTime;

    use serde::{de::Error, Deserialize, Deserializer};
    use time::{format_description::well_known::Rfc3339, OffsetDateTime};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SystemTime, D::Error> {
        let text = String::deserialize(d)?;
        OffsetDateTime::parse(&text, &Rfc3339)
            .map(SystemTime::from)
            .map_err(|e| D::Error::custom(format!("{text:?} is not an RFC 3339 timestamp ({e})")))
    }

    pub(super) mod option {
        use super::*;

        pub(in crate::models) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<SystemTime>, D::Error> {
            #[derive(Deserialize)]
            struct Timestamp(#[serde(deserialize_with = "super::deserialize")] SystemTime);
            Ok(Option::<Timestamp>::deserialize(d)?.map(|Timestamp(t)| t))
        }
    }
}
