//! `acs_entrance`: the doors, gates and zones a credential opens.

use std::collections::HashMap;
use std::time::SystemTime;

use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::read::{FromJson, Members, Problem};
use super::{open_enum, JsonObject};

open_enum! {
    /// Why an entrance carries a warning.
    AcsEntranceWarningCode {
        /// A Salto KS lock lost its access code support (for example after a hub reset).
        SaltoKsEntranceAccessCodeSupportRemoved = "salto_ks_entrance_access_code_support_removed",
        /// The entrance shares an Avigilon Alta zone and cannot join an access group alone.
        EntranceSharesZone = "entrance_shares_zone",
        /// The entrance needs more setup in the access control system.
        EntranceSetupRequired = "entrance_setup_required",
        /// Deprecated spelling of `privacy_mode` for Salto KS.
        SaltoKsPrivacyMode = "salto_ks_privacy_mode",
        /// The entrance is in privacy mode: only admins can open it.
        PrivacyMode = "privacy_mode",
    }
}

/// A warning attached to an entrance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcsEntranceWarning {
    /// What the warning is about.
    pub warning_code: AcsEntranceWarningCode,
    /// What happened and what to do, in words.
    pub message: String,
    /// When Seam created the warning.
    pub created_at: Option<SystemTime>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// An error attached to an entrance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcsEntranceError {
    /// What the error is about.
    pub error_code: String,
    /// What happened, in words.
    pub message: String,
    /// When Seam created the error.
    pub created_at: Option<SystemTime>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

/// An entrance (door, gate, zone) of an access control system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcsEntrance {
    /// ID of the entrance.
    pub acs_entrance_id: String,
    /// ID of the access control system that contains the entrance.
    pub acs_system_id: String,
    /// ID of the connected account of the entrance.
    pub connected_account_id: String,
    /// Display name of the entrance.
    pub display_name: String,
    /// When the entrance was created.
    pub created_at: SystemTime,
    /// IDs of the spaces the entrance is in.
    pub space_ids: Vec<String>,
    /// Whether the entrance is locked now.
    pub is_locked: Option<bool>,
    /// Whether a card opens the entrance.
    pub can_unlock_with_card: Option<bool>,
    /// Whether a PIN code opens the entrance.
    pub can_unlock_with_code: Option<bool>,
    /// Whether a mobile key opens the entrance.
    pub can_unlock_with_mobile_key: Option<bool>,
    /// Whether a cloud key opens the entrance.
    pub can_unlock_with_cloud_key: Option<bool>,
    /// Whether the entrance can belong to a reservation.
    pub can_belong_to_reservation: Option<bool>,
    /// Errors associated with the entrance.
    pub errors: Vec<AcsEntranceError>,
    /// Warnings associated with the entrance.
    pub warnings: Vec<AcsEntranceWarning>,
    /// Every `<manufacturer>_metadata` object, by field name, as JSON text.
    pub other_metadata: HashMap<String, String>,
    /// Members this SDK does not model, or that did not read, as JSON text.
    pub unknown_fields: HashMap<String, String>,
}

impl FromJson for AcsEntrance {
    const EXPECTED: &'static str = "an acs_entrance object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            acs_entrance_id: m.required("acs_entrance_id")?,
            acs_system_id: m.required("acs_system_id")?,
            connected_account_id: m.required("connected_account_id")?,
            display_name: m.required("display_name")?,
            created_at: m.required("created_at")?,
            space_ids: m.list("space_ids", true)?,
            is_locked: m.optional("is_locked"),
            can_unlock_with_card: m.optional("can_unlock_with_card"),
            can_unlock_with_code: m.optional("can_unlock_with_code"),
            can_unlock_with_mobile_key: m.optional("can_unlock_with_mobile_key"),
            can_unlock_with_cloud_key: m.optional("can_unlock_with_cloud_key"),
            can_belong_to_reservation: m.optional("can_belong_to_reservation"),
            errors: m.list("errors", true)?,
            warnings: m.list("warnings", true)?,
            other_metadata: m.with_suffix("_metadata"),
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AcsEntrance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.field("acs_entrance_id", &self.acs_entrance_id)?;
        o.field("acs_system_id", &self.acs_system_id)?;
        o.field("connected_account_id", &self.connected_account_id)?;
        o.field("display_name", &self.display_name)?;
        o.time("created_at", &self.created_at)?;
        o.field("space_ids", &self.space_ids)?;
        o.optional("is_locked", &self.is_locked)?;
        o.optional("can_unlock_with_card", &self.can_unlock_with_card)?;
        o.optional("can_unlock_with_code", &self.can_unlock_with_code)?;
        o.optional(
            "can_unlock_with_mobile_key",
            &self.can_unlock_with_mobile_key,
        )?;
        o.optional("can_unlock_with_cloud_key", &self.can_unlock_with_cloud_key)?;
        o.optional("can_belong_to_reservation", &self.can_belong_to_reservation)?;
        o.field("errors", &self.errors)?;
        o.field("warnings", &self.warnings)?;
        o.end(&[&self.other_metadata])
    }
}

impl FromJson for AcsEntranceWarning {
    const EXPECTED: &'static str = "a warning object";

    fn from_json(raw: &RawValue) -> Result<Self, Problem> {
        let mut m = Members::of(raw)?;
        Ok(Self {
            warning_code: m.required("warning_code")?,
            message: m.required("message")?,
            created_at: m.optional("created_at"),
            unknown_fields: m.rest(),
        })
    }
}

impl Serialize for AcsEntranceWarning {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.field("warning_code", &self.warning_code)?;
        o.field("message", &self.message)?;
        o.optional_time("created_at", &self.created_at)?;
        o.end(&[])
    }
}

impl FromJson for AcsEntranceError {
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

impl Serialize for AcsEntranceError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = JsonObject::new(s.serialize_map(None)?, &self.unknown_fields);
        o.field("error_code", &self.error_code)?;
        o.field("message", &self.message)?;
        o.optional_time("created_at", &self.created_at)?;
        o.end(&[])
    }
}
