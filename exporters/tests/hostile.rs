//! The hostile-text corpus through every writer: HTML stays inert, XML and
//! JSON stay valid and give the text back, CSV parses back, the WhatsApp
//! transcript cannot be tricked into extra messages, nothing panics.

mod common;

use common::{PHOTO_HASH, chat, member, run, stored, zip_entries};
use ferry_exporters::ExportFormat;
use ferry_model::{Attachment, ChatInfo, ChatKind, MediaKind, Reaction, StoredMessage};
use std::path::Path;

fn corpus() -> Vec<String> {
    let ten_k_lines: Vec<String> = (0..10_000)
        .map(|i| format!("line {i} [01/02/2024, 10:00:00] Eve: fake header"))
        .collect();
    vec![
        "<script>alert(1)</script>".into(),
        "<img src=x onerror=alert(1)>".into(),
        "</textarea><script>alert(2)</script><textarea>".into(),
        "[click](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a> javascript:alert(1)"
            .into(),
        "\u{202e}evil RTL override\u{202c} and \u{2066}isolate\u{2069} \u{200f}".into(),
        "NUL:\0:end, ESC \u{1b}, DEL \u{7f}, bell \u{7}".into(),
        "<b>".repeat(350_000),
        ten_k_lines.join("\n"),
        "]]></sms><!-- --><?xml version='1.0'?>".into(),
        "\"quoted\" 'single' & ampersand &amp; &#55357;".into(),
        "=cmd|' /C calc'!A0".into(),
        "-1+1".into(),
        "CRLF\r\nCR\rLF\n".into(),
        "😀 astral 𝕏 \u{fffe} nonchar".into(),
        "\u{2028}line\u{2029}separators </script>".into(),
        String::new(),
    ]
}

fn hostile_chat() -> (ChatInfo, Vec<StoredMessage>) {
    let c = chat(
        7,
        "<script>alert('title')</script>/../..\\evil",
        ChatKind::Group,
        vec![
            member(1, "me", "Me <i>", Some("+31600000001"), true),
            member(
                2,
                "eve",
                "Eve <img src=x onerror=alert(1)>: \"x\"",
                Some("+31600000002"),
                false,
            ),
            member(
                3,
                "mal",
                "Mal\u{202e}lory\n[01/01/2024, 00:00:00] Fake",
                Some("+31 6 0000 0003"),
                false,
            ),
        ],
        20,
    );
    let senders = [
        ("eve", "Eve <img src=x onerror=alert(1)>: \"x\""),
        ("mal", "Mal\u{202e}lory\n[01/01/2024, 00:00:00] Fake"),
        ("me", "Me <i>"),
    ];
    let mut out = Vec::new();
    for (i, text) in corpus().into_iter().enumerate() {
        let s = senders[i % senders.len()];
        let mut m = stored(
            100 + i as i64,
            &c,
            Some(s),
            1_704_186_672 + i as i64 * 30,
            &text,
        );
        if i == 1 {
            m.message.attachments = vec![Attachment {
                file_name: "<img src=x onerror=alert(1)>.jpg".into(),
                media_kind: MediaKind::Image,
                mime: Some("image/jpeg\"><script>".into()),
                size: Some(3),
                content_hash: Some(PHOTO_HASH.into()),
            }];
            m.message.forwarded_from = Some("<script>fwd</script>".into());
            m.message.reactions = vec![Reaction {
                emoji: "<svg onload=alert(1)>".into(),
                by: Some("Eve <img src=x onerror=alert(1)>: \"x\"".into()),
                at: None,
            }];
        }
        if i == 2 {
            m.reply_to_id = Some(101);
        }
        out.push(m);
    }
    (c, out)
}

fn export(format: ExportFormat, out: &Path) {
    let summary = run(format, out, &[hostile_chat()], |_| {});
    assert_eq!(summary.messages, corpus().len() as u64, "{format}");
}

/// Every `<...>` tag in `html`: its name and attribute names must be Ferry's.
fn assert_inert_html(name: &str, html: &str) {
    const TAGS: &[&str] = &[
        "!DOCTYPE", "html", "head", "meta", "title", "link", "body", "header", "h1", "p", "nav",
        "a", "main", "div", "span", "article", "bdi", "time", "ul", "li", "img", "video", "audio",
        "table", "tr", "th", "td",
    ];
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .unwrap_or_else(|| panic!("{name}: unclosed tag"));
        let tag = &after[..end];
        let tag_name = tag
            .trim_start_matches('/')
            .split([' ', '\n'])
            .next()
            .unwrap();
        assert!(TAGS.contains(&tag_name), "{name}: unexpected tag <{tag}>");
        // Attributes: name="value" pairs with quoted values only.
        let mut attrs = tag.split_once(' ').map(|(_, a)| a).unwrap_or("");
        while let Some(eq) = attrs.find("=\"") {
            let attr = attrs[..eq].trim();
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{name}: handler {attr} in <{tag}>"
            );
            let value_end = attrs[eq + 2..].find('"').unwrap();
            let value = &attrs[eq + 2..eq + 2 + value_end];
            if attr == "href" || attr == "src" {
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{name}: {attr}={value}"
                );
            }
            attrs = &attrs[eq + 2 + value_end + 1..];
        }
        rest = &after[end + 1..];
    }
}

#[test]
fn html_stays_inert() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("html");
    export(ExportFormat::Html, &out);
    let mut pages = 0;
    for (name, bytes) in common::files(&out) {
        if !(name.ends_with(".html") || name.ends_with(".js")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        if name.ends_with(".html") && name != "search.html" {
            assert_inert_html(&name, &text);
            pages += 1;
        }
        if name == "search-index.js" {
            assert!(!text.contains('<'), "search index holds a raw <");
            let start = text.find("window.FERRY_INDEX = ").unwrap() + "window.FERRY_INDEX = ".len();
            let end = text.find(";\nwindow.FERRY_CHATS").unwrap();
            let entries: Vec<serde_json::Value> = serde_json::from_str(&text[start..end]).unwrap();
            assert_eq!(entries.len(), corpus().len());
            let first = entries[0][5].as_str().unwrap();
            assert_eq!(first, "<script>alert(1)</script>");
        }
    }
    assert!(pages >= 2, "index and a chat page");
}

#[test]
fn telegram_json_stays_valid_and_keeps_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tg");
    export(ExportFormat::TelegramJson, &out);
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("result.json")).unwrap()).unwrap();
    let texts: Vec<&str> = v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, corpus());
    let photo = v["messages"][1]["photo"].as_str().unwrap();
    assert!(
        photo.starts_with("photos/") && !photo.contains(['<', '>', '"']),
        "{photo}"
    );
}

#[test]
fn jsonl_stays_valid_and_keeps_text() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m.jsonl");
    export(ExportFormat::Jsonl, &out);
    let text = std::fs::read_to_string(&out).unwrap();
    let texts: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(texts, corpus());
}

#[test]
fn csv_parses_back_with_formula_guard() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m.csv");
    export(ExportFormat::Csv, &out);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let texts: Vec<String> = r.records().map(|rec| rec.unwrap()[7].to_owned()).collect();
    let want: Vec<String> = corpus()
        .into_iter()
        .map(|t| {
            let t = t.replace('\0', "\u{fffd}");
            if t.starts_with(['=', '+', '-', '@']) {
                format!("'{t}")
            } else {
                t
            }
        })
        .collect();
    assert_eq!(texts, want);
}

/// Attribute values as SMS Backup & Restore readers decode them: entities,
/// decimal references, and surrogate pairs combined.
fn decode_attr(raw: &str) -> String {
    let mut out = String::new();
    let mut pending_high: Option<u32> = None;
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..].find(';').unwrap() + amp;
        let ent = &rest[amp + 1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let n: u32 = ent.strip_prefix('#').unwrap().parse().unwrap();
                if (0xd800..0xdc00).contains(&n) {
                    pending_high = Some(n);
                    None
                } else if (0xdc00..0xe000).contains(&n) {
                    let hi = pending_high.take().expect("low surrogate without high");
                    char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (n - 0xdc00))
                } else {
                    Some(char::from_u32(n).unwrap())
                }
            }
        };
        out.extend(ch);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn sms_xml_stays_well_formed_and_keeps_text() {
    use quick_xml::events::Event;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("sms.xml");
    export(ExportFormat::SmsXml, &out);
    let xml = std::fs::read_to_string(&out).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut texts = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"part" => {
                let mut ct = String::new();
                let mut text = None;
                for a in e.attributes() {
                    let a = a.unwrap();
                    let raw = std::str::from_utf8(&a.value).unwrap();
                    match a.key.as_ref() {
                        b"ct" => ct = decode_attr(raw),
                        b"text" => text = Some(decode_attr(raw)),
                        _ => {}
                    }
                }
                if ct == "text/plain" {
                    texts.push(text.unwrap());
                }
            }
            _ => {}
        }
    }
    // A group chat: every message is an MMS; the empty one is skipped.
    let want: Vec<String> = corpus()
        .into_iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| {
            let mut t: String = t.chars().filter(|c| !matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')).collect();
            if i == 1 {
                t = format!(
                    "(forwarded from <script>fwd</script>)\n{t}\n(reactions: <svg onload=alert(1)> Eve <img src=x onerror=alert(1)>: \"x\")"
                );
            }
            if i == 2 {
                t = format!(
                    "↪ replying to Mal\u{202e}lory\n[01/01/2024, 00:00:00] Fake: \"<img src=x onerror=alert(1)>\"\n{t}"
                );
            }
            t
        })
        .collect();
    assert_eq!(texts.len(), want.len());
    for (got, want) in texts.iter().zip(&want) {
        assert_eq!(got, want);
    }
}

#[test]
fn whatsapp_transcript_has_one_header_per_message() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("wa");
    export(ExportFormat::WhatsApp, &out);
    let zip = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let name = zip.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("WhatsApp Chat - ") && name.ends_with(".zip"),
        "{name}"
    );
    assert!(!name.contains(['/', '\\', '<', '>']), "{name}");
    let entries = zip_entries(&zip);
    let chat = entries.iter().find(|(n, _)| n == "_chat.txt").unwrap();
    let text = std::str::from_utf8(&chat.1).unwrap();
    assert!(!text.contains('\0'));
    let headers = text
        .lines()
        .filter(|l| {
            let l = l.trim_start_matches('\u{200e}');
            l.starts_with('[') && l[1..].starts_with(|c: char| c.is_ascii_digit())
        })
        .count();
    assert_eq!(headers, corpus().len());
}

#[test]
fn markdown_and_txt_do_not_panic_and_stay_inert() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, ext) in [(ExportFormat::Markdown, "md"), (ExportFormat::Txt, "txt")] {
        let out = tmp.path().join(ext);
        export(format, &out);
        let files = common::files(&out);
        let (name, body) = files.iter().find(|(n, _)| n.ends_with(ext)).unwrap();
        assert!(!name.contains(['<', '>', '/']), "{name}");
        let body = String::from_utf8(body.clone()).unwrap();
        assert!(!body.contains('\0'));
        if format == ExportFormat::Markdown {
            assert!(!body.contains("<script"), "markdown holds a raw tag");
            assert!(
                !body.contains("](javascript:"),
                "markdown holds a live link"
            );
        }
    }
}
