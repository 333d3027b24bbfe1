//! sigtop JSON: parsing lines on worker threads gives exactly the sink calls
//! of the sequential parse (the fixture, a generated chat of many batches,
//! broken lines, cancellation).

mod par_support;

use ferry_importers::par_items::Par;
use ferry_importers::signal::sigtop::{SigtopImporter, import_with};
use ferry_importers::{ImportOptions, Importer, Input};
use par_support::same_in_parallel;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/signal/sigtop");
const NAME: &str = "Alice_Example_(+31600000001).json";

fn check(what: &str, data: &[u8], cancel_at: Option<usize>) -> par_support::Outcome {
    let options = ImportOptions {
        tz: "Europe/Amsterdam".parse().unwrap(),
        ..ImportOptions::default()
    };
    same_in_parallel(what, cancel_at, |sink, par: Par| {
        let input = Input::from_bytes(NAME, data.to_vec());
        let found = SigtopImporter.detect(&input);
        let found = found.first().expect("detected");
        import_with(&input, found, &options, sink, par)
    })
}

/// Line `i` of a generated chat: several authors (some only by phone),
/// outgoing messages, quotes of earlier lines, reactions, attachments,
/// notices, stories, and no conversation id on the first lines.
fn line(i: usize) -> String {
    let sent = 1_700_000_000_000u64 + i as u64 * 61_000;
    let conv = if i < 3 {
        String::new()
    } else {
        r#""conversationId":"conv-1","#.to_owned()
    };
    let author = match i % 7 {
        0 => r#""sourceServiceId":"aci-a","source":"+31600000001""#.to_owned(),
        1 => r#""sourceUuid":"uuid-b""#.to_owned(),
        2 => r#""source":"+31600000003""#.to_owned(),
        3 => format!(r#""sourceServiceId":"aci-{}""#, i % 23),
        _ => r#""sourceServiceId":"aci-a""#.to_owned(),
    };
    let ty = match i % 29 {
        5 => "story",
        7 => "keychange",
        11 => "timer-notification",
        n if n % 3 == 0 => "outgoing",
        _ => "incoming",
    };
    let quote = if i % 13 == 4 && i > 20 {
        let q = 1_700_000_000_000u64 + (i as u64 - 20) * 61_000;
        let who = if i.is_multiple_of(2) {
            "aci-a"
        } else {
            "nobody"
        };
        format!(r#","quote":{{"id":{q},"authorAci":"{who}"}}"#)
    } else {
        String::new()
    };
    let reactions = if i % 9 == 2 {
        r#","reactions":[{"emoji":"👍","fromId":"conv-1","timestamp":1700000000999},{"emoji":"❤️","fromId":"other"}]"#
    } else {
        ""
    };
    let attachments = if i % 11 == 3 {
        r#","attachments":[{"contentType":"image/jpeg","fileName":"p.jpg","size":10},{"contentType":"audio/aac","flags":1}]"#
    } else {
        ""
    };
    format!(
        r#"{{{conv}"type":"{ty}","body":"line {i} \"q\" 🚲","sent_at":{sent},{author}{quote}{reactions}{attachments}}},"#
    )
}

fn generated(n: usize) -> String {
    let mut s = String::from("[\n");
    for i in 0..n {
        s.push_str(&line(i));
        s.push('\n');
    }
    s.push_str("]\n");
    s
}

#[test]
fn the_fixture_gives_the_same_sink_calls_in_parallel() {
    let data = std::fs::read(format!("{DIR}/{NAME}")).unwrap();
    let (events, result) = check("fixture", &data, None);
    assert!(result.is_ok(), "{result:?}");
    assert!(events.iter().filter(|e| e.starts_with("message")).count() > 3);
}

#[test]
fn a_generated_chat_of_many_batches_gives_the_same_sink_calls() {
    let data = generated(20_000);
    let (events, result) = check("generated", data.as_bytes(), None);
    assert!(result.is_ok(), "{result:?}");
    let count = |prefix: &str| events.iter().filter(|e| e.starts_with(prefix)).count();
    assert!(count("message") > 19_000, "{}", count("message"));
    // Everyone who wrote, plus "me".
    assert_eq!(count("participant"), 27);
    assert!(count("progress") >= 2);
}

#[test]
fn broken_lines_fail_the_same_way_naming_the_line() {
    let mut lines: Vec<String> = (0..3000).map(line).collect();
    // Line `at + 2` of the file (after `[`).
    for (at, bad, want) in [
        (
            2500,
            r#"{"type":"incoming","body":"no time"},"#,
            "without sent_at",
        ),
        (
            1700,
            r#"{"type":"incoming","sent_at":1,"body":"x"#,
            "does not end on its line",
        ),
        (999, "not an object,", "one message object per line"),
        (
            2999,
            r#"{"type":"incoming","sent_at":99999999999999999},"#,
            "impossible time",
        ),
    ] {
        let mut broken = lines.clone();
        broken[at] = bad.to_owned();
        let data = format!("[\n{}\n]\n", broken.join("\n"));
        let (events, result) = check(want, data.as_bytes(), None);
        let e = result.expect_err(want);
        assert!(e.contains(want), "{want}: {e}");
        assert!(
            e.contains(&format!("line: Some({})", at + 2)),
            "{want}: {e}"
        );
        // Everything before the broken line reached the sink.
        let before = lines[..at].iter().filter(|l| !l.contains("story")).count();
        let messages = events.iter().filter(|e| e.starts_with("message")).count();
        assert_eq!(messages, before, "{want}");
    }
    lines.truncate(1000);
    let data = format!("[\n{}", lines.join("\n"));
    let cut = data.len() - 40;
    let (_, result) = check("truncated", &data.as_bytes()[..cut], None);
    assert!(result.expect_err("truncated").contains("line: Some(1001)"));
}

#[test]
fn cancellation_from_progress_stops_at_the_same_line() {
    let data = generated(30_000);
    let (events, result) = check("cancelled", data.as_bytes(), Some(1));
    assert!(result.is_err());
    let messages = events.iter().filter(|e| e.starts_with("message")).count();
    assert!(messages < 28_000, "{messages}");
}
