//! Search: scripts, syntax, filters, snippets, index lifecycle.

mod common;

use common::*;
use ferry_model::{App, Chat, ChatKind, Message, Participant};
use ferry_store::{Library, SearchQuery};

const CORPUS: &[(&str, &str)] = &[
    ("Alice", "Rendez-vous au Café de Flore à 18h"),
    ("Bob", "Привет! Как дела? Увидимся в Москве"),
    ("Alice", "مرحبا، كيف حالك اليوم؟"),
    ("Bob", "ผมพูดว่าสวัสดีครับทุกคนในห้อง"),
    ("Alice", "明日は東京駅で会いましょう"),
    ("Bob", "내일 서울에서 만나요"),
    ("Alice", "我们明天在北京见面"),
    ("Bob", "see you at the station tomorrow"),
    ("Alice", "I will see the doctor, you know"),
];

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs: Vec<Message> = CORPUS
        .iter()
        .enumerate()
        .map(|(i, (who, body))| text(who, i as i64, body))
        .collect();
    ingest(&mut lib, &whatsapp_chat("Family"), &msgs);
    assert_eq!(lib.index_pending().unwrap(), CORPUS.len() as u64);
    lib.update_search_index(&mut |_, _| true).unwrap();
    assert_eq!(lib.index_pending().unwrap(), 0);
    (dir, lib)
}

fn found(lib: &Library, q: &str) -> Vec<String> {
    lib.search(&SearchQuery::text(q))
        .unwrap()
        .into_iter()
        .map(|h| h.snippet)
        .collect()
}

fn highlighted(lib: &Library, q: &str) -> Vec<String> {
    lib.search(&SearchQuery::text(q))
        .unwrap()
        .into_iter()
        .flat_map(|h| {
            h.highlights
                .iter()
                .map(|&(s, e)| h.snippet[s..e].to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn finds_words_in_every_script() {
    let (_d, lib) = library();
    let cases: &[(&str, &str, usize, &str)] = &[
        ("latin without accent", "cafe", 0, "Café"),
        ("latin upper case", "CAFÉ", 0, "Café"),
        ("cyrillic", "привет", 1, "Привет"),
        ("cyrillic prefix", "москв", 1, "Москве"),
        ("arabic", "مرحبا", 2, "مرحبا"),
        ("thai inside a sentence", "สวัสดี", 3, "สวัสดี"),
        ("japanese two characters", "東京", 4, "東京"),
        ("korean inside a word", "서울", 5, "서울"),
        ("chinese", "北京", 6, "北京"),
    ];
    for (name, q, idx, hl) in cases {
        assert_eq!(found(&lib, q), [CORPUS[*idx].1], "{name}");
        assert_eq!(highlighted(&lib, q), [*hl], "{name}");
    }
}

#[test]
fn all_plain_words_must_match_and_phrases_are_exact() {
    let (_d, lib) = library();
    assert_eq!(
        found(&lib, "see you"),
        [CORPUS[8].1, CORPUS[7].1],
        "newest first"
    );
    assert_eq!(found(&lib, "\"see you\""), [CORPUS[7].1]);
    assert_eq!(found(&lib, "see doctor"), [CORPUS[8].1]);
    assert!(found(&lib, "see nobody").is_empty());
    assert_eq!(
        highlighted(&lib, "\"see you\" station"),
        ["see you", "station"]
    );
}

#[test]
fn hostile_input_never_errors() {
    let (_d, lib) = library();
    for q in [
        "\"",
        "\"\"",
        "*",
        "AND",
        "OR NOT",
        "NEAR(",
        "a:b",
        "^cafe",
        "(((",
        "col:x*",
        "'",
        "-",
        "\u{0}",
        "😂",
        "\"unterminated phrase",
        "café\"",
    ] {
        lib.search(&SearchQuery::text(q))
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    assert_eq!(found(&lib, "^cafe"), [CORPUS[0].1]);
}

#[test]
fn filters_by_chat_app_sender_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    ingest(
        &mut lib,
        &whatsapp_chat("Family"),
        &[
            text("Alice", 0, "pizza tonight"),
            text("Bob", 10, "pizza again"),
        ],
    );
    let tg = Chat {
        app: App::Telegram,
        native_id: Some("9".into()),
        title: "Work".into(),
        kind: ChatKind::Group,
        participants: vec![Participant {
            key: "u1".into(),
            ..Participant::named("ALICE")
        }],
    };
    ingest(&mut lib, &tg, &[text("u1", 20, "pizza meeting")]);
    lib.update_search_index(&mut |_, _| true).unwrap();
    let family = lib.resolve_chat("family").unwrap().id;
    let q = |f: &dyn Fn(&mut SearchQuery)| {
        let mut q = SearchQuery::text("pizza");
        f(&mut q);
        lib.search(&q)
            .unwrap()
            .into_iter()
            .map(|h| h.snippet)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        q(&|_| {}),
        ["pizza meeting", "pizza again", "pizza tonight"]
    );
    assert_eq!(
        q(&|q| q.chat = Some(family)),
        ["pizza again", "pizza tonight"]
    );
    assert_eq!(q(&|q| q.app = Some(App::Telegram)), ["pizza meeting"]);
    assert_eq!(
        q(&|q| q.sender = Some("alice".into())),
        ["pizza meeting", "pizza tonight"]
    );
    assert_eq!(
        q(&|q| q.sender = Some("nobody".into())),
        Vec::<String>::new()
    );
    assert_eq!(
        q(&|q| q.since = Some(at(10).unix_millis())),
        ["pizza meeting", "pizza again"]
    );
    assert_eq!(
        q(&|q| q.until = Some(at(10).unix_millis())),
        ["pizza tonight"]
    );
    assert_eq!(
        q(&|q| {
            q.limit = 1;
            q.offset = 1
        }),
        ["pizza again"]
    );
    let hit = &lib.search(&SearchQuery::text("meeting")).unwrap()[0];
    assert_eq!(
        (hit.chat_title.as_str(), hit.app, hit.sender.as_deref()),
        ("Work", App::Telegram, Some("ALICE"))
    );
    assert_eq!(hit.sent_at, at(20));
    // Empty text lists what the filters select.
    let mut all = SearchQuery::text("");
    all.chat = Some(family);
    assert_eq!(lib.search(&all).unwrap().len(), 2);
}

#[test]
fn unindexed_messages_are_pending_and_indexing_resumes_after_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let msgs: Vec<_> = (0..20_000)
        .map(|i| text("Bob", i, &format!("word{} common", i % 7)))
        .collect();
    ingest(&mut lib, &whatsapp_chat("Big"), &msgs);
    assert!(lib.search(&SearchQuery::text("common")).unwrap().is_empty());
    let mut calls = 0;
    lib.update_search_index(&mut |done, total| {
        calls += 1;
        assert!(done <= total);
        false
    })
    .unwrap();
    assert_eq!(calls, 1, "stopped after the first batch");
    let pending = lib.index_pending().unwrap();
    assert!(pending > 0 && pending < 20_000, "{pending}");
    // What is indexed is searchable, and nothing is counted twice.
    let mut q = SearchQuery::text("common");
    q.limit = 100_000;
    assert_eq!(lib.search(&q).unwrap().len() as u64, 20_000 - pending);
    lib.update_search_index(&mut |_, _| true).unwrap();
    assert_eq!(lib.index_pending().unwrap(), 0);
    assert_eq!(lib.search(&q).unwrap().len(), 20_000);
    q.text = "word3".into();
    assert_eq!(
        lib.search(&q).unwrap().len(),
        (0..20_000).filter(|i| i % 7 == 3).count()
    );
}

#[test]
fn edited_messages_are_reindexed() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let chat = Chat {
        native_id: Some("c".into()),
        ..whatsapp_chat("Edits")
    };
    let mut m = text("Bob", 0, "old wording");
    m.native_id = Some("1".into());
    ingest(&mut lib, &chat, std::slice::from_ref(&m));
    lib.update_search_index(&mut |_, _| true).unwrap();
    m.text = "new wording".into();
    m.edited = true;
    ingest(&mut lib, &chat, &[m]);
    assert_eq!(lib.index_pending().unwrap(), 1);
    lib.update_search_index(&mut |_, _| true).unwrap();
    assert!(found(&lib, "old").is_empty());
    assert_eq!(found(&lib, "new"), ["new wording"]);
    assert_eq!(found(&lib, "wording"), ["new wording"]);
}

#[test]
fn reopened_library_keeps_its_index() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut lib = Library::open(dir.path()).unwrap();
        ingest(
            &mut lib,
            &whatsapp_chat("F"),
            &[text("Bob", 0, "persistent words")],
        );
        lib.update_search_index(&mut |_, _| true).unwrap();
    }
    let lib = Library::open(dir.path()).unwrap();
    assert_eq!(lib.index_pending().unwrap(), 0);
    assert_eq!(found(&lib, "persistent"), ["persistent words"]);
}

/// FTS5's `automerge` value stored in the library.
fn stored_automerge(dir: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("library.db")).unwrap();
    conn.query_row(
        "SELECT v FROM search_index_config WHERE k = 'automerge'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn bulk_index_builds_restore_automerge_also_when_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // Above the bulk threshold (65,536), so the build turns merging off.
    let n = 70_000;
    let msgs: Vec<_> = (0..n)
        .map(|i| text("Bob", i, &format!("bulk{} every", i % 11)))
        .collect();
    ingest(&mut lib, &whatsapp_chat("Bulk"), &msgs);
    lib.update_search_index(&mut |_, _| false).unwrap();
    assert!(lib.index_pending().unwrap() > 0, "stopped early");
    assert_eq!(stored_automerge(dir.path()), 4, "restored when stopped");
    lib.update_search_index(&mut |_, _| true).unwrap();
    assert_eq!(lib.index_pending().unwrap(), 0);
    assert_eq!(stored_automerge(dir.path()), 4, "restored when done");
    let mut q = SearchQuery::text("every");
    q.limit = 100_000;
    assert_eq!(lib.search(&q).unwrap().len() as i64, n);
    q.text = "bulk10".into();
    assert_eq!(
        lib.search(&q).unwrap().len(),
        (0..n).filter(|i| i % 11 == 10).count()
    );
}
