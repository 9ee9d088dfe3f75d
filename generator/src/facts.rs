//! The API's facts, as the repository keeps them (`generator/api/facts.json`): for each selected
//! endpoint its method, parameters, answer, pagination, action-attempt kind and security; for
//! each model its properties. Read from the vendor's OpenAPI document by `scripts/update-api`.
//!
//! Facts only: names, types, formats, enums, required and nullable flags, defaults, limits. The
//! document's descriptions are the vendor's sentences and are never copied here.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Everything the generator knows about the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Where the facts come from.
    pub source: Source,
    pub endpoints: Vec<Endpoint>,
    /// The schemas the selection models, by name.
    pub models: BTreeMap<String, Schema>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub document: String,
    pub title: String,
    pub paths: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub path: String,
    /// The methods the document lists, upper case.
    pub methods: Vec<String>,
    /// The method the official SDKs send: the one that is not POST when there is one.
    pub method: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub undocumented: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// Query parameters (GET, DELETE) or body members, in the document's order.
    pub params: Vec<Property>,
    /// Either-or rules: each entry is the set of parameters one alternative requires.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Vec<String>>,
    /// The member of the answer that carries the result (`None`: the answer is only `ok`).
    pub response: Option<Answer>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub paginated: bool,
    /// The kind of action attempt the answer carries, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_attempt: Option<String>,
    /// The security schemes that may call it.
    pub security: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub key: String,
    pub schema: Schema,
}

/// One member of an object (or one parameter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Property {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    pub schema: Schema,
}

/// A JSON Schema, reduced to its facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// `string`, `boolean`, `number`, `integer`, `array`, `object`; absent for a reference,
    /// a union or any value.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<Value>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// `false` when the document closes the object to other members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<bool>,
    /// A named model (`acs_credential`).
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Schema>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub undocumented: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl Schema {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// Reads the facts of `paths` and of the schemas `models_wanted` out of an OpenAPI document.
/// References to other schemas stay references: the generator keeps such values as JSON.
pub fn extract(
    document: &Value,
    document_name: &str,
    paths: &[String],
    models_wanted: &[String],
) -> Result<Facts, String> {
    let all_paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no paths")?;
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or("the document has no components.schemas")?;
    let mut endpoints = Vec::new();
    for path in paths {
        let item = all_paths
            .get(path)
            .filter(|item| item.is_object())
            .ok_or_else(|| format!("{path} is not in the document"))?;
        endpoints.push(endpoint(path, item).map_err(|e| format!("{path}: {e}"))?);
    }
    let mut models = BTreeMap::new();
    for name in models_wanted {
        let raw = schemas
            .get(name)
            .ok_or_else(|| format!("the document has no schema {name}"))?;
        models.insert(
            name.clone(),
            reduce(raw).map_err(|e| format!("schema {name}: {e}"))?,
        );
    }
    Ok(Facts {
        source: Source {
            document: document_name.to_owned(),
            title: text(document.pointer("/info/title")),
            paths: all_paths.len(),
        },
        endpoints,
        models,
    })
}

fn text(value: Option<&Value>) -> String {
    value.and_then(Value::as_str).unwrap_or_default().to_owned()
}

const METHODS: [&str; 5] = ["get", "delete", "patch", "put", "post"];

fn endpoint(path: &str, item: &Value) -> Result<Endpoint, String> {
    let methods: Vec<String> = METHODS
        .iter()
        .filter(|m| item.get(**m).is_some())
        .map(|m| m.to_uppercase())
        .collect();
    // The official SDKs send the semantic method: whichever of GET, DELETE, PATCH, PUT the
    // document lists (there is at most one), else POST.
    let method = methods.first().cloned().ok_or("no operation")?;
    let operation = item.get(method.to_lowercase()).ok_or("no operation")?;
    // Every endpoint also takes POST, whose body schema states what a query cannot (either-or
    // rules); a GET or DELETE sends the same members as its query.
    let (params, alternatives) = match item.get("post") {
        Some(post) => body_params(post)?,
        None => query_params(operation)?,
    };
    let flag = |key: &str| {
        operation
            .get(key)
            .is_some_and(|v| !v.is_null() && v != false)
    };
    let answer = operation
        .pointer("/responses/200/content/application~1json/schema")
        .ok_or("no 200 answer")?;
    let answer = reduce(answer)?;
    let key = operation
        .get("x-response-key")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let response = match key {
        Some(key) => {
            let schema = answer
                .property(&key)
                .ok_or_else(|| format!("the answer has no {key}"))?
                .schema
                .clone();
            Some(Answer { key, schema })
        }
        None => None,
    };
    let security = operation
        .get("security")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .flat_map(|o| o.keys().cloned())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        })
        .unwrap_or_default();
    Ok(Endpoint {
        path: path.to_owned(),
        methods,
        method,
        undocumented: flag("x-undocumented"),
        deprecated: flag("x-deprecated") || flag("deprecated"),
        draft: flag("x-draft"),
        params,
        alternatives,
        paginated: answer.property("pagination").is_some(),
        response,
        action_attempt: operation
            .get("x-action-attempt-type")
            .and_then(Value::as_str)
            .map(str::to_owned),
        security,
    })
}

type Params = (Vec<Property>, Vec<Vec<String>>);

fn query_params(operation: &Value) -> Result<Params, String> {
    let mut params = Vec::new();
    for param in operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if param.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let name = text(param.get("name"));
        let schema = reduce(param.get("schema").ok_or("a parameter has no schema")?)?;
        params.push(Property {
            name,
            required: param.get("required") == Some(&Value::Bool(true)),
            schema: Schema {
                deprecated: schema.deprecated
                    || param.get("deprecated") == Some(&Value::Bool(true)),
                undocumented: schema.undocumented || param.get("x-undocumented").is_some(),
                ..schema
            },
        });
    }
    Ok((params, Vec::new()))
}

/// The body's members: an object, or a oneOf of objects (either-or rules), or an allOf of both.
fn body_params(operation: &Value) -> Result<Params, String> {
    let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut params: Vec<Property> = Vec::new();
    let mut alternatives = Vec::new();
    let parts: Vec<&Value> = match schema.get("allOf").and_then(Value::as_array) {
        Some(parts) => parts.iter().collect(),
        None => vec![schema],
    };
    for part in parts {
        match part.get("oneOf").and_then(Value::as_array) {
            Some(branches) => {
                let branches: Vec<Schema> =
                    branches.iter().map(reduce).collect::<Result<_, _>>()?;
                let required: Vec<Vec<String>> = branches
                    .iter()
                    .map(|b| {
                        b.properties
                            .iter()
                            .filter(|p| p.required)
                            .map(|p| p.name.clone())
                            .collect()
                    })
                    .collect();
                // A member every branch requires is simply required; the rest is the choice.
                let always: BTreeSet<String> = required
                    .iter()
                    .map(|r| r.iter().cloned().collect::<BTreeSet<_>>())
                    .reduce(|a, b| a.intersection(&b).cloned().collect())
                    .unwrap_or_default();
                for branch in &branches {
                    for property in &branch.properties {
                        merge(&mut params, property, always.contains(&property.name));
                    }
                }
                let choices: Vec<Vec<String>> = required
                    .into_iter()
                    .map(|r| r.into_iter().filter(|n| !always.contains(n)).collect())
                    .collect();
                // A branch that asks for nothing more is a variant of the same call, not a choice.
                if choices.iter().all(|c: &Vec<String>| !c.is_empty()) {
                    alternatives = choices;
                }
            }
            None => {
                for property in reduce(part)?.properties {
                    let required = property.required;
                    merge(&mut params, &property, required);
                }
            }
        }
    }
    params.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((params, alternatives))
}

/// Adds `property` to `params`, or widens the one already there (branches may restrict a
/// member differently: the facts keep the union of what the branches allow).
fn merge(params: &mut Vec<Property>, property: &Property, required: bool) {
    match params.iter_mut().find(|p| p.name == property.name) {
        Some(existing) => {
            existing.required &= required;
            for value in &property.schema.enum_values {
                if !existing.schema.enum_values.contains(value) {
                    existing.schema.enum_values.push(value.clone());
                }
            }
            if existing.schema.default.is_none() {
                existing.schema.default = property.schema.default.clone();
            }
        }
        None => params.push(Property {
            name: property.name.clone(),
            required,
            schema: property.schema.clone(),
        }),
    }
}

/// The facts of one JSON Schema: every keyword but the prose.
fn reduce(raw: &Value) -> Result<Schema, String> {
    let object: &Map<String, Value> = raw.as_object().ok_or("a schema is not an object")?;
    let number = |key: &str| object.get(key).and_then(Value::as_f64);
    let count = |key: &str| object.get(key).and_then(Value::as_u64);
    let mut schema = Schema {
        kind: object
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned),
        format: object
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned),
        enum_values: object
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        nullable: object.get("nullable") == Some(&Value::Bool(true)),
        default: object.get("default").cloned(),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        pattern: object
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned),
        minimum: number("minimum"),
        maximum: number("maximum"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        items: match object.get("items") {
            Some(items) => Some(Box::new(reduce(items)?)),
            None => None,
        },
        properties: Vec::new(),
        additional_properties: object.get("additionalProperties").and_then(Value::as_bool),
        reference: object
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(str::to_owned),
        one_of: object
            .get("oneOf")
            .and_then(Value::as_array)
            .map(|list| list.iter().map(reduce).collect::<Result<_, _>>())
            .transpose()?
            .unwrap_or_default(),
        discriminator: raw
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str)
            .map(str::to_owned),
        deprecated: object.get("deprecated") == Some(&Value::Bool(true))
            || object.contains_key("x-deprecated"),
        undocumented: object.contains_key("x-undocumented"),
        draft: object.contains_key("x-draft"),
    };
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        let required: BTreeSet<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (name, property) in properties {
            schema.properties.push(Property {
                name: name.clone(),
                required: required.contains(name.as_str()),
                schema: reduce(property)?,
            });
        }
    }
    if object.contains_key("allOf") || object.contains_key("anyOf") {
        return Err("allOf and anyOf are not read in models".to_owned());
    }
    Ok(schema)
}
