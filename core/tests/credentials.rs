//! Every call of `seam.acs().credentials()` against fake-seam over real sockets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use seam_core::acs::credentials::{CreateParams, ListParams, NewVisionlineMetadata};
use seam_core::{
    AccessMethod, AcsCredentialWarningCode, AcsEntranceWarningCode, Config, ExternalType,
    SeamError, VisionlineCardFunctionType,
};
use serde_json::{json, Value};

#[test]
fn assigns_the_docs_credential_to_the_docs_user() {
    let fake = fake();
    let c = assign(&client(&fake), ACS_USER, MOBILE_KEY_CREDENTIAL).unwrap();
    assert_eq!(c.acs_credential_id, MOBILE_KEY_CREDENTIAL);
    assert_eq!(c.acs_user_id.as_deref(), Some(ACS_USER));
    assert_eq!(c.display_name, "Multi Phone Sync Credential");
    assert_eq!(c.code, None);
    assert_eq!(c.acs_system_id, ACS_SYSTEM);
    assert_eq!(c.access_method, AccessMethod::MobileKey);
    assert_eq!(c.workspace_id, WORKSPACE);
    assert_eq!(c.created_at, ts("2024-04-12T03:56:22.396Z"));
    assert_eq!(c.is_multi_phone_sync_credential, Some(true));
    assert_eq!(c.connected_account_id.as_deref(), Some(CONNECTED_ACCOUNT));
    assert!(c.is_managed);
    assert!(c.errors.is_empty() && c.warnings.is_empty());
    assert!(c.other_metadata.is_empty() && c.unknown_fields.is_empty());
}

/// What each call puts on the wire: the semantic method of the official SDKs, the path, and
/// the body or query serde made.
#[test]
fn every_call_sends_the_documented_request() {
    let fake = fake();
    let seam = client(&fake);
    let credentials = seam.acs().credentials();
    let ends = ts("2030-01-02T03:04:05.678Z");
    type Call<'a> = Box<dyn Fn() -> Result<(), SeamError> + 'a>;
    let cases: Vec<(&str, &str, Value, Call)> = vec![
        (
            "PATCH",
            ASSIGN_ROUTE,
            json!({"acs_user_id": ACS_USER, "acs_credential_id": MOBILE_KEY_CREDENTIAL}),
            Box::new(|| {
                credentials
                    .assign(ACS_USER, MOBILE_KEY_CREDENTIAL)
                    .map(drop)
            }),
        ),
        (
            "PATCH",
            ASSIGN_ROUTE,
            json!({"user_identity_id": USER_IDENTITY, "acs_credential_id": MOBILE_KEY_CREDENTIAL}),
            Box::new(|| {
                credentials
                    .assign_user_identity(USER_IDENTITY, MOBILE_KEY_CREDENTIAL)
                    .map(drop)
            }),
        ),
        (
            "PATCH",
            UNASSIGN_ROUTE,
            json!({"acs_user_id": ACS_USER, "acs_credential_id": PIN_CREDENTIAL}),
            Box::new(|| credentials.unassign(ACS_USER, PIN_CREDENTIAL).map(drop)),
        ),
        (
            "POST",
            CREATE_ROUTE,
            json!({"access_method": "code", "acs_user_id": ACS_USER, "code": "2468",
                   "ends_at": "2030-01-02T03:04:05.678Z",
                   "visionline_metadata": {"card_function_type": "staff", "override": true}}),
            Box::new(|| {
                credentials
                    .create(&CreateParams {
                        acs_user_id: Some(ACS_USER.into()),
                        code: Some("2468".into()),
                        ends_at: Some(ends),
                        visionline_metadata: Some(NewVisionlineMetadata {
                            card_function_type: Some(VisionlineCardFunctionType::Staff),
                            is_override: Some(true),
                            ..NewVisionlineMetadata::default()
                        }),
                        ..CreateParams::new(AccessMethod::Code)
                    })
                    .map(drop)
            }),
        ),
        (
            "PATCH",
            UPDATE_ROUTE,
            json!({"acs_credential_id": PIN_CREDENTIAL, "code": "1357",
                   "ends_at": "2030-01-02T03:04:05.678Z"}),
            Box::new(|| {
                credentials
                    .update(PIN_CREDENTIAL, Some("1357"), Some(ends))
                    .map(drop)
            }),
        ),
    ];
    for (method, path, body, call) in &cases {
        call().unwrap();
        let last = &requests(&fake)["last"];
        assert_eq!(last["method"], *method, "{path}");
        assert_eq!(last["path"], *path);
        let sent: Value = serde_json::from_str(last["body"].as_str().unwrap()).unwrap();
        assert_eq!(&sent, body, "{path}");
        assert_eq!(last["headers"]["content-type"], "application/json");
    }

    let queries: Vec<(&str, &str, &str, Call)> = vec![
        (
            "GET",
            GET_ROUTE,
            "acs_credential_id=66666666-6666-6666-6666-666666666666",
            Box::new(|| credentials.get(MOBILE_KEY_CREDENTIAL).map(drop)),
        ),
        (
            "GET",
            LIST_ROUTE,
            "acs_user_id=33333333-3333-3333-3333-333333333333&is_multi_phone_sync_credential=false\
             &created_before=2030-01-02T03%3A04%3A05.678Z&search=PIN+%26+more&limit=2",
            Box::new(|| {
                credentials
                    .list(&ListParams {
                        acs_user_id: Some(ACS_USER.into()),
                        is_multi_phone_sync_credential: Some(false),
                        created_before: Some(ends),
                        search: Some("PIN & more".into()),
                        limit: Some(2),
                        ..ListParams::default()
                    })
                    .map(drop)
            }),
        ),
        (
            "GET",
            LIST_ACCESSIBLE_ENTRANCES_ROUTE,
            "acs_credential_id=66666666-6666-6666-6666-666666666666",
            Box::new(|| {
                credentials
                    .list_accessible_entrances(MOBILE_KEY_CREDENTIAL)
                    .map(drop)
            }),
        ),
        (
            "DELETE",
            DELETE_ROUTE,
            "acs_credential_id=99999999-9999-9999-9999-999999999999",
            Box::new(|| credentials.delete(VISIONLINE_CREDENTIAL)),
        ),
    ];
    for (method, path, query, call) in &queries {
        call().unwrap();
        let last = &requests(&fake)["last"];
        assert_eq!(last["method"], *method, "{path}");
        assert_eq!(last["target"], format!("{path}?{query}"));
        assert_eq!(last["body"], "");
    }

    let headers = &requests(&fake)["last"]["headers"];
    assert_eq!(headers["authorization"], format!("Bearer {API_KEY}"));
    assert_eq!(headers["seam-sdk-name"], "seam-core");
    assert_eq!(headers["seam-sdk-version"], env!("CARGO_PKG_VERSION"));
    assert!(headers["user-agent"]
        .as_str()
        .unwrap()
        .starts_with("seam-core/"));
    assert!(headers.get("seam-workspace").is_none());
    assert!(headers.get("client-session-token").is_none());
}

#[test]
fn a_personal_access_token_sends_its_workspace() {
    let fake = fake();
    let seam = client_with(
        &fake,
        Config {
            personal_access_token: Some(PERSONAL_ACCESS_TOKEN.into()),
            workspace_id: Some(WORKSPACE.into()),
            ..Config::default()
        },
    );
    let c = assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL).unwrap();
    assert_eq!(c.acs_user_id.as_deref(), Some(ACS_USER));
    let headers = &requests(&fake)["last"]["headers"];
    assert_eq!(
        headers["authorization"],
        format!("Bearer {PERSONAL_ACCESS_TOKEN}")
    );
    assert_eq!(headers["seam-workspace"], WORKSPACE);
}

#[test]
fn the_whole_lifecycle_of_a_credential() {
    let fake = fake();
    let seam = client(&fake);
    let credentials = seam.acs().credentials();

    let created = credentials
        .create(&CreateParams {
            acs_user_id: Some(OTHER_ACS_USER.into()),
            allowed_acs_entrance_ids: vec![LOBBY_ENTRANCE.into(), GYM_ENTRANCE.into()],
            code: Some("2468".into()),
            starts_at: Some(ts("2030-01-01T00:00:00.000Z")),
            ends_at: Some(ts("2030-02-01T00:00:00.000Z")),
            ..CreateParams::new(AccessMethod::Code)
        })
        .unwrap();
    let id = created.acs_credential_id.clone();
    assert_eq!(created.access_method, AccessMethod::Code);
    assert_eq!(created.code.as_deref(), Some("2468"));
    assert_eq!(created.acs_user_id.as_deref(), Some(OTHER_ACS_USER));
    assert_eq!(created.starts_at, Some(ts("2030-01-01T00:00:00.000Z")));

    let assigned = credentials
        .assign_user_identity(USER_IDENTITY, &id)
        .unwrap();
    assert_eq!(assigned.acs_user_id.as_deref(), Some(ACS_USER));
    assert_eq!(assigned.user_identity_id.as_deref(), Some(USER_IDENTITY));
    assert_eq!(credentials.get(&id).unwrap(), assigned);

    let mine = credentials
        .list(&ListParams {
            acs_user_id: Some(ACS_USER.into()),
            search: Some("2468".into()),
            ..ListParams::default()
        })
        .unwrap();
    assert_eq!(
        mine.acs_credentials
            .iter()
            .map(|c| c.acs_credential_id.as_str())
            .collect::<Vec<_>>(),
        [id.as_str()]
    );
    assert!(!mine.pagination.has_next_page);

    let everything = credentials.list(&ListParams::default()).unwrap();
    let one_by_one: Vec<String> = credentials
        .list_all(ListParams {
            limit: Some(1),
            ..ListParams::default()
        })
        .unwrap()
        .map(|c| c.unwrap().acs_credential_id)
        .collect();
    assert_eq!(one_by_one.len(), everything.acs_credentials.len());
    assert_eq!(
        one_by_one.iter().collect::<HashSet<_>>().len(),
        one_by_one.len(),
        "a credential came twice: {one_by_one:?}"
    );
    assert_eq!(
        count(&fake, LIST_ROUTE),
        1 + 1 + one_by_one.len() as u64,
        "one request a page"
    );

    let updated = credentials
        .update(&id, Some("1357"), Some(ts("2030-03-01T00:00:00.000Z")))
        .unwrap();
    assert_eq!(updated.code.as_deref(), Some("1357"));
    assert_eq!(updated.ends_at, Some(ts("2030-03-01T00:00:00.000Z")));

    let entrances = credentials.list_accessible_entrances(&id).unwrap();
    let names: HashSet<&str> = entrances.iter().map(|e| e.display_name.as_str()).collect();
    assert_eq!(names, HashSet::from(["Lobby", "Gym"]));

    let unassigned = credentials.unassign(ACS_USER, &id).unwrap();
    assert_eq!(unassigned.acs_user_id, None);
    credentials.delete(&id).unwrap();
    assert_eq!(
        api_code(credentials.get(&id)),
        (404, "acs_credential_not_found".to_owned())
    );
}

#[test]
fn reads_every_modelled_field_of_a_code_credential() {
    let fake = fake();
    let c = client(&fake)
        .acs()
        .credentials()
        .get(PIN_CREDENTIAL)
        .unwrap();
    assert_eq!(c.acs_user_id.as_deref(), Some(ACS_USER));
    assert_eq!(c.access_method, AccessMethod::Code);
    assert_eq!(c.code.as_deref(), Some("123456"));
    assert_eq!(c.external_type, Some(ExternalType::SaltoKsCredential));
    assert_eq!(
        c.external_type_display_name.as_deref(),
        Some("Salto KS Credential")
    );
    assert_eq!(c.is_one_time_use, Some(false));
    assert_eq!(c.starts_at, Some(ts("2024-05-01T16:00:00.000Z")));
    assert_eq!(c.ends_at, Some(ts("2024-05-08T11:00:00.000Z")));
    assert_eq!(c.is_latest_desired_state_synced_with_provider, Some(true));
    assert_eq!(
        c.latest_desired_state_synced_with_provider_at,
        Some(ts("2024-04-20T09:16:30.000Z"))
    );
    assert!(c.unknown_fields.is_empty(), "{:?}", c.unknown_fields);
}

#[test]
fn reads_every_kind_of_warning_and_errors_with_their_time() {
    let fake = fake();
    let credentials = client(&fake);
    let credentials = credentials.acs().credentials();
    let c = credentials.get(WARNINGS_CREDENTIAL).unwrap();
    let codes: Vec<AcsCredentialWarningCode> =
        c.warnings.iter().map(|w| w.warning_code.clone()).collect();
    assert_eq!(
        codes,
        [
            AcsCredentialWarningCode::WaitingToBeIssued,
            AcsCredentialWarningCode::ScheduleExternallyModified,
            AcsCredentialWarningCode::ScheduleModified,
            AcsCredentialWarningCode::BeingDeleted,
            AcsCredentialWarningCode::UnknownIssueWithAcsCredential,
            AcsCredentialWarningCode::NeedsToBeReissued,
            AcsCredentialWarningCode::RequestedCodeUnavailable,
        ]
    );
    let unavailable = &c.warnings[6];
    assert_eq!(unavailable.original_code.as_deref(), Some("4321"));
    assert_eq!(unavailable.new_code.as_deref(), Some("4322"));
    assert!(c
        .warnings
        .iter()
        .all(|w| w.created_at.is_some() && !w.message.is_empty() && w.unknown_fields.is_empty()));
    assert_eq!(c.errors.len(), 2);
    assert!(c.errors.iter().all(|e| e.created_at.is_some()));

    let vostio = credentials.get(VOSTIO_CREDENTIAL).unwrap();
    assert_eq!(vostio.errors[0].error_code, "failed_to_issue");
    assert!(vostio.errors[0].created_at.is_some());
    let metadata = vostio.assa_abloy_vostio_metadata.unwrap();
    assert_eq!(metadata.door_names, ["Room 101", "Gym"]);
    assert_eq!(metadata.key_id.as_deref(), Some("key-1"));

    let visionline = credentials.get(VISIONLINE_CREDENTIAL).unwrap();
    let metadata = visionline.visionline_metadata.unwrap();
    assert_eq!(
        metadata.card_function_type,
        Some(VisionlineCardFunctionType::Guest)
    );
    assert_eq!(metadata.common_acs_entrance_ids, [LOBBY_ENTRANCE]);
    assert_eq!(visionline.card_number.as_deref(), Some("0012345678"));
    assert_eq!(visionline.issued_at, Some(ts("2024-04-21T10:00:00.000Z")));
}

#[test]
fn reads_the_newer_access_methods_types_and_metadata() {
    let fake = fake();
    let seam = client(&fake);
    let credentials = seam.acs().credentials();
    let cloud = credentials.get(CLOUD_KEY_CREDENTIAL).unwrap();
    assert_eq!(cloud.access_method, AccessMethod::CloudKey);
    assert_eq!(cloud.external_type, Some(ExternalType::KisiCredential));
    let akiles = credentials.get(AKILES_CREDENTIAL).unwrap();
    assert_eq!(akiles.external_type, Some(ExternalType::AkilesCredential));
    assert_eq!(
        akiles.akiles_metadata.unwrap().member_pin_id.as_deref(),
        Some("mp-1")
    );
    assert_eq!(akiles.user_identity_id.as_deref(), Some(USER_IDENTITY));

    let future = credentials.get(FUTURE_CREDENTIAL).unwrap();
    assert_eq!(future.access_method.as_str(), "quantum_link");
    assert!(matches!(future.access_method, AccessMethod::Other { .. }));
    assert_eq!(future.external_type.unwrap().as_str(), "quantum_key");
    let salto: Value =
        serde_json::from_str(&future.other_metadata["salto_space_metadata"]).unwrap();
    assert_eq!(salto["zones"], json!(["A", "B"]));
    assert_eq!(
        future.unknown_fields["brand_new_field"],
        r#"{"nested":[1,2]}"#
    );
    assert_eq!(
        future.warnings[0].warning_code.as_str(),
        "brand_new_warning"
    );
}

#[test]
fn values_that_do_not_read_are_kept_and_never_fail_the_call() {
    let fake = fake();
    let c = client(&fake)
        .acs()
        .credentials()
        .get(ODD_VALUES_CREDENTIAL)
        .unwrap();
    // ISO 8601 with a basic offset, and a date alone (midnight UTC).
    assert_eq!(c.starts_at, Some(ts("2024-04-12T03:56:22Z")));
    assert_eq!(c.issued_at, Some(ts("2024-04-12T00:00:00Z")));
    // Not a timestamp at all: absent, and kept as sent.
    assert_eq!(c.ends_at, None);
    assert_eq!(c.unknown_fields["ends_at"], r#""next tuesday""#);
    assert_eq!(c.unknown_fields["big_number"], "18446744073709551615");
    let visionline = c.visionline_metadata.unwrap();
    assert_eq!(visionline.card_function_type, None);
    assert_eq!(visionline.card_id.as_deref(), Some("7"));
    assert_eq!(visionline.unknown_fields["door_zone"], r#""west""#);
    assert_eq!(c.warnings[0].unknown_fields["retry_in_s"], "30");
}

#[test]
fn entrances_read_their_warnings_and_metadata() {
    let fake = fake();
    let entrances = client(&fake)
        .acs()
        .credentials()
        .list_accessible_entrances(MOBILE_KEY_CREDENTIAL)
        .unwrap();
    let room = entrances
        .iter()
        .find(|e| e.acs_entrance_id == ROOM_101_ENTRANCE)
        .unwrap();
    assert_eq!(room.display_name, "Room 101");
    assert_eq!(room.acs_system_id, ACS_SYSTEM);
    assert_eq!(
        room.warnings[0].warning_code,
        AcsEntranceWarningCode::PrivacyMode
    );
    assert!(room.other_metadata.contains_key("salto_ks_metadata"));
    let lobby = entrances
        .iter()
        .find(|e| e.acs_entrance_id == LOBBY_ENTRANCE)
        .unwrap();
    assert!(lobby.other_metadata.contains_key("visionline_metadata"));
}

/// Every call refuses bad input with the parameter's name, and sends nothing.
#[test]
fn bad_input_of_every_call_sends_nothing() {
    let fake = fake();
    let seam = client(&fake);
    let c = seam.acs().credentials();
    let truncated = "66666666-6666-6666-6666-66666666";
    type Call<'a> = Box<dyn Fn() -> Result<(), SeamError> + 'a>;
    let code = |code: &str| CreateParams {
        acs_user_id: Some(ACS_USER.into()),
        code: Some(code.into()),
        ..CreateParams::new(AccessMethod::Code)
    };
    let cases: Vec<(&str, &str, Call)> = vec![
        (
            "acs_user_id",
            "truncated",
            Box::new(|| c.assign(truncated, MOBILE_KEY_CREDENTIAL).map(drop)),
        ),
        (
            "acs_credential_id",
            "truncated",
            Box::new(|| c.assign(ACS_USER, truncated).map(drop)),
        ),
        (
            "user_identity_id",
            "is empty",
            Box::new(|| c.assign_user_identity("", MOBILE_KEY_CREDENTIAL).map(drop)),
        ),
        (
            "acs_user_id",
            "truncated",
            Box::new(|| c.unassign(truncated, MOBILE_KEY_CREDENTIAL).map(drop)),
        ),
        (
            "acs_credential_id",
            "8-4-4-4-12",
            Box::new(|| c.get("{66666666-6666-6666-6666-666666666666}").map(drop)),
        ),
        ("acs_credential_id", "is empty", Box::new(|| c.delete(""))),
        (
            "acs_credential_id",
            "hexadecimal",
            Box::new(|| {
                c.list_accessible_entrances("6666666g-6666-6666-6666-666666666666")
                    .map(drop)
            }),
        ),
        (
            "acs_credential_id",
            "truncated",
            Box::new(|| c.update(truncated, None, None).map(drop)),
        ),
        (
            "code",
            "'a'",
            Box::new(|| c.update(PIN_CREDENTIAL, Some("12a4"), None).map(drop)),
        ),
        (
            "code",
            "is empty",
            Box::new(|| c.create(&code("")).map(drop)),
        ),
        (
            "code",
            "not a digit",
            Box::new(|| c.create(&code("١٢٣٤")).map(drop)),
        ),
        (
            "acs_user_id",
            "both given",
            Box::new(|| {
                c.create(&CreateParams {
                    user_identity_id: Some(USER_IDENTITY.into()),
                    ..code("1234")
                })
                .map(drop)
            }),
        ),
        (
            "acs_user_id",
            "neither",
            Box::new(|| c.create(&CreateParams::new(AccessMethod::Card)).map(drop)),
        ),
        (
            "acs_system_id",
            "required with user_identity_id",
            Box::new(|| {
                c.create(&CreateParams {
                    user_identity_id: Some(USER_IDENTITY.into()),
                    ..CreateParams::new(AccessMethod::MobileKey)
                })
                .map(drop)
            }),
        ),
        (
            "allowed_acs_entrance_ids[1]",
            "truncated",
            Box::new(|| {
                c.create(&CreateParams {
                    allowed_acs_entrance_ids: vec![LOBBY_ENTRANCE.into(), truncated.into()],
                    ..code("1234")
                })
                .map(drop)
            }),
        ),
        (
            "ends_at",
            "not after starts_at",
            Box::new(|| {
                c.create(&CreateParams {
                    starts_at: Some(ts("2030-01-02T00:00:00Z")),
                    ends_at: Some(ts("2030-01-01T00:00:00Z")),
                    ..code("1234")
                })
                .map(drop)
            }),
        ),
        (
            "visionline_metadata.joiner_acs_credential_ids[0]",
            "8-4-4-4-12",
            Box::new(|| {
                c.create(&CreateParams {
                    visionline_metadata: Some(NewVisionlineMetadata {
                        joiner_acs_credential_ids: vec!["nope".into()],
                        ..NewVisionlineMetadata::default()
                    }),
                    ..code("1234")
                })
                .map(drop)
            }),
        ),
        (
            "search",
            "is empty",
            Box::new(|| {
                c.list(&ListParams {
                    search: Some(String::new()),
                    ..ListParams::default()
                })
                .map(drop)
            }),
        ),
        (
            "limit",
            "got 0",
            Box::new(|| {
                c.list(&ListParams {
                    limit: Some(0),
                    ..ListParams::default()
                })
                .map(drop)
            }),
        ),
        (
            "acs_system_id",
            "truncated",
            Box::new(|| {
                c.list(&ListParams {
                    acs_system_id: Some(truncated.into()),
                    ..ListParams::default()
                })
                .map(drop)
            }),
        ),
        (
            "user_identity_id",
            "blank",
            Box::new(|| {
                c.list_all(ListParams {
                    user_identity_id: Some(" ".into()),
                    ..ListParams::default()
                })
                .map(drop)
            }),
        ),
    ];
    for (parameter, reason, call) in &cases {
        let (got_parameter, got_reason) = invalid_input(call());
        assert_eq!(got_parameter, *parameter, "{got_reason}");
        assert!(
            got_reason.contains(reason),
            "{parameter}: {got_reason:?} lacks {reason:?}"
        );
    }
    assert_eq!(total(&fake), 0, "bad input reached the server");
}

/// Each call's errors from the API arrive typed, with the API's error code.
#[test]
fn every_call_answers_the_errors_of_the_api() {
    let fake = fake();
    let seam = client(&fake);
    let c = seam.acs().credentials();
    let unknown = "12345678-1234-1234-1234-123456789012";
    type Call<'a> = Box<dyn Fn() -> Result<(), SeamError> + 'a>;
    let cases: Vec<(u16, &str, Call)> = vec![
        (
            404,
            "acs_user_not_found",
            Box::new(|| c.assign(unknown, MOBILE_KEY_CREDENTIAL).map(drop)),
        ),
        (
            404,
            "acs_credential_not_found",
            Box::new(|| c.assign(ACS_USER, unknown).map(drop)),
        ),
        (
            404,
            "user_identity_not_found",
            Box::new(|| c.unassign_user_identity(unknown, PIN_CREDENTIAL).map(drop)),
        ),
        (
            404,
            "acs_user_not_found",
            Box::new(|| {
                c.assign_user_identity(UNLINKED_USER_IDENTITY, PIN_CREDENTIAL)
                    .map(drop)
            }),
        ),
        (
            404,
            "acs_system_not_found",
            Box::new(|| {
                c.create(&CreateParams {
                    user_identity_id: Some(USER_IDENTITY.into()),
                    acs_system_id: Some(unknown.into()),
                    ..CreateParams::new(AccessMethod::MobileKey)
                })
                .map(drop)
            }),
        ),
        (
            404,
            "acs_entrance_not_found",
            Box::new(|| {
                c.create(&CreateParams {
                    acs_user_id: Some(ACS_USER.into()),
                    allowed_acs_entrance_ids: vec![unknown.into()],
                    ..CreateParams::new(AccessMethod::Card)
                })
                .map(drop)
            }),
        ),
        (
            404,
            "acs_credential_not_found",
            Box::new(|| c.get(unknown).map(drop)),
        ),
        (
            404,
            "acs_credential_not_found",
            Box::new(|| c.update(unknown, Some("1234"), None).map(drop)),
        ),
        (
            404,
            "acs_credential_not_found",
            Box::new(|| c.delete(unknown)),
        ),
        (
            404,
            "acs_credential_not_found",
            Box::new(|| c.list_accessible_entrances(unknown).map(drop)),
        ),
        (
            400,
            "invalid_input",
            Box::new(|| {
                c.list(&ListParams {
                    page_cursor: Some("not-a-cursor".into()),
                    ..ListParams::default()
                })
                .map(drop)
            }),
        ),
    ];
    for (status, code, call) in &cases {
        assert_eq!(api_code(call()), (*status, (*code).to_owned()));
    }
}

#[test]
fn a_client_session_lists_its_users_credentials_and_nothing_else() {
    let fake = fake();
    let seam = client_with(
        &fake,
        Config {
            client_session_token: Some(CLIENT_SESSION_TOKEN.into()),
            ..Config::default()
        },
    );
    let credentials = seam.acs().credentials();
    let mine: HashSet<String> = credentials
        .list_all(ListParams::default())
        .unwrap()
        .map(|c| c.unwrap().acs_credential_id)
        .collect();
    assert_eq!(
        mine,
        HashSet::from([
            PIN_CREDENTIAL.to_owned(),
            WARNINGS_CREDENTIAL.to_owned(),
            AKILES_CREDENTIAL.to_owned()
        ])
    );
    let headers = &requests(&fake)["last"]["headers"];
    assert_eq!(
        headers["authorization"],
        format!("Bearer {CLIENT_SESSION_TOKEN}")
    );
    assert_eq!(headers["client-session-token"], CLIENT_SESSION_TOKEN);
    assert_eq!(
        api_code(credentials.get(PIN_CREDENTIAL)),
        (403, "forbidden".to_owned())
    );
    assert_eq!(
        api_code(credentials.assign(ACS_USER, MOBILE_KEY_CREDENTIAL)),
        (403, "forbidden".to_owned())
    );
}

#[test]
fn an_unknown_key_is_unauthorized_with_the_request_id() {
    let fake = fake();
    let seam = client_with(
        &fake,
        Config {
            api_key: Some("seam_wrong_key".into()),
            ..Config::default()
        },
    );
    match assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL) {
        Err(
            e @ SeamError::Unauthorized {
                request_id: Some(_),
            },
        ) => {
            assert!(!e.to_string().contains("seam_wrong_key"), "{e}");
            assert!(!format!("{e:?}").contains("seam_wrong_key"));
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[test]
fn a_token_for_another_workspace_is_unauthorized() {
    let fake = fake();
    let seam = client_with(
        &fake,
        Config {
            personal_access_token: Some(PERSONAL_ACCESS_TOKEN.into()),
            workspace_id: Some("99999999-0000-0000-0000-000000000000".into()),
            ..Config::default()
        },
    );
    assert!(matches!(
        assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL),
        Err(SeamError::Unauthorized { .. })
    ));
}

/// A value the API's enum does not have is refused before anything is sent; what the API
/// itself refuses (here an id that is not a UUID, with the client's id check turned off)
/// comes back with the API's validation messages.
#[test]
fn invalid_input_from_the_api_carries_the_validation_messages() {
    let fake = fake();
    let seam = client(&fake);
    let result = seam.acs().credentials().create(&CreateParams {
        acs_user_id: Some(ACS_USER.into()),
        ..CreateParams::new(AccessMethod::from("telepathy"))
    });
    match result {
        Err(SeamError::InvalidInput { parameter, reason }) => {
            assert_eq!(parameter, "access_method");
            assert!(
                reason.contains("\"telepathy\"") && reason.contains("mobile_key"),
                "{reason}"
            );
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(total(&fake), 0, "an unknown enum value reached the server");

    let unchecked = client_with(
        &fake,
        Config {
            check_id_format: Some(false),
            ..Config::default()
        },
    );
    let result = unchecked.acs().credentials().create(&CreateParams {
        acs_user_id: Some("not-a-uuid".into()),
        ..CreateParams::new(AccessMethod::Code)
    });
    match result {
        Err(SeamError::Api {
            status_code: 400,
            code,
            validation_errors,
            request_id: Some(_),
            ..
        }) => {
            assert_eq!(code, "invalid_input");
            assert!(
                validation_errors.contains_key("acs_user_id"),
                "{validation_errors:?}"
            );
        }
        other => panic!("expected Api invalid_input, got {other:?}"),
    }
}

/// Reads are retried on a 500 like the official SDKs retry GETs; a create is not retried once
/// it may have reached the server, so that it never makes two credentials.
#[test]
fn each_call_is_retried_as_its_class_allows() {
    let fake = fake();
    let seam = with_timeout(&fake, Duration::from_secs(10), 2);
    let credentials = seam.acs().credentials();
    fault_on(&fake, GET_ROUTE, json!({"status": 500}));
    credentials.get(PIN_CREDENTIAL).unwrap();
    assert_eq!(count(&fake, GET_ROUTE), 2);

    fault_on(&fake, CREATE_ROUTE, json!({"status": 503}));
    let result = credentials.create(&CreateParams {
        acs_user_id: Some(ACS_USER.into()),
        ..CreateParams::new(AccessMethod::Card)
    });
    assert_eq!(api_code(result).0, 503);
    assert_eq!(count(&fake, CREATE_ROUTE), 1);

    fault_on(
        &fake,
        CREATE_ROUTE,
        json!({"status": 429, "headers": {"Retry-After": "0"}}),
    );
    let created = credentials.create(&CreateParams {
        acs_user_id: Some(ACS_USER.into()),
        ..CreateParams::new(AccessMethod::Card)
    });
    assert!(created.is_ok(), "{created:?}");
    assert_eq!(count(&fake, CREATE_ROUTE), 3);

    fault_on(&fake, DELETE_ROUTE, json!({"status": 502}));
    credentials.delete(VISIONLINE_CREDENTIAL).unwrap();
    assert_eq!(count(&fake, DELETE_ROUTE), 2);
}

#[test]
fn a_server_that_repeats_a_cursor_ends_the_walk_instead_of_looping() {
    let fake = fake();
    let page = |cursor: &str| {
        json!({"status": 200, "body": json!({
            "acs_credentials": [],
            "pagination": {"has_next_page": true, "next_page_cursor": cursor, "next_page_url": null},
            "ok": true
        }).to_string()})
    };
    fault_on(&fake, LIST_ROUTE, page("a"));
    fault_on(&fake, LIST_ROUTE, page("b"));
    fault_on(&fake, LIST_ROUTE, page("a"));
    let seam = client(&fake);
    let mut pages = seam
        .acs()
        .credentials()
        .list_all(ListParams::default())
        .unwrap();
    assert!(pages.next_page().unwrap().is_some());
    assert!(pages.next_page().unwrap().is_some());
    match pages.next_page() {
        Err(SeamError::InvalidResponse { reason, .. }) => {
            assert!(reason.contains("\"a\" a second time"), "{reason}")
        }
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
    assert!(pages.next_page().unwrap().is_none(), "the walk is over");
    assert_eq!(count(&fake, LIST_ROUTE), 3);
}

#[test]
fn one_client_serves_many_threads() {
    let fake = fake();
    let seam = client(&fake);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..500 {
                    assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL).unwrap();
                }
            });
        }
    });
    assert_eq!(assign_count(&fake), 4000);
}

#[test]
fn a_host_name_endpoint_works() {
    let fake = fake();
    let by_name = fake.url().replace("127.0.0.1", "localhost");
    let seam = client_with(
        &fake,
        Config {
            endpoint: Some(by_name),
            ..Config::default()
        },
    );
    for _ in 0..3 {
        assert!(assign(&seam, ACS_USER, MOBILE_KEY_CREDENTIAL).is_ok());
    }
    assert_eq!(assign_count(&fake), 3);
}
