//! Turning what the user typed into an FTS5 expression, and finding the
//! matches again in a message's text for snippets and highlights.
//!
//! Syntax: plain words (each must match, as a word prefix) and `"quoted
//! phrases"` (consecutive whole words). An unclosed quote runs to the end.
//! Every term is rebuilt from tokenizer output and written as a quoted FTS5
//! string, so no input can produce an FTS5 syntax error.

use super::tokenize::{self, Token};

/// One thing that must match: a sequence of folded tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub tokens: Vec<String>,
    /// The last token may be a prefix (plain words in spaced scripts).
    pub prefix: bool,
}

/// Parses user input into terms (empty when it has no searchable token).
pub(crate) fn parse(input: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut rest = input;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, tail) = match after.find('"') {
                Some(end) => (
                    after.get(..end).unwrap_or(""),
                    after.get(end + 1..).unwrap_or(""),
                ),
                None => (after, ""),
            };
            push_term(&mut terms, phrase, false);
            rest = tail;
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let word = rest.get(..end).unwrap_or("");
            push_term(&mut terms, word, true);
            rest = rest.get(end..).unwrap_or("");
            rest = rest.trim_start_matches(|c: char| c.is_whitespace());
        }
    }
    terms
}

fn push_term(terms: &mut Vec<Term>, text: &str, plain: bool) {
    let toks = tokenize::tokens(text);
    let Some(last) = toks.last() else { return };
    let last_is_word = !text
        .get(last.start..last.end)
        .and_then(|s| s.chars().next())
        .is_some_and(tokenize::is_per_char);
    terms.push(Term {
        prefix: plain && last_is_word,
        tokens: toks.into_iter().map(|t| t.folded).collect(),
    });
}

/// The FTS5 MATCH expression for `terms` (all must match).
pub(crate) fn fts_expression(terms: &[Term]) -> String {
    let mut out = String::new();
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            out.push_str(" AND ");
        }
        out.push('"');
        out.push_str(&t.tokens.join(" ").replace('"', "\"\""));
        out.push('"');
        if t.prefix {
            out.push('*');
        }
    }
    out
}

/// Byte ranges of `text` where any term matches (sorted; overlapping
/// matches merged, touching ones kept apart).
pub(crate) fn highlight_ranges(text: &str, terms: &[Term]) -> Vec<(usize, usize)> {
    let toks: Vec<Token> = tokenize::tokens(text);
    let mut ranges = Vec::new();
    for term in terms {
        let n = term.tokens.len();
        if n == 0 || n > toks.len() {
            continue;
        }
        for start in 0..=toks.len() - n {
            let window = toks.get(start..start + n).unwrap_or_default();
            let matches = window
                .iter()
                .zip(&term.tokens)
                .enumerate()
                .all(|(k, (tok, want))| {
                    if term.prefix && k + 1 == n {
                        tok.folded.starts_with(want.as_str())
                    } else {
                        tok.folded == *want
                    }
                });
            if let (true, Some(first), Some(last)) = (matches, window.first(), window.last()) {
                ranges.push((first.start, last.end));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Characters of context kept around the first match in a long message.
const CONTEXT_BEFORE: usize = 60;
const SNIPPET_CHARS: usize = 200;

/// The text to show for a hit and its highlight ranges within it: the whole
/// text when short, else an excerpt around the first match with `…` marks.
pub(crate) fn snippet(text: &str, ranges: &[(usize, usize)]) -> (String, Vec<(usize, usize)>) {
    if text.chars().count() <= SNIPPET_CHARS {
        return (text.to_owned(), ranges.to_vec());
    }
    let anchor = ranges.first().map_or(0, |r| r.0);
    // Walk back CONTEXT_BEFORE characters from the first match.
    let start = text
        .get(..anchor)
        .unwrap_or("")
        .char_indices()
        .rev()
        .nth(CONTEXT_BEFORE.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let start = if anchor - start < CONTEXT_BEFORE * 4 && start > 0 {
        // prefer to start after a space
        text.get(start..anchor)
            .and_then(|s| s.find(' ').map(|p| start + p + 1))
            .filter(|&s| s <= anchor)
            .unwrap_or(start)
    } else {
        start
    };
    let end = text
        .get(start..)
        .unwrap_or("")
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| start + i);
    let mut out = String::new();
    let mut shift = start as isize;
    if start > 0 {
        out.push('…');
        shift -= '…'.len_utf8() as isize;
    }
    out.push_str(text.get(start..end).unwrap_or(""));
    if end < text.len() {
        out.push('…');
    }
    let body_end = (end as isize - shift) as usize;
    let highlights = ranges
        .iter()
        .filter(|r| r.0 >= start && r.0 < end)
        .map(|r| {
            let s = (r.0 as isize - shift) as usize;
            let e = ((r.1.min(end)) as isize - shift) as usize;
            (s, e.min(body_end))
        })
        .collect();
    (out, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(input: &str) -> String {
        fts_expression(&parse(input))
    }

    #[test]
    fn table_of_queries() {
        let cases: &[(&str, &str, &str)] = &[
            ("words", "dinner Tomorrow", r#""dinner"* AND "tomorrow"*"#),
            ("phrase", r#""see you" soon"#, r#""see you" AND "soon"*"#),
            ("unclosed quote", r#"ok "see you"#, r#""ok"* AND "see you""#),
            ("diacritics", "Café", r#""cafe"*"#),
            ("cjk word is a phrase", "東京", r#""東 京""#),
            ("thai word", "สวัสดี", r#""ส ว ั ส ด ี""#),
            ("mixed word", "Tokyo東京", r#""tokyo 東 京""#),
            ("hyphenated", "e-mail", r#""e mail"*"#),
            (
                "fts operators are words",
                "NOT AND OR NEAR(a b)",
                r#""not"* AND "and"* AND "or"* AND "near a"* AND "b"*"#,
            ),
            ("syntax characters only", r#"* ^ : ( ) " - +"#, ""),
            ("empty", "   ", ""),
            ("empty quotes", r#""""#, ""),
        ];
        for (name, input, want) in cases {
            assert_eq!(expr(input), *want, "{name}");
        }
    }

    #[test]
    fn highlights_find_prefixes_phrases_and_folded_forms() {
        let text = "Le CAFÉ est fermé, see you at the café";
        let r = highlight_ranges(text, &parse(r#"caf "see you""#));
        let shown: Vec<&str> = r.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(shown, ["CAFÉ", "see you", "café"]);
    }

    #[test]
    fn highlights_in_unspaced_scripts() {
        let text = "明日は東京駅で会いましょう";
        let r = highlight_ranges(text, &parse("東京"));
        assert_eq!(
            r.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>(),
            ["東京"]
        );
        let thai = "ผมพูดว่าสวัสดีครับทุกคน";
        let r = highlight_ranges(thai, &parse("สวัสดี"));
        assert_eq!(
            r.iter().map(|&(s, e)| &thai[s..e]).collect::<Vec<_>>(),
            ["สวัสดี"]
        );
    }

    #[test]
    fn short_texts_are_their_own_snippet() {
        let (s, h) = snippet("hello world", &[(6, 11)]);
        assert_eq!((s.as_str(), h), ("hello world", vec![(6, 11)]));
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let ranges = highlight_ranges(&text, &parse("needle"));
        let (s, h) = snippet(&text, &ranges);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(h.len(), 1);
        assert_eq!(&s[h[0].0..h[0].1], "needle");
    }

    #[test]
    fn snippet_cuts_on_char_boundaries_in_multibyte_text() {
        let text = "東京".repeat(300);
        let ranges = highlight_ranges(&text, &parse("東京"));
        let (s, h) = snippet(&text, &ranges);
        for (a, b) in h {
            assert!(s.get(a..b).is_some());
            assert_eq!(&s[a..b], "東京");
        }
    }
}
