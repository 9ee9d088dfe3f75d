//! Doc text for every language: our sentences, wrapped and prefixed.

/// `text` wrapped to `width` columns, each line prefixed (`/// `, ` * `, `# `).
pub fn lines(text: &str, prefix: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        if !out.is_empty() {
            out.push(prefix.trim_end().to_owned());
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && prefix.len() + line.len() + 1 + word.len() > width {
                out.push(format!("{prefix}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push(format!("{prefix}{line}"));
        }
    }
    out
}

/// `lines` joined, each line indented by `indent` spaces; ready to paste into a template.
pub fn block(text: &str, prefix: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    lines(text, prefix, 96 - indent)
        .into_iter()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the walker of a paginated call does, in every language.
pub fn list_all(call: &str) -> String {
    format!(
        "Every object that the filters of `{call}` select, page by page: the next page is \
         fetched while the caller reads one. The filters are checked now; the walk stops after \
         the last page, and raises `InvalidResponse` instead of looping if the server repeats a \
         cursor."
    )
}
