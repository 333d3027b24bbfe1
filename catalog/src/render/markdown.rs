//! Markdown table: one row per criterion, one column per app; each cell shows
//! the value, the date it was checked and its basis, with the source linked.

use crate::compare::Comparison;
use std::fmt::Write as _;

/// Escapes text for a Markdown table cell.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

/// Renders a comparison as a Markdown document.
pub fn render_markdown(cmp: &Comparison) -> String {
    let mut s = String::from("# Messenger comparison\n\n");
    s.push_str("Each cell: value, date checked, basis, source. `unknown` means the catalog has no sourced fact.\n\n");
    s.push_str("| Criterion |");
    for a in &cmp.apps {
        let _ = write!(s, " {} |", esc(&a.name));
    }
    s.push_str("\n|---|");
    s.push_str(&"---|".repeat(cmp.apps.len()));
    s.push('\n');
    for c in &cmp.criteria {
        let _ = write!(s, "| **{}** (`{}`) |", esc(&c.title), esc(&c.key));
        for a in &cmp.apps {
            let Some(cell) = a.criteria.get(&c.key) else {
                s.push_str(" |");
                continue;
            };
            let _ = write!(s, " {}", esc(&cell.value));
            let mut meta = Vec::new();
            if let Some(d) = &cell.as_of {
                meta.push(esc(d));
            }
            if let Some(b) = cell.basis {
                meta.push(b.as_str().to_string());
            }
            if let Some(src) = &cell.source {
                meta.push(format!(
                    "[source]({})",
                    src.url.replace(' ', "%20").replace(')', "%29")
                ));
            }
            if !meta.is_empty() {
                let _ = write!(s, " <sub>{}</sub>", meta.join(", "));
            }
            s.push_str(" |");
        }
        s.push('\n');
    }
    s
}
