//! Request validation with the error shapes of zod, which the real API uses:
//! `{"_errors": [...], "<field>": {"_errors": [...]}}` plus a one-line message. What a route
//! takes comes from the schema facts of `routes.json` (see `catalog.rs`); unknown parameters
//! are refused, as the API's strict schemas do.

use serde_json::{json, Map, Value};

use crate::catalog::{Param, Route, Schema};
use crate::params::{Raw, Source};

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

    /// zod's rule for a group of which exactly one must be given: "a or b", "a, b or c".
    pub fn exactly_one(names: &[&str]) -> Invalid {
        Invalid::top_level(&format!("Exactly one of {} is required", or_list(names)))
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

fn or_list(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// Parameters that passed validation, normalised to JSON (query strings coerced to booleans,
/// numbers and arrays; an empty nullable query value is `null`).
#[derive(Default)]
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

    pub fn value(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Given, even as null.
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
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

    pub fn array(&self, name: &str) -> &[Value] {
        self.0
            .get(name)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
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

    /// Exactly one of `names` given (not null); which one.
    pub fn exactly_one<'a>(&self, names: &[&'a str]) -> Result<&'a str, Invalid> {
        let given: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| self.0.get(*n).is_some_and(|v| !v.is_null()))
            .collect();
        match given.as_slice() {
            [one] => Ok(one),
            _ => Err(Invalid::exactly_one(names)),
        }
    }
}

pub fn check(raw: &Raw, route: &Route) -> Result<Input, Invalid> {
    let from_query = raw.source == Source::Query;
    let mut values = raw.values.clone();
    let mut issues = Vec::new();
    // The official Python SDK adds `_strict=true` to every query; it is not a route parameter.
    if let Some(strict) = from_query.then(|| values.remove("_strict")).flatten() {
        let boolean = Schema {
            kind: Some("boolean".to_owned()),
            ..Schema::default()
        };
        check_value(
            &strict,
            &boolean,
            &["_strict".to_owned()],
            from_query,
            &mut issues,
        );
    }
    let input = check_object(&values, &route.params, &[], from_query, &mut issues);
    if !issues.is_empty() {
        return Err(Invalid::from_issues(&issues));
    }
    let input = Input(input);
    // Cross-field rules come once every field passed, as zod's refinements do.
    for group in &route.one_of {
        let names: Vec<&str> = group.iter().map(String::as_str).collect();
        input.exactly_one(&names)?;
    }
    Ok(input)
}

/// The checked fields in declaration order, then one issue for the unknown keys, as zod
/// reports them.
fn check_object(
    values: &Map<String, Value>,
    params: &[Param],
    path: &[String],
    from_query: bool,
    issues: &mut Vec<Issue>,
) -> Map<String, Value> {
    let mut checked = Map::new();
    for param in params {
        let field_path = [path, std::slice::from_ref(&param.name)].concat();
        match values.get(&param.name) {
            None if param.required => issues.push(Issue {
                path: field_path,
                message: "Required".to_owned(),
            }),
            None => {}
            Some(value) => {
                let Some(value) =
                    check_value(value, &param.schema, &field_path, from_query, issues)
                else {
                    continue;
                };
                // Every page holds at least one item: a cursor names the last item of a page.
                if path.is_empty()
                    && param.name == "limit"
                    && value.as_f64().is_some_and(|n| n <= 0.0)
                {
                    issues.push(Issue {
                        path: field_path,
                        message: "Number must be greater than 0".to_owned(),
                    });
                    continue;
                }
                checked.insert(param.name.clone(), value);
            }
        }
    }
    let unknown: Vec<String> = values
        .keys()
        .filter(|key| !params.iter().any(|p| &p.name == *key))
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

/// The value as the handler sees it, or `None` after recording why it is refused.
fn check_value(
    value: &Value,
    schema: &Schema,
    path: &[String],
    from_query: bool,
    issues: &mut Vec<Issue>,
) -> Option<Value> {
    match problem(value, schema, path, from_query, issues) {
        Ok(value) => value,
        Err(message) => {
            issues.push(Issue {
                path: path.to_vec(),
                message,
            });
            None
        }
    }
}

/// `Ok(None)`: refused, with the issues already recorded (nested ones).
fn problem(
    value: &Value,
    schema: &Schema,
    path: &[String],
    from_query: bool,
    issues: &mut Vec<Issue>,
) -> Result<Option<Value>, String> {
    let kind = schema.kind.as_deref().unwrap_or_default();
    if schema.nullable {
        match value {
            Value::Null => return Ok(Some(Value::Null)),
            // How the official SDKs send null in a query.
            Value::String(s) if from_query && s.is_empty() => return Ok(Some(Value::Null)),
            _ => {}
        }
    }
    match kind {
        "string" => check_string(value, schema).map(Some),
        "boolean" => check_boolean(value, schema, from_query).map(Some),
        "number" | "integer" => check_number(value, schema, kind, from_query).map(Some),
        "array" => {
            let items: Vec<Value> = match value {
                Value::Array(items) => items.clone(),
                // A query repeats the name per item; one item is a plain value, none is `name=`.
                Value::String(s) if from_query && s.is_empty() => Vec::new(),
                Value::String(_) if from_query => vec![value.clone()],
                _ => return Err(expected("array", value)),
            };
            if let Some(min) = schema.min_items.filter(|&min| items.len() < min) {
                return Err(format!("Array must contain at least {min} element(s)"));
            }
            if let Some(max) = schema.max_items.filter(|&max| items.len() > max) {
                return Err(format!("Array must contain at most {max} element(s)"));
            }
            let before = issues.len();
            let mut checked = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                let item_path = [path, &[index.to_string()]].concat();
                let item_schema = schema.items.as_deref();
                match item_schema {
                    None => checked.push(item.clone()),
                    Some(s) => checked.extend(check_value(item, s, &item_path, from_query, issues)),
                }
            }
            Ok((issues.len() == before).then_some(Value::Array(checked)))
        }
        "object" => match value {
            Value::Object(object) => {
                let before = issues.len();
                let props = schema.properties.as_deref().unwrap_or_default();
                let checked = check_object(object, props, path, from_query, issues);
                Ok((issues.len() == before).then_some(Value::Object(checked)))
            }
            _ => Err(expected("object", value)),
        },
        _ => Ok(Some(value.clone())),
    }
}

fn check_string(value: &Value, schema: &Schema) -> Result<Value, String> {
    if let Some(allowed) = &schema.allowed {
        let options = options(allowed);
        return match value {
            Value::String(s) if allowed.iter().any(|a| a.as_str() == Some(s)) => Ok(value.clone()),
            Value::String(s) => Err(format!(
                "Invalid enum value. Expected {options}, received '{s}'"
            )),
            _ => Err(format!("Expected {options}, received {}", kind_of(value))),
        };
    }
    let Value::String(s) = value else {
        return Err(expected("string", value));
    };
    let format_ok = match schema.format.as_deref() {
        Some("uuid") => is_uuid(s),
        Some("date-time") => crate::time::parse(s).is_some(),
        Some("email") => is_email(s),
        Some("uri") => is_url(s),
        _ => true,
    };
    if !format_ok {
        return Err(match schema.format.as_deref() {
            Some("uuid") => "Invalid uuid",
            Some("date-time") => "Invalid datetime",
            Some("email") => "Invalid email",
            _ => "Invalid url",
        }
        .to_owned());
    }
    let length = s.chars().count();
    if let Some(min) = schema.min_length.filter(|&min| length < min) {
        return Err(format!("String must contain at least {min} character(s)"));
    }
    if let Some(max) = schema.max_length.filter(|&max| length > max) {
        return Err(format!("String must contain at most {max} character(s)"));
    }
    if schema
        .pattern
        .as_deref()
        .is_some_and(|pattern| !matches_pattern(pattern, s))
    {
        return Err("Invalid".to_owned());
    }
    Ok(value.clone())
}

fn check_boolean(value: &Value, schema: &Schema, from_query: bool) -> Result<Value, String> {
    let checked = match value {
        Value::Bool(_) => value.clone(),
        Value::String(s) if from_query && s == "true" => Value::Bool(true),
        Value::String(s) if from_query && s == "false" => Value::Bool(false),
        _ => return Err(expected("boolean", value)),
    };
    // `enum: [true]` is zod's `z.literal(true)`.
    match &schema.allowed {
        Some(allowed) if !allowed.contains(&checked) => Err(format!(
            "Invalid literal value, expected {}",
            allowed
                .first()
                .map_or_else(String::new, ToString::to_string)
        )),
        _ => Ok(checked),
    }
}

fn check_number(
    value: &Value,
    schema: &Schema,
    kind: &str,
    from_query: bool,
) -> Result<Value, String> {
    let number = match value {
        Value::Number(_) => value.clone(),
        Value::String(s) if from_query => {
            query_number(s).ok_or_else(|| "Expected number, received nan".to_owned())?
        }
        _ => return Err(expected("number", value)),
    };
    let n = number.as_f64().unwrap_or_default();
    if kind == "integer" && n.fract() != 0.0 {
        return Err("Expected integer, received float".to_owned());
    }
    if let Some(min) = schema.minimum.filter(|&min| n < min) {
        return Err(format!(
            "Number must be greater than or equal to {}",
            plain(min)
        ));
    }
    if let Some(max) = schema.maximum.filter(|&max| n > max) {
        return Err(format!(
            "Number must be less than or equal to {}",
            plain(max)
        ));
    }
    Ok(number)
}

/// `1` rather than `1.0`, as JavaScript prints numbers.
fn plain(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The one pattern the API's parameters use is `^\d+$`; a pattern of the form `^X+$`, with X
/// `\d` or a bracketed class of single characters and ranges, is understood. Anything else is
/// accepted: a regex engine would be a new dependency for a rule no route needs today.
fn matches_pattern(pattern: &str, s: &str) -> bool {
    let Some(class) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix("+$")) else {
        return true;
    };
    let accepts: Box<dyn Fn(char) -> bool> = if class == "\\d" {
        Box::new(|c: char| c.is_ascii_digit())
    } else if let Some(inner) = class.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
        let chars: Vec<char> = inner.chars().collect();
        let mut ranges = Vec::new();
        let mut at = 0;
        while let Some(&start) = chars.get(at) {
            match (chars.get(at + 1), chars.get(at + 2)) {
                (Some('-'), Some(&end)) => {
                    ranges.push((start, end));
                    at += 3;
                }
                _ => {
                    ranges.push((start, start));
                    at += 1;
                }
            }
        }
        Box::new(move |c: char| ranges.iter().any(|&(a, b)| a <= c && c <= b))
    } else {
        return true;
    };
    !s.is_empty() && s.chars().all(accepts)
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

fn options(allowed: &[Value]) -> String {
    allowed
        .iter()
        .map(|option| match option {
            Value::String(s) => format!("'{s}'"),
            other => other.to_string(),
        })
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

/// What zod's `.email()` asks, roughly: one `@`, something before it, a dotted domain after.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain
            .split_once('.')
            .is_some_and(|(name, tld)| !name.is_empty() && !tld.is_empty() && !tld.ends_with('.'))
}

/// zod's `.url()` is `new URL(s)` succeeding: a scheme, then something.
fn is_url(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !s.chars().any(char::is_whitespace)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route() -> Route {
        serde_json::from_value(json!({
            "path": "/x", "methods": ["POST"],
            "one_of": [["a", "b"]],
            "params": [
                {"name": "acs_user_id", "required": true, "schema": {"type": "string", "format": "uuid"}},
                {"name": "acs_credential_id", "required": true, "schema": {"type": "string", "format": "uuid"}},
                {"name": "limit", "schema": {"type": "number", "format": "float"}},
                {"name": "count", "schema": {"type": "integer", "minimum": 1.0}},
                {"name": "flag", "schema": {"type": "boolean"}},
                {"name": "managed", "schema": {"type": "boolean", "enum": [true]}},
                {"name": "page_cursor", "schema": {"type": "string", "nullable": true}},
                {"name": "ids", "schema": {"type": "array", "max_items": 2, "items": {"type": "string", "format": "uuid"}}},
                {"name": "code", "schema": {"type": "string", "min_length": 4, "max_length": 9, "pattern": "^\\d+$"}},
                {"name": "email", "schema": {"type": "string", "format": "email"}},
                {"name": "url", "schema": {"type": "string", "format": "uri"}},
                {"name": "metadata", "schema": {"type": "object", "properties": [
                    {"name": "card_function_type", "schema": {"type": "string", "enum": ["guest", "staff"]}}
                ]}},
                {"name": "a", "schema": {"type": "string"}},
                {"name": "b", "schema": {"type": "string"}}
            ]
        }))
        .unwrap()
    }

    const ID: &str = "33333333-3333-3333-3333-333333333333";

    fn raw(values: Value, source: Source) -> Raw {
        let Value::Object(values) = values else {
            panic!("not an object")
        };
        Raw { values, source }
    }

    fn errors(values: Value, source: Source) -> Invalid {
        check(&raw(values, source), &route()).err().unwrap()
    }

    fn valid(values: Value, source: Source) -> Input {
        check(&raw(values, source), &route()).ok().unwrap()
    }

    #[test]
    fn uuid_email_url_and_pattern_shapes() {
        assert!(is_uuid(ID));
        assert!(is_uuid("AAAAAAAA-aaaa-aaaa-aaaa-aaaaaaaaaaaa"));
        assert!(!is_uuid("33333333-3333-3333-3333-33333333333"));
        assert!(!is_uuid("3333333333333333333333333333333333333"));
        assert!(!is_uuid("g3333333-3333-3333-3333-333333333333"));
        assert!(!is_uuid(""));
        assert!(is_email("jane@example.com"));
        for bad in [
            "jane",
            "@example.com",
            "jane@",
            "jane@example",
            "j ane@example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_url("http://127.0.0.1:8080/hook") && is_url("https://example.com"));
        assert!(!is_url("example.com") && !is_url("http: //x") && !is_url(""));
        assert!(matches_pattern("^\\d+$", "0123") && !matches_pattern("^\\d+$", "12a"));
        assert!(!matches_pattern("^\\d+$", ""));
        assert!(matches_pattern("^[a-f0-9]+$", "c0ffee") && !matches_pattern("^[a-f]+$", "g"));
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
            json!({"acs_user_id": "x", "acs_credential_id": ID, "a": "1",
                   "ids": [ID, "nope"],
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
    fn each_schema_fact_refuses_in_zods_words() {
        let base = json!({"acs_user_id": ID, "acs_credential_id": ID, "a": "1"});
        let cases = [
            (
                json!({"count": 0}),
                "count",
                "Number must be greater than or equal to 1",
            ),
            (
                json!({"count": 1.5}),
                "count",
                "Expected integer, received float",
            ),
            (
                json!({"managed": false}),
                "managed",
                "Invalid literal value, expected true",
            ),
            (
                json!({"ids": [ID, ID, ID]}),
                "ids",
                "Array must contain at most 2 element(s)",
            ),
            (
                json!({"code": "123"}),
                "code",
                "String must contain at least 4 character(s)",
            ),
            (
                json!({"code": "1234567890"}),
                "code",
                "String must contain at most 9 character(s)",
            ),
            (json!({"code": "12a4"}), "code", "Invalid"),
            (json!({"email": "jane"}), "email", "Invalid email"),
            (json!({"url": "nowhere"}), "url", "Invalid url"),
            (
                json!({"limit": 0}),
                "limit",
                "Number must be greater than 0",
            ),
            (
                json!({"page_cursor": 1}),
                "page_cursor",
                "Expected string, received number",
            ),
            (
                json!({"flag": null}),
                "flag",
                "Expected boolean, received null",
            ),
        ];
        for (extra, name, message) in cases {
            let mut params = base.clone();
            params
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let err = errors(params, Source::Body);
            assert_eq!(
                err.validation_errors,
                json!({"_errors": [], name: {"_errors": [message]}}),
                "{extra}"
            );
        }
    }

    #[test]
    fn one_of_groups_need_exactly_one() {
        let base = json!({"acs_user_id": ID, "acs_credential_id": ID});
        for extra in [json!({}), json!({"a": "1", "b": "2"})] {
            let mut params = base.clone();
            params
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let err = errors(params, Source::Body);
            assert_eq!(
                err.validation_errors,
                json!({"_errors": ["Exactly one of a or b is required"]})
            );
        }
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
        // Field issues come first: the group is only checked once the fields pass.
        let err = errors(json!({"acs_user_id": ID}), Source::Body);
        assert_eq!(
            err.validation_errors,
            json!({"_errors": [], "acs_credential_id": {"_errors": ["Required"]}})
        );
    }

    #[test]
    fn query_values_are_coerced() {
        let input = valid(
            json!({"acs_user_id": ID, "acs_credential_id": ID, "limit": "2", "flag": "false",
                   "page_cursor": "", "_strict": "true", "b": "x", "ids": ID}),
            Source::Query,
        );
        assert_eq!(input.number("limit"), Some(2.0));
        assert_eq!(input.values()["limit"].to_string(), "2");
        assert_eq!(input.bool("flag"), Some(false));
        assert_eq!(input.values()["page_cursor"], Value::Null);
        assert_eq!(input.strings("ids"), [ID]);
        assert!(!input.values().contains_key("_strict"));
        let empty = valid(
            json!({"acs_user_id": ID, "acs_credential_id": ID, "b": "x", "ids": ""}),
            Source::Query,
        );
        assert_eq!(empty.values()["ids"], json!([]));

        let err = errors(
            json!({"acs_user_id": ID, "acs_credential_id": ID, "limit": "x", "flag": "yes", "_strict": "1"}),
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
            json!({"acs_user_id": ID, "acs_credential_id": ID, "limit": 0, "flag": "true", "page_cursor": ""}),
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
