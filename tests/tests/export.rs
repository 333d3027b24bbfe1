//! End-to-end: `ferry export` and `ferry convert` through the real
//! importers. Round trips (import -> export -> import) for the three formats
//! that move history into another app, the summary, `--list-formats`, and
//! errors.

use ferry_tests::{Lib, fixture};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A small iOS WhatsApp export with a photo that is in the zip.
const CHAT: &str = "[02/01/2024, 10:11:12] Alice: Hello 👋\n\
[02/01/2024, 10:12:40] Bob: Two lines,\nsecond one\n\
\u{200e}[02/01/2024, 10:13:05] Alice: \u{200e}<attached: 00000001-PHOTO-2024-01-02-10-13-05.jpg>\n\
[02/01/2024, 10:14:00] Bob: \u{200e}image omitted\n\
[03/01/2024, 09:00:00] Alice: Next day: still here\n";
const PHOTO: &[u8] = b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9";

fn whatsapp_zip(dir: &Path) -> PathBuf {
    let path = dir.join("WhatsApp Chat - Trip.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("_chat.txt", opts).unwrap();
    z.write_all(CHAT.as_bytes()).unwrap();
    z.start_file("00000001-PHOTO-2024-01-02-10-13-05.jpg", opts)
        .unwrap();
    z.write_all(PHOTO).unwrap();
    z.finish().unwrap();
    path
}

fn import(lib: &Lib, path: &Path) -> Value {
    lib.json(&[
        "import",
        &path.display().to_string(),
        "--tz",
        "UTC",
        "--date-order",
        "dmy",
    ])
}

/// Every message of the only (or first) chat, as `ferry messages --json` shows it.
fn messages(lib: &Lib, chat: &str) -> Vec<Value> {
    lib.json(&["messages", chat]).as_array().unwrap().clone()
}

fn chat_ids(lib: &Lib) -> Vec<String> {
    lib.json(&["chats"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].to_string())
        .collect()
}

/// The text without a first line that names one of the message's files
/// (the source's own attachment reference, which each format spells its way).
fn text_without_file_line(m: &Value) -> String {
    let text = m["text"].as_str().unwrap();
    let names: Vec<&str> = m["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    let first = text.split('\n').next().unwrap_or("");
    if names.iter().any(|n| first.contains(n)) || first.contains("<attached: ") {
        text.split_once('\n')
            .map(|(_, r)| r)
            .unwrap_or("")
            .to_owned()
    } else {
        text.to_owned()
    }
}

#[test]
fn whatsapp_round_trip_keeps_senders_minutes_text_and_attachments() {
    let tmp = tempfile::tempdir().unwrap();
    let first = Lib::new();
    import(&first, &whatsapp_zip(tmp.path()));
    let out = tmp.path().join("out");
    let summary = first.json(&[
        "export",
        "Trip",
        "--to",
        "whatsapp",
        "--out",
        &out.display().to_string(),
        "--no-degraded-text",
    ]);
    assert_eq!(summary["messages"], 5);
    assert_eq!(summary["attachments_written"], 1);
    let hint = summary["chats"][0]["target_hint"].as_str().unwrap();
    assert!(hint.contains("private chat"), "{hint}");
    let zip = out.join("WhatsApp Chat - Trip.zip");
    assert!(zip.exists());

    let second = Lib::new();
    import(&second, &zip);
    let (a, b) = (messages(&first, "Trip"), messages(&second, "Trip"));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x["sender"], y["sender"]);
        assert_eq!(
            x["sent_at"].as_str().unwrap()[..16],
            y["sent_at"].as_str().unwrap()[..16]
        );
        assert_eq!(x["kind"], y["kind"]);
        assert_eq!(
            text_without_file_line(x),
            text_without_file_line(y),
            "{x} / {y}"
        );
        let sizes = |m: &Value| -> Vec<Value> {
            m["attachments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["size"].clone())
                .collect()
        };
        assert_eq!(sizes(x), sizes(y));
    }
    assert_eq!(b[2]["attachments"][0]["size"], PHOTO.len());
}

#[test]
fn whatsapp_round_trip_of_a_real_android_export_is_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let first = Lib::new();
    import(
        &first,
        &fixture("whatsapp/android_en_dmy_24h_media_whatsjson.txt"),
    );
    let out = tmp.path().join("out");
    first.json(&[
        "export",
        "1",
        "--to",
        "whatsapp",
        "--out",
        &out.display().to_string(),
        "--no-degraded-text",
    ]);
    let zip = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let second = Lib::new();
    import(&second, &zip);
    let (a, b) = (messages(&first, "1"), messages(&second, "1"));
    assert_eq!(a.len(), 60);
    for (x, y) in a.iter().zip(&b) {
        for field in ["sender", "sent_at", "text", "kind", "edited", "deleted"] {
            assert_eq!(x[field], y[field], "{field}: {x} / {y}");
        }
        assert_eq!(x["attachments"], y["attachments"], "{x} / {y}");
    }
}

#[test]
fn telegram_json_round_trip_keeps_ids_replies_and_reactions() {
    let tmp = tempfile::tempdir().unwrap();
    let source = fixture("telegram/json/synthetic_single_chat_2024.result.json");
    let first = Lib::new();
    import(&first, &source);
    let out = tmp.path().join("tg");
    let summary = first.json(&[
        "export",
        "1",
        "--to",
        "telegram-json",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(summary["messages"], 26);

    // The exported file keeps Telegram's own message ids, and the ids of
    // replies within the chat (a reply into another chat is not kept).
    let original: Value = serde_json::from_slice(&std::fs::read(&source).unwrap()).unwrap();
    let exported: Value =
        serde_json::from_slice(&std::fs::read(out.join("result.json")).unwrap()).unwrap();
    let list = |v: &Value| -> Vec<Value> {
        v["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["type"] != "unsupported")
            .cloned()
            .collect()
    };
    let (orig, exp) = (list(&original), list(&exported));
    let ids = |l: &[Value]| -> Vec<i64> { l.iter().map(|m| m["id"].as_i64().unwrap()).collect() };
    assert_eq!(ids(&orig), ids(&exp));
    let known = ids(&orig);
    for (o, e) in orig.iter().zip(&exp) {
        if let Some(r) = o["reply_to_message_id"]
            .as_i64()
            .filter(|r| known.contains(r))
        {
            assert_eq!(e["reply_to_message_id"].as_i64(), Some(r), "{o}");
        }
    }
    let reacted = exp.iter().find(|m| m["reactions"].is_array()).unwrap();
    assert!(reacted["custom_reactions"][0]["emoji"].is_string());
    assert_eq!(exported["id"], original["id"]);

    let second = Lib::new();
    import(&second, &out);
    let (a, b) = (messages(&first, "1"), messages(&second, "1"));
    assert_eq!(a.len(), b.len());
    let pos = |list: &[Value], id: &Value| list.iter().position(|m| m["id"] == *id);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x["sender"], y["sender"]);
        assert_eq!(x["sent_at"], y["sent_at"]);
        assert_eq!(x["reactions"], y["reactions"], "{x}");
        assert_eq!(x["edited"], y["edited"]);
        if x["kind"] != "system" {
            assert_eq!(
                pos(&a, &x["reply_to"]),
                pos(&b, &y["reply_to"]),
                "reply of {x}"
            );
        }
        if x["kind"] == "system" {
            // Service lines are re-described by the importer; the text survives inside.
            assert!(
                y["text"]
                    .as_str()
                    .unwrap()
                    .contains(x["text"].as_str().unwrap())
            );
        } else {
            assert_eq!(x["text"], y["text"]);
            assert_eq!(
                pos(&a, &x["reply_to"]),
                pos(&b, &y["reply_to"]),
                "reply of {x}"
            );
        }
    }
}

#[test]
fn sms_xml_round_trip_is_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let first = Lib::new();
    import(
        &first,
        &fixture("sms-backup-restore/sms-20231114164000.xml"),
    );
    let ids = chat_ids(&first);
    assert_eq!(ids.len(), 4);
    let out = tmp.path().join("sms.xml");
    let mut args = vec!["export".to_owned()];
    args.extend(ids.iter().cloned());
    args.extend(["--to", "sms-xml", "--out"].map(String::from));
    args.push(out.display().to_string());
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let summary = first.json(&a);
    assert_eq!(summary["messages"], 6);
    assert_eq!(summary["attachments_written"], 1);
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(
        xml.contains("&#55357;&#56832;"),
        "emoji as surrogate references"
    );

    let second = Lib::new();
    import(&second, &out);
    let titles = |lib: &Lib| -> Vec<Value> {
        lib.json(&["chats"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].clone())
            .collect()
    };
    assert_eq!(titles(&first), titles(&second));
    for title in titles(&first) {
        let title = title.as_str().unwrap();
        let (x, y) = (messages(&first, title), messages(&second, title));
        assert!(!x.is_empty());
        assert_eq!(x.len(), y.len());
        for (m, n) in x.iter().zip(&y) {
            for field in ["sender", "sent_at", "text", "kind", "attachments"] {
                assert_eq!(m[field], n[field], "{field}: {m} / {n}");
            }
        }
    }
}

#[test]
fn convert_leaves_the_library_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = Lib::new();
    let out = tmp.path().join("chat.jsonl");
    let report = lib.json(&[
        "convert",
        &fixture("sms-backup-restore/sms-20231114164000.xml")
            .display()
            .to_string(),
        "--to",
        "jsonl",
        "--out",
        &out.display().to_string(),
        "--tz",
        "UTC",
    ]);
    assert_eq!(report["import"]["sources"][0]["messages"], 6);
    assert_eq!(report["export"]["messages"], 6);
    let lines = std::fs::read_to_string(&out).unwrap();
    assert_eq!(lines.lines().count(), 6);
    let first: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["app"], "sms");
    assert!(
        !lib.path().exists(),
        "convert must not create or touch the library"
    );
}

#[test]
fn list_formats_names_every_format_with_its_target_and_losses() {
    let lib = Lib::new();
    let formats = lib.json(&["export", "--list-formats"]);
    let ids: Vec<&str> = formats
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "whatsapp",
            "telegram-json",
            "sms-xml",
            "html",
            "markdown",
            "txt",
            "jsonl",
            "csv"
        ]
    );
    for f in formats.as_array().unwrap() {
        assert!(!f["target"].as_str().unwrap().is_empty());
        assert!(!f["lost"].as_str().unwrap().is_empty());
    }
}

#[test]
fn sms_export_of_a_chat_without_phone_numbers_names_who_lacks_one() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = Lib::new();
    import(&lib, &whatsapp_zip(tmp.path()));
    let out = lib.run(&[
        "export",
        "Trip",
        "--to",
        "sms-xml",
        "--out",
        &tmp.path().join("s.xml").display().to_string(),
        "--me",
        "Bob",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Alice") && err.contains("--phone"), "{err}");
    // With a number it works.
    let ok = lib.json(&[
        "export",
        "Trip",
        "--to",
        "sms-xml",
        "--out",
        &tmp.path().join("s.xml").display().to_string(),
        "--me",
        "Bob",
        "--phone",
        "Alice=+31600000001",
    ]);
    assert_eq!(ok["messages"], 5);
}

#[test]
fn html_export_is_a_browsable_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = Lib::new();
    import(&lib, &whatsapp_zip(tmp.path()));
    let out = tmp.path().join("html");
    let s = lib.json(&[
        "export",
        "Trip",
        "--to",
        "html",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(s["attachments_written"], 1);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("chats/1/messages.html"));
    let page = std::fs::read_to_string(out.join("chats/1/messages.html")).unwrap();
    assert!(
        page.contains("<img src=\"../../media/"),
        "photo shown inline"
    );
    assert!(page.contains("Two lines,\nsecond one"));
    assert!(out.join("search.html").exists() && out.join("search-index.js").exists());
}
