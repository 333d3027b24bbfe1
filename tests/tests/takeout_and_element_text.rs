//! End-to-end: a Google Takeout folder through `ferry import` (every
//! conversation found, re-import adds nothing), and Element's plain-text
//! export (no ids: deduplicated by content, and joining the room its JSON
//! export created).

use ferry_tests::{Lib, fixture};
use serde_json::Value;
use std::path::Path;

fn import(lib: &Lib, path: &Path, tz: &str) -> Value {
    let p = path.display().to_string();
    lib.json(&["import", &p, "--tz", tz])
}

fn sum(report: &Value, field: &str) -> u64 {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[field].as_u64().unwrap())
        .sum()
}

#[test]
fn takeout_folder_imports_every_conversation_once() {
    let lib = Lib::new();
    let takeout = fixture("google-chat/Takeout");
    let first = import(&lib, &takeout, "UTC");
    let mut formats: Vec<&str> = first["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["format"].as_str().unwrap())
        .collect();
    formats.sort();
    assert_eq!(
        formats,
        ["google-chat", "google-chat", "hangouts"],
        "{first}"
    );
    assert_eq!(sum(&first, "new_messages"), 18);
    let chats = lib.json(&["chats"]);
    let mut titles: Vec<&str> = chats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Bob Test", "Bob Test", "Ferry Crew", "Ferry Space"]
    );

    let again = import(&lib, &takeout, "UTC");
    assert_eq!(sum(&again, "messages"), 18);
    assert_eq!(sum(&again, "new_messages"), 0);
}

#[test]
fn element_text_export_dedups_by_content_and_joins_the_json_room() {
    let sample = "matrix-element/matrix_-_Ferry_Test_Room_-_Chat_Export_-_2023-11-15T10-00-00.000Z";
    let txt = fixture(&format!("{sample}.txt"));
    let json = fixture(&format!("{sample}.json"));
    let tz = "America/Los_Angeles";

    let lib = Lib::new();
    import(&lib, &json, tz);
    let first = import(&lib, &txt, tz);
    assert_eq!(first["sources"][0]["format"], "matrix-txt", "{first}");
    assert_eq!(sum(&first, "new_messages"), 8);
    let again = import(&lib, &txt, tz);
    assert_eq!(sum(&again, "messages"), 8);
    assert_eq!(
        sum(&again, "new_messages"),
        0,
        "same file twice adds nothing"
    );
    let chats = lib.json(&["chats"]);
    assert_eq!(chats.as_array().unwrap().len(), 1, "one room: {chats}");
    assert_eq!(chats[0]["title"], "Ferry Test Room");
}
