//! The Python package's per-endpoint and per-field code (`bindings/python/seam_core/_api.py`):
//! the enums (strings), the models (dataclasses read from the core's normalized JSON), the
//! parameter objects, and every namespace, blocking and async, with keyword-only typed
//! arguments. It stands on the hand-written `_runtime.py`.

use askama::Template;
use heck::ToShoutySnakeCase;

use crate::docs;
use crate::ir::{
    pascal, Api, EndpointDef, Field, Namespace, Param, Presence, Record, RecordKind, Returns, Ty,
};
use crate::Output;

/// The annotation of a model's value.
fn annotation(ty: &Ty) -> String {
    match ty {
        Ty::String => "str".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Int => "int".to_owned(),
        Ty::Float => "float".to_owned(),
        Ty::Timestamp => "datetime.datetime".to_owned(),
        Ty::Enum(name) | Ty::Record(name) => name.clone(),
        Ty::List(item) => format!("List[{}]", annotation(item)),
    }
}

/// The annotation of an argument: enums also as the API's string, objects also as dicts.
fn arg_annotation(ty: &Ty) -> String {
    match ty {
        Ty::Enum(name) => format!("Union[{name}, str]"),
        Ty::Record(name) => format!("Union[{name}, Mapping[str, Any]]"),
        Ty::List(item) => format!("Sequence[{}]", arg_annotation(item)),
        other => annotation(other),
    }
}

/// What a list argument's items are, for its `TypeError`.
fn item_kind(ty: &Ty) -> String {
    match ty {
        Ty::Enum(name) => format!("str or {name}"),
        Ty::Record(name) => format!("{name} or dict"),
        other => annotation(other),
    }
}

/// The expression that checks and converts argument `value` named `name` into its JSON.
fn to_json(ty: &Ty, name: &str, value: &str) -> String {
    match ty {
        Ty::String => format!("_r.check({name}, {value}, str, \"str\")"),
        Ty::Bool => format!("_r.check({name}, {value}, bool, \"bool\")"),
        Ty::Int => format!("_r.check({name}, {value}, int, \"int\")"),
        Ty::Float => format!("_r.check({name}, {value}, (int, float), \"a number\")"),
        Ty::Timestamp => format!("_r.moment({name}, {value})"),
        Ty::Enum(_) => format!("_r.enum_text({name}, {value})"),
        Ty::Record(record) => format!("_r.record({name}, {value}, {record})"),
        Ty::List(item) => match item.as_ref() {
            Ty::String => format!("_r.text_list({name}, {value})"),
            Ty::Timestamp => format!("_r.moments({name}, {value})"),
            other => format!(
                "[{} for _i, _v in _r.items({name}, {value}, \"{}\")]",
                to_json(other, &format!("{name} + f\"[{{_i}}]\""), "_v"),
                item_kind(other)
            ),
        },
    }
}

/// The statement that turns the normalized JSON member `d["name"]` into its Python value, or
/// nothing when the JSON value is the Python value.
fn from_json(ty: &Ty, access: &str) -> Option<String> {
    match ty {
        Ty::Timestamp => Some(format!("_r.time({access})")),
        // The known value's instance by one dict lookup (a call of `_of` only for the others).
        Ty::Enum(name) => Some(format!(
            "{name}._values.get({access}) or {name}._of({access})"
        )),
        Ty::Record(name) => Some(format!("{name}._from({access})")),
        Ty::List(item) => from_json(item, "_x").map(|each| format!("[{each} for _x in {access}]")),
        _ => None,
    }
}

pub struct FieldView {
    pub name: String,
    /// The API's name, when it differs.
    pub api: Option<String>,
    pub annotation: String,
    pub default: String,
    pub doc: String,
    /// `(conversion, always present)`.
    pub convert: Option<String>,
    pub fill: Option<String>,
    /// A timestamp read when first asked for (`_r.lazy_times`), not by `_from`.
    pub lazy: bool,
    /// A list that is empty when absent, made when first asked for (`_r.lazy_defaults`).
    pub lazy_list: bool,
}

pub struct ModelView {
    pub name: String,
    pub doc: String,
    pub api: String,
    pub fields: Vec<FieldView>,
    pub always: Vec<String>,
    pub secrets: Vec<String>,
    pub results: Vec<(String, String)>,
    pub other_metadata: bool,
    pub keeps_unknown: bool,
    /// The keyword parameters of the model's `__init__`, every field in order (written out
    /// rather than made by `dataclasses` with `exec` at import: see BENCHMARKS.md, cold start).
    pub init: Vec<InitParam>,
}

/// One keyword parameter of a model's `__init__`.
pub struct InitParam {
    pub name: String,
    pub annotation: String,
    /// ` = None`, ` = True`, ` = _r.NEW` (a new empty list or map), or nothing (required).
    pub default: String,
    /// What the field is set to.
    pub value: String,
}

impl InitParam {
    fn new(name: &str, annotation: &str, default: &str) -> Self {
        let (default, value) = match default {
            " = dataclasses.field(default_factory=list)" => (
                " = _r.NEW".to_owned(),
                format!("[] if {name} is _r.NEW else {name}"),
            ),
            " = dataclasses.field(default_factory=dict)" => (
                " = _r.NEW".to_owned(),
                format!("{{}} if {name} is _r.NEW else {name}"),
            ),
            other => (other.to_owned(), name.to_owned()),
        };
        Self {
            name: name.to_owned(),
            annotation: annotation.to_owned(),
            default,
            value,
        }
    }
}

fn field_view(field: &Field) -> FieldView {
    let annotation = match field.presence {
        Presence::Optional => format!("Optional[{}]", annotation(&field.ty)),
        _ => annotation(&field.ty),
    };
    let default = match (&field.presence, &field.ty) {
        (Presence::Required, _) => String::new(),
        (Presence::List { .. }, _) => " = dataclasses.field(default_factory=list)".to_owned(),
        (Presence::Defaulted(value), _) => format!(" = {}", if *value { "True" } else { "False" }),
        _ => " = None".to_owned(),
    };
    let access = format!("d[\"{}\"]", field.ident);
    // Most reads of a list never look at most timestamps: each is converted from the core's
    // text on first access instead of for every object (see `_runtime.LazyTime`).
    let lazy = field.ty == Ty::Timestamp;
    FieldView {
        name: field.ident.clone(),
        api: (field.api != field.ident).then(|| field.api.clone()),
        annotation,
        default,
        doc: docs::block(&field.doc, "", 4).trim().to_owned(),
        convert: if lazy {
            None
        } else {
            from_json(&field.ty, &access)
        },
        // A list the API left out is made empty when first asked for (`_r.lazy_defaults`).
        fill: None,
        lazy,
        lazy_list: matches!(field.presence, Presence::List { .. }),
    }
}

impl ModelView {
    /// Whether a field is read when first asked for.
    pub fn has_lazy(&self) -> bool {
        self.fields.iter().any(|f| f.lazy)
    }

    /// Whether a field's empty default is made only when it is asked for.
    pub fn has_lazy_defaults(&self) -> bool {
        self.other_metadata || self.keeps_unknown || self.fields.iter().any(|f| f.lazy_list)
    }
}

fn model_view(record: &Record) -> ModelView {
    let fields: Vec<FieldView> = record.fields.iter().map(field_view).collect();
    let mut init: Vec<InitParam> = fields
        .iter()
        .map(|f| InitParam::new(&f.name, &f.annotation, &f.default))
        .collect();
    if !record.results.is_empty() {
        init.push(InitParam::new("result", "Any", " = None"));
    }
    if record.other_metadata {
        init.push(InitParam::new(
            "other_metadata",
            "Dict[str, str]",
            " = dataclasses.field(default_factory=dict)",
        ));
    }
    if record.keeps_unknown {
        init.push(InitParam::new(
            "unknown_fields",
            "Dict[str, str]",
            " = dataclasses.field(default_factory=dict)",
        ));
    }
    ModelView {
        init,
        name: record.name.clone(),
        doc: docs::block(&record.doc, "", 4).trim().to_owned(),
        api: record.api_name().unwrap_or_default().to_owned(),
        fields,
        always: record
            .fields
            .iter()
            .filter(|f| matches!(f.presence, Presence::List { strict: true }))
            .map(|f| f.api.clone())
            .collect(),
        secrets: record
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.ident.clone())
            .collect(),
        results: record
            .results
            .iter()
            .map(|r| (r.action_type.clone(), annotation(&r.ty)))
            .collect(),
        other_metadata: record.other_metadata,
        keeps_unknown: record.keeps_unknown,
    }
}

pub struct ParamRecordView {
    pub name: String,
    pub doc: String,
    /// (ident, annotation, converter lambda)
    pub fields: Vec<(String, String, String)>,
    pub renames: Vec<(String, String)>,
}

pub struct ArgView {
    pub name: String,
    pub api: String,
    pub annotation: String,
    pub required: bool,
    pub default: String,
    pub convert: String,
}

fn arg_view(param: &Param) -> ArgView {
    let annotation = if param.required || param.ty.is_list() {
        arg_annotation(&param.ty)
    } else {
        format!("Optional[{}]", arg_annotation(&param.ty))
    };
    ArgView {
        name: param.ident.clone(),
        api: param.api.clone(),
        annotation,
        required: param.required,
        default: if param.required {
            String::new()
        } else if param.ty.is_list() {
            " = ()".to_owned()
        } else {
            " = None".to_owned()
        },
        convert: to_json(&param.ty, &format!("\"{}\"", param.api), &param.ident),
    }
}

pub struct MethodView {
    pub name: String,
    pub operation: String,
    pub doc: String,
    pub args: Vec<ArgView>,
    pub returns: String,
    pub read: String,
    pub aa: bool,
    /// (items key, item class) for a paginated list.
    pub page: Option<(String, String)>,
    pub list_args: Vec<ArgView>,
    pub list_all_doc: String,
}

fn method_view(endpoint: &EndpointDef) -> MethodView {
    let mut args: Vec<ArgView> = endpoint.params.iter().map(arg_view).collect();
    // Keyword-only in Python: required first, in the document's order, then the rest.
    args.sort_by_key(|a| !a.required);
    let (returns, read) = match &endpoint.returns {
        Returns::Nothing => ("None".to_owned(), "_result".to_owned()),
        Returns::One {
            ty: Ty::List(item), ..
        } => (
            format!("List[{}]", annotation(item)),
            format!(
                "[{} for _x in _result]",
                from_json(item, "_x").unwrap_or_else(|| "_x".to_owned())
            ),
        ),
        Returns::One { ty, .. } => (
            annotation(ty),
            from_json(ty, "_result").unwrap_or_else(|| "_result".to_owned()),
        ),
        Returns::Page { page, .. } => (page.clone(), format!("{page}._from(_result)")),
        Returns::ActionAttempt => (
            "ActionAttempt".to_owned(),
            "ActionAttempt._from(_result)".to_owned(),
        ),
    };
    let mut doc = format!(
        "{} (`{} {}`)",
        endpoint.doc.trim_end_matches('.'),
        endpoint.method,
        endpoint.path
    );
    if !endpoint.params.is_empty() {
        doc.push_str(". Every argument is checked before anything is sent; one that is refused raises `InvalidInput`, naming it.");
    } else {
        doc.push('.');
    }
    MethodView {
        name: endpoint.name.clone(),
        operation: endpoint.operation(),
        doc: docs::block(&doc, "", 8).trim().to_owned(),
        list_args: args
            .iter()
            .filter(|a| a.api != "page_cursor")
            .map(|a| ArgView {
                name: a.name.clone(),
                api: a.api.clone(),
                annotation: a.annotation.clone(),
                required: a.required,
                default: a.default.clone(),
                convert: a.convert.clone(),
            })
            .collect(),
        list_all_doc: docs::block(&docs::list_all(&endpoint.name), "", 8)
            .trim()
            .to_owned(),
        args,
        returns,
        read,
        aa: endpoint.action_attempt.is_some(),
        page: match &endpoint.returns {
            Returns::Page { key, item, .. } => Some((key.clone(), item.clone())),
            _ => None,
        },
    }
}

pub struct NamespaceView {
    pub name: String,
    pub doc: String,
    /// (accessor, class, doc)
    pub children: Vec<(String, String, String)>,
    pub methods: Vec<MethodView>,
}

fn namespace_view(api: &Api, namespace: &Namespace) -> NamespaceView {
    NamespaceView {
        name: namespace.type_name(),
        doc: docs::block(&namespace.doc, "", 4).trim().to_owned(),
        children: namespace
            .children
            .iter()
            .map(|c| {
                let path = namespace.child_path(c);
                let doc = api
                    .namespace(&path)
                    .map(|n| n.doc.clone())
                    .unwrap_or_default();
                (
                    c.clone(),
                    pascal(&path.join("_")),
                    docs::block(&doc, "", 8).trim().to_owned(),
                )
            })
            .collect(),
        methods: namespace
            .endpoints
            .iter()
            .filter_map(|&i| api.endpoints.get(i))
            .map(method_view)
            .collect(),
    }
}

/// An enum: its name, doc, and values (member, the API's value, `is_…` name).
type EnumView = (String, String, Vec<(String, String, String)>);

#[derive(Template)]
#[template(path = "python/api.py", escape = "none")]
struct ApiFile {
    enums: Vec<EnumView>,
    models: Vec<ModelView>,
    params: Vec<ParamRecordView>,
    root: NamespaceView,
    namespaces: Vec<NamespaceView>,
    exports: Vec<String>,
}

fn param_record_view(record: &Record) -> ParamRecordView {
    ParamRecordView {
        name: record.name.clone(),
        doc: docs::block(&record.doc, "", 4).trim().to_owned(),
        fields: record
            .fields
            .iter()
            .map(|f| {
                let annotation = if f.ty.is_list() {
                    format!(
                        "Sequence[{}]",
                        arg_annotation(match &f.ty {
                            Ty::List(item) => item,
                            other => other,
                        })
                    )
                } else {
                    format!("Optional[{}]", arg_annotation(&f.ty))
                };
                let convert = format!("lambda _n, _v: {}", to_json(&f.ty, "_n", "_v"));
                (f.ident.clone(), annotation, convert)
            })
            .collect(),
        renames: record
            .fields
            .iter()
            .filter(|f| f.ident != f.api)
            .map(|f| (f.ident.clone(), f.api.clone()))
            .collect(),
    }
}

pub fn generate(api: &Api) -> Result<Vec<Output>, String> {
    let enums = api
        .enums
        .iter()
        .map(|e| {
            (
                e.name.clone(),
                docs::block(&e.doc, "", 4).trim().to_owned(),
                e.values
                    .iter()
                    .map(|v| {
                        let member = v.variant.to_shouty_snake_case();
                        (member.clone(), v.api.clone(), member.to_lowercase())
                    })
                    .collect(),
            )
        })
        .collect();
    let models: Vec<ModelView> = api
        .records
        .iter()
        .filter(|r| r.kind != RecordKind::Param)
        .map(model_view)
        .collect();
    let params = api
        .records
        .iter()
        .filter(|r| r.kind == RecordKind::Param)
        .map(param_record_view)
        .collect();
    let mut exports: Vec<String> = api.enums.iter().map(|e| e.name.clone()).collect();
    exports.extend(api.records.iter().map(|r| r.name.clone()));
    exports.push("Pagination".to_owned());
    let mut namespaces = Vec::new();
    let mut root = None;
    for namespace in &api.namespaces {
        let view = namespace_view(api, namespace);
        if namespace.path.is_empty() {
            root = Some(view);
        } else {
            exports.push(view.name.clone());
            exports.push(format!("Async{}", view.name));
            namespaces.push(view);
        }
    }
    let root = root.ok_or("no root namespace")?;
    exports.sort();
    let text = ApiFile {
        enums,
        models,
        params,
        root,
        namespaces,
        exports,
    }
    .render()
    .map_err(|e| e.to_string())?;
    Ok(vec![Output {
        path: "bindings/python/seam_core/_api.py".to_owned(),
        text,
    }])
}
