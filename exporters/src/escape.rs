//! Escaping for every output language. All message text, names and titles
//! reach HTML, XML, CSV and JavaScript only through these functions; jsonl
//! lines write their strings with [`json_str_into`].

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

/// A JSON string literal (quotes included) appended to `out`, byte for byte
/// what `serde_json` writes: `"` and `\\` escaped, `\b \t \n \f \r` in
/// their short forms, other C0 controls as `\u00xx` (lowercase hex);
/// everything else, DEL and non-ASCII included, as is.
pub(crate) fn json_str_into(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip eight clean bytes at a time.
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !json_word_special(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let b = bytes.get(i).copied().unwrap_or(0);
        i += 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            0..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i - 1).unwrap_or_default());
        start = i;
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// Whether any of eight bytes (a little-endian word) is a C0 control, `"`
/// or `\\`. Exact: the classic "has a byte below n" test has no false
/// negatives, and a false positive only sends the word to the byte loop.
fn json_word_special(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    (below(w, 0x20) | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')))) != 0
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

    #[test]
    fn json_strings_match_serde_json() {
        let mut cases: Vec<String> = [
            "",
            "plain ascii text that is longer than eight bytes",
            "quote \" and backslash \\ inside",
            "\"",
            "\\",
            "tab\tnew\nline\r\u{8}\u{c}",
            "nul\0 esc\u{1b} unit\u{1f} del\u{7f}",
            "café 😀 \u{2028}\u{2029} \u{feff}",
            "0123456\"",
            "01234567\"",
            "012345678\n",
            "\n01234567",
            "é\u{1}é\u{1}é\u{1}é",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // Every ASCII byte at every position of a word and around it.
        for b in 0u8..0x80 {
            for at in 0..10 {
                let mut s = "x".repeat(10);
                s.insert(at, char::from(b));
                cases.push(s);
            }
        }
        for s in cases {
            let mut out = Vec::new();
            json_str_into(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }
}
