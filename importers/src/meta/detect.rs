//! Finding DYI threads in an input and deciding Facebook vs Instagram.
//!
//! A thread is a folder `…/messages/<category>/<thread>/` holding
//! `message_1.json`, `message_2.json`, … (`<category>` is `inbox`,
//! `archived_threads`, `filtered_threads`, `message_requests`,
//! `e2ee_cutover` or any other; the content decides). The first file of a
//! thread must look like a thread object (sniffed from its first bytes).
//!
//! The app comes from the folder above `messages/`:
//! `your_instagram_activity/` is Instagram, `your_activity_across_facebook/`
//! and `your_facebook_activity/` are Facebook. The old layout (`messages/`
//! at the top) is shared by both; it is Instagram when the export next to
//! it has Instagram-only content (`personal_information/personal_information.json`,
//! `followers_and_following/`, `content/posts_1.json`, `account_information/`)
//! or the input's file name starts with `instagram`, else Facebook.

use crate::Input;
use ferry_model::App;
use std::collections::BTreeMap;

/// Bytes sniffed from the start of a thread file.
const SNIFF_BYTES: usize = 4096;

/// Folders directly above `messages/` and the app they mean.
const LAYOUTS: &[(&str, App)] = &[
    ("your_instagram_activity", App::Instagram),
    ("your_activity_across_facebook", App::Messenger),
    ("your_facebook_activity", App::Messenger),
];

/// Paths (below the export root) only Instagram exports have.
const INSTAGRAM_MARKERS: &[&str] = &[
    "personal_information/personal_information.json",
    "personal_information/personal_information/",
    "followers_and_following/",
    "content/posts_1.json",
    "account_information/",
];

/// One thread folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub app: App,
    /// The folder, e.g. `messages/inbox/zoe_123`.
    pub dir: String,
    /// `(n, entry)` of each `message_n.json`, ascending `n`.
    pub files: Vec<(u32, String)>,
}

impl Thread {
    /// The thread's folder name (`zoe_123`).
    pub fn folder(&self) -> &str {
        self.dir.rsplit('/').next().unwrap_or(&self.dir)
    }

    /// `<category>/<folder>`, e.g. `inbox/zoe_123`.
    pub fn category_path(&self) -> String {
        let mut parts = self.dir.rsplit('/');
        let folder = parts.next().unwrap_or("");
        match parts.next() {
            Some(cat) => format!("{cat}/{folder}"),
            None => folder.to_owned(),
        }
    }
}

/// `message_<n>.json` → `n`.
pub fn message_number(file_name: &str) -> Option<u32> {
    file_name
        .strip_prefix("message_")?
        .strip_suffix(".json")?
        .parse()
        .ok()
}

/// Whether the first bytes look like a DYI thread object (and not like the
/// camelCase end-to-end encrypted export).
pub fn looks_like_thread(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(first) = head.iter().find(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    *first == b'{'
        && [
            &b"\"participants\""[..],
            b"\"sender_name\"",
            b"\"thread_path\"",
        ]
        .iter()
        .any(|k| memchr::memmem::find(head, k).is_some())
        && !super::e2ee::looks_like_e2ee(head)
}

/// Splits `…/messages/<cat>/<thread>` into (export root with trailing `/`,
/// app from the layout folder if any). `None` when not under `messages/`.
fn classify(dir: &str) -> Option<(String, Option<App>)> {
    let parts: Vec<&str> = dir.split('/').collect();
    let n = parts.len();
    if n < 3 || parts[n - 3] != "messages" {
        return None;
    }
    let above = &parts[..n - 3];
    let (root_parts, app) = match above.last() {
        Some(last) => match LAYOUTS.iter().find(|(name, _)| name == last) {
            Some((_, app)) => (&above[..above.len() - 1], Some(*app)),
            None => (above, None),
        },
        None => (above, None),
    };
    let mut root = root_parts.join("/");
    if !root.is_empty() {
        root.push('/');
    }
    Some((root, app))
}

/// Whether any entry name starts with `prefix`.
fn has_prefix(input: &Input, prefix: &str) -> bool {
    let entries = input.entries();
    let i = entries.partition_point(|e| e.name.as_str() < prefix);
    entries.get(i).is_some_and(|e| e.name.starts_with(prefix))
}

/// Every thread in `input` whose first file passes the sniff test.
pub fn threads(input: &Input) -> Vec<Thread> {
    let mut by_dir: BTreeMap<&str, Vec<(u32, String)>> = BTreeMap::new();
    for e in input.entries() {
        if let Some(n) = message_number(e.file_name()) {
            by_dir.entry(e.dir()).or_default().push((n, e.name.clone()));
        }
    }
    let input_is_instagram = input
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().starts_with("instagram"));
    let mut out = Vec::new();
    for (dir, mut files) in by_dir {
        let Some((root, app)) = classify(dir) else {
            continue;
        };
        files.sort();
        let Some((_, first)) = files.first() else {
            continue;
        };
        if !input
            .head(first, SNIFF_BYTES)
            .is_ok_and(|h| looks_like_thread(&h))
        {
            continue;
        }
        let app = app.unwrap_or_else(|| {
            let instagram = input_is_instagram
                || INSTAGRAM_MARKERS
                    .iter()
                    .any(|m| has_prefix(input, &format!("{root}{m}")));
            if instagram {
                App::Instagram
            } else {
                App::Messenger
            }
        });
        out.push(Thread {
            app,
            dir: dir.to_owned(),
            files,
        });
    }
    out
}

/// A single in-memory or loose thread file (fuzzing, a lone
/// `message_1.json`): the input's only entry when it sniffs as a thread.
pub fn lone_thread(input: &Input) -> Option<Thread> {
    let [only] = input.entries() else {
        return None;
    };
    if classify(only.dir()).is_some() {
        return None; // found by `threads`
    }
    let head = input.head(&only.name, SNIFF_BYTES).ok()?;
    looks_like_thread(&head).then(|| Thread {
        app: App::Messenger,
        dir: only.dir().to_owned(),
        files: vec![(
            message_number(only.file_name()).unwrap_or(1),
            only.name.clone(),
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_table() {
        type Case<'a> = (&'a str, &'a str, Option<(&'a str, Option<App>)>);
        let cases: &[Case<'_>] = &[
            ("old_top", "messages/inbox/a_1", Some(("", None))),
            (
                "old_nested",
                "fb/messages/archived_threads/a_1",
                Some(("fb/", None)),
            ),
            (
                "fb_2024",
                "your_activity_across_facebook/messages/inbox/a_1",
                Some(("", Some(App::Messenger))),
            ),
            (
                "ig_2024_in_folder",
                "x/your_instagram_activity/messages/inbox/a_1",
                Some(("x/", Some(App::Instagram))),
            ),
            ("not_messages", "photos/inbox/a_1", None),
            ("too_short", "inbox/a_1", None),
        ];
        for (name, dir, want) in cases {
            let got = classify(dir);
            let want = want.map(|(r, a)| (r.to_owned(), a));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn message_number_table() {
        assert_eq!(message_number("message_1.json"), Some(1));
        assert_eq!(message_number("message_12.json"), Some(12));
        assert_eq!(message_number("message_.json"), None);
        assert_eq!(message_number("message_1.json.bak"), None);
        assert_eq!(message_number("message_x.json"), None);
    }

    #[test]
    fn sniff_table() {
        assert!(looks_like_thread(b"\xEF\xBB\xBF{\n \"participants\": ["));
        assert!(looks_like_thread(
            b"  {\"messages\":[{\"sender_name\":\"a\""
        ));
        assert!(!looks_like_thread(b"[{\"participants\":1}]"));
        assert!(!looks_like_thread(b"{\"threadName\":\"x\"}"));
        assert!(!looks_like_thread(b""));
    }
}
