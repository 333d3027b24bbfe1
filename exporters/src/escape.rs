//! Escaping for every output language. All message text, names and titles
//! reach HTML, XML, CSV and JavaScript only through these functions.

use std::fmt::Write as _;

/// HTML text and attribute escaping: `& < > " '` become entities; control
/// characters other than tab, newline and carriage return (NUL included)
/// become U+FFFD, which is what a browser would show for them anyway.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    html_into(&mut out, s);
    out
}

/// Bytes that need a look in HTML: markup, quotes, C0 controls, DEL, and the
/// lead byte of U+0080..U+00BF (C1 controls live there).
fn html_special(b: u8) -> bool {
    matches!(
        b,
        b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=0x1f | 0x7f | 0xc2
    )
}

/// [`html`] appending to `out`.
pub(crate) fn html_into(out: &mut String, s: &str) {
    if !s.bytes().any(html_special) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// XML attribute escaping as SMS Backup & Restore writes it: `& < > " '`
/// as entities, tab/newline/CR as character references (so attribute
/// normalisation keeps them), characters outside the BMP as **two** numeric
/// references to their UTF-16 surrogates (`😀` -> `&#55357;&#56832;`).
/// Characters XML 1.0 cannot hold at all (NUL, other C0 controls, U+FFFE,
/// U+FFFF) are dropped; the count of dropped characters is returned.
pub(crate) fn xml_attr_into(out: &mut String, s: &str) -> u64 {
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => dropped += 1,
            c if (c as u32) > 0xffff => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "&#{u};");
                }
            }
            c => out.push(c),
        }
    }
    dropped
}

/// A JSON string literal that is also safe inside HTML and old JavaScript:
/// `<` and `>` are written as `\u003c`/`\u003e` (so `</script>` cannot
/// appear) and U+2028/2029 as escapes.
#[cfg(test)]
pub(crate) fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    js_string_into(&mut out, s);
    out
}

/// [`js_string`] appending to `out`.
pub(crate) fn js_string_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '\u{2028}' | '\u{2029}' | '\u{0}'..='\u{1f}' | '\u{7f}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// One CSV cell (RFC 4180): quoted when it holds `,` `"` CR or LF or starts
/// or ends with a space, quotes doubled. A cell starting with `=` `+` `-`
/// `@`, tab or CR gets a leading `'` so spreadsheets do not run it as a
/// formula (CSV injection).
pub(crate) fn csv_cell_into(out: &mut String, s: &str) {
    let guard = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = guard && s.contains([',', '"', '\n', '\r'])
        || s.contains([',', '"', '\n', '\r'])
        || s.starts_with(' ')
        || s.ends_with(' ');
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        if c == '\0' {
            out.push('\u{fffd}');
        } else {
            out.push(c);
        }
    }
    if quote {
        out.push('"');
    }
}

/// Markdown text: characters that would start markup are backslash-escaped
/// and `< > &` become entities, so neither Markdown nor embedded HTML in a
/// message is interpreted by a renderer.
pub(crate) fn markdown_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        for (input, want) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror='a()'>",
                "&lt;img src=x onerror=&#39;a()&#39;&gt;",
            ),
            ("a & b \"c\"", "a &amp; b &quot;c&quot;"),
            ("nul\0here", "nul\u{fffd}here"),
            ("line\nbreak", "line\nbreak"),
            ("😀", "😀"),
        ] {
            assert_eq!(html(input), want, "{input:?}");
        }
    }

    #[test]
    fn xml_attributes_use_surrogate_references_like_sms_backup_restore() {
        for (input, want, dropped) in [
            ("Hey 😀", "Hey &#55357;&#56832;", 0),
            (
                "\"Luigi's\" & co\n",
                "&quot;Luigi&apos;s&quot; &amp; co&#10;",
                0,
            ),
            ("<x>", "&lt;x&gt;", 0),
            ("a\0b\u{1b}c", "abc", 2),
            ("tab\tcr\r", "tab&#9;cr&#13;", 0),
            ("é€", "é€", 0),
        ] {
            let mut out = String::new();
            assert_eq!(xml_attr_into(&mut out, input), dropped, "{input:?}");
            assert_eq!(out, want, "{input:?}");
        }
    }

    #[test]
    fn js_strings_cannot_close_a_script() {
        let s = js_string("</script><!-- \u{2028}");
        assert!(!s.contains('<'));
        assert!(!s.contains('\u{2028}'));
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}");
    }

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        for (input, want) in [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("=1+2", "'=1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-2,3", "\"'-2,3\""),
            (" padded", "\" padded\""),
            ("", ""),
        ] {
            let mut out = String::new();
            csv_cell_into(&mut out, input);
            assert_eq!(out, want, "{input:?}");
        }
    }

    #[test]
    fn markdown_neutralises_markup() {
        let mut out = String::new();
        markdown_into(&mut out, "<b>*x*</b> [a](javascript:x)");
        assert_eq!(out, "&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(javascript:x\\)");
    }
}
