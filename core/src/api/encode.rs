//! Parameters on the wire: a JSON body, or for GET and DELETE a query string in which a list
//! repeats its name (`acs_encoder_ids=a&acs_encoder_ids=b`) and an object's members are named
//! `object.member`, as the official SDKs send them. Both are written by serde, in the order of
//! the parameters' declaration.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::models::read::Members;

use crate::transport::Method;

/// The request's payload: the query of a GET or DELETE, the JSON body of the others.
pub(crate) fn payload(method: Method, params: &impl Serialize) -> String {
    match method {
        Method::Get | Method::Delete => query(params),
        Method::Post | Method::Patch | Method::Put => body(params),
    }
}

/// Parameters are plain data (strings, numbers, booleans, lists, objects): encoding them
/// cannot fail, so the fallbacks below are never taken.
fn body(params: &impl Serialize) -> String {
    serde_json::to_string(params).unwrap_or_default()
}

fn query(params: &impl Serialize) -> String {
    let Ok(text) = serde_json::to_string(params) else {
        return String::new();
    };
    let mut pairs = Vec::new();
    flatten("", &text, &mut pairs);
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

/// The members of the JSON object `text` as query pairs, in their order.
fn flatten(prefix: &str, text: &str, pairs: &mut Vec<(String, String)>) {
    let Ok(raw) = serde_json::from_str::<&RawValue>(text) else {
        return;
    };
    let Ok(members) = Members::of(raw) else {
        return;
    };
    for (name, raw) in members.entries() {
        let name = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        let value: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        match value {
            Value::Null => {}
            Value::Object(_) => flatten(&name, raw.get(), pairs),
            Value::Array(items) if items.is_empty() => pairs.push((name, String::new())),
            Value::Array(items) => {
                for item in &items {
                    pairs.push((name.clone(), scalar(item)));
                }
            }
            other => pairs.push((name, scalar(&other))),
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Params {
        acs_system_id: Option<String>,
        acs_encoder_ids: Vec<String>,
        limit: Option<i64>,
        is_managed: bool,
        location: Inner,
    }

    #[derive(Serialize)]
    struct Inner {
        name: &'static str,
    }

    #[test]
    fn lists_repeat_their_name_and_objects_name_their_members() {
        let params = Params {
            acs_system_id: None,
            acs_encoder_ids: vec!["a b".into(), "c&d".into()],
            limit: Some(20),
            is_managed: false,
            location: Inner { name: "lobby" },
        };
        assert_eq!(
            payload(Method::Get, &params),
            "acs_encoder_ids=a+b&acs_encoder_ids=c%26d&limit=20&is_managed=false&location.name=lobby"
        );
        assert_eq!(
            payload(Method::Post, &params),
            r#"{"acs_system_id":null,"acs_encoder_ids":["a b","c&d"],"limit":20,"is_managed":false,"location":{"name":"lobby"}}"#
        );
    }
}
