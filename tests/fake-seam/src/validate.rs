//! Request validation with the error shapes of zod, which the real API uses:
//! `{"_errors": [...], "<field>": {"_errors": [...]}}` plus a one-line message. Each route
//! declares its parameters as a table of [`Field`]s; unknown parameters are refused, as the
//! API's strict schemas do.

use serde_json::{json, Map, Value};

use crate::params::{Raw, Source};

pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

impl Field {
    pub const fn required(name: &'static str, kind: Kind) -> Field {
        Field {
            name,
            kind,
            required: true,
        }
    }

    pub const fn optional(name: &'static str, kind: Kind) -> Field {
        Field {
            name,
            kind,
            required: false,
        }
    }
}

#[derive(Clone, Copy)]
pub enum Kind {
    Uuid,
    Text,
    /// zod's `.min(1)`.
    NonEmptyText,
    /// `^\d+$`, the API's pattern for PIN codes.
    Digits,
    DateTime,
    Boolean,
    PositiveNumber,
    /// A string or null; from a query an empty value is null, as the official SDKs send it.
    NullableText,
    OneOf(&'static [&'static str]),
    UuidList,
    Object(&'static [Field]),
}

pub struct Invalid {
    pub message: String,
    pub validation_errors: Value,
}

struct Issue {
    path: Vec<String>,
    message: String,
}

impl Invalid {
    /// An issue with the parameters as a whole (not an object, a cross-field rule).
    pub fn top_level(message: &str) -> Invalid {
        Invalid::from_issues(&[Issue {
            path: Vec::new(),
            message: message.to_owned(),
        }])
    }

    pub fn field(name: &str, message: &str) -> Invalid {
        Invalid::from_issues(&[Issue {
            path: vec![name.to_owned()],
            message: message.to_owned(),
        }])
    }

    fn from_issues(issues: &[Issue]) -> Invalid {
        let mut tree = json!({ "_errors": [] });
        for issue in issues {
            let mut node = &mut tree;
            for part in &issue.path {
                let Value::Object(children) = node else {
                    break;
                };
                node = children
                    .entry(part.clone())
                    .or_insert_with(|| json!({ "_errors": [] }));
            }
            if let Some(Value::Array(errors)) = node.get_mut("_errors") {
                errors.push(Value::String(issue.message.clone()));
            }
        }
        let message = issues
            .iter()
            .map(|issue| match issue.path.is_empty() {
                true => issue.message.clone(),
                false => format!("{} for \"{}\"", issue.message, issue.path.join(".")),
            })
            .collect::<Vec<_>>()
            .join(", ");
        Invalid {
            message,
            validation_errors: tree,
        }
    }
}

/// Parameters that passed validation, normalised to JSON (query strings coerced to booleans
/// and numbers; an empty nullable query value is `null`).
pub struct Input(Map<String, Value>);

impl Input {
    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        self.0.get(name).and_then(Value::as_bool)
    }

    pub fn number(&self, name: &str) -> Option<f64> {
        self.0.get(name).and_then(Value::as_f64)
    }

    pub fn strings(&self, name: &str) -> Vec<String> {
        self.0
            .get(name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    }

    pub fn object(&self, name: &str) -> Option<&Map<String, Value>> {
        self.0.get(name).and_then(Value::as_object)
    }

    pub fn values(&self) -> &Map<String, Value> {
        &self.0
    }

    /// zod's `.refine()`: only checked once every field passed.
    pub fn required_with(&self, name: &str, with: &str) -> Result<(), Invalid> {
        if self.0.contains_key(with) && !self.0.contains_key(name) {
            return Err(Invalid::field(name, &format!("Required with {with}")));
        }
        Ok(())
    }
}

pub fn check(raw: &Raw, fields: &[Field]) -> Result<Input, Invalid> {
    let from_query = raw.source == Source::Query;
    let mut values = raw.values.clone();
    let mut issues = Vec::new();
    // The official Python SDK adds `_strict=true` to every query; it is not a route parameter.
    if let Some(strict) = from_query.then(|| values.remove("_strict")).flatten() {
        check_value(
            &strict,
            Kind::Boolean,
            &["_strict".to_owned()],
            true,
            &mut issues,
        );
    }
    let input = check_object(&values, fields, &[], from_query, &mut issues);
    if issues.is_empty() {
        Ok(Input(input))
    } else {
        Err(Invalid::from_issues(&issues))
    }
}

/// The checked fields in declaration order, then one issue for the unknown keys, as zod
/// reports them.
fn check_object(
    values: &Map<String, Value>,
    fields: &[Field],
    path: &[String],
    from_query: bool,
    issues: &mut Vec<Issue>,
) -> Map<String, Value> {
    let mut checked = Map::new();
    for field in fields {
        let field_path = [path, &[field.name.to_owned()]].concat();
        match values.get(field.name) {
            None if field.required => issues.push(Issue {
                path: field_path,
                message: "Required".to_owned(),
            }),
            None => {}
            Some(value) => {
                if let Some(value) = check_value(value, field.kind, &field_path, from_query, issues)
                {
                    checked.insert(field.name.to_owned(), value);
                }
            }
        }
    }
    let unknown: Vec<String> = values
        .keys()
        .filter(|key| !fields.iter().any(|f| f.name == key.as_str()))
        .map(|key| format!("'{key}'"))
        .collect();
    if !unknown.is_empty() {
        issues.push(Issue {
            path: path.to_vec(),
            message: format!("Unrecognized key(s) in object: {}", unknown.join(", ")),
        });
    }
    checked
}

fn check_value(
    value: &Value,
    kind: Kind,
    path: &[String],
    from_query: bool,
    issues: &mut Vec<Issue>,
) -> Option<Value> {
    let problem = match (kind, value) {
        (Kind::NullableText, Value::Null) => return Some(Value::Null),
        (Kind::NullableText, Value::String(s)) if from_query && s.is_empty() => {
            return Some(Value::Null)
        }
        (Kind::Boolean, Value::Bool(_)) => return Some(value.clone()),
        (Kind::Boolean, Value::String(s)) if from_query => match s.as_str() {
            "true" => return Some(Value::Bool(true)),
            "false" => return Some(Value::Bool(false)),
            _ => expected("boolean", value),
        },
        (Kind::Boolean, _) => expected("boolean", value),
        (Kind::PositiveNumber, Value::String(s)) if from_query => match query_number(s) {
            Some(number) => return positive(number, path, issues),
            None => "Expected number, received nan".to_owned(),
        },
        (Kind::PositiveNumber, Value::Number(_)) => return positive(value.clone(), path, issues),
        (Kind::PositiveNumber, _) => expected("number", value),
        (Kind::OneOf(allowed), Value::String(s)) if allowed.contains(&s.as_str()) => {
            return Some(value.clone())
        }
        (Kind::OneOf(allowed), Value::String(s)) => {
            format!(
                "Invalid enum value. Expected {}, received '{s}'",
                options(allowed)
            )
        }
        (Kind::OneOf(allowed), _) => {
            format!("Expected {}, received {}", options(allowed), kind_of(value))
        }
        (Kind::UuidList, Value::Array(items)) => {
            let before = issues.len();
            for (index, item) in items.iter().enumerate() {
                let item_path = [path, &[index.to_string()]].concat();
                check_value(item, Kind::Uuid, &item_path, from_query, issues);
            }
            return (issues.len() == before).then(|| value.clone());
        }
        (Kind::UuidList, _) => expected("array", value),
        (Kind::Object(fields), Value::Object(object)) => {
            let before = issues.len();
            let checked = check_object(object, fields, path, from_query, issues);
            return (issues.len() == before).then_some(Value::Object(checked));
        }
        (Kind::Object(_), _) => expected("object", value),
        (_, Value::String(s)) => match text_problem(kind, s) {
            None => return Some(value.clone()),
            Some(problem) => problem.to_owned(),
        },
        (_, _) => expected("string", value),
    };
    issues.push(Issue {
        path: path.to_vec(),
        message: problem,
    });
    None
}

/// For the string kinds: what is wrong with `s`, if anything.
fn text_problem(kind: Kind, s: &str) -> Option<&'static str> {
    let ok = match kind {
        Kind::Uuid => is_uuid(s),
        Kind::NonEmptyText => !s.is_empty(),
        Kind::Digits => !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
        Kind::DateTime => crate::time::parse(s).is_some(),
        _ => true,
    };
    match kind {
        _ if ok => None,
        Kind::Uuid => Some("Invalid uuid"),
        Kind::NonEmptyText => Some("String must contain at least 1 character(s)"),
        Kind::DateTime => Some("Invalid datetime"),
        _ => Some("Invalid"),
    }
}

/// A query number as zod's `z.coerce.number()` reads it; integers stay integers so that they
/// print back the same.
fn query_number(s: &str) -> Option<Value> {
    if let Ok(integer) = s.parse::<i64>() {
        return Some(Value::from(integer));
    }
    s.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

fn positive(number: Value, path: &[String], issues: &mut Vec<Issue>) -> Option<Value> {
    if number.as_f64().is_some_and(|n| n > 0.0) {
        return Some(number);
    }
    issues.push(Issue {
        path: path.to_vec(),
        message: "Number must be greater than 0".to_owned(),
    });
    None
}

fn options(allowed: &[&str]) -> String {
    allowed
        .iter()
        .map(|option| format!("'{option}'"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn expected(type_name: &str, value: &Value) -> String {
    format!("Expected {type_name}, received {}", kind_of(value))
}

/// zod's names for JSON types.
pub fn kind_of(value: &Value) -> &'static str {
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
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const METADATA: &[Field] = &[Field::optional(
        "card_function_type",
        Kind::OneOf(&["guest", "staff"]),
    )];
    const FIELDS: &[Field] = &[
        Field::required("acs_user_id", Kind::Uuid),
        Field::required("acs_credential_id", Kind::Uuid),
        Field::optional("limit", Kind::PositiveNumber),
        Field::optional("flag", Kind::Boolean),
        Field::optional("page_cursor", Kind::NullableText),
        Field::optional("ids", Kind::UuidList),
        Field::optional("metadata", Kind::Object(METADATA)),
    ];

    fn raw(values: Value, source: Source) -> Raw {
        let Value::Object(values) = values else {
            panic!("not an object")
        };
        Raw { values, source }
    }

    fn errors(values: Value, source: Source) -> Invalid {
        check(&raw(values, source), FIELDS).err().unwrap()
    }

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
    fn reports_every_field_then_unknown_keys() {
        let err = errors(
            json!({"acs_user_id": 5, "extra": 1, "more": 2}),
            Source::Body,
        );
        assert_eq!(
            err.validation_errors,
            json!({
                "_errors": ["Unrecognized key(s) in object: 'extra', 'more'"],
                "acs_user_id": {"_errors": ["Expected string, received number"]},
                "acs_credential_id": {"_errors": ["Required"]},
            })
        );
        assert_eq!(
            err.message,
            "Expected string, received number for \"acs_user_id\", Required for \"acs_credential_id\", Unrecognized key(s) in object: 'extra', 'more'"
        );
    }

    #[test]
    fn nested_paths_nest() {
        let err = errors(
            json!({"acs_user_id": "x", "acs_credential_id": "33333333-3333-3333-3333-333333333333",
                   "ids": ["33333333-3333-3333-3333-333333333333", "nope"],
                   "metadata": {"card_function_type": "boss", "x": 1}}),
            Source::Body,
        );
        assert_eq!(
            err.validation_errors,
            json!({
                "_errors": [],
                "acs_user_id": {"_errors": ["Invalid uuid"]},
                "ids": {"_errors": [], "1": {"_errors": ["Invalid uuid"]}},
                "metadata": {
                    "_errors": ["Unrecognized key(s) in object: 'x'"],
                    "card_function_type": {"_errors": ["Invalid enum value. Expected 'guest' | 'staff', received 'boss'"]},
                },
            })
        );
        assert!(err.message.contains("for \"ids.1\""), "{}", err.message);
    }

    #[test]
    fn query_values_are_coerced() {
        let id = "33333333-3333-3333-3333-333333333333";
        let input = check(
            &raw(
                json!({"acs_user_id": id, "acs_credential_id": id, "limit": "2", "flag": "false",
                       "page_cursor": "", "_strict": "true"}),
                Source::Query,
            ),
            FIELDS,
        )
        .ok()
        .unwrap();
        assert_eq!(input.number("limit"), Some(2.0));
        assert_eq!(input.values()["limit"].to_string(), "2");
        assert_eq!(input.bool("flag"), Some(false));
        assert_eq!(input.values()["page_cursor"], Value::Null);
        assert!(!input.values().contains_key("_strict"));

        let err = errors(
            json!({"acs_user_id": id, "acs_credential_id": id, "limit": "x", "flag": "yes", "_strict": "1"}),
            Source::Query,
        );
        assert_eq!(
            err.validation_errors,
            json!({
                "_errors": [],
                "_strict": {"_errors": ["Expected boolean, received string"]},
                "limit": {"_errors": ["Expected number, received nan"]},
                "flag": {"_errors": ["Expected boolean, received string"]},
            })
        );
        // A body carries real JSON types: strings are not coerced there.
        let err = errors(
            json!({"acs_user_id": id, "acs_credential_id": id, "limit": 0, "flag": "true", "page_cursor": ""}),
            Source::Body,
        );
        assert_eq!(
            err.validation_errors,
            json!({
                "_errors": [],
                "limit": {"_errors": ["Number must be greater than 0"]},
                "flag": {"_errors": ["Expected boolean, received string"]},
            })
        );
    }
}
