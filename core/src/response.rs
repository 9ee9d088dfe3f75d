//! Turns an HTTP status and body into a typed result or a [`SeamError`]. Pure: no I/O, so
//! that it can be tested and fuzzed on its own.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::SeamError;
use crate::models::AcsCredential;

/// Longest excerpt of an unexpected body quoted in an error.
const EXCERPT_LIMIT: usize = 120;

/// Reads a response that carries an `acs_credential` (assign, get, …).
pub fn acs_credential(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<AcsCredential, SeamError> {
    parse(status, body, request_id, "acs_credential").map(AcsCredential::sort_unknown_fields)
}

/// Reads the object under `field` from a response.
///
/// A 2xx answer must be `{"<field>": {...}, "ok": true}`; anything else becomes the error
/// the status and body describe.
fn parse<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    field: &str,
) -> Result<T, SeamError> {
    match status {
        200..=299 => parse_success(status, body, request_id, field),
        401 => Err(SeamError::Unauthorized { request_id }),
        _ => Err(parse_failure(status, body, request_id)),
    }
}

/// The common case in one pass: `{"<field>": {...}, "ok": true}` read straight into `T`,
/// without the intermediate `Value` tree. `None` for anything else (bad JSON, a missing or
/// repeated field, `"ok": false`, a field of the wrong shape): the careful path below then
/// reads the body again and says exactly what is wrong.
fn parse_success_fast<T: DeserializeOwned>(body: &[u8], field: &str) -> Option<T> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    use std::borrow::Cow;
    use std::marker::PhantomData;

    struct Envelope<'f, T>(&'f str, PhantomData<T>);

    impl<'de, T: DeserializeOwned> Visitor<'de> for Envelope<'_, T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                if key == self.0 {
                    if found.is_some() {
                        return Ok(None);
                    }
                    found = Some(map.next_value::<T>()?);
                } else if key == "ok" {
                    if map.next_value::<Value>()? == Value::Bool(false) {
                        return Ok(None);
                    }
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Envelope<'_, T> {
        type Value = Option<T>;

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            d.deserialize_map(self)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = Envelope(field, PhantomData)
        .deserialize(&mut deserializer)
        .ok()??;
    deserializer.end().ok()?;
    Some(value)
}

fn parse_success<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
    field: &str,
) -> Result<T, SeamError> {
    if let Some(value) = parse_success_fast(body, field) {
        return Ok(value);
    }
    let invalid = |reason: String| SeamError::InvalidResponse {
        status_code: status,
        reason,
        request_id: request_id.clone(),
    };
    let mut envelope = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(envelope)) => envelope,
        Ok(other) => {
            return Err(invalid(format!(
                "the body is JSON {}, not an object",
                json_kind(&other)
            )))
        }
        Err(e) => return Err(invalid(describe_bad_json(body, &e))),
    };
    if envelope.get("ok") == Some(&Value::Bool(false)) {
        let (code, reason) = error_type_and_message(&envelope);
        return Err(invalid(format!(
            "the body says \"ok\": false ({code}: {reason})"
        )));
    }
    let object = match envelope.remove(field) {
        Some(object @ Value::Object(_)) => object,
        Some(other) => {
            return Err(invalid(format!(
                "\"{field}\" is {}, not an object",
                json_kind(&other)
            )))
        }
        None => return Err(invalid(format!("the body has no \"{field}\" object"))),
    };
    serde_path_to_error::deserialize(object).map_err(|e| {
        let path = e.path().to_string();
        let location = if path == "." {
            field.to_owned()
        } else {
            format!("{field}.{path}")
        };
        invalid(format!("\"{location}\": {}", e.inner()))
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

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
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
    use crate::models::AcsCredential;

    fn parse_credential(status: u16, body: &str) -> Result<AcsCredential, SeamError> {
        parse(
            status,
            body.as_bytes(),
            Some("request9".into()),
            "acs_credential",
        )
        .map(AcsCredential::sort_unknown_fields)
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
    fn unknown_values_metadata_and_fields_are_kept() {
        let body = DOCS_SAMPLE.replace(
            r#""access_method": "mobile_key","#,
            r#""access_method": "cloud_key", "external_type": "quantum_key",
               "latch_metadata": {"door": 1}, "visionline_metadata": {"card_function_type": "valet"},
               "warnings": [{"warning_code": "new_warning", "message": "m"}],
               "future": [true],"#,
        );
        let c = parse_credential(200, &body).unwrap();
        assert_eq!(c.access_method.as_str(), "cloud_key");
        assert_eq!(c.external_type.unwrap().as_str(), "quantum_key");
        assert_eq!(c.other_metadata["latch_metadata"], r#"{"door":1}"#);
        assert_eq!(c.unknown_fields["future"], "[true]");
        assert_eq!(c.unknown_fields.len(), 1);
        assert_eq!(
            c.visionline_metadata.unwrap().card_function_type.as_str(),
            "valet"
        );
        assert_eq!(c.warnings[0].warning_code.as_str(), "new_warning");
        assert_eq!(c.warnings[0].created_at, None);
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

    #[test]
    fn a_wrong_type_names_the_field() {
        let body = r#"{"ok": true, "acs_credential": {"acs_credential_id": 5}}"#;
        let reason = invalid_reason(200, body);
        assert!(
            reason.contains("acs_credential.acs_credential_id"),
            "{reason}"
        );
        let body = r#"{"ok": true, "acs_credential": {"acs_credential_id": "a",
            "display_name": "d", "acs_system_id": "s", "access_method": "code",
            "workspace_id": "w", "created_at": "yesterday"}}"#;
        let reason = invalid_reason(200, body);
        assert!(
            reason.contains("created_at") && reason.contains("RFC 3339"),
            "{reason}"
        );
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
