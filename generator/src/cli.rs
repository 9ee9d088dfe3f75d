//! The command line's per-endpoint code (`bindings/cli/src/generated.rs`): the clap command of
//! every endpoint in its namespaces (`seam-core acs users create`), its options named after the
//! API's parameters, its help from our docs, the conversion of the parsed options into the
//! call's parameters (a JSON object of the API's names), and the columns of `--format table`.
//!
//! Option names: a parameter's name in kebab case (`--acs-user-id`); a list's singular,
//! repeated (`--allowed-acs-entrance-id`), or its plural when the singular is another
//! parameter's name (`--acs-system-ids` beside `--acs-system-id`); a parameter object's
//! members as `--<object without _metadata>-<member>` (`--visionline-card-format`). What does
//! not fit an option (a list of objects, a map) is one JSON option (`--requested-access-method
//! '{"mode": "code"}'`, repeated, or a JSON array).

use std::collections::BTreeSet;

use askama::Template;
use heck::ToKebabCase;

use crate::ir::{singular, Api, Check, EndpointDef, Param, Returns, Ty};
use crate::rust::HEADER;
use crate::Output;

/// Options every endpoint command has already (hand-written in `bindings/cli/src/cli.rs`):
/// no parameter may take their names.
const RESERVED: [&str; 18] = [
    "help",
    "version",
    "endpoint",
    "timeout",
    "max-retries",
    "workspace-id",
    "format",
    "no-wait",
    "wait-timeout",
    "all",
    "input",
    "concurrency",
    "resume",
    "progress",
    "api-key",
    "personal-access-token",
    "client-session-token",
    "header",
];

/// Enums with more values than this list none in the help (completions still know them).
const HELP_VALUES: usize = 12;

/// How an option's text becomes its parameter's value (see `bindings/cli/src/options.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Float,
    Flag,
    Time,
    Json,
}

/// One option of an endpoint's command.
struct Opt {
    /// The clap id: the parameter's path of API names (`visionline_metadata.card_format`).
    id: String,
    long: String,
    path: Vec<String>,
    kind: Kind,
    list: bool,
    value_name: &'static str,
    help: String,
    heading: Option<String>,
    /// Known values of an open enum.
    values: Vec<String>,
    required: bool,
    /// Exactly one of these (the other members of its group; clap checks it).
    one_of: Vec<String>,
    /// Not with these.
    conflicts: Vec<String>,
}

fn lit(text: &str) -> String {
    format!("{text:?}")
}

fn kebab(name: &str) -> String {
    name.to_kebab_case()
}

/// The first sentence of a doc: the short help.
fn about(doc: &str) -> String {
    let text = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text.get(..=end).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// The scalar kind of a value, or `None` for what only JSON can say.
fn kind(ty: &Ty) -> Option<Kind> {
    Some(match ty {
        Ty::String | Ty::Enum(_) => Kind::Text,
        Ty::Int => Kind::Int,
        Ty::Float => Kind::Float,
        Ty::Bool => Kind::Flag,
        Ty::Timestamp => Kind::Time,
        Ty::Record(_) | Ty::List(_) => return None,
    })
}

fn value_name(kind: Kind, param: &Param) -> &'static str {
    match kind {
        Kind::Text if param.checks.contains(&Check::Id) => "ID",
        Kind::Text if matches!(element(&param.ty), Ty::Enum(_)) => "VALUE",
        Kind::Text => "TEXT",
        Kind::Int => "N",
        Kind::Float => "NUMBER",
        Kind::Flag => "BOOL",
        Kind::Time => "TIME",
        Kind::Json => "JSON",
    }
}

fn element(ty: &Ty) -> &Ty {
    match ty {
        Ty::List(item) => item,
        other => other,
    }
}

struct Builder<'a> {
    api: &'a Api,
    endpoint: &'a EndpointDef,
    options: Vec<Opt>,
}

impl Builder<'_> {
    /// The options of `param`: one, or one per member of a parameter object.
    fn param(
        &mut self,
        param: &Param,
        path: &[String],
        prefix: &str,
        heading: Option<&str>,
    ) -> Result<(), String> {
        let mut path = path.to_vec();
        path.push(param.api.clone());
        let name = if prefix.is_empty() {
            kebab(&param.api)
        } else {
            format!("{prefix}-{}", kebab(&param.api))
        };
        if let Ty::Record(record) = &param.ty {
            if !param.nested.is_empty() && self.api.record(record).is_some() {
                let prefix = kebab(param.api.strip_suffix("_metadata").unwrap_or(&param.api));
                let prefix = if heading.is_some() {
                    name.clone()
                } else {
                    prefix
                };
                let heading = path.join(".");
                for member in &param.nested {
                    self.param(member, &path, &prefix, Some(&heading))?;
                }
                return Ok(());
            }
        }
        let (kind, list) = match (&param.ty, kind(element(&param.ty))) {
            (Ty::List(_), Some(kind)) if kind != Kind::Flag => (kind, true),
            (Ty::List(item), _) if matches!(**item, Ty::Record(_)) => (Kind::Json, true),
            (ty, Some(kind)) if !ty.is_list() => (kind, false),
            _ => (Kind::Json, false),
        };
        let long = if list {
            let one = match name.rsplit_once('-') {
                Some((head, last)) => format!("{head}-{}", singular(last)),
                None => singular(&name),
            };
            let taken = self.endpoint.params.iter().any(|p| kebab(&p.api) == one)
                || self.options.iter().any(|o| o.long == one);
            if taken {
                name
            } else {
                one
            }
        } else {
            name
        };
        let mut help = param.doc.trim().to_owned();
        if !help.ends_with('.') {
            help.push('.');
        }
        help.push_str(match (kind, list) {
            (Kind::Json, true) => {
                " As JSON: an object per option (repeat for several), or an array."
            }
            (Kind::Json, false) => " As JSON.",
            (Kind::Time, false) => " RFC 3339 with an offset (2024-04-12T03:56:22Z).",
            (Kind::Time, true) => {
                " RFC 3339 with an offset (2024-04-12T03:56:22Z); repeat for several."
            }
            (Kind::Flag, _) => " Alone, it means true.",
            (_, true) => " Repeat for several.",
            _ => "",
        });
        let values = match element(&param.ty) {
            Ty::Enum(name) => self
                .api
                .enumeration(name)
                .map(|e| e.values.iter().map(|v| v.api.clone()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let required = param.required && heading.is_none();
        if required {
            help.push_str(" Required (or in each line of --input).");
        }
        self.options.push(Opt {
            id: path.join("."),
            long,
            path,
            kind,
            list,
            value_name: value_name(kind, param),
            help,
            heading: heading.map(str::to_owned),
            values,
            required,
            one_of: Vec::new(),
            conflicts: Vec::new(),
        });
        Ok(())
    }

    /// Exactly-one and at-most-one groups, where every member is one option.
    fn groups(&mut self) {
        let single = |options: &[Opt], group: &[String]| {
            group.iter().all(|name| {
                options
                    .iter()
                    .filter(|o| o.path.first() == Some(name))
                    .count()
                    == 1
            })
        };
        for group in &self.endpoint.one_of {
            if !single(&self.options, group) {
                continue;
            }
            let longs: Vec<String> = group
                .iter()
                .filter_map(|n| self.options.iter().find(|o| &o.id == n))
                .map(|o| format!("--{}", o.long))
                .collect();
            for option in self.options.iter_mut().filter(|o| group.contains(&o.id)) {
                option.one_of = group.iter().filter(|n| **n != option.id).cloned().collect();
                option.conflicts.extend(option.one_of.clone());
                option.help.push_str(&format!(
                    " Exactly one of {} (or in each line of --input).",
                    longs.join(", ")
                ));
            }
        }
        for group in &self.endpoint.at_most_one {
            if !single(&self.options, group) {
                continue;
            }
            for option in self.options.iter_mut().filter(|o| group.contains(&o.id)) {
                for other in group.iter().filter(|n| **n != option.id) {
                    if !option.conflicts.contains(other) {
                        option.conflicts.push(other.clone());
                    }
                }
            }
        }
    }

    fn check_names(&self) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for option in &self.options {
            if RESERVED.contains(&option.long.as_str()) {
                return Err(format!(
                    "{}: parameter {} would be the option --{}, which the command line already has",
                    self.endpoint.operation(),
                    option.id,
                    option.long
                ));
            }
            if !seen.insert(option.long.clone()) {
                return Err(format!(
                    "{}: two parameters would be the option --{}",
                    self.endpoint.operation(),
                    option.long
                ));
            }
        }
        Ok(())
    }
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| lit(n)).collect::<Vec<_>>().join(", ")
}

fn arg(option: &Opt) -> String {
    let mut out = format!(
        "Arg::new({}).long({}).value_name({}).help({})",
        lit(&option.id),
        lit(&option.long),
        lit(option.value_name),
        lit(&option.help)
    );
    match option.kind {
        Kind::Int => out.push_str(".value_parser(clap::value_parser!(i64))"),
        Kind::Float => out.push_str(".value_parser(clap::value_parser!(f64))"),
        Kind::Flag => out.push_str(
            ".value_parser(clap::value_parser!(bool)).num_args(0..=1).default_missing_value(\"true\")",
        ),
        Kind::Text if !option.values.is_empty() => {
            out.push_str(&format!(".value_parser(open(&[{}]))", quoted(&option.values)));
            if option.values.len() > HELP_VALUES {
                out.push_str(".hide_possible_values(true)");
            }
        }
        _ => {}
    }
    if option.list {
        out.push_str(".action(ArgAction::Append)");
    }
    if let Some(heading) = &option.heading {
        out.push_str(&format!(".help_heading({})", lit(heading)));
    }
    if option.required {
        out.push_str(".required_unless_present(INPUT)");
    } else if !option.one_of.is_empty() {
        let mut others = option.one_of.clone();
        others.push("INPUT".to_owned());
        let items: Vec<String> = others
            .iter()
            .map(|n| if n == "INPUT" { n.clone() } else { lit(n) })
            .collect();
        out.push_str(&format!(
            ".required_unless_present_any([{}])",
            items.join(", ")
        ));
    }
    if !option.conflicts.is_empty() {
        out.push_str(&format!(
            ".conflicts_with_all([{}])",
            quoted(&option.conflicts)
        ));
    }
    out
}

fn conversion(option: &Opt) -> String {
    let path = format!("&[{}]", quoted(&option.path));
    let id = lit(&option.id);
    let flag = lit(&format!("--{}", option.long));
    match (option.kind, option.list) {
        (Kind::Text, false) => format!("p.text({id}, {path});"),
        (Kind::Text, true) => format!("p.texts({id}, {path});"),
        (Kind::Int, false) => format!("p.int({id}, {path});"),
        (Kind::Int, true) => format!("p.ints({id}, {path});"),
        (Kind::Float, false) => format!("p.float({id}, {path});"),
        (Kind::Float, true) => format!("p.floats({id}, {path});"),
        (Kind::Flag, _) => format!("p.flag({id}, {path});"),
        (Kind::Time, false) => format!("p.time({id}, {flag}, {path})?;"),
        (Kind::Time, true) => format!("p.times({id}, {flag}, {path})?;"),
        (Kind::Json, false) => format!("p.json({id}, {flag}, {path})?;"),
        (Kind::Json, true) => format!("p.jsons({id}, {flag}, {path})?;"),
    }
}

pub struct CommandView {
    pub function: String,
    pub name: String,
    pub about: String,
    pub long_about: String,
    pub subcommands: Vec<String>,
    pub args: Vec<String>,
    /// For an endpoint: what it answers.
    pub endpoint: Option<String>,
}

pub struct EndpointView {
    pub operation: String,
    pub command: String,
    pub answer: String,
    pub conversions: Vec<String>,
}

#[derive(Template)]
#[template(path = "cli/generated.rs", escape = "none")]
struct GeneratedFile<'a> {
    header: &'a str,
    roots: Vec<String>,
    commands: Vec<CommandView>,
    endpoints: Vec<EndpointView>,
    tables: Vec<(String, Vec<(String, String)>)>,
}

fn function(path: &[String]) -> String {
    if path.is_empty() {
        "root".to_owned()
    } else {
        path.join("_")
    }
}

/// What a call answers, as `bindings/cli/src/options.rs`'s `Answer`; and the record a table
/// is made of.
fn answer(api: &Api, returns: &Returns) -> Result<(String, Option<String>), String> {
    Ok(match returns {
        Returns::Nothing => ("Answer::Nothing".to_owned(), None),
        Returns::One {
            ty: Ty::Record(record),
            ..
        } => (
            format!("Answer::One({})", lit(record)),
            Some(record.clone()),
        ),
        Returns::One {
            ty: Ty::List(item), ..
        } => match item.as_ref() {
            Ty::Record(record) => (
                format!("Answer::List({})", lit(record)),
                Some(record.clone()),
            ),
            _ => ("Answer::Value".to_owned(), None),
        },
        Returns::One { .. } => ("Answer::Value".to_owned(), None),
        Returns::Page { key, item, .. } => (
            format!(
                "Answer::Page {{ items: {}, record: {} }}",
                lit(key),
                lit(item)
            ),
            Some(item.clone()),
        ),
        Returns::ActionAttempt => {
            let record = api
                .models()
                .find(|r| r.api_name() == Some("action_attempt"))
                .map(|r| r.name.clone())
                .ok_or(
                    "an endpoint answers an action attempt, but action_attempt is not a model",
                )?;
            (format!("Answer::One({})", lit(&record)), Some(record))
        }
    })
}

/// The columns of a record's table: the model's `table`, or its first scalar fields.
fn table(api: &Api, record: &str) -> Vec<(String, String)> {
    let Some(record) = api.record(record) else {
        return Vec::new();
    };
    let column = |ty: &Ty| match ty {
        Ty::String | Ty::Enum(_) => "Column::Text",
        Ty::Timestamp => "Column::Time",
        Ty::List(_) => "Column::Count",
        _ => "Column::Json",
    };
    let fields: Vec<_> = if record.table.is_empty() {
        record
            .fields
            .iter()
            .filter(|f| !matches!(f.ty, Ty::Record(_) | Ty::List(_)) && !f.secret)
            .take(8)
            .collect()
    } else {
        record
            .table
            .iter()
            .filter_map(|c| record.fields.iter().find(|f| &f.api == c))
            .collect()
    };
    fields
        .into_iter()
        .map(|f| (lit(&f.api), column(&f.ty).to_owned()))
        .collect()
}

pub fn generate(api: &Api) -> Result<Vec<Output>, String> {
    let mut commands = Vec::new();
    let mut endpoints = Vec::new();
    let mut tables: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for namespace in &api.namespaces {
        for child in &namespace.children {
            let path = namespace.child_path(child);
            let doc = api
                .namespace(&path)
                .map(|n| n.doc.clone())
                .unwrap_or_default();
            let children = api
                .namespace(&path)
                .map(|n| n.children.clone())
                .unwrap_or_default();
            let mut subcommands: Vec<String> = children
                .iter()
                .map(|c| {
                    let mut p = path.clone();
                    p.push(c.clone());
                    function(&p)
                })
                .collect();
            for index in api
                .namespace(&path)
                .map(|n| n.endpoints.clone())
                .unwrap_or_default()
            {
                if let Some(endpoint) = api.endpoints.get(index) {
                    let mut p = path.clone();
                    p.push(endpoint.name.clone());
                    subcommands.push(function(&p));
                }
            }
            if path.len() == 1 && child == "completions" {
                return Err(
                    "a namespace named completions would hide `seam-core completions`".to_owned(),
                );
            }
            commands.push(CommandView {
                function: function(&path),
                name: kebab(child),
                about: lit(&about(&doc)),
                long_about: lit(&doc),
                subcommands,
                args: Vec::new(),
                endpoint: None,
            });
        }
    }
    for endpoint in &api.endpoints {
        if endpoint.namespace == ["webhooks"] && endpoint.name == "verify" {
            return Err(
                "an endpoint webhooks.verify would hide `seam-core webhooks verify`".to_owned(),
            );
        }
        let mut builder = Builder {
            api,
            endpoint,
            options: Vec::new(),
        };
        for param in &endpoint.params {
            builder
                .param(param, &[], "", None)
                .map_err(|e| format!("{}: {e}", endpoint.operation()))?;
        }
        builder.groups();
        builder.check_names()?;
        let (answer, record) = answer(api, &endpoint.returns)?;
        if let Some(record) = record {
            if !tables.iter().any(|(name, _)| name == &lit(&record)) {
                tables.push((lit(&record), table(api, &record)));
            }
        }
        let mut path = endpoint.namespace.clone();
        path.push(endpoint.name.clone());
        let command: Vec<String> = path.iter().map(|s| lit(&kebab(s))).collect();
        let long_about = format!(
            "{}\n\n{} {} (operation {}).",
            endpoint
                .doc
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            endpoint.method,
            endpoint.path,
            endpoint.operation()
        );
        commands.push(CommandView {
            function: function(&path),
            name: kebab(&endpoint.name),
            about: lit(&about(&endpoint.doc)),
            long_about: lit(&long_about),
            subcommands: Vec::new(),
            args: builder.options.iter().map(arg).collect(),
            endpoint: Some(answer.clone()),
        });
        endpoints.push(EndpointView {
            operation: lit(&endpoint.operation()),
            command: command.join(", "),
            answer,
            conversions: builder.options.iter().map(conversion).collect(),
        });
    }
    let root = api.namespace(&[]).ok_or("no root namespace")?;
    let mut roots: Vec<String> = root
        .children
        .iter()
        .map(|c| function(std::slice::from_ref(c)))
        .collect();
    for index in &root.endpoints {
        if let Some(endpoint) = api.endpoints.get(*index) {
            roots.push(function(std::slice::from_ref(&endpoint.name)));
        }
    }
    let text = GeneratedFile {
        header: HEADER,
        roots,
        commands,
        endpoints,
        tables,
    }
    .render()
    .map_err(|e| e.to_string())?;
    Ok(vec![Output {
        path: "bindings/cli/src/generated.rs".to_owned(),
        text,
    }])
}
