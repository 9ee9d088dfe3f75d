//! Where a route's parameters come from: the JSON body (`POST`, `PATCH`) or the query string
//! (`GET`, `DELETE`), as the official SDKs send them.

use serde_json::{Map, Value};

use crate::http::Request;
use crate::validate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Body,
    Query,
}

/// Parameters before validation. From a query every value is a string (an array of strings
/// when a name repeats), so validation coerces booleans and numbers as the API does.
pub struct Raw {
    pub values: Map<String, Value>,
    pub source: Source,
}

pub fn read(request: &Request, source: Source) -> Result<Raw, Invalid> {
    let values = match source {
        Source::Body => body_object(&request.body)?,
        Source::Query => query_pairs(request.target.split_once('?').map_or("", |(_, q)| q)),
    };
    Ok(Raw { values, source })
}

fn body_object(body: &[u8]) -> Result<Map<String, Value>, Invalid> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Invalid::top_level("Required"));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(Invalid::top_level(&format!(
            "Expected object, received {}",
            crate::validate::kind_of(&other)
        ))),
        Err(_) => Err(Invalid::top_level("Invalid JSON body")),
    }
}

fn query_pairs(query: &str) -> Map<String, Value> {
    let mut values = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decode(name), Value::String(decode(value)));
        match values.get_mut(&name) {
            None => {
                values.insert(name, value);
            }
            Some(Value::Array(repeated)) => repeated.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
        }
    }
    values
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = bytes
            .get(at + 1..at + 3)
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escaped) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                at += 3;
                continue;
            }
            (b'+', _) => out.push(b' '),
            _ => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The inverse, as the official Python SDK encodes: letters, digits and `*-._` stay.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_strings_decode_and_repeat() {
        let values = query_pairs("a=1&b=x+y%3A%zz&&a=2&c&_strict=true");
        assert_eq!(
            Value::Object(values),
            json!({"a": ["1", "2"], "b": "x y:%zz", "c": "", "_strict": "true"})
        );
    }

    #[test]
    fn encoding_round_trips() {
        let text = "2024-04-12T03:56:22.396Z and ü/&=";
        assert_eq!(
            encode(text),
            "2024-04-12T03%3A56%3A22.396Z+and+%C3%BC%2F%26%3D"
        );
        assert_eq!(decode(&encode(text)), text);
    }
}
