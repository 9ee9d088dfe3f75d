//! seam-core's generator: `update-api DOCUMENT` writes the API's facts
//! (`generator/api/facts.json`) from the vendor's OpenAPI document; `generate [--check]` writes
//! every per-endpoint and per-field file from the facts and the selection
//! (`generator/api/selection.toml`), or checks that they are current.

mod cases;
mod cli;
mod docs;
mod facts;
mod fake;
mod ir;
mod kotlin;
mod python;
mod reference;
mod rust;
mod selection;
mod swift;
mod udl;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use facts::Facts;
use selection::Selection;

const FACTS: &str = "generator/api/facts.json";
const SELECTION: &str = "generator/api/selection.toml";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repository_root();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["update-api", document] => update_api(&root, Path::new(document)),
        ["generate"] => generate(&root, false),
        ["generate", "--check"] => generate(&root, true),
        _ => Err("usage: seam-core-generator update-api DOCUMENT | generate [--check]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seam-core-generator: {e}");
            ExitCode::FAILURE
        }
    }
}

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn selection(root: &Path) -> Result<Selection, String> {
    Selection::read(&read(&root.join(SELECTION))?).map_err(|e| format!("{SELECTION}: {e}"))
}

fn update_api(root: &Path, document: &Path) -> Result<(), String> {
    let selection = selection(root)?;
    let text = read(document)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", document.display()))?;
    let name = document
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let models: Vec<String> = selection.model.keys().cloned().collect();
    let facts = facts::extract(&value, &name, &selection.paths(), &models)?;
    let mut json = serde_json::to_string_pretty(&facts).map_err(|e| e.to_string())?;
    json.push('\n');
    std::fs::write(root.join(FACTS), json).map_err(|e| format!("cannot write {FACTS}: {e}"))?;
    eprintln!(
        "wrote {FACTS}: {} endpoints, {} models, from {name}",
        facts.endpoints.len(),
        facts.models.len()
    );
    Ok(())
}

fn generate(root: &Path, check: bool) -> Result<(), String> {
    let selection = selection(root)?;
    let facts: Facts =
        serde_json::from_str(&read(&root.join(FACTS))?).map_err(|e| format!("{FACTS}: {e}"))?;
    let api = ir::build(&facts, &selection)?;
    let mut outputs = vec![fake::routes(&facts, &selection)?];
    outputs.extend(rust::models(&api)?);
    outputs.extend(rust::calls(&api)?);
    outputs.extend(udl::generate(&api)?);
    outputs.extend(python::generate(&api)?);
    outputs.extend(kotlin::generate(&api)?);
    outputs.extend(swift::generate(&api)?);
    outputs.extend(cli::generate(&api)?);
    outputs.extend(reference::generate(&api)?);
    outputs.extend(cases::generate(&api)?);
    for output in &mut outputs {
        if output.path.ends_with(".rs") {
            output.text = rustfmt(&output.text)?;
        }
    }
    write_all(root, &outputs, check)
}

/// One generated file: its path from the repository root and its whole text.
pub struct Output {
    pub path: String,
    pub text: String,
}

fn write_all(root: &Path, outputs: &[Output], check: bool) -> Result<(), String> {
    let mut stale = Vec::new();
    for output in outputs {
        let path = root.join(&output.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(output.text.as_str()) {
            continue;
        }
        if check {
            stale.push(output.path.clone());
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &output.text)
            .map_err(|e| format!("cannot write {}: {e}", output.path))?;
        eprintln!("wrote {}", output.path);
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "these generated files are not current (run scripts/generate): {}",
            stale.join(", ")
        ))
    }
}

/// Generated Rust as `cargo fmt` would leave it, so that the formatting check holds for it too.
fn rustfmt(text: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "the thread writing to rustfmt failed".to_owned())?
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt refused generated code: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}
