//! Shared by the quick-path tests: every fixture element, and variants of
//! it, must read the same through the quick path as through serde, or be
//! left to serde.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt::Debug;

/// Checks one text: `Some` from the quick path must equal serde's reading.
/// Returns whether the quick path read it.
pub fn agrees<'t, T>(name: &str, text: &'t str, quick: impl Fn(&'t str) -> Option<T>) -> bool
where
    T: Deserialize<'t> + Debug,
{
    let Some(fast) = quick(text) else {
        // What the quick path leaves, serde must still decide without
        // panicking (an error or a value).
        let _ = serde_json::from_str::<T>(text);
        return false;
    };
    let slow: T = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{name}: quick read what serde refuses ({e}): {text}"));
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{name}: {text}");
    true
}

/// Values to put in place of a field's value.
const REPLACEMENTS: [&str; 11] = [
    "null",
    "5",
    "-1.5e3",
    "true",
    "\"\"",
    "\" 42 \"",
    "\"line\\nbreak \\\"quoted\\\" \\u00e9\\ud83d\\ude00\"",
    "[]",
    "[\"a\", \"b\"]",
    "{}",
    "[{\"id\": \"1\", \"name\": \"n\"}]",
];

/// Variants of `obj`: each field removed or replaced, each field of the
/// objects it holds replaced, and text-level changes serde_json's writer
/// never makes (a field given twice, an escaped key, trailing commas or
/// text). `dup` is a field that the quick path reads.
pub fn variants(name: &str, obj: &Map<String, Value>, dup: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let text = Value::Object(obj.clone()).to_string();
    out.push((
        format!("{name} pretty"),
        serde_json::to_string_pretty(obj).unwrap(),
    ));
    for (key, value) in obj {
        let mut removed = obj.clone();
        removed.remove(key);
        out.push((
            format!("{name} without {key}"),
            Value::Object(removed).to_string(),
        ));
        for r in REPLACEMENTS {
            let mut changed = obj.clone();
            changed.insert(key.clone(), serde_json::from_str(r).unwrap());
            out.push((
                format!("{name} {key}={r}"),
                Value::Object(changed).to_string(),
            ));
        }
        if let Some(inner) = value.as_object() {
            for (iname, itext) in variants(&format!("{name} {key}"), inner, dup) {
                let mut changed = obj.clone();
                match serde_json::from_str::<Value>(&itext) {
                    Ok(v) => {
                        changed.insert(key.clone(), v);
                        out.push((iname, Value::Object(changed).to_string()));
                    }
                    // Not JSON any more (a text-level change): splice it in.
                    Err(_) => {
                        let outer = Value::Object(changed).to_string();
                        let inner_now = value.to_string();
                        out.push((iname, outer.replacen(&inner_now, &itext, 1)));
                    }
                }
            }
        }
    }
    out.push((
        format!("{name} duplicate {dup}"),
        text.replacen('{', &format!("{{\"{dup}\":\"again\","), 1),
    ));
    out.push((
        format!("{name} escaped key"),
        text.replacen(
            &format!("\"{dup}\""),
            &format!("\"\\u{:04x}{}\"", dup.as_bytes()[0], &dup[1..]),
            1,
        ),
    ));
    out.push((
        format!("{name} trailing comma"),
        text.replacen('}', ",}", 1),
    ));
    out.push((format!("{name} trailing text"), format!("{text} x")));
    out.push((format!("{name} as array"), "[\"1\"]".to_owned()));
    out
}

/// Every fixture element, compact and pretty, takes the quick path and
/// reads as serde reads it (`check` is [`agrees`] for the element type).
pub fn fixtures_take_the_quick_path(
    fixtures: &[(String, Value)],
    check: impl Fn(&str, &str) -> bool,
) {
    for (name, v) in fixtures {
        for text in [
            serde_json::to_string(v).unwrap(),
            serde_json::to_string_pretty(v).unwrap(),
        ] {
            assert!(check(name, &text), "{name}: quick path bailed on {text}");
        }
    }
}

/// Every [`variants`] of every fixture element reads as serde reads it or
/// is left to serde; at least `min_read` take the quick path and 100 bail.
pub fn variants_agree(
    fixtures: &[(String, Value)],
    dup: &str,
    min_read: usize,
    check: impl Fn(&str, &str) -> bool,
) {
    let (mut quick_read, mut bailed) = (0, 0);
    for (name, v) in fixtures {
        for (vname, vtext) in variants(name, v.as_object().unwrap(), dup) {
            if check(&vname, &vtext) {
                quick_read += 1;
            } else {
                bailed += 1;
            }
        }
    }
    assert!(
        quick_read >= min_read,
        "quick path read {quick_read} variants"
    );
    assert!(bailed > 100, "quick path bailed on {bailed} variants");
}
