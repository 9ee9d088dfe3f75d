//! What the generator writes, resolved once from the facts and the selection: the enums, the
//! records (models, their nested objects, parameter objects, pages), the namespaces and their
//! endpoints, each with its types and docs. Every emitter reads this and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::facts::{Endpoint, Facts, Property, Schema};
use crate::selection::{EndpointSelection, ModelSelection, Selection};

/// A value's type, as every language spells it (see the emitters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Bool,
    /// A whole number (32-bit in the foreign APIs: page sizes, counts).
    Int,
    /// A number with a fraction (counts the API states as floats).
    Float,
    Timestamp,
    /// An open enum: values this SDK does not know are kept.
    Enum(String),
    Record(String),
    List(Box<Ty>),
}

impl Ty {
    pub fn is_list(&self) -> bool {
        matches!(self, Ty::List(_))
    }
}

/// How a model's field is read when the API leaves it out or sends what does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// The object cannot do without it: missing or unreadable fails the call.
    Required,
    /// Absent, null or unreadable is `None` (unreadable is kept as text).
    Optional,
    /// A list: absent is empty; `true` when it must at least be a list.
    List { strict: bool },
    /// A boolean the API may leave out, with the value it means then.
    Defaulted(bool),
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The API's name.
    pub api: String,
    /// The identifier in every language (snake case here; each emitter cases it).
    pub ident: String,
    pub ty: Ty,
    pub presence: Presence,
    pub doc: String,
    /// Never printed whole.
    pub secret: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordKind {
    /// A top-level object of the API (`acs_credential`).
    Model { api: String },
    /// An object inside a model (metadata, warnings, errors).
    Nested,
    /// An object a call sends (`visionline_metadata` of create).
    Param,
    /// One page of a list.
    Page,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub name: String,
    pub doc: String,
    pub kind: RecordKind,
    pub fields: Vec<Field>,
    /// Whether `<manufacturer>_metadata` members without a field are kept in `other_metadata`.
    pub other_metadata: bool,
    /// Whether it keeps what it does not model in `unknown_fields` (every read record).
    pub keeps_unknown: bool,
    /// For an action attempt: its typed results (see [`ResultKind`]).
    pub results: Vec<ResultKind>,
    /// A model's columns in a table for people (the command line's `--format table`); empty
    /// for other records.
    pub table: Vec<String>,
}

impl Record {
    pub fn is_model(&self) -> bool {
        matches!(self.kind, RecordKind::Model { .. })
    }

    pub fn api_name(&self) -> Option<&str> {
        match &self.kind {
            RecordKind::Model { api } => Some(api),
            _ => None,
        }
    }

    pub fn has_secret(&self) -> bool {
        self.fields.iter().any(|f| f.secret)
    }
}

/// One typed result of an action attempt: the action type and what its `result` reads as.
#[derive(Debug, Clone)]
pub struct ResultKind {
    pub action_type: String,
    pub variant: String,
    pub ty: Ty,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub api: String,
    pub variant: String,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub doc: String,
    pub values: Vec<EnumValue>,
}

/// A client-side check of a parameter, done before anything is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// A UUID (each element of a list).
    Id,
    Digits,
    MinLength(u64),
    MaxLength(u64),
    Minimum(f64),
    Maximum(f64),
    MinItems(u64),
    MaxItems(u64),
    /// A known value of its enum (each element of a list).
    Known,
    /// A boolean the API accepts with one value only (`is_managed: true`).
    Constant(bool),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub api: String,
    pub ident: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: String,
    pub checks: Vec<Check>,
    /// Checks of the members of a parameter object, by member.
    pub nested: Vec<Param>,
}

/// What a call answers.
#[derive(Debug, Clone)]
pub enum Returns {
    /// Only `ok`.
    Nothing,
    /// One member: a model or a list of them.
    One { key: String, ty: Ty },
    /// A page of a list: the items' member, their model, and the page record.
    Page {
        key: String,
        item: String,
        page: String,
    },
    /// A pending action attempt, waited for.
    ActionAttempt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    Read,
    Repeatable,
    Create,
}

impl Retry {
    /// The class's name in the docs and the test tables.
    pub fn name(self) -> &'static str {
        match self {
            Retry::Read => "read",
            Retry::Repeatable => "repeatable",
            Retry::Create => "create",
        }
    }
}

#[derive(Debug, Clone)]
pub struct EndpointDef {
    pub path: String,
    /// Namespace path (`["acs", "users"]`).
    pub namespace: Vec<String>,
    pub name: String,
    pub method: String,
    pub retry: Retry,
    pub doc: String,
    /// In the order of positional languages.
    pub params: Vec<Param>,
    pub one_of: Vec<Vec<String>>,
    pub at_most_one: Vec<Vec<String>>,
    pub requires: Vec<(String, Vec<String>)>,
    pub after: Vec<(String, String)>,
    pub returns: Returns,
    pub client_session: bool,
    pub action_attempt: Option<String>,
    /// Extra Rust methods taking these parameters by position.
    pub rust_shortcuts: Vec<(String, Vec<String>)>,
}

impl EndpointDef {
    /// `acs.users.create`: the operation's name across the FFI and in docs.
    pub fn operation(&self) -> String {
        let mut parts = self.namespace.clone();
        parts.push(self.name.clone());
        parts.join(".")
    }

    pub fn is_page(&self) -> bool {
        matches!(self.returns, Returns::Page { .. })
    }
}

#[derive(Debug, Clone)]
pub struct Namespace {
    pub path: Vec<String>,
    pub doc: String,
    /// Direct children, by their last path segment.
    pub children: Vec<String>,
    /// Indices into [`Api::endpoints`].
    pub endpoints: Vec<usize>,
}

impl Namespace {
    /// `AcsUsers` (the root is `Seam`).
    pub fn type_name(&self) -> String {
        if self.path.is_empty() {
            "Seam".to_owned()
        } else {
            pascal(&self.path.join("_"))
        }
    }

    pub fn child_path(&self, child: &str) -> Vec<String> {
        let mut path = self.path.clone();
        path.push(child.to_owned());
        path
    }
}

#[derive(Debug, Clone)]
pub struct Api {
    pub source: String,
    pub enums: Vec<Enum>,
    pub records: Vec<Record>,
    pub namespaces: Vec<Namespace>,
    pub endpoints: Vec<EndpointDef>,
}

impl Api {
    pub fn record(&self, name: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.name == name)
    }

    pub fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn namespace(&self, path: &[String]) -> Option<&Namespace> {
        self.namespaces.iter().find(|n| n.path == path)
    }

    pub fn models(&self) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(|r| r.is_model())
    }
}

pub fn pascal(text: &str) -> String {
    text.to_upper_camel_case()
}

/// Names that are keywords in one of the languages: an identifier must be renamed.
const KEYWORDS: [&str; 16] = [
    "type", "override", "from", "to", "in", "is", "as", "fun", "val", "var", "class", "object",
    "self", "where", "return", "default",
];

thread_local! {
    /// The selection's docs of shared names, for `doc_of` (set for the length of a build).
    static COMMON: std::cell::RefCell<BTreeMap<String, String>> = const {
        std::cell::RefCell::new(BTreeMap::new())
    };
}

pub fn build(facts: &Facts, selection: &Selection) -> Result<Api, String> {
    COMMON.with(|common| *common.borrow_mut() = selection.common.clone());
    let mut b = Builder {
        facts,
        selection,
        enums: Vec::new(),
        records: Vec::new(),
    };
    for (api, chosen) in &selection.model {
        b.model(api, chosen)?;
    }
    let mut endpoints = Vec::new();
    for chosen in &selection.endpoints {
        let endpoint = facts
            .endpoints
            .iter()
            .find(|e| e.path == chosen.path)
            .ok_or_else(|| format!("{}: selected but not in the facts", chosen.path))?;
        endpoints.push(
            b.endpoint(endpoint, chosen)
                .map_err(|e| format!("{}: {e}", chosen.path))?,
        );
    }
    let namespaces = namespaces(&endpoints, selection)?;
    let Builder { enums, records, .. } = b;
    Ok(Api {
        source: facts.source.document.clone(),
        enums,
        records,
        namespaces,
        endpoints,
    })
}

struct Builder<'a> {
    facts: &'a Facts,
    selection: &'a Selection,
    enums: Vec<Enum>,
    records: Vec<Record>,
}

/// Where a type is being made: for names and docs.
struct Place<'a> {
    /// The type name of the record that holds the field.
    owner: &'a str,
    /// The path of the field from the model or the endpoint (`warnings.warning_code`).
    path: String,
    names: &'a BTreeMap<String, String>,
    types: &'a BTreeMap<String, String>,
    docs: &'a BTreeMap<String, String>,
    renames: &'a BTreeMap<String, String>,
}

impl Place<'_> {
    fn name(&self, default: String) -> String {
        self.names.get(&self.path).cloned().unwrap_or(default)
    }

    fn child<'b>(&'b self, owner: &'b str, field: &str) -> Place<'b> {
        Place {
            owner,
            path: join(&self.path, field),
            names: self.names,
            types: self.types,
            docs: self.docs,
            renames: self.renames,
        }
    }
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

impl Builder<'_> {
    fn model(&mut self, api: &str, chosen: &ModelSelection) -> Result<(), String> {
        let schema = self
            .facts
            .models
            .get(api)
            .ok_or_else(|| format!("model {api}: not in the facts (run scripts/update-api)"))?
            .clone();
        let name = chosen.name.clone().unwrap_or_else(|| pascal(api));
        let flat = if schema.one_of.is_empty() {
            schema
        } else {
            flatten_union(&schema, Some(&chosen.union_fields))
        };
        let mut fields = Vec::new();
        let place = Place {
            owner: &name,
            path: String::new(),
            names: &chosen.names,
            types: &chosen.types,
            docs: &chosen.fields,
            renames: &chosen.renames,
        };
        for property in ordered(&flat.properties, &chosen.order) {
            let api_name = &property.name;
            if chosen.skip.contains(api_name)
                || property.schema.deprecated
                || property.schema.undocumented
                || (chosen.other_metadata
                    && api_name.ends_with("_metadata")
                    && !chosen.typed.contains(api_name))
            {
                continue;
            }
            if api_name == "result" && !chosen.results.is_empty() {
                continue;
            }
            let field_place = place.child(&name, api_name);
            let Some(ty) = self.field_type(&property.schema, &field_place)? else {
                continue;
            };
            let presence = if chosen.identify.contains(api_name) {
                Presence::Required
            } else if let Some(value) = chosen.defaults.get(api_name) {
                Presence::Defaulted(*value)
            } else if ty.is_list() {
                Presence::List {
                    strict: property.required,
                }
            } else {
                Presence::Optional
            };
            fields.push(Field {
                api: api_name.clone(),
                ident: ident(api_name, &chosen.renames)?,
                doc: doc_of(&chosen.fields, api_name, &ty),
                ty,
                presence,
                secret: chosen.secret.contains(api_name),
            });
        }
        for identify in &chosen.identify {
            if !fields.iter().any(|f| &f.api == identify) {
                return Err(format!(
                    "model {api}: identifying field {identify} is not a field"
                ));
            }
        }
        let results = self.results(api, &flat, chosen, &name)?;
        let table = table(&fields, chosen).map_err(|e| format!("model {api}: {e}"))?;
        self.add_record(Record {
            name,
            doc: chosen.doc.clone(),
            kind: RecordKind::Model {
                api: api.to_owned(),
            },
            fields,
            other_metadata: chosen.other_metadata,
            keeps_unknown: true,
            results,
            table,
        })
    }

    /// An action attempt's typed results: each selected action type's success `result`.
    fn results(
        &mut self,
        api: &str,
        union: &Schema,
        chosen: &ModelSelection,
        owner: &str,
    ) -> Result<Vec<ResultKind>, String> {
        let mut results = Vec::new();
        let Some(schema) = self.facts.models.get(api) else {
            return Ok(results);
        };
        for (action_type, reads_as) in &chosen.results {
            let variant = schema
                .one_of
                .iter()
                .find(|v| {
                    const_value(v, "action_type") == Some(action_type.as_str())
                        && const_value(v, "status") == Some("success")
                })
                .ok_or_else(|| format!("model {api}: no successful {action_type}"))?;
            let result = variant
                .property("result")
                .ok_or_else(|| format!("model {api}: {action_type} has no result"))?;
            let ty = if let Some(model) = self.selection.model.get(reads_as) {
                Ty::Record(model.name.clone().unwrap_or_else(|| pascal(reads_as)))
            } else {
                let place = Place {
                    owner,
                    path: format!("result.{action_type}"),
                    names: &chosen.names,
                    types: &chosen.types,
                    docs: &chosen.fields,
                    renames: &chosen.renames,
                };
                let name = reads_as.clone();
                self.nested_record(&result.schema, &place, name)?
            };
            results.push(ResultKind {
                action_type: action_type.clone(),
                variant: pascal(&action_type.to_lowercase()),
                ty,
            });
        }
        let _ = union;
        Ok(results)
    }

    /// The type of a model's field, or `None` when it is left to `unknown_fields`.
    fn field_type(&mut self, schema: &Schema, place: &Place<'_>) -> Result<Option<Ty>, String> {
        if let Some(forced) = place.types.get(&place.path) {
            return forced_type(forced, self.selection).map(Some);
        }
        if let Some(reference) = &schema.reference {
            return Ok(self
                .selection
                .model
                .get(reference)
                .map(|m| Ty::Record(m.name.clone().unwrap_or_else(|| pascal(reference)))));
        }
        if !schema.one_of.is_empty() {
            return Ok(None);
        }
        Ok(match schema.kind.as_deref() {
            // The API types some times only as strings; every `…_at` member is one.
            Some("string")
                if schema.format.as_deref() == Some("date-time")
                    || last(&place.path).ends_with("_at") =>
            {
                Some(Ty::Timestamp)
            }
            Some("string") if !schema.enum_values.is_empty() => {
                let name = place.name(enum_name(place.owner, last(&place.path)));
                Some(Ty::Enum(self.add_enum(
                    &name,
                    &schema.enum_values,
                    place,
                )?))
            }
            Some("string") => Some(Ty::String),
            Some("boolean") => Some(Ty::Bool),
            Some("integer") => Some(Ty::Int),
            Some("number") => Some(Ty::Float),
            Some("array") => {
                let Some(items) = &schema.items else {
                    return Ok(None);
                };
                if !items.one_of.is_empty()
                    && items
                        .one_of
                        .iter()
                        .all(|v| v.kind.as_deref() == Some("object"))
                {
                    let singular = singular(last(&place.path));
                    let name = place.name(format!("{}{}", place.owner, pascal(&singular)));
                    let flat = flatten_union(items, None);
                    return self
                        .nested_record(&flat, place, name)
                        .map(|ty| Some(Ty::List(Box::new(ty))));
                }
                if items.kind.as_deref() == Some("object") {
                    let singular = singular(last(&place.path));
                    let name = place.name(format!("{}{}", place.owner, pascal(&singular)));
                    return self
                        .nested_record(items, place, name)
                        .map(|ty| Some(Ty::List(Box::new(ty))));
                }
                self.field_type(items, place)?
                    .map(|ty| Ty::List(Box::new(ty)))
            }
            Some("object") if !schema.properties.is_empty() => {
                let name = place.name(format!("{}{}", place.owner, pascal(last(&place.path))));
                Some(self.nested_record(schema, place, name)?)
            }
            _ => None,
        })
    }

    /// A record for an object inside a model: every member optional but the discriminator and
    /// `message` of a warning or an error; lists empty when absent.
    fn nested_record(
        &mut self,
        schema: &Schema,
        place: &Place<'_>,
        name: String,
    ) -> Result<Ty, String> {
        let discriminator = discriminator_of(schema);
        let mut fields = Vec::new();
        let order: Vec<String> = match self.selection.record.get(&name) {
            Some(chosen) if !chosen.order.is_empty() => chosen.order.clone(),
            // A warning or an error reads as the API documents it: code, message, time.
            _ => discriminator
                .iter()
                .cloned()
                .chain(["message".to_owned(), "created_at".to_owned()])
                .collect(),
        };
        for property in ordered(&schema.properties, &order) {
            if property.schema.deprecated || property.schema.undocumented {
                continue;
            }
            let child = Place {
                owner: &name,
                path: join(&place.path, &property.name),
                names: place.names,
                types: place.types,
                docs: place.docs,
                renames: place.renames,
            };
            let ty = if Some(&property.name) == discriminator.as_ref() {
                let enum_name = child.name(enum_name(&name, &property.name));
                Some(Ty::Enum(self.add_enum(
                    &enum_name,
                    &property.schema.enum_values,
                    &child,
                )?))
            } else if property.schema.kind.as_deref() == Some("object")
                && discriminator.is_some()
                && !place.types.contains_key(&child.path)
            {
                // Inside a union's record the variants' objects differ: kept as text.
                None
            } else {
                self.field_type(&property.schema, &child)?
            };
            let Some(ty) = ty else { continue };
            // A warning or an error needs its code and its message; nothing else is required.
            let required = Some(&property.name) == discriminator.as_ref()
                || (property.required
                    && is_error_like(schema)
                    && (property.name == "message" || property.name.ends_with("_code")));
            let presence = if required {
                Presence::Required
            } else if ty.is_list() {
                Presence::List { strict: false }
            } else {
                Presence::Optional
            };
            let renames_path = join(&place.path, &property.name);
            fields.push(Field {
                api: property.name.clone(),
                ident: ident(&renames_path, place.renames)
                    .or_else(|_| ident(&property.name, place.renames))?,
                doc: doc_of(place.docs, &renames_path, &ty),
                ty,
                presence,
                secret: false,
            });
        }
        let doc = self
            .selection
            .record
            .get(&name)
            .map(|r| r.doc.clone())
            .unwrap_or_else(|| format!("The `{}` of {}.", last(&place.path), article(place.owner)));
        self.add_record(Record {
            name: name.clone(),
            doc,
            kind: RecordKind::Nested,
            fields,
            other_metadata: false,
            keeps_unknown: true,
            results: Vec::new(),
            table: Vec::new(),
        })?;
        Ok(Ty::Record(name))
    }

    fn add_record(&mut self, record: Record) -> Result<(), String> {
        match self.records.iter().find(|r| r.name == record.name) {
            None => {
                self.records.push(record);
                Ok(())
            }
            Some(existing) => {
                let same =
                    existing.fields.len() == record.fields.len()
                        && existing.fields.iter().zip(&record.fields).all(|(a, b)| {
                            a.api == b.api && a.ty == b.ty && a.presence == b.presence
                        });
                if same {
                    Ok(())
                } else {
                    Err(format!(
                        "two different objects are both named {} (give one another name)",
                        record.name
                    ))
                }
            }
        }
    }

    /// Adds (or widens) an open enum; returns its name.
    fn add_enum(
        &mut self,
        name: &str,
        values: &[Value],
        place: &Place<'_>,
    ) -> Result<String, String> {
        let chosen = self.selection.enums.get(name);
        let mut new_values = Vec::new();
        for value in values {
            let Some(api) = value.as_str() else {
                return Err(format!(
                    "{}: enum value {value} is not a string",
                    place.path
                ));
            };
            new_values.push(EnumValue {
                api: api.to_owned(),
                variant: variant_name(api),
                doc: chosen
                    .and_then(|c| c.values.get(api))
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        let doc = chosen
            .map(|c| c.doc.clone())
            .unwrap_or_else(|| format!("The values of `{}`.", last(&place.path)));
        match self.enums.iter_mut().find(|e| e.name == name) {
            Some(existing) => {
                for value in new_values {
                    if !existing.values.iter().any(|v| v.api == value.api) {
                        existing.values.push(value);
                    }
                }
            }
            None => self.enums.push(Enum {
                name: name.to_owned(),
                doc,
                values: new_values,
            }),
        }
        let variants: BTreeSet<&str> = self
            .enums
            .iter()
            .filter(|e| e.name == name)
            .flat_map(|e| e.values.iter().map(|v| v.variant.as_str()))
            .collect();
        let count = self
            .enums
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.values.len())
            .sum::<usize>();
        if variants.len() != count || variants.contains("Other") {
            return Err(format!(
                "enum {name}: two values make the same variant name"
            ));
        }
        Ok(name.to_owned())
    }

    fn endpoint(
        &mut self,
        endpoint: &Endpoint,
        chosen: &EndpointSelection,
    ) -> Result<EndpointDef, String> {
        let mut segments: Vec<String> = endpoint
            .path
            .trim_start_matches('/')
            .split('/')
            .map(str::to_owned)
            .collect();
        let name = segments.pop().ok_or("empty path")?;
        let namespace = segments;
        let owner = pascal(&format!("{}_{}", namespace.join("_"), name));
        let mut params = Vec::new();
        for property in ordered_params(&endpoint.params, &chosen.order) {
            if chosen.skip.contains(&property.name)
                || property.schema.deprecated
                || property.schema.undocumented
                || property.schema.draft
            {
                continue;
            }
            params.push(self.param(property, chosen, &owner, "")?);
        }
        let shortcut_params = chosen
            .rust
            .values()
            .flatten()
            .map(|n| n.trim_end_matches('?').to_owned());
        for name in chosen
            .order
            .iter()
            .chain(chosen.one_of.iter().flatten())
            .cloned()
            .chain(shortcut_params)
        {
            if !params.iter().any(|p| p.api == name) {
                return Err(format!("{name} is in the selection but is not a parameter"));
            }
        }
        let mut one_of = chosen.one_of.clone();
        if !endpoint.alternatives.is_empty() && endpoint.alternatives.iter().all(|a| a.len() == 1) {
            let group: Vec<String> = endpoint.alternatives.iter().flatten().cloned().collect();
            if !one_of.contains(&group) {
                one_of.push(group);
            }
        }
        let retry = match chosen.retry.as_deref() {
            Some("read") => Retry::Read,
            Some("repeatable") => Retry::Repeatable,
            Some("create") => Retry::Create,
            Some(other) => return Err(format!("unknown retry class {other}")),
            None => match endpoint.method.as_str() {
                "GET" => Retry::Read,
                "POST" => Retry::Create,
                _ => Retry::Repeatable,
            },
        };
        let returns = self.returns(endpoint, chosen, &namespace)?;
        Ok(EndpointDef {
            path: endpoint.path.clone(),
            namespace,
            name,
            method: endpoint.method.clone(),
            retry,
            doc: chosen.doc.clone(),
            params,
            one_of,
            at_most_one: chosen.at_most_one.clone(),
            requires: chosen.requires.clone().into_iter().collect(),
            after: chosen.after.clone().into_iter().collect(),
            returns,
            client_session: endpoint
                .security
                .iter()
                .any(|s| s.starts_with("client_session")),
            action_attempt: endpoint.action_attempt.clone(),
            rust_shortcuts: chosen.rust.clone().into_iter().collect(),
        })
    }

    fn returns(
        &mut self,
        endpoint: &Endpoint,
        chosen: &EndpointSelection,
        namespace: &[String],
    ) -> Result<Returns, String> {
        if endpoint.action_attempt.is_some() {
            return Ok(Returns::ActionAttempt);
        }
        let (key, schema) = match (&endpoint.response, chosen.returns.as_deref()) {
            (_, Some("")) | (None, None) => return Ok(Returns::Nothing),
            (Some(answer), None) => (answer.key.clone(), Some(&answer.schema)),
            (_, Some(key)) => (key.to_owned(), None),
        };
        let model_of = |reference: Option<&str>| -> Result<String, String> {
            let api = chosen
                .model
                .as_deref()
                .or(reference)
                .ok_or_else(|| format!("say which model {key} reads as (`model = …`)"))?;
            let model = self
                .selection
                .model
                .get(api)
                .ok_or_else(|| format!("{key} is a {api}, which is not a selected model"))?;
            Ok(model.name.clone().unwrap_or_else(|| pascal(api)))
        };
        let is_list = schema.is_some_and(|s| s.kind.as_deref() == Some("array"));
        let reference = schema.and_then(|s| {
            s.reference
                .as_deref()
                .or_else(|| s.items.as_ref().and_then(|i| i.reference.as_deref()))
        });
        let reference = match (reference, chosen.returns.as_deref()) {
            (None, Some(key)) => Some(key),
            (r, _) => r,
        };
        let model = model_of(reference)?;
        if endpoint.paginated {
            let page = format!("{}Page", pascal(&namespace.join("_")));
            self.add_record(Record {
                name: page.clone(),
                doc: format!("One page of `{}.{}`.", namespace.join("."), "list"),
                kind: RecordKind::Page,
                fields: vec![
                    Field {
                        api: key.clone(),
                        ident: key.clone(),
                        ty: Ty::List(Box::new(Ty::Record(model.clone()))),
                        presence: Presence::List { strict: true },
                        doc: "The objects on this page.".to_owned(),
                        secret: false,
                    },
                    Field {
                        api: "pagination".to_owned(),
                        ident: "pagination".to_owned(),
                        ty: Ty::Record("Pagination".to_owned()),
                        presence: Presence::Required,
                        doc: "Whether more pages follow, and the cursor of the next.".to_owned(),
                        secret: false,
                    },
                ],
                other_metadata: false,
                keeps_unknown: false,
                results: Vec::new(),
                table: Vec::new(),
            })?;
            return Ok(Returns::Page {
                key,
                item: model,
                page,
            });
        }
        let ty = if is_list {
            Ty::List(Box::new(Ty::Record(model)))
        } else {
            Ty::Record(model)
        };
        Ok(Returns::One { key, ty })
    }

    fn param(
        &mut self,
        property: &Property,
        chosen: &EndpointSelection,
        owner: &str,
        prefix: &str,
    ) -> Result<Param, String> {
        let path = join(prefix, &property.name);
        let schema = &property.schema;
        let mut checks = Vec::new();
        let mut nested = Vec::new();
        let forced = chosen.types.get(&path);
        let element = match (schema.kind.as_deref(), &schema.items) {
            (Some("array"), Some(items)) => items.as_ref(),
            _ => schema,
        };
        let element_ty = match forced.map(String::as_str) {
            Some(forced) => forced_type(forced.trim_end_matches("[]"), self.selection)?,
            None => match element.kind.as_deref() {
                Some("string") if !element.enum_values.is_empty() => {
                    let name =
                        chosen.names.get(&path).cloned().ok_or_else(|| {
                            format!("name the enum of parameter {path} (`names`)")
                        })?;
                    let place = Place {
                        owner,
                        path: path.clone(),
                        names: &chosen.names,
                        types: &chosen.types,
                        docs: &chosen.params,
                        renames: &chosen.renames,
                    };
                    checks.push(Check::Known);
                    Ty::Enum(self.add_enum(&name, &element.enum_values, &place)?)
                }
                Some("string")
                    if element.format.as_deref() == Some("date-time")
                        || property.name.ends_with("_at") =>
                {
                    Ty::Timestamp
                }
                Some("string") => Ty::String,
                Some("boolean") => Ty::Bool,
                Some("integer") => Ty::Int,
                Some("number") => Ty::Float,
                Some("object") if !element.properties.is_empty() => {
                    let name =
                        chosen.names.get(&path).cloned().ok_or_else(|| {
                            format!("name the object of parameter {path} (`names`)")
                        })?;
                    let mut fields = Vec::new();
                    for member in &element.properties {
                        if member.schema.deprecated || member.schema.undocumented {
                            continue;
                        }
                        let member_param = self.param(member, chosen, &name, &path)?;
                        fields.push(Field {
                            api: member.name.clone(),
                            ident: member_param.ident.clone(),
                            ty: member_param.ty.clone(),
                            presence: if member_param.required {
                                Presence::Required
                            } else if member_param.ty.is_list() {
                                Presence::List { strict: false }
                            } else {
                                Presence::Optional
                            },
                            doc: member_param.doc.clone(),
                            secret: false,
                        });
                        nested.push(member_param);
                    }
                    self.add_record(Record {
                        name: name.clone(),
                        doc: self
                            .selection
                            .record
                            .get(&name)
                            .map(|r| r.doc.clone())
                            .unwrap_or_else(|| format!("The `{}` a call sends.", property.name)),
                        kind: RecordKind::Param,
                        fields,
                        other_metadata: false,
                        keeps_unknown: false,
                        results: Vec::new(),
                        table: Vec::new(),
                    })?;
                    Ty::Record(name)
                }
                _ => {
                    return Err(format!(
                        "parameter {path} has a type the generator does not map; say it in `types`"
                    ))
                }
            },
        };
        if let (Some("boolean"), [Value::Bool(only)]) =
            (element.kind.as_deref(), element.enum_values.as_slice())
        {
            checks.push(Check::Constant(*only));
        }
        if element.format.as_deref() == Some("uuid")
            || chosen.check.get(&path).map(String::as_str) == Some("id")
        {
            checks.push(Check::Id);
        }
        if element.pattern.as_deref() == Some("^\\d+$")
            || chosen.check.get(&path).map(String::as_str) == Some("digits")
        {
            checks.push(Check::Digits);
        }
        if let Some(n) = element.min_length {
            checks.push(Check::MinLength(n));
        } else if chosen.check.get(&path).map(String::as_str) == Some("not_empty") {
            checks.push(Check::MinLength(1));
        }
        if let Some(n) = element.max_length {
            checks.push(Check::MaxLength(n));
        }
        if let Some(n) = element.minimum {
            checks.push(Check::Minimum(n));
        }
        if let Some(n) = element.maximum {
            checks.push(Check::Maximum(n));
        }
        if chosen.check.get(&path).map(String::as_str) == Some("positive") {
            checks.retain(|c| !matches!(c, Check::Minimum(_)));
            checks.push(Check::Minimum(1.0));
        }
        let is_list =
            schema.kind.as_deref() == Some("array") || forced.is_some_and(|f| f.ends_with("[]"));
        if is_list {
            if let Some(n) = schema.min_items {
                checks.push(Check::MinItems(n));
            }
            if let Some(n) = schema.max_items {
                checks.push(Check::MaxItems(n));
            }
        }
        let ty = if is_list {
            Ty::List(Box::new(element_ty))
        } else {
            element_ty
        };
        Ok(Param {
            api: property.name.clone(),
            ident: ident(&path, &chosen.renames)
                .or_else(|_| ident(&property.name, &chosen.renames))?,
            doc: doc_of(&chosen.params, &path, &ty),
            ty,
            required: property.required,
            checks,
            nested,
        })
    }
}

/// A model's columns for people: the selection's `table`, or its identifying fields then the
/// fields that name it.
fn table(fields: &[Field], chosen: &ModelSelection) -> Result<Vec<String>, String> {
    const NAMES: [&str; 5] = ["display_name", "name", "full_name", "email_address", "url"];
    if !chosen.table.is_empty() {
        if let Some(unknown) = chosen
            .table
            .iter()
            .find(|c| !fields.iter().any(|f| &f.api == *c))
        {
            return Err(format!("table column {unknown} is not a field"));
        }
        return Ok(chosen.table.clone());
    }
    let mut columns = chosen.identify.clone();
    for field in fields {
        if NAMES.contains(&field.api.as_str()) && !columns.contains(&field.api) {
            columns.push(field.api.clone());
        }
    }
    Ok(columns)
}

fn forced_type(forced: &str, selection: &Selection) -> Result<Ty, String> {
    Ok(match forced {
        "timestamp" => Ty::Timestamp,
        "string" => Ty::String,
        "integer" => Ty::Int,
        "boolean" => Ty::Bool,
        "number" => Ty::Float,
        model => match selection.model.get(model) {
            Some(m) => Ty::Record(m.name.clone().unwrap_or_else(|| pascal(model))),
            None => return Err(format!("unknown type {model} in `types`")),
        },
    })
}

/// A union of objects as one object: the members of every variant (`extra: None`), or those
/// every variant has plus `extra`; a member with a single enum value per variant becomes an
/// enum of all of them.
fn flatten_union(schema: &Schema, extra: Option<&[String]>) -> Schema {
    let variants = &schema.one_of;
    let mut properties: Vec<Property> = Vec::new();
    let in_all = |name: &str| variants.iter().all(|v| v.property(name).is_some());
    for variant in variants {
        for property in &variant.properties {
            let wanted = match extra {
                None => true,
                Some(extra) => in_all(&property.name) || extra.contains(&property.name),
            };
            if !wanted {
                continue;
            }
            match properties.iter_mut().find(|p| p.name == property.name) {
                Some(existing) => {
                    for value in &property.schema.enum_values {
                        if !existing.schema.enum_values.contains(value) {
                            existing.schema.enum_values.push(value.clone());
                        }
                    }
                    existing.required &= property.required;
                    if existing.schema.kind.is_none() {
                        existing.schema = Schema {
                            enum_values: existing.schema.enum_values.clone(),
                            ..property.schema.clone()
                        };
                    }
                }
                None => properties.push(property.clone()),
            }
        }
    }
    for property in &mut properties {
        property.required &= in_all(&property.name);
    }
    properties.sort_by(|a, b| a.name.cmp(&b.name));
    Schema {
        kind: Some("object".to_owned()),
        properties,
        ..Schema::default()
    }
}

/// The member of a flattened union whose value names the variant (`warning_code`).
fn discriminator_of(schema: &Schema) -> Option<String> {
    schema
        .properties
        .iter()
        .find(|p| {
            p.required
                && p.schema.kind.as_deref() == Some("string")
                && p.schema.enum_values.len() > 1
                && (p.name.ends_with("_code") || p.name.ends_with("_type"))
        })
        .map(|p| p.name.clone())
}

/// A warning, an error or a pending mutation: an object with a code and a message.
fn is_error_like(schema: &Schema) -> bool {
    schema.property("message").is_some()
        && schema.properties.iter().any(|p| p.name.ends_with("_code"))
}

/// The default name of an enum field: `AcsCredentialWarning` + `warning_code` makes
/// `AcsCredentialWarningCode`; other fields append their name.
fn enum_name(owner: &str, field: &str) -> String {
    if field.ends_with("_code") {
        format!("{owner}Code")
    } else {
        format!("{owner}{}", pascal(field))
    }
}

fn const_value<'a>(schema: &'a Schema, name: &str) -> Option<&'a str> {
    schema
        .property(name)
        .and_then(|p| p.schema.enum_values.first())
        .and_then(Value::as_str)
}

fn ordered<'a>(properties: &'a [Property], order: &[String]) -> Vec<&'a Property> {
    let mut out: Vec<&Property> = order
        .iter()
        .filter_map(|name| properties.iter().find(|p| &p.name == name))
        .collect();
    out.extend(properties.iter().filter(|p| !order.contains(&p.name)));
    out
}

/// Parameters in the selection's order, then the required ones, then the rest by name.
fn ordered_params<'a>(params: &'a [Property], order: &[String]) -> Vec<&'a Property> {
    let mut out: Vec<&Property> = order
        .iter()
        .filter_map(|name| params.iter().find(|p| &p.name == name))
        .collect();
    let rest = params.iter().filter(|p| !order.contains(&p.name));
    let (required, optional): (Vec<&Property>, Vec<&Property>) = rest.partition(|p| p.required);
    out.extend(required);
    out.extend(optional);
    out
}

fn ident(path: &str, renames: &BTreeMap<String, String>) -> Result<String, String> {
    if let Some(renamed) = renames.get(path) {
        return Ok(renamed.clone());
    }
    let name = last(path).to_snake_case();
    if KEYWORDS.contains(&name.as_str()) {
        return Err(format!(
            "`{path}` is a keyword in some language: rename it (`renames`)"
        ));
    }
    Ok(name)
}

fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix("ses") {
        format!("{stem}s")
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_owned()
    } else {
        word.to_owned()
    }
}

/// The variant of an API value: `mobile_key` → `MobileKey`, `TLCode` → `TlCode`,
/// `acs_user.created` → `AcsUserCreated`.
pub fn variant_name(api: &str) -> String {
    let words: String = api
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = pascal(&words);
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("V{name}")
    } else {
        name
    }
}

fn article(owner: &str) -> String {
    let words = owner.to_snake_case().replace('_', " ");
    if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {words}")
    } else {
        format!("a {words}")
    }
}

/// The selection's sentence for a field, or a plain one made from its name and type.
fn doc_of(docs: &BTreeMap<String, String>, path: &str, ty: &Ty) -> String {
    if let Some(doc) = docs.get(path) {
        return doc.clone();
    }
    let name = last(path);
    if let Some(doc) = COMMON.with(|common| common.borrow().get(name).cloned()) {
        return doc;
    }
    let words = |text: &str| {
        text.replace('_', " ")
            .replace("acs ", "ACS ")
            .replace("ids", "IDs")
    };
    if let Some(stem) = name.strip_suffix("_ids") {
        format!("IDs of the {}s.", words(stem))
    } else if let Some(stem) = name.strip_suffix("_id") {
        format!("ID of the {}.", words(stem))
    } else if let Some(stem) = name.strip_prefix("is_") {
        format!("Whether it is {}.", words(stem))
    } else if let Some(stem) = name.strip_prefix("can_") {
        format!("Whether it can {}.", words(stem))
    } else if let Some(stem) = name.strip_suffix("_at") {
        format!("When it was {}.", words(stem))
    } else if *ty == Ty::Bool {
        format!("Whether {}.", words(name))
    } else {
        let mut text = words(name);
        if let Some(first) = text.get(..1) {
            text = format!(
                "{}{}",
                first.to_uppercase(),
                text.get(1..).unwrap_or_default()
            );
        }
        format!("{text}.")
    }
}

fn namespaces(endpoints: &[EndpointDef], selection: &Selection) -> Result<Vec<Namespace>, String> {
    let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
    paths.insert(Vec::new());
    for endpoint in endpoints {
        for len in 1..=endpoint.namespace.len() {
            paths.insert(endpoint.namespace.get(..len).unwrap_or_default().to_vec());
        }
    }
    let mut out = Vec::new();
    for path in &paths {
        let key = path.join(".");
        let doc = if path.is_empty() {
            String::new()
        } else {
            selection
                .namespaces
                .get(&key)
                .cloned()
                .ok_or_else(|| format!("namespace {key}: give it a doc in [namespaces]"))?
        };
        let children = paths
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(path))
            .filter_map(|p| p.last().cloned())
            .collect();
        let endpoints = endpoints
            .iter()
            .enumerate()
            .filter(|(_, e)| &e.namespace == path)
            .map(|(i, _)| i)
            .collect();
        out.push(Namespace {
            path: path.clone(),
            doc,
            children,
            endpoints,
        });
    }
    Ok(out)
}
