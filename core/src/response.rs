//! Turns an HTTP status and body into a typed result or a [`SeamError`]. Pure: no I/O, so
//! that it can be tested and fuzzed on its own.

use std::collections::HashMap;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::SeamError;
use crate::models::read::{describe, FromJson, Members, Problem};

/// Longest excerpt of an unexpected body quoted in an error.
const EXCERPT_LIMIT: usize = 120;

/// Reads what a successful answer carries, from the members of its body.
pub(crate) type Reader<T> = fn(&mut Members<'_>) -> Result<T, Problem>;

/// `{"ok": true}`: nothing to read.
pub(crate) fn nothing(_: &mut Members<'_>) -> Result<(), Problem> {
    Ok(())
}

/// Reads one object the caller holds as the API's JSON (a cache, a fixture) by the rules of
/// an answer; what does not fit is `InvalidInput` on `json`.
pub(crate) fn read_object<T: FromJson>(json: &str) -> Result<T, SeamError> {
    let invalid = |reason: String| SeamError::InvalidInput {
        parameter: "json".to_owned(),
        reason,
    };
    let raw = serde_json::from_str::<&RawValue>(json)
        .map_err(|e| invalid(describe_bad_json(json.as_bytes(), &e)))?;
    T::from_json(raw).map_err(|problem| {
        invalid(match problem.path.as_str() {
            "" => problem.reason,
            path => format!("\"{path}\": {}", problem.reason),
        })
    })
}

/// Reads an answer that carries an `acs_credential`; for the model's tests and benchmarks.
#[doc(hidden)]
pub fn acs_credential(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<crate::models::AcsCredential, SeamError> {
    parse(
        status,
        body,
        request_id,
        crate::api::generated::readers::acs_credential,
    )
}

/// Reads an answer of `operation` (`acs.users.get`) as the client would; for the fuzzer and
/// the readers' tests. `None` for an operation this version does not know.
#[doc(hidden)]
pub fn read_answer(
    operation: &str,
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Option<Result<(), SeamError>> {
    crate::api::generated::json::read_answer(operation, status, body, request_id)
}

/// A 2xx answer must be a JSON object that `read` accepts and that does not say
/// `"ok": false`; anything else becomes the error the status and body describe.
pub(crate) fn parse<T>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    read: Reader<T>,
) -> Result<T, SeamError> {
    match status {
        200..=299 => parse_success(status, body, request_id, read),
        401 => Err(SeamError::Unauthorized { request_id }),
        _ => Err(parse_failure(status, body, request_id)),
    }
}

fn parse_success<T>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    read: Reader<T>,
) -> Result<T, SeamError> {
    let invalid = |reason: String| SeamError::InvalidResponse {
        status_code: status,
        reason,
        request_id: request_id.clone(),
    };
    let raw = serde_json::from_slice::<&RawValue>(body)
        .map_err(|e| invalid(describe_bad_json(body, &e)))?;
    read_members(raw, read).map_err(invalid)
}

fn read_members<T>(raw: &RawValue, read: Reader<T>) -> Result<T, String> {
    let mut members = Members::of(raw)
        .map_err(|_| format!("the body is JSON {}, not an object", describe(raw)))?;
    if members.optional::<bool>("ok") == Some(false) {
        let envelope: Map<String, Value> = serde_json::from_str(raw.get()).unwrap_or_default();
        let (code, reason) = error_type_and_message(&envelope);
        return Err(format!("the body says \"ok\": false ({code}: {reason})"));
    }
    read(&mut members).map_err(|problem| match problem.reason.as_str() {
        "is missing" => format!("the body has no \"{}\"", problem.path),
        _ => format!("\"{}\": {}", problem.path, problem.reason),
    })
}

fn parse_failure(status: u16, body: &[u8], request_id: Option<String>) -> SeamError {
    let envelope = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(envelope)) if envelope.get("error").is_some_and(Value::is_object) => {
            envelope
        }
        _ => {
            return SeamError::Api {
                status_code: status,
                code: "http_error".to_owned(),
                reason: format!(
                    "{} with a body that is not Seam's error envelope: {}",
                    status_text(status),
                    excerpt(body)
                ),
                request_id,
                validation_errors: HashMap::new(),
            }
        }
    };
    let (code, reason) = error_type_and_message(&envelope);
    let validation_errors = envelope
        .get("error")
        .and_then(|e| e.get("validation_errors"))
        .map(flatten_validation_errors)
        .unwrap_or_default();
    SeamError::Api {
        status_code: status,
        code,
        reason,
        request_id,
        validation_errors,
    }
}

fn error_type_and_message(envelope: &Map<String, Value>) -> (String, String) {
    let error = envelope.get("error");
    let text = |key: &str, default: &str| {
        error
            .and_then(|e| e.get(key))
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned()
    };
    (
        text("type", "unknown_error"),
        text("message", "the error has no message"),
    )
}

/// Flattens the API's nested `{"_errors": [...], "param": {"_errors": [...]}}` into
/// parameter path → messages. Messages about the body as a whole are kept under `_errors`.
fn flatten_validation_errors(tree: &Value) -> HashMap<String, Vec<String>> {
    fn walk(node: &Value, path: &str, out: &mut HashMap<String, Vec<String>>) {
        let Value::Object(map) = node else { return };
        for (key, child) in map {
            if key == "_errors" {
                let messages: Vec<String> = child
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
                if !messages.is_empty() {
                    let name = if path.is_empty() { "_errors" } else { path };
                    out.entry(name.to_owned()).or_default().extend(messages);
                }
            } else if path.is_empty() {
                walk(child, key, out);
            } else {
                walk(child, &format!("{path}.{key}"), out);
            }
        }
    }
    let mut out = HashMap::new();
    walk(tree, "", &mut out);
    out
}

fn describe_bad_json(body: &[u8], e: &serde_json::Error) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        "the body is empty".to_owned()
    } else if e.is_eof() {
        format!("the body is truncated JSON ({e}): {}", excerpt(body))
    } else {
        format!("the body is not JSON ({e}): {}", excerpt(body))
    }
}

/// The start of a body, as escaped text on one line.
fn excerpt(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty)".to_owned();
    }
    let text = String::from_utf8_lossy(body);
    let head: String = text.chars().take(EXCERPT_LIMIT).collect();
    let more = text.chars().count() > EXCERPT_LIMIT;
    format!("{head:?}{}", if more { "…" } else { "" })
}

fn status_text(status: u16) -> String {
    match ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::api::generated::readers::{acs_credential, acs_credentials_page};
    use crate::models::AcsCredential;

    fn parse_credential(status: u16, body: &str) -> Result<AcsCredential, SeamError> {
        parse(
            status,
            body.as_bytes(),
            Some("request9".into()),
            acs_credential,
        )
    }

    fn invalid_reason(status: u16, body: &str) -> String {
        match parse_credential(status, body) {
            Err(SeamError::InvalidResponse {
                status_code,
                reason,
                request_id,
            }) => {
                assert_eq!(status_code, status);
                assert_eq!(request_id.as_deref(), Some("request9"));
                reason
            }
            other => panic!("expected InvalidResponse, got {other:?}"),
        }
    }

    /// The docs' sample response, less its `# manufacturer-specific metadata` placeholder.
    const DOCS_SAMPLE: &str = r#"{
  "acs_credential": {
    "acs_credential_id": "99999999-9999-9999-9999-999999999999",
    "acs_user_id": "33333333-3333-3333-3333-333333333333",
    "display_name": "Multi Phone Sync Credential",
    "code": null,
    "acs_system_id": "11111111-1111-1111-1111-111111111111",
    "access_method": "mobile_key",
    "workspace_id": "00000000-0000-0000-0000-000000000000",
    "created_at": "2024-04-12T03:56:22.396Z",
    "is_multi_phone_sync_credential": true
  },
  "ok": true
}"#;

    #[test]
    fn the_docs_sample_response_parses() {
        let c = parse_credential(200, DOCS_SAMPLE).unwrap();
        assert_eq!(c.acs_credential_id, "99999999-9999-9999-9999-999999999999");
        assert_eq!(
            c.acs_user_id.as_deref(),
            Some("33333333-3333-3333-3333-333333333333")
        );
        assert_eq!(c.display_name, "Multi Phone Sync Credential");
        assert_eq!(c.code, None);
        assert_eq!(c.acs_system_id, "11111111-1111-1111-1111-111111111111");
        assert_eq!(c.access_method, crate::AccessMethod::MobileKey);
        assert_eq!(c.workspace_id, "00000000-0000-0000-0000-000000000000");
        let created = std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_712_894_182_396);
        assert_eq!(c.created_at, created);
        assert_eq!(c.is_multi_phone_sync_credential, Some(true));
        assert!(c.is_managed);
        assert!(c.errors.is_empty() && c.warnings.is_empty());
        assert!(c.other_metadata.is_empty() && c.unknown_fields.is_empty());
    }

    #[test]
    fn malformed_success_bodies_are_invalid_responses() {
        assert!(invalid_reason(200, "").contains("empty"));
        assert!(invalid_reason(200, "<html>hi</html>").contains("not JSON"));
        assert!(invalid_reason(200, r#"{"acs_credential": {"acs_cr"#).contains("truncated"));
        assert!(invalid_reason(200, "[1]").contains("not an object"));
        assert!(invalid_reason(200, r#"{"ok": true}"#).contains("no \"acs_credential\""));
        assert!(invalid_reason(200, r#"{"acs_credential": null}"#).contains("null"));
        let reason = invalid_reason(
            200,
            r#"{"ok": false, "error": {"type": "x", "message": "y"}}"#,
        );
        assert!(
            reason.contains("\"ok\": false") && reason.contains("x: y"),
            "{reason}"
        );
    }

    /// Each required field of the credential, missing or of the wrong type, is named.
    #[test]
    fn each_malformed_required_field_is_named() {
        let sample: serde_json::Value = serde_json::from_str(DOCS_SAMPLE).unwrap();
        for field in [
            "acs_credential_id",
            "display_name",
            "acs_system_id",
            "access_method",
            "workspace_id",
            "created_at",
        ] {
            let mut missing = sample.clone();
            missing["acs_credential"]
                .as_object_mut()
                .unwrap()
                .remove(field);
            let reason = invalid_reason(200, &missing.to_string());
            assert_eq!(
                reason,
                format!("the body has no \"acs_credential.{field}\""),
                "{field}"
            );
            let mut wrong = sample.clone();
            wrong["acs_credential"][field] = serde_json::json!(6);
            let reason = invalid_reason(200, &wrong.to_string());
            assert!(
                reason.starts_with(&format!("\"acs_credential.{field}\": expected ")),
                "{reason}"
            );
            assert!(reason.ends_with("found the number 6"), "{reason}");
        }
        let mut bad_time = sample.clone();
        bad_time["acs_credential"]["created_at"] = "yesterday".into();
        let reason = invalid_reason(200, &bad_time.to_string());
        assert!(
            reason.contains("ISO 8601") && reason.contains("yesterday"),
            "{reason}"
        );
        for list in ["errors", "warnings"] {
            let mut wrong = sample.clone();
            wrong["acs_credential"][list] = "none".into();
            let reason = invalid_reason(200, &wrong.to_string());
            assert!(
                reason.starts_with(&format!("\"acs_credential.{list}\"")),
                "{reason}"
            );
        }
    }

    #[test]
    fn a_page_names_the_credential_that_does_not_read() {
        let body = r#"{"acs_credentials": [{"acs_credential_id": "a", "display_name": "d",
            "acs_system_id": "s", "access_method": "code", "workspace_id": "w",
            "created_at": "2024-04-12T03:56:22Z"}, {"acs_credential_id": "b"}],
            "pagination": {"has_next_page": false, "next_page_cursor": null,
            "next_page_url": null}, "ok": true}"#;
        match parse(200, body.as_bytes(), None, acs_credentials_page) {
            Err(SeamError::InvalidResponse { reason, .. }) => assert_eq!(
                reason,
                "the body has no \"acs_credentials[1].display_name\""
            ),
            other => panic!("expected InvalidResponse, got {other:?}"),
        }
    }

    /// The vendor's own fake (npm `@seamapi/fake-seam-connect`), as an API before pagination
    /// did, answers a list without `pagination`: the list is whole, as the official SDKs read it.
    #[test]
    fn a_list_without_pagination_is_the_last_page() {
        use crate::api::generated::readers::acs_entrances_page;
        let body = r#"{"acs_entrances": [{"acs_entrance_id": "acs_entrance1",
            "acs_system_id": "visionline_acs_system_1", "display_name": "Lobby",
            "created_at": "2026-01-01T00:00:00.000Z", "workspace_id": "seed_workspace_1",
            "properties": {}, "visionline_metadata": {"door_name": "Lobby"}}], "ok": true}"#;
        for body in [
            body.to_owned(),
            body.replace(r#""ok": true"#, r#""pagination": null, "ok": true"#),
        ] {
            let page = parse(200, body.as_bytes(), None, acs_entrances_page).unwrap();
            assert_eq!(page.pagination, crate::models::Pagination::last());
            let [entrance] = page.acs_entrances.as_slice() else {
                panic!("one entrance")
            };
            // No `connected_account_id`: it does not identify the entrance, so it reads as absent.
            assert_eq!(entrance.connected_account_id, None);
            assert_eq!(entrance.display_name, "Lobby");
        }
        // Sent, it must read: a walk never stops early on a pagination it could not read.
        let body = body.replace(
            r#""ok": true"#,
            r#""pagination": {"next_page_cursor": "x"}, "ok": true"#,
        );
        match parse(200, body.as_bytes(), None, acs_entrances_page) {
            Err(SeamError::InvalidResponse { reason, .. }) => {
                assert_eq!(reason, "the body has no \"pagination.has_next_page\"")
            }
            other => panic!("expected InvalidResponse, got {other:?}"),
        }
    }

    #[test]
    fn error_envelopes_become_api_errors() {
        let body = r#"{"error":{"type":"invalid_input","message":"Expected string",
            "validation_errors":{"_errors":[],"acs_user_id":{"_errors":["Expected string, received number"]},
            "nested":{"_errors":[],"deep":{"_errors":["bad"]}}},"stack":"…"},"ok":false}"#;
        match parse_credential(400, body) {
            Err(SeamError::Api {
                status_code: 400,
                code,
                reason,
                request_id,
                validation_errors,
            }) => {
                assert_eq!(code, "invalid_input");
                assert_eq!(reason, "Expected string");
                assert_eq!(request_id.as_deref(), Some("request9"));
                assert_eq!(
                    validation_errors["acs_user_id"],
                    ["Expected string, received number"]
                );
                assert_eq!(validation_errors["nested.deep"], ["bad"]);
                assert_eq!(validation_errors.len(), 2);
            }
            other => panic!("expected Api, got {other:?}"),
        }
    }

    #[test]
    fn unauthorized_keeps_the_request_id() {
        assert_eq!(
            parse_credential(401, "whatever").unwrap_err(),
            SeamError::Unauthorized {
                request_id: Some("request9".into())
            }
        );
    }

    #[test]
    fn bodies_that_are_not_envelopes_still_give_api_errors() {
        for (status, body) in [
            (404, "404"),
            (500, ""),
            (502, "<html><body>Bad gateway</body></html>"),
        ] {
            match parse_credential(status, body) {
                Err(SeamError::Api {
                    status_code,
                    code,
                    reason,
                    ..
                }) => {
                    assert_eq!(status_code, status);
                    assert_eq!(code, "http_error");
                    assert!(reason.contains(&format!("HTTP {status}")), "{reason}");
                }
                other => panic!("expected Api, got {other:?}"),
            }
        }
    }
}
