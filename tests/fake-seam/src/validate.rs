//! Request validation with the error shapes of zod, which the real API uses:
//! `{"_errors": [...], "<field>": {"_errors": [...]}}` plus a one-line message.

use serde_json::{json, Map, Value};

pub struct AssignInput {
    pub acs_user_id: String,
    pub acs_credential_id: String,
}

pub struct Invalid {
    pub message: String,
    pub validation_errors: Value,
}

pub fn assign_body(body: &[u8]) -> Result<AssignInput, Invalid> {
    let value = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(v) => Some(v),
            Err(_) => return Err(top_level("Invalid JSON body")),
        }
    };
    let object = match &value {
        Some(Value::Object(o)) => o,
        None => return Err(top_level("Required")),
        Some(other) => {
            return Err(top_level(&format!(
                "Expected object, received {}",
                kind(other)
            )))
        }
    };

    let mut issues = Vec::new();
    let acs_user_id = uuid_field(object, "acs_user_id", &mut issues);
    let acs_credential_id = uuid_field(object, "acs_credential_id", &mut issues);
    match (acs_user_id, acs_credential_id) {
        (Some(acs_user_id), Some(acs_credential_id)) if issues.is_empty() => Ok(AssignInput {
            acs_user_id,
            acs_credential_id,
        }),
        _ => Err(field_issues(&issues)),
    }
}

fn uuid_field(
    object: &Map<String, Value>,
    field: &'static str,
    issues: &mut Vec<(&'static str, String)>,
) -> Option<String> {
    let issue = match object.get(field) {
        None => "Required".to_owned(),
        Some(Value::String(s)) if is_uuid(s) => return Some(s.clone()),
        Some(Value::String(_)) => "Invalid uuid".to_owned(),
        Some(other) => format!("Expected string, received {}", kind(other)),
    };
    issues.push((field, issue));
    None
}

fn top_level(message: &str) -> Invalid {
    Invalid {
        message: message.to_owned(),
        validation_errors: json!({ "_errors": [message] }),
    }
}

fn field_issues(issues: &[(&str, String)]) -> Invalid {
    let mut errors = Map::new();
    errors.insert("_errors".to_owned(), json!([]));
    for (field, issue) in issues {
        errors.insert((*field).to_owned(), json!({ "_errors": [issue] }));
    }
    let message = issues
        .iter()
        .map(|(field, issue)| format!("{issue} for \"{field}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Invalid {
        message,
        validation_errors: Value::Object(errors),
    }
}

/// zod's names for JSON types.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// 8-4-4-4-12 hex digits, as zod's `.uuid()` accepts (any version, either case).
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shapes() {
        assert!(is_uuid("33333333-3333-3333-3333-333333333333"));
        assert!(is_uuid("AAAAAAAA-aaaa-aaaa-aaaa-aaaaaaaaaaaa"));
        assert!(!is_uuid("33333333-3333-3333-3333-33333333333"));
        assert!(!is_uuid("3333333333333333333333333333333333333"));
        assert!(!is_uuid("g3333333-3333-3333-3333-333333333333"));
        assert!(!is_uuid(""));
    }

    #[test]
    fn reports_every_field() {
        let err = assign_body(br#"{"acs_user_id": 5}"#).err().unwrap();
        assert_eq!(
            err.validation_errors,
            json!({
                "_errors": [],
                "acs_user_id": {"_errors": ["Expected string, received number"]},
                "acs_credential_id": {"_errors": ["Required"]},
            })
        );
        assert_eq!(
            err.message,
            "Expected string, received number for \"acs_user_id\", Required for \"acs_credential_id\""
        );
    }

    #[test]
    fn non_objects_are_top_level_errors() {
        let err = assign_body(b"[1]").err().unwrap();
        assert_eq!(
            err.validation_errors,
            json!({"_errors": ["Expected object, received array"]})
        );
        let err = assign_body(b"").err().unwrap();
        assert_eq!(err.validation_errors, json!({"_errors": ["Required"]}));
        let err = assign_body(b"{nope").err().unwrap();
        assert_eq!(
            err.validation_errors,
            json!({"_errors": ["Invalid JSON body"]})
        );
    }
}
