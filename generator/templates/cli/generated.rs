{{ header }}
//! The command line of every endpoint: its command in its namespaces (`seam-core acs users
//! create`), its options named after the API's parameters, its help from our docs, the
//! conversion of the parsed options into the call's parameters (a JSON object of the API's
//! names), and the columns of `--format table`. Running, printing and bulk mode are
//! hand-written (`cli`, `run`, `output`, `bulk`).

use clap::{Arg, ArgAction, ArgMatches, Command};
use seam_core::SeamError;
use serde_json::{Map, Value};

use crate::bulk::INPUT;
use crate::options::{open, Answer, Column, Endpoint, Params};

/// Every endpoint: its operation, its command's path and what it answers.
pub const ENDPOINTS: &[Endpoint] = &[
{%- for e in endpoints %}
    Endpoint { operation: {{ e.operation }}, command: &[{{ e.command }}], answer: {{ e.answer }} },
{%- endfor %}
];

/// The columns of `--format table`, by record: each field and how its value is shown.
pub const TABLES: &[(&str, &[(&str, Column)])] = &[
{%- for (record, columns) in tables %}
    ({{ record }}, &[{% for (field, column) in columns %}({{ field }}, {{ column }}), {% endfor %}]),
{%- endfor %}
];

/// The commands of the namespaces (and of the endpoints at the root).
pub fn commands() -> Vec<Command> {
    vec![{% for r in roots %}{{ r }}(), {% endfor %}]
}
{%- for c in commands %}

fn {{ c.function }}() -> Command {
{%- match c.endpoint %}
{%- when Some(index) %}
    crate::cli::endpoint(
        Command::new({{ "{:?}"|format(c.name) }})
            .about({{ c.about }})
            .long_about({{ c.long_about }})
{%- for a in c.args %}
            .arg({{ a }})
{%- endfor %},
        {{ index }},
    )
{%- when None %}
    Command::new({{ "{:?}"|format(c.name) }})
        .about({{ c.about }})
        .long_about({{ c.long_about }})
        .subcommand_required(true)
{%- for s in c.subcommands %}
        .subcommand({{ s }}())
{%- endfor %}
{%- endmatch %}
}
{%- endfor %}

/// The options given to the command of `operation`, as its parameters.
pub fn params(operation: &str, matches: &ArgMatches) -> Result<Map<String, Value>, SeamError> {
    let mut p = Params::new(matches);
    match operation {
{%- for e in endpoints %}
        {{ e.operation }} => {
{%- for c in e.conversions %}
            {{ c }}
{%- endfor %}
        }
{%- endfor %}
        _ => {}
    }
    Ok(p.into_map())
}
