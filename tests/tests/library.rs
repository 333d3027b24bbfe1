//! End-to-end: importing WhatsApp exports into a library and reading them
//! back through the `ferry` command. Dedup, merge and atomicity.

use ferry_tests::{Lib, fixture};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn total_messages(lib: &Lib) -> u64 {
    lib.json(&["chats"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["messages"].as_u64().unwrap())
        .sum()
}

fn import(lib: &Lib, paths: &[&Path]) -> Value {
    let mut args = vec!["import".to_owned()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["--tz".to_owned(), "Europe/Berlin".to_owned()]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    lib.json(&a)
}

/// Android-style export lines, one message per minute from 2020-01-01.
fn synthetic_lines(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let day = 1 + (i / 1440) % 28;
            let month = 1 + (i / (1440 * 28)) % 12;
            let (h, m) = ((i / 60) % 24, i % 60);
            let who = ["Alice", "Bob", "Chloé"][i % 3];
            format!("{day:02}/{month:02}/2020, {h:02}:{m:02} - {who}: message number {i} ✓")
        })
        .collect()
}

fn write_chat(dir: &Path, name: &str, lines: &[String]) -> std::path::PathBuf {
    let p = dir.join(name);
    let mut f = std::fs::File::create(&p).unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
    p
}

#[test]
fn reimporting_the_same_export_adds_nothing() {
    let lib = Lib::new();
    let zip = fixture("whatsapp/android_en_ambiguous_dates_chatanalytics.zip");
    let first = import(&lib, &[&zip]);
    let src = &first["sources"][0];
    assert_eq!(src["format"], "whatsapp");
    let n = src["messages"].as_u64().unwrap();
    assert!(n > 0);
    assert_eq!(src["new_messages"].as_u64().unwrap(), n);
    let again = import(&lib, &[&zip]);
    assert_eq!(again["sources"][0]["messages"].as_u64().unwrap(), n);
    assert_eq!(again["sources"][0]["new_messages"].as_u64().unwrap(), 0);
    assert_eq!(total_messages(&lib), n);
}

#[test]
fn older_and_newer_overlapping_exports_merge_into_the_union() {
    let dir = tempfile::tempdir().unwrap();
    let lines = synthetic_lines(1000);
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(&new).unwrap();
    let name = "WhatsApp Chat with Alice.txt";
    let old = write_chat(&old, name, &lines[..600]);
    let new = write_chat(&new, name, &lines[400..]);

    let lib = Lib::new();
    import(&lib, &[&old]);
    let r = import(&lib, &[&new]);
    assert_eq!(r["sources"][0]["messages"], 600);
    assert_eq!(r["sources"][0]["new_messages"], 400);
    assert_eq!(total_messages(&lib), 1000);
    let chats = lib.json(&["chats"]);
    assert_eq!(chats.as_array().unwrap().len(), 1, "{chats}");

    // The other order gives the same library.
    let lib2 = Lib::new();
    import(&lib2, &[&new]);
    import(&lib2, &[&old]);
    assert_eq!(total_messages(&lib2), 1000);
}

#[test]
fn identical_messages_in_the_same_minute_stay_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = ["01/02/2021, 10:00 - Bob: ok"; 3]
        .iter()
        .map(|s| s.to_string())
        .chain(["13/02/2021, 10:01 - Alice: fine".to_owned()])
        .collect();
    let p = write_chat(dir.path(), "WhatsApp Chat with Bob.txt", &lines);
    let lib = Lib::new();
    import(&lib, &[&p]);
    assert_eq!(total_messages(&lib), 4);
    import(&lib, &[&p]);
    assert_eq!(total_messages(&lib), 4);
}

#[test]
fn a_killed_import_leaves_a_consistent_library() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_chat(
        dir.path(),
        "WhatsApp Chat with Big.txt",
        &synthetic_lines(400_000),
    );
    let lib = Lib::new();
    // A small import first, so the library exists with known content.
    let small = write_chat(
        dir.path(),
        "WhatsApp Chat with Small.txt",
        &synthetic_lines(10),
    );
    import(&lib, &[&small]);
    assert_eq!(total_messages(&lib), 10);

    let mut child = lib
        .cmd(&["import", &p.display().to_string(), "--tz", "UTC"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it while the ingest is under way: once its write-ahead log has
    // grown, uncommitted pages are on disk (or after 5 s at the latest).
    let wal = lib.path().join("library.db-wal");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(5)
        && std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < (4 << 20)
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();

    // The library opens and holds the small chat plus all or nothing of the big one.
    let n = total_messages(&lib);
    assert!(
        n == 10 || n == 400_010,
        "half-written library: {n} messages"
    );
    // And it still takes imports.
    let r = import(&lib, &[&p]);
    assert!(r["sources"][0]["error"].is_null(), "{r}");
    assert_eq!(total_messages(&lib), 400_010);
}

#[test]
fn search_finds_words_in_an_imported_chat() {
    let lib = Lib::new();
    let dir = tempfile::tempdir().unwrap();
    let lines = vec![
        "01/02/2021, 10:00 - Alice: Wir treffen uns im Café".to_owned(),
        "01/02/2021, 10:01 - Bob: Встретимся в Москве".to_owned(),
        "01/02/2021, 10:02 - Alice: 明日東京に行きます".to_owned(),
        "13/02/2021, 10:03 - Bob: สวัสดีครับ ยินดีที่ได้รู้จัก".to_owned(),
    ];
    let p = write_chat(dir.path(), "WhatsApp Chat with Scripts.txt", &lines);
    import(&lib, &[&p]);
    for (q, expect) in [
        ("cafe", "Café"),
        ("москве", "Москве"),
        ("東京", "東京"),
        ("สวัสดี", "สวัสดี"),
    ] {
        let hits = lib.json(&["search", q]);
        let hits = hits.as_array().unwrap();
        assert_eq!(hits.len(), 1, "search {q}: {hits:?}");
        assert!(
            hits[0]["snippet"].as_str().unwrap().contains(expect),
            "{q}: {}",
            hits[0]["snippet"]
        );
    }
}

#[test]
fn a_file_that_is_no_export_fails_with_its_name_and_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.txt");
    std::fs::write(&p, "just some notes\nnothing else\n").unwrap();
    let lib = Lib::new();
    let out = lib.run(&["import", &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes.txt"), "{err}");
    assert!(err.contains("no chat export found"), "{err}");
}

#[test]
fn dry_run_writes_nothing() {
    let lib = Lib::new();
    let zip = fixture("whatsapp/android_en_ambiguous_dates_chatanalytics.zip");
    let r = lib.json(&["import", &zip.display().to_string(), "--dry-run"]);
    assert!(r["sources"][0]["messages"].as_u64().unwrap() > 0);
    assert_eq!(r["dry_run"], true);
    assert!(!lib.path().exists(), "a dry run created the library");
}
