//! Who made the export.
//!
//! DYI threads list display names only and never say which one is the
//! account owner. Ferry decides, in order:
//!
//! 1. [`ImportOptions::me`](crate::ImportOptions::me) when given (compared
//!    trimmed and case-insensitively with each name);
//! 2. otherwise the owner's names from the export's own profile file, when
//!    the input holds one: Facebook `profile_information.json`
//!    (`profile_v2.name.full_name`, older `profile.name.full_name`) or
//!    Instagram `personal_information.json` (`Name` and `Username` in
//!    `profile_user[].string_map_data`), mojibake fixed;
//! 3. otherwise nobody is marked.

use super::mojibake;
use crate::{ImportOptions, Input};
use serde_json::Value;

/// Profile files larger than this are not read (real ones are a few KB).
const MAX_PROFILE_BYTES: usize = 1 << 20;

/// The names that denote the exporter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Me {
    names: Vec<String>,
}

impl Me {
    /// From explicit names (tests, or `options.me`).
    pub fn from_names(names: impl IntoIterator<Item = String>) -> Self {
        Me {
            names: names
                .into_iter()
                .map(|n| n.trim().to_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
        }
    }

    /// Decides as the module documentation says.
    pub fn resolve(input: &Input, options: &ImportOptions) -> Self {
        if let Some(me) = &options.me {
            return Me::from_names([me.clone()]);
        }
        let mut names = Vec::new();
        for e in input.entries() {
            let f = e.file_name();
            if f != "profile_information.json" && f != "personal_information.json" {
                continue;
            }
            let Ok(bytes) = input.head(&e.name, MAX_PROFILE_BYTES) else {
                continue;
            };
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
                profile_names(&v, &mut names);
            }
        }
        Me::from_names(names)
    }

    /// Whether `name` is the exporter.
    pub fn is(&self, name: &str) -> bool {
        let name = name.trim();
        self.names.iter().any(|n| n.as_str() == name.to_lowercase())
    }

    pub fn is_known(&self) -> bool {
        !self.names.is_empty()
    }
}

/// Collects owner names from a Facebook or Instagram profile document.
fn profile_names(v: &Value, out: &mut Vec<String>) {
    let mut push = |s: Option<&str>| {
        if let Some(s) = s {
            out.push(mojibake::fix(s).into_owned());
        }
    };
    for key in ["profile_v2", "profile"] {
        push(
            v.pointer(&format!("/{key}/name/full_name"))
                .and_then(Value::as_str),
        );
    }
    if let Some(users) = v.get("profile_user").and_then(Value::as_array) {
        for u in users {
            for field in ["Name", "Username"] {
                push(
                    u.pointer(&format!("/string_map_data/{field}/value"))
                        .and_then(Value::as_str),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "facebook_2024",
                r#"{"profile_v2":{"name":{"full_name":"Zo\u00c3\u00ab S","first_name":"Zo"}}}"#,
                &["Zoë S"],
            ),
            (
                "facebook_old",
                r#"{"profile":{"name":{"full_name":"Ana B"}}}"#,
                &["Ana B"],
            ),
            (
                "instagram",
                r#"{"profile_user":[{"string_map_data":{"Name":{"value":"Ferry T"},"Username":{"value":"ferry.tester"}}}]}"#,
                &["Ferry T", "ferry.tester"],
            ),
            ("unrelated", r#"{"x":1}"#, &[]),
        ];
        for (name, json, want) in cases {
            let mut got = Vec::new();
            profile_names(&serde_json::from_str(json).unwrap(), &mut got);
            assert_eq!(got, *want, "{name}");
        }
    }

    #[test]
    fn matching_ignores_case_and_spaces() {
        let me = Me::from_names(["Ferry Tester".to_owned()]);
        assert!(me.is(" ferry tester"));
        assert!(!me.is("Bob"));
        assert!(!Me::default().is(""));
    }

    #[test]
    fn options_win_over_profile() {
        let input = Input::from_bytes(
            "profile_information.json",
            br#"{"profile_v2":{"name":{"full_name":"From Profile"}}}"#.to_vec(),
        );
        let from_file = Me::resolve(&input, &ImportOptions::default());
        assert!(from_file.is("From Profile"));
        let opts = ImportOptions {
            me: Some("Given".into()),
            ..ImportOptions::default()
        };
        let given = Me::resolve(&input, &opts);
        assert!(given.is("given") && !given.is("From Profile"));
    }
}
