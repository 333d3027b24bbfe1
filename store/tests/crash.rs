//! A process killed in the middle of an ingest leaves a library that opens,
//! passes `PRAGMA integrity_check`, and holds none or all of that ingest.
//!
//! The test re-runs its own binary as the child (the ignored test
//! `crash_child` does the ingest when `FERRY_STORE_CRASH_DIR` is set) and
//! SIGKILLs it at different moments.

mod common;

use common::*;
use ferry_store::Library;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const N: i64 = 200_000;

#[test]
#[ignore = "child process of killed_mid_ingest_leaves_none_or_all"]
fn crash_child() {
    let Some(dir) = std::env::var_os("FERRY_STORE_CRASH_DIR") else {
        return;
    };
    let mut lib = Library::open(std::path::Path::new(&dir)).unwrap();
    let mut ing = lib.begin_ingest().unwrap();
    let c = ing.begin_chat(&whatsapp_chat("Crash")).unwrap();
    println!("started");
    for i in 0..N {
        ing.push(c, text("Bob", i, &format!("message number {i}")))
            .unwrap();
    }
    println!("committing");
    ing.commit().unwrap();
    println!("committed");
    std::thread::sleep(Duration::from_secs(60));
}

fn run_and_kill(dir: &std::path::Path, wait_for: &str, extra: Duration) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "crash_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FERRY_STORE_CRASH_DIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    for line in BufReader::new(out).lines() {
        if line.unwrap().trim_end().ends_with(wait_for) {
            break;
        }
    }
    std::thread::sleep(extra);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

fn check(dir: &std::path::Path) -> u64 {
    {
        let conn = rusqlite::Connection::open(dir.join("library.db")).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        let lib = Library::open(dir).unwrap();
        let counted = total_messages(&lib);
        assert_eq!(rows as u64, counted, "chat summary agrees with the rows");
        assert!(
            counted == 0 || counted == N as u64,
            "partial ingest visible: {counted}"
        );
        counted
    }
}

#[test]
fn killed_mid_ingest_leaves_none_or_all() {
    let root = tempfile::tempdir().unwrap();
    let cases = [
        ("right after starting", "started", Duration::from_millis(0)),
        ("in the middle", "started", Duration::from_millis(300)),
        ("during commit", "committing", Duration::from_millis(0)),
        ("after commit", "committed", Duration::from_millis(0)),
    ];
    let mut outcomes = Vec::new();
    for (i, (name, line, extra)) in cases.iter().enumerate() {
        let dir = root.path().join(format!("lib{i}"));
        run_and_kill(&dir, line, *extra);
        let n = check(&dir);
        outcomes.push((name, n));
        // The library takes a new, complete ingest afterwards.
        let mut lib = Library::open(&dir).unwrap();
        let stats = ingest(
            &mut lib,
            &whatsapp_chat("After"),
            &[text("Alice", 0, "alive")],
        );
        assert_eq!(stats.new_messages, 1);
    }
    assert_eq!(outcomes[0].1, 0, "{outcomes:?}");
    assert_eq!(outcomes[3].1, N as u64, "{outcomes:?}");
}
