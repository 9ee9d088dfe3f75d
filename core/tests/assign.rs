//! `seam.acs().credentials().assign(…)` against fake-seam over real sockets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::collections::HashMap;
use std::time::SystemTime;

use common::*;
use seam_core::{
    AccessMethod, AcsCredentialWarningCode, Config, ExternalType, Seam, SeamError,
    VisionlineCardFunctionType,
};
use serde_json::json;
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

fn ts(text: &str) -> SystemTime {
    OffsetDateTime::parse(text, &Rfc3339).unwrap().into()
}

#[test]
fn assigns_the_docs_credential_to_the_docs_user() {
    let fake = fake();
    let c = assign(&client(&fake), USER, CREDENTIAL).unwrap();
    assert_eq!(c.acs_credential_id, CREDENTIAL);
    assert_eq!(c.acs_user_id.as_deref(), Some(USER));
    assert_eq!(c.display_name, "Multi Phone Sync Credential");
    assert_eq!(c.code, None);
    assert_eq!(c.acs_system_id, "11111111-1111-1111-1111-111111111111");
    assert_eq!(c.access_method, AccessMethod::MobileKey);
    assert_eq!(c.workspace_id, WORKSPACE);
    assert_eq!(c.created_at, ts("2024-04-12T03:56:22.396Z"));
    assert_eq!(c.is_multi_phone_sync_credential, Some(true));
    assert_eq!(
        c.connected_account_id.as_deref(),
        Some("22222222-2222-2222-2222-222222222222")
    );
    assert!(c.is_managed);
    assert!(c.errors.is_empty() && c.warnings.is_empty());
    assert!(c.other_metadata.is_empty() && c.unknown_fields.is_empty());
    assert_eq!(c.visionline_metadata, None);
}

#[test]
fn sends_the_documented_request() {
    let fake = fake();
    assign(&client(&fake), USER, CREDENTIAL).unwrap();
    let last = &requests(&fake)["last"];
    assert_eq!(last["method"], "POST");
    assert_eq!(last["path"], ASSIGN);
    let body: serde_json::Value = serde_json::from_str(last["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"acs_user_id": USER, "acs_credential_id": CREDENTIAL})
    );
    let headers = &last["headers"];
    assert_eq!(headers["authorization"], format!("Bearer {API_KEY}"));
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["seam-sdk-name"], "seam-core");
    assert_eq!(headers["seam-sdk-version"], env!("CARGO_PKG_VERSION"));
    assert!(headers["user-agent"]
        .as_str()
        .unwrap()
        .starts_with("seam-core/"));
    assert!(headers.get("seam-workspace").is_none());
}

#[test]
fn a_personal_access_token_sends_its_workspace() {
    let fake = fake();
    let seam = client_with(
        &fake,
        Config {
            personal_access_token: Some(PAT.into()),
            workspace_id: Some(WORKSPACE.into()),
            ..Config::default()
        },
    );
    assert_eq!(
        assign(&seam, USER, CREDENTIAL)
            .unwrap()
            .acs_user_id
            .as_deref(),
        Some(USER)
    );
    let headers = &requests(&fake)["last"]["headers"];
    assert_eq!(headers["authorization"], format!("Bearer {PAT}"));
    assert_eq!(headers["seam-workspace"], WORKSPACE);
}

#[test]
fn reads_every_modelled_field_of_a_code_credential() {
    let fake = fake();
    let c = assign(
        &client(&fake),
        OTHER_USER,
        "88888888-8888-8888-8888-888888888888",
    )
    .unwrap();
    assert_eq!(c.acs_user_id.as_deref(), Some(OTHER_USER));
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
}

#[test]
fn reads_visionline_metadata_and_warnings() {
    let fake = fake();
    let c = assign(&client(&fake), USER, "99999999-9999-9999-9999-999999999999").unwrap();
    assert_eq!(c.access_method, AccessMethod::Card);
    assert_eq!(c.card_number.as_deref(), Some("0012345678"));
    assert_eq!(c.external_type, Some(ExternalType::VisionlineCard));
    assert_eq!(c.is_issued, Some(true));
    assert_eq!(c.issued_at, Some(ts("2024-04-21T10:00:00.000Z")));
    let v = c.visionline_metadata.unwrap();
    assert_eq!(v.card_function_type, VisionlineCardFunctionType::Guest);
    assert_eq!(v.auto_join, Some(true));
    assert_eq!(v.card_id.as_deref(), Some("5"));
    assert_eq!(v.credential_id.as_deref(), Some("15"));
    assert_eq!(v.is_valid, Some(true));
    assert_eq!(
        v.common_acs_entrance_ids,
        ["aaaaaaaa-0000-0000-0000-000000000001"]
    );
    assert_eq!(
        v.guest_acs_entrance_ids,
        ["aaaaaaaa-0000-0000-0000-000000000002"]
    );
    assert!(v.joiner_acs_credential_ids.is_empty());
    assert_eq!(c.warnings.len(), 1);
    let w = &c.warnings[0];
    assert_eq!(w.warning_code, AcsCredentialWarningCode::WaitingToBeIssued);
    assert_eq!(w.message, "The credential is waiting to be issued.");
    assert_eq!(w.created_at, Some(ts("2024-04-21T09:59:01.000Z")));
}

#[test]
fn reads_vostio_metadata_errors_and_links() {
    let fake = fake();
    let c = assign(&client(&fake), USER, "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa").unwrap();
    assert_eq!(c.external_type, Some(ExternalType::AssaAbloyVostioKey));
    assert_eq!(
        c.parent_acs_credential_id.as_deref(),
        Some("bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb")
    );
    assert_eq!(
        c.acs_credential_pool_id.as_deref(),
        Some("cccccccc-cccc-cccc-cccc-cccccccccccc")
    );
    assert_eq!(
        c.user_identity_id.as_deref(),
        Some("dddddddd-dddd-dddd-dddd-dddddddddddd")
    );
    let v = c.assa_abloy_vostio_metadata.unwrap();
    assert_eq!(v.auto_join, Some(false));
    assert_eq!(v.door_names, ["Room 101", "Gym"]);
    assert_eq!(v.endpoint_id.as_deref(), Some("ep-1"));
    assert_eq!(v.key_id.as_deref(), Some("key-1"));
    assert_eq!(v.key_issuing_request_id.as_deref(), Some("kir-1"));
    assert_eq!(
        v.override_guest_acs_entrance_ids,
        ["aaaaaaaa-0000-0000-0000-000000000003"]
    );
    assert_eq!(c.errors.len(), 1);
    assert_eq!(c.errors[0].error_code, "failed_to_issue");
    assert_eq!(c.errors[0].message, "The key could not be issued.");
}

#[test]
fn keeps_what_a_newer_api_adds() {
    let fake = fake();
    let c = assign(&client(&fake), USER, "77777777-7777-7777-7777-777777777777").unwrap();
    assert_eq!(
        c.access_method,
        AccessMethod::Other {
            value: "cloud_key".into()
        }
    );
    assert_eq!(c.access_method.as_str(), "cloud_key");
    assert_eq!(
        c.external_type,
        Some(ExternalType::Other {
            value: "quantum_key".into()
        })
    );
    assert_eq!(
        c.warnings[0].warning_code,
        AcsCredentialWarningCode::Other {
            value: "brand_new_warning".into()
        }
    );
    let metadata: serde_json::Value =
        serde_json::from_str(&c.other_metadata["salto_space_metadata"]).unwrap();
    assert_eq!(metadata, json!({"door_count": 3, "zones": ["A", "B"]}));
    let unknown: HashMap<&str, serde_json::Value> = c
        .unknown_fields
        .iter()
        .map(|(k, v)| (k.as_str(), serde_json::from_str(v).unwrap()))
        .collect();
    assert_eq!(
        unknown,
        HashMap::from([
            ("brand_new_field", json!({"nested": [1, 2]})),
            ("another_new_field", json!("x")),
        ])
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
    match assign(&seam, USER, CREDENTIAL) {
        Err(
            e @ SeamError::Unauthorized {
                request_id: Some(_),
            },
        ) => {
            let text = e.to_string();
            assert!(text.contains("request id: request"), "{text}");
            assert!(!text.contains("seam_wrong_key"), "{text}");
        }
        other => panic!("expected Unauthorized with a request id, got {other:?}"),
    }
}

#[test]
fn a_token_for_another_workspace_is_unauthorized() {
    let fake = fake();
    let seam = client_with(
        &fake,
        Config {
            personal_access_token: Some(PAT.into()),
            workspace_id: Some("12345678-1234-1234-1234-123456789012".into()),
            ..Config::default()
        },
    );
    assert!(matches!(
        assign(&seam, USER, CREDENTIAL),
        Err(SeamError::Unauthorized { .. })
    ));
}

#[test]
fn unknown_ids_are_not_found_errors() {
    let fake = fake();
    let seam = client(&fake);
    let missing = "12345678-1234-1234-1234-123456789012";
    for (user, credential, code) in [
        (missing, CREDENTIAL, "acs_user_not_found"),
        (USER, missing, "acs_credential_not_found"),
    ] {
        match assign(&seam, user, credential) {
            Err(SeamError::Api {
                status_code: 404,
                code: c,
                request_id: Some(_),
                ..
            }) => {
                assert_eq!(c, code)
            }
            other => panic!("expected 404 {code}, got {other:?}"),
        }
    }
}

#[test]
fn invalid_input_carries_the_validation_messages() {
    let fake = fake();
    fault(
        &fake,
        json!({"status": 400, "body": json!({"error": {"type": "invalid_input",
            "message": "Required for \"acs_user_id\"",
            "validation_errors": {"_errors": [], "acs_user_id": {"_errors": ["Required"]}}},
            "ok": false}).to_string()}),
    );
    match assign(&client(&fake), USER, CREDENTIAL) {
        Err(SeamError::Api {
            status_code: 400,
            code,
            validation_errors,
            ..
        }) => {
            assert_eq!(code, "invalid_input");
            assert_eq!(validation_errors["acs_user_id"], ["Required"]);
        }
        other => panic!("expected invalid_input, got {other:?}"),
    }
}

#[test]
fn the_docs_truncated_uuid_is_rejected_before_sending() {
    let fake = fake();
    let seam = client(&fake);
    match assign(&seam, USER, "66666666-6666-6666-6666-66666666") {
        Err(e @ SeamError::InvalidInput { .. }) => {
            let SeamError::InvalidInput { parameter, reason } = &e else {
                unreachable!()
            };
            assert_eq!(parameter, "acs_credential_id");
            assert!(reason.contains("truncated"), "{reason}");
            assert!(
                e.to_string().starts_with("invalid acs_credential_id: "),
                "{e}"
            );
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(assign_count(&fake), 0);
}

#[test]
fn one_client_serves_many_threads() {
    let fake = fake();
    let seam = client(&fake);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..500 {
                    assign(&seam, USER, CREDENTIAL).unwrap();
                }
            });
        }
    });
    assert_eq!(assign_count(&fake), 4000);
}

#[test]
fn seam_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Seam>();
}

#[test]
fn a_host_name_is_resolved_and_reused() {
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
        assert!(assign(&seam, USER, CREDENTIAL).is_ok());
    }
    assert_eq!(assign_count(&fake), 3);
}
