//! The reference of every endpoint in every language (`docs/endpoints.md`), with its retry
//! class and who may call it.

use askama::Template;
use heck::{ToKebabCase, ToLowerCamelCase};

use crate::ir::{Api, Returns, Ty};
use crate::Output;

pub struct Row {
    pub name: String,
    pub method: String,
    pub path: String,
    pub python: String,
    pub kotlin: String,
    pub swift: String,
    pub rust: String,
    pub cli: String,
    pub retry: &'static str,
    pub client_session: &'static str,
    pub answers: String,
}

#[derive(Template)]
#[template(path = "docs/endpoints.md", escape = "none")]
struct Reference {
    source: String,
    count: usize,
    namespaces: usize,
    groups: Vec<(String, Vec<Row>)>,
}

fn answers(returns: &Returns) -> String {
    match returns {
        Returns::Nothing => "nothing (`ok`)".to_owned(),
        Returns::One {
            ty: Ty::List(item), ..
        } => match item.as_ref() {
            Ty::Record(name) => format!("a list of `{name}`"),
            _ => "a list".to_owned(),
        },
        Returns::One {
            ty: Ty::Record(name),
            ..
        } => format!("`{name}`"),
        Returns::One { .. } => "a value".to_owned(),
        Returns::Page { item, page, .. } => {
            format!("`{page}` (of `{item}`); `list_all` walks them")
        }
        Returns::ActionAttempt => "`ActionAttempt` (action attempt)".to_owned(),
    }
}

pub fn generate(api: &Api) -> Result<Vec<Output>, String> {
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    for namespace in api.namespaces.iter().filter(|n| !n.endpoints.is_empty()) {
        let dotted = namespace.path.join(".");
        let camel: Vec<String> = namespace
            .path
            .iter()
            .map(|p| p.to_lower_camel_case())
            .collect();
        let rows = namespace
            .endpoints
            .iter()
            .filter_map(|&i| api.endpoints.get(i))
            .map(|e| Row {
                name: e.name.clone(),
                method: e.method.clone(),
                path: e.path.clone(),
                python: format!("seam.{dotted}.{}(…)", e.name),
                kotlin: format!(
                    "seam.{}.{}(…)",
                    camel.join("."),
                    e.name.to_lower_camel_case()
                ),
                swift: format!(
                    "seam.{}.{}(…)",
                    camel.join("."),
                    e.name.to_lower_camel_case()
                ),
                rust: format!(
                    "seam.{}.{}(…)",
                    namespace
                        .path
                        .iter()
                        .map(|p| format!("{p}()"))
                        .collect::<Vec<_>>()
                        .join("."),
                    e.name
                ),
                cli: format!(
                    "seam-core {} {}",
                    namespace
                        .path
                        .iter()
                        .map(|p| p.to_kebab_case())
                        .collect::<Vec<_>>()
                        .join(" "),
                    e.name.to_kebab_case()
                ),
                retry: e.retry.name(),
                client_session: if e.client_session { "yes" } else { "no" },
                answers: answers(&e.returns),
            })
            .collect();
        groups.push((dotted, rows));
    }
    let text = Reference {
        source: api.source.clone(),
        count: api.endpoints.len(),
        namespaces: groups.len(),
        groups,
    }
    .render()
    .map_err(|e| e.to_string())?;
    Ok(vec![Output {
        path: "docs/endpoints.md".to_owned(),
        text: format!("{text}\n"),
    }])
}
