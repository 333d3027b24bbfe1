//! Printing for people (aligned tables, local times) and for programs (JSON).

use chrono::Local;
use ferry_core::model::Timestamp;
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Prints a value as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A time in the viewer's local zone, to the minute.
pub fn local(t: &Timestamp) -> String {
    t.0.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// An optional time, or `-`.
pub fn local_opt(t: Option<&Timestamp>) -> String {
    t.map(local).unwrap_or_else(|| "-".to_owned())
}

/// Columns aligned by display width (emoji and CJK count double).
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns aligned to the right (numbers).
    right: Vec<usize>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|s| (*s).to_owned()).collect(),
            ..Table::default()
        }
    }

    pub fn right(mut self, columns: &[usize]) -> Self {
        self.right = columns.to_vec();
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self) -> anyhow::Result<()> {
        let mut out = std::io::stdout().lock();
        let n = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(clean(c).width());
            }
        }
        let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate().take(n) {
                let c = clean(c);
                let pad = widths[i].saturating_sub(c.width());
                let last = i + 1 == n;
                if self.right.contains(&i) {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(&c);
                } else {
                    s.push_str(&c);
                    if !last {
                        s.push_str(&" ".repeat(pad));
                    }
                }
                if !last {
                    s.push_str("  ");
                }
            }
            writeln!(out, "{}", s.trim_end())
        };
        line(&self.header, &mut out)?;
        for r in &self.rows {
            line(r, &mut out)?;
        }
        Ok(())
    }
}

/// One line of text: control characters (newlines, tabs, escape sequences
/// that could drive the terminal) become spaces or are dropped.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            // Bidi overrides could make a line display differently than it is.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect()
}

/// Shortens to about `max` display columns, with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    let s = clean(s);
    if s.width() <= max {
        return s;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_terminal_escapes_and_newlines() {
        assert_eq!(clean("a\nb\x1b[31mc\u{202E}d"), "a b[31mcd");
    }

    #[test]
    fn truncate_counts_display_width() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("東京東京東京", 5), "東京…");
        assert_eq!(truncate("short", 10), "short");
    }
}
