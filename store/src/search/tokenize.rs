//! The search tokenizer, shared by indexing, queries and highlighting.
//!
//! Words are runs of letters, digits and combining marks; they are folded
//! to lowercase without diacritics (`Café` -> `cafe`, Arabic harakat
//! dropped). Scripts written without spaces between words (Chinese,
//! Japanese kana, Thai, Lao, Khmer, Myanmar) and Hangul, whose words carry
//! attached particles, become one token per character, kept as they are. A
//! query word in such a script becomes a phrase of its characters, so `東京`
//! finds `東京駅` and `สวัสดี` finds it inside a longer Thai sentence.
//!
//! The index stores only these tokens joined by spaces (FTS5's `ascii`
//! tokenizer then splits on the spaces and leaves everything else alone), so
//! indexing and querying can never disagree about what a token is.
//!
//! Why not FTS5's `trigram` tokenizer: measured on 200,000 synthetic
//! messages it built 3.3x slower and 3.4x larger than this index, and it
//! cannot answer queries shorter than three characters (`東京`, `서울`)
//! without a full scan. Plain `unicode61` costs the same as this index but
//! treats a run of Japanese or Thai text as one word, so `東京` would not
//! find `東京駅で`. Figures: `BENCHMARKS.md`, section Store.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether `c` belongs to a script indexed one character per token.
pub(crate) fn is_per_char(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1100..=0x11FF    // Hangul Jamo
        | 0x1780..=0x17FF    // Khmer
        | 0x2E80..=0x2FDF    // CJK radicals
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3100..=0x312F    // Bopomofo
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7FF    // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // halfwidth Katakana
        | 0x20000..=0x3FFFF  // CJK extensions B..
    )
}

/// One token: its byte range in the original text and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

/// Lowercase without diacritics.
pub(crate) fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Calls `f(start, end, is_word)` for each token's byte range.
fn scan(text: &str, mut f: impl FnMut(usize, usize, bool)) {
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_per_char(c) {
            if let Some(s) = word_start.take() {
                f(s, i, true);
            }
            f(i, i + c.len_utf8(), false);
        } else if c.is_alphanumeric() || (word_start.is_some() && is_combining_mark(c)) {
            word_start.get_or_insert(i);
        } else if let Some(s) = word_start.take() {
            f(s, i, true);
        }
    }
    if let Some(s) = word_start {
        f(s, text.len(), true);
    }
}

/// The tokens of `text` with their positions.
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    scan(text, |start, end, is_word| {
        let raw = text.get(start..end).unwrap_or_default();
        let folded = if is_word { fold(raw) } else { raw.to_owned() };
        if !folded.is_empty() {
            out.push(Token { start, end, folded });
        }
    });
    out
}

/// What the index stores for `text`: its folded tokens joined by spaces,
/// appended to `out`.
///
/// The same tokens as [`tokens`], on a byte-level fast path: ASCII letters
/// and digits are lowercased as they are copied, ASCII punctuation ends a
/// word, and only non-ASCII characters are decoded and classified. This
/// runs once per message when indexing.
pub(crate) fn index_text(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut word_start: Option<usize> = None;
    let mut word_ascii = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                if word_start.is_none() {
                    word_start = Some(i);
                    word_ascii = true;
                }
            } else if let Some(s) = word_start.take() {
                push_word(text, s, i, word_ascii, out);
            }
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        let end = i + c.len_utf8();
        if is_per_char(c) {
            if let Some(s) = word_start.take() {
                push_word(text, s, i, word_ascii, out);
            }
            push_token(text.get(i..end).unwrap_or_default(), out);
        } else if c.is_alphanumeric() || (word_start.is_some() && is_combining_mark(c)) {
            if word_start.is_none() {
                word_start = Some(i);
            }
            word_ascii = false;
        } else if let Some(s) = word_start.take() {
            push_word(text, s, i, word_ascii, out);
        }
        i = end;
    }
    if let Some(s) = word_start {
        push_word(text, s, bytes.len(), word_ascii, out);
    }
}

/// Appends a word's folded form as one token.
fn push_word(text: &str, start: usize, end: usize, ascii: bool, out: &mut String) {
    let raw = text.get(start..end).unwrap_or_default();
    if !out.is_empty() {
        out.push(' ');
    }
    if ascii {
        out.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&fold(raw));
    }
}

/// Appends a token as it is.
fn push_token(token: &str, out: &mut String) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(token);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn table_of_scripts() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "latin diacritics",
                "Café NAÏVE résumé",
                &["cafe", "naive", "resume"],
            ),
            ("decomposed accent", "cafe\u{301} ok", &["cafe", "ok"]),
            (
                "punctuation",
                "e-mail, ok?! (yes)",
                &["e", "mail", "ok", "yes"],
            ),
            (
                "digits",
                "at 10:30 on 2024",
                &["at", "10", "30", "on", "2024"],
            ),
            ("cyrillic", "Привет, КАК дела?", &["привет", "как", "дела"]),
            ("arabic with harakat", "مَرْحَبًا بك", &["مرحبا", "بك"]),
            ("japanese", "東京駅で", &["東", "京", "駅", "で"]),
            ("chinese", "我们明天见", &["我", "们", "明", "天", "见"]),
            (
                "korean",
                "서울에서 만나",
                &["서", "울", "에", "서", "만", "나"],
            ),
            ("thai", "สวัสดี", &["ส", "ว", "ั", "ส", "ด", "ี"]),
            ("mixed", "Tokyo東京2024", &["tokyo", "東", "京", "2024"]),
            ("emoji only", "👍😂", &[]),
            ("empty", "", &[]),
        ];
        for (name, text, want) in cases {
            assert_eq!(folded(text), *want, "{name}");
        }
    }

    #[test]
    fn ranges_point_into_the_original() {
        let text = "Ça va? 東京";
        for t in tokens(text) {
            assert!(text.get(t.start..t.end).is_some());
        }
        let t = tokens(text);
        assert_eq!(&text[t[0].start..t[0].end], "Ça");
        assert_eq!(&text[t[2].start..t[2].end], "東");
    }

    #[test]
    fn index_text_matches_tokens() {
        for text in [
            "Café au lait",
            "東京駅で会いましょう",
            "a--b",
            "Ελληνικά ΚΕΙΜΕΝΟ",
            "cafe\u{301}!x\u{301}",
            "\u{301}lone mark, 東京Tokyo駅2024 ok",
            "ÀB12-çd_e 안녕하세요 สวัสดีครับ 👍🏽 🇯🇵",
            "MiXeD Case ÉCOLE é\u{301}",
            "tab\tnew\nline\r\nend.",
            "",
            " ",
        ] {
            let mut s = String::new();
            index_text(text, &mut s);
            assert_eq!(s, folded(text).join(" "), "{text}");
        }
    }
}
