//! Snapshot of every writer's output on the small fixture chats: all files
//! written (text shown, binary files by size, zips by entry), plus the
//! summary without its temporary paths.

mod common;

use common::{direct, family, files, run, zip_entries};
use ferry_exporters::{ExportFormat, ExportOptions};

fn dump(format: ExportFormat, tweak: impl FnOnce(&mut ExportOptions)) -> String {
    dump_with(format, false, tweak)
}

fn dump_with(
    format: ExportFormat,
    extra_photo: bool,
    tweak: impl FnOnce(&mut ExportOptions),
) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (fc, mut fm) = family();
    if extra_photo {
        // A second photo, so that one media per part makes two parts.
        let mut second = fm[5].clone();
        second.id = 10;
        second.message.text = "Second photo".into();
        second.message.sent_at = common::ts(1_704_300_000);
        fm.push(second);
    }
    let summary = run(format, &out, &[(fc, fm), direct()], |o| {
        o.tz = None;
        tweak(o);
    });
    let mut s = String::new();
    let mut json = serde_json::to_value(&summary).unwrap();
    json.as_object_mut().unwrap().remove("files");
    s.push_str(&serde_json::to_string_pretty(&json).unwrap());
    s.push('\n');
    for (name, bytes) in files(&out) {
        if name.ends_with(".zip") {
            s.push_str(&format!("=== {name} (zip)\n"));
            for (entry, data) in zip_entries(&out.join(&name)) {
                match std::str::from_utf8(&data) {
                    Ok(text) if entry.ends_with(".txt") => {
                        s.push_str(&format!("--- {entry}\n{text}"));
                    }
                    _ => s.push_str(&format!("--- {entry} <{} bytes>\n", data.len())),
                }
            }
        } else if name.ends_with(".css")
            || name.ends_with("search.js")
            || name.ends_with("search.html")
        {
            s.push_str(&format!("=== {name} <static, {} bytes>\n", bytes.len()));
        } else {
            match String::from_utf8(bytes) {
                Ok(text) => s.push_str(&format!("=== {name}\n{text}")),
                Err(e) => s.push_str(&format!("=== {name} <{} bytes>\n", e.as_bytes().len())),
            }
        }
        if !s.ends_with('\n') {
            s.push('\n');
        }
    }
    s
}

#[test]
fn whatsapp_zip() {
    insta::assert_snapshot!(dump(ExportFormat::WhatsApp, |_| {}));
}

#[test]
fn telegram_json_full_account() {
    insta::assert_snapshot!(dump(ExportFormat::TelegramJson, |_| {}));
}

#[test]
fn sms_xml() {
    insta::assert_snapshot!(dump(ExportFormat::SmsXml, |o| {
        o.out = o.out.join("sms.xml");
    }));
}

#[test]
fn html_archive() {
    insta::assert_snapshot!(dump(ExportFormat::Html, |_| {}));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(dump(ExportFormat::Markdown, |_| {}));
}

#[test]
fn txt() {
    insta::assert_snapshot!(dump(ExportFormat::Txt, |_| {}));
}

#[test]
fn jsonl() {
    insta::assert_snapshot!(dump(ExportFormat::Jsonl, |_| {}));
}

#[test]
fn csv() {
    insta::assert_snapshot!(dump(ExportFormat::Csv, |_| {}));
}

#[test]
fn whatsapp_renamed_and_split_into_parts() {
    insta::assert_snapshot!(dump_with(ExportFormat::WhatsApp, true, |o| {
        o.max_media_per_part = Some(1);
        o.degrade_to_text = false;
        o.add_renames(["Alice Example=Alice", "Sam Me=Sam"])
            .unwrap();
    }));
}
