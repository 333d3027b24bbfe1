//! A small HTML tokenizer for Telegram's export pages: start tags with the
//! attributes Ferry reads, end tags, and text with entities decoded.
//!
//! Telegram Desktop writes regular, well-formed markup; this tokenizer
//! only needs to be robust (never panic, never loop) on anything else.
//! Comments, `<!DOCTYPE>`, `<script>` and `<style>` bodies are skipped.

/// One piece of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attrs>`; `void` for `<br>`, `<img>`... and `<x/>`.
    Open {
        name: &'a str,
        attrs: Attrs<'a>,
        void: bool,
    },
    Close {
        name: &'a str,
    },
    /// Text between tags, entities not yet decoded.
    Text(&'a str),
}

/// The attributes Ferry looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs<'a> {
    pub class: &'a str,
    pub id: &'a str,
    pub href: &'a str,
    pub title: &'a str,
    pub onclick: &'a str,
}

impl Attrs<'_> {
    /// Whether `class` lists `c`.
    pub fn has_class(&self, c: &str) -> bool {
        self.class.split_ascii_whitespace().any(|x| x == c)
    }
}

const VOID: [&str; 8] = ["br", "img", "meta", "link", "hr", "input", "source", "wbr"];

/// Iterates over the tokens of a page.
#[derive(Debug)]
pub struct Tokens<'a> {
    rest: &'a str,
    /// Inside `<script>`/`<style>`: skip to this end tag.
    raw_until: Option<&'static str>,
}

impl<'a> Tokens<'a> {
    pub fn new(html: &'a str) -> Self {
        Tokens {
            rest: html,
            raw_until: None,
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            if let Some(end) = self.raw_until.take() {
                let at = find_ci(self.rest, end).unwrap_or(self.rest.len());
                self.rest = self.rest.get(at..).unwrap_or_default();
                continue;
            }
            let Some(lt) = self.rest.find('<') else {
                let text = self.rest;
                self.rest = "";
                return Some(Token::Text(text));
            };
            if lt > 0 {
                let (text, rest) = self.rest.split_at(lt);
                self.rest = rest;
                return Some(Token::Text(text));
            }
            // At '<'.
            if let Some(after) = self.rest.strip_prefix("<!--") {
                let end = after.find("-->").map_or(after.len(), |i| i + 3);
                self.rest = after.get(end..).unwrap_or_default();
                continue;
            }
            if self.rest.starts_with("<!") || self.rest.starts_with("<?") {
                let end = self.rest.find('>').map_or(self.rest.len(), |i| i + 1);
                self.rest = self.rest.get(end..).unwrap_or_default();
                continue;
            }
            let end = tag_end(self.rest);
            let inner = self
                .rest
                .get(1..end.saturating_sub(1).max(1))
                .unwrap_or_default();
            self.rest = self.rest.get(end..).unwrap_or_default();
            if let Some(name) = inner.strip_prefix('/') {
                return Some(Token::Close {
                    name: name.trim().trim_end_matches('/'),
                });
            }
            let self_closing = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let name_end = inner
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(inner.len());
            let (name, attr_text) = inner.split_at(name_end);
            if name.is_empty() {
                // A lone '<' in text.
                return Some(Token::Text("<"));
            }
            if name.eq_ignore_ascii_case("script") {
                self.raw_until = Some("</script");
            } else if name.eq_ignore_ascii_case("style") {
                self.raw_until = Some("</style");
            }
            let void = self_closing || VOID.iter().any(|v| v.eq_ignore_ascii_case(name));
            return Some(Token::Open {
                name,
                attrs: parse_attrs(attr_text),
                void,
            });
        }
    }
}

/// Index just past the `>` that ends the tag at the start of `s` (quotes
/// respected), or `s.len()`.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            (None, b'<') => return i,
            _ => {}
        }
    }
    s.len()
}

fn parse_attrs(mut s: &str) -> Attrs<'_> {
    let mut attrs = Attrs::default();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return attrs;
        }
        let key_end = s
            .find(|c: char| c == '=' || c.is_ascii_whitespace())
            .unwrap_or(s.len());
        let (key, rest) = s.split_at(key_end);
        let rest = rest.trim_start();
        let (value, rest) = match rest.strip_prefix('=') {
            Some(v) => {
                let v = v.trim_start();
                match v.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = v.get(1..).unwrap_or_default();
                        let end = body.find(q).unwrap_or(body.len());
                        (
                            body.get(..end).unwrap_or_default(),
                            body.get(end + 1..).unwrap_or_default(),
                        )
                    }
                    _ => {
                        let end = v.find(|c: char| c.is_ascii_whitespace()).unwrap_or(v.len());
                        v.split_at(end)
                    }
                }
            }
            None => ("", rest),
        };
        match key.to_ascii_lowercase().as_str() {
            "class" => attrs.class = value,
            "id" => attrs.id = value,
            "href" => attrs.href = value,
            "title" => attrs.title = value,
            "onclick" => attrs.onclick = value,
            _ => {}
        }
        if rest.len() >= s.len() {
            return attrs; // no progress: malformed, stop
        }
        s = rest;
    }
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().checked_sub(n.len())? + 1).find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Appends `s` with HTML entities decoded.
pub fn decode_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        rest = rest.get(amp..).unwrap_or_default();
        let semi = rest.get(..12).unwrap_or(rest).find(';');
        let decoded = semi.and_then(|i| entity(rest.get(1..i)?).map(|c| (c, i)));
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = rest.get(i + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
}

/// `s` with HTML entities decoded.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_into(&mut out, s);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_and_text() {
        let html = r#"<!DOCTYPE html><div class="message default" id="message12">Hi &amp; <br>bye</div><img src="x"/><!-- c --><script>if (a<b) {}</script>"#;
        let t: Vec<_> = Tokens::new(html).collect();
        assert_eq!(t.len(), 8, "{t:?}");
        match &t[0] {
            Token::Open { name, attrs, void } => {
                assert_eq!(*name, "div");
                assert!(attrs.has_class("default") && !attrs.has_class("defaul"));
                assert_eq!(attrs.id, "message12");
                assert!(!void);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(t[1], Token::Text("Hi &amp; "));
        assert!(matches!(
            t[2],
            Token::Open {
                name: "br",
                void: true,
                ..
            }
        ));
        assert_eq!(t[4], Token::Close { name: "div" });
        assert!(matches!(
            t[5],
            Token::Open {
                name: "img",
                void: true,
                ..
            }
        ));
        assert!(matches!(t[6], Token::Open { name: "script", .. }));
        assert_eq!(t[7], Token::Close { name: "script" });
    }

    #[test]
    fn entities() {
        for (raw, want) in [
            ("a &amp; b", "a & b"),
            ("&laquo;x&raquo;", "«x»"),
            ("&#128512;&#x41;", "😀A"),
            ("AT&T &unknown; &", "AT&T &unknown; &"),
            ("&#xFFFFFFFF;", "&#xFFFFFFFF;"),
        ] {
            assert_eq!(decode(raw), want, "{raw}");
        }
    }

    #[test]
    fn malformed_markup_ends() {
        for html in [
            "<",
            "<div",
            "<div class=\"x",
            "</",
            "<<<>>>",
            "<a href=>x</a",
            "<!--",
            "<script>",
        ] {
            let n = Tokens::new(html).take(100).count();
            assert!(n < 100, "{html}");
        }
    }
}
