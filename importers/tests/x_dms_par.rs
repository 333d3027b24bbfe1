//! X archive DMs: parsing events on worker threads gives exactly the sink
//! calls of the sequential parse (fixtures, a generated archive of many
//! batches, truncated and broken files, cancellation).

mod par_support;

use ferry_importers::par_items::Par;
use ferry_importers::x_dms::import_with;
use ferry_importers::{ImportError, ImportOptions, Input, detect};
use par_support::{EventLog, same_in_parallel};
use std::path::{Path, PathBuf};

const ME: &str = "1400000000000000001";

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/x")
        .join(rel)
}

/// Imports everything detected in `input`, stopping at the first error.
fn import_all(
    input: &Input,
    options: &ImportOptions,
    sink: &mut EventLog,
    par: Par,
) -> Result<(), ImportError> {
    for d in detect(input, None) {
        import_with(input, &d, options, sink, par)?;
    }
    Ok(())
}

fn check_folder(what: &str, dir: &Path, cancel_at: Option<usize>) -> par_support::Outcome {
    let input = Input::open(dir).unwrap();
    let options = ImportOptions::default();
    same_in_parallel(what, cancel_at, |sink, par| {
        import_all(&input, &options, sink, par)
    })
}

fn check_bytes(what: &str, data: &[u8]) -> par_support::Outcome {
    let options = ImportOptions {
        me: Some(ME.to_owned()),
        ..ImportOptions::default()
    };
    same_in_parallel(what, None, |sink, par| {
        let input = Input::from_bytes("direct-messages.js", data.to_vec());
        import_all(&input, &options, sink, par)
    })
}

#[test]
fn fixtures_give_the_same_sink_calls_in_parallel() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let (events, result) = check_folder(&path.display().to_string(), &path, None);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
        assert!(events.iter().any(|e| e.starts_with("message")));
        checked += 1;
    }
    assert_eq!(checked, 2);
}

/// Milliseconds-based `createdAt`, going back in time as `n` grows.
fn time(n: usize) -> String {
    let secs = 1_700_000_000 - n as i64 * 7;
    let t = chrono::DateTime::from_timestamp(secs, (n % 1000) as u32 * 1_000_000).unwrap();
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn other(c: usize) -> String {
    format!("22200011{c}")
}

/// Event `i` of conversation `c` (newest first); the variant follows `i`.
fn event(c: usize, i: usize, group: bool) -> String {
    let id = 1_600_000_000_000_000_000u64 + (c * 100_000 + i) as u64;
    let who = if i.is_multiple_of(2) {
        ME.to_owned()
    } else {
        other(c)
    };
    let to = if group {
        String::new()
    } else {
        format!(
            r#", "recipientId" : "{}""#,
            if i.is_multiple_of(2) {
                other(c)
            } else {
                ME.to_owned()
            }
        )
    };
    let t = time(c * 100_000 + i);
    match i % 13 {
        0 => format!(
            r#"{{"messageCreate" : {{"reactions" : [{{"senderId" : "{}", "reactionKey" : "funny", "eventId" : "{id}", "createdAt" : "{t}"}}], "urls" : [], "text" : "plain {i} \"q\" ] }} [ naïve 東京", "mediaUrls" : [], "senderId" : "{who}"{to}, "id" : "{id}", "createdAt" : "{t}"}}}}"#,
            other(c + 1)
        ),
        1 => format!(
            r#"{{"messageCreate" : {{"text" : "photo https://t.co/m{i}", "mediaUrls" : ["https://ton.twitter.com/1.1/ton/data/dm/{id}/{id}/Img{i}.jpg"], "urls" : [{{"url" : "https://t.co/m{i}", "expanded" : "https://twitter.com/messages/media/{id}", "display" : "pic"}}], "senderId" : "{who}"{to}, "id" : "{id}", "createdAt" : "{t}"}}}}"#
        ),
        2 => format!(
            r#"{{"reactionCreate" : {{"senderId" : "{}", "reactionKey" : "like", "eventId" : "{}", "createdAt" : "{t}"}}}}"#,
            other(c),
            id + 1
        ),
        3 => format!(
            r#"{{"messageCreate" : {{"text" : "see https://t.co/x{i}", "urls" : [{{"url" : "https://t.co/x{i}", "expanded" : "https://example.org/{i}", "display" : "example.org"}}], "reactions" : [{{"senderId" : "555{i}"}}, {{"senderId" : "{who}", "reactionKey" : "agree"}}], "senderId" : "{who}"{to}, "id" : "{id}", "createdAt" : "{t}"}}}}"#
        ),
        4 => format!(
            r#"{{"messageCreate" : {{"text" : "undated", "senderId" : "{who}", "id" : "{id}", "createdAt" : "yesterday"}}}}"#
        ),
        5 if group => format!(
            r#"{{"participantsJoin" : {{"initiatingUserId" : "{}", "userIds" : ["33300{i}", "{ME}"], "createdAt" : "{t}"}}}}"#,
            other(c)
        ),
        6 if group => format!(
            r#"{{"conversationNameUpdate" : {{"initiatingUserId" : "{who}", "name" : "Name {i}", "createdAt" : "{t}"}}}}"#
        ),
        7 if group => format!(
            r#"{{"participantsLeave" : {{"userIds" : ["33300{i}"], "createdAt" : "{t}"}}}}"#
        ),
        8 if group => format!(
            r#"{{"joinConversation" : {{"initiatingUserId" : "{}", "participantsSnapshot" : ["{ME}", "44400{i}"], "createdAt" : "{t}"}}}}"#,
            other(c)
        ),
        9 => format!(r#"{{"messageEdit" : {{"id" : "{id}"}}}}"#),
        10 => format!(
            r#"{{"welcomeMessageCreate" : {{"text" : "welcome \ud83d\ude00", "senderId" : "{who}", "id" : "{id}", "createdAt" : "{t}"}}}}"#
        ),
        11 => format!(
            r#"{{"reactionCreate" : {{"senderId" : "{who}", "emoji" : "🎉", "eventId" : "404{i}", "createdAt" : "{t}"}}}}"#
        ),
        _ => format!(
            r#"{{
          "messageCreate" : {{
            "reactions" : [ ],
            "text" : "line {i}\nsecond",
            "mediaUrls" : [ ],
            "senderId" : "{who}"{to},
            "id" : "{id}",
            "createdAt" : "{t}"
          }}
        }}"#
        ),
    }
}

/// A conversation; odd `c` put `conversationId` after `messages`.
fn conversation(c: usize, events: std::ops::Range<usize>, group: bool) -> String {
    let id = if group {
        format!("16123456789012345{c}")
    } else {
        format!("{ME}-{}", other(c))
    };
    let list: Vec<String> = events.map(|i| event(c, i, group)).collect();
    let messages = format!(
        "\"messages\" : [\n        {}\n      ]",
        list.join(",\n        ")
    );
    if c % 2 == 1 {
        format!(
            "{{\n    \"dmConversation\" : {{\n      {messages},\n      \"extra\" : {{\"a\" : [1, 2]}},\n      \"conversationId\" : \"{id}\"\n    }}\n  }}"
        )
    } else {
        format!(
            "{{\n    \"dmConversation\" : {{\n      \"conversationId\" : \"{id}\",\n      {messages}\n    }}\n  }}"
        )
    }
}

fn file(global: &str, part: usize, conversations: &[String]) -> String {
    format!(
        "window.YTD.{global}.part{part} = [\n  {}\n];\n",
        conversations.join(",\n  ")
    )
}

/// A generated archive: four direct conversations (one continued in the
/// next part), two groups, media files for some messages.
fn generated(dir: &Path) {
    let data = dir.join("data");
    let media = data.join("direct_messages_media");
    let group_media = data.join("direct_messages_group_media");
    std::fs::create_dir_all(&media).unwrap();
    std::fs::create_dir_all(&group_media).unwrap();
    std::fs::write(
        data.join("account.js"),
        format!(
            r#"window.YTD.account.part0 = [ {{ "account" : {{ "username" : "ferry_tester", "accountId" : "{ME}", "accountDisplayName" : "Ferry Tester" }} }} ]"#
        ),
    )
    .unwrap();
    let part0 = [
        conversation(0, 0..2500, false),
        conversation(1, 0..1800, false),
        conversation(2, 0..1200, false),
    ];
    let part1 = [
        conversation(2, 1200..2600, false),
        conversation(3, 0..40, false),
    ];
    let groups = [
        conversation(5, 0..2100, true),
        conversation(6, 0..900, true),
    ];
    std::fs::write(
        data.join("direct-messages.js"),
        file("direct_messages", 0, &part0),
    )
    .unwrap();
    std::fs::write(
        data.join("direct-messages-part1.js"),
        file("direct_messages", 1, &part1),
    )
    .unwrap();
    std::fs::write(
        data.join("direct-messages-group.js"),
        file("direct_messages_group", 0, &groups),
    )
    .unwrap();
    // Every third photo is in the export.
    for (c, folder, n) in [
        (0, &media, 2500),
        (2, &media, 2600),
        (5, &group_media, 2100),
    ] {
        for i in (1..n).step_by(13 * 3) {
            let id = 1_600_000_000_000_000_000u64 + (c * 100_000 + i) as u64;
            std::fs::write(
                folder.join(format!("{id}-Img{i}.jpg")),
                format!("jpeg {c} {i}"),
            )
            .unwrap();
        }
    }
}

#[test]
fn a_generated_archive_of_many_batches_gives_the_same_sink_calls() {
    let tmp = tempfile::tempdir().unwrap();
    generated(tmp.path());
    let (events, result) = check_folder("generated", tmp.path(), None);
    assert_eq!(result, Ok(()));
    let count = |prefix: &str| events.iter().filter(|e| e.starts_with(prefix)).count();
    assert_eq!(count("begin_chat"), 6);
    // Of the 13 variants, 4 (undated), 2 and 11 (reactions) and 9
    // (unknown) are not messages.
    let messages: usize = [2500, 1800, 2600, 40, 2100, 900]
        .iter()
        .map(|&n| {
            (0..n)
                .filter(|i| ![2, 4, 9, 11].contains(&(i % 13)))
                .count()
        })
        .sum();
    assert_eq!(count("message "), messages);
    assert!(count("media ") > 100, "{}", count("media "));
    assert!(count("progress ") >= 3);
    assert!(
        events
            .iter()
            .any(|e| e.starts_with("begin_chat") && e.contains("Name 6"))
    );
    assert!(events.iter().any(|e| e.contains("emoji: \"😂\"")));
    // A reaction without a key is dropped, but its person still counts.
    assert!(
        events
            .iter()
            .any(|e| e.starts_with("participant") && e.contains("\"5553\""))
    );
    assert!(
        events
            .iter()
            .any(|e| e.contains("refer to messages not in the export"))
    );
    // Conversation 2 continues in part 1: one chat.
    assert_eq!(
        events
            .iter()
            .filter(|e| e.starts_with("begin_chat") && e.contains("222000112"))
            .count(),
        1
    );
}

#[test]
fn cancellation_from_progress_stops_at_the_same_event() {
    let tmp = tempfile::tempdir().unwrap();
    generated(tmp.path());
    for at in [1, 2] {
        let (events, result) = check_folder("cancelled", tmp.path(), Some(at));
        assert!(result.unwrap_err().contains("Cancelled"));
        assert_eq!(
            events.iter().filter(|e| e.starts_with("progress")).count(),
            at
        );
    }
}

fn one_file(n: usize) -> String {
    file(
        "direct_messages",
        0,
        &[conversation(0, 0..n, false), conversation(1, 0..n, false)],
    )
}

#[test]
fn truncated_files_fail_the_same_way_naming_file_and_position() {
    let js = one_file(700);
    for cut in [js.len() / 3, js.len() / 2 + 17, js.len() - 40, js.len() - 3] {
        let (_, result) = check_bytes(&format!("cut at {cut}"), &js.as_bytes()[..cut]);
        let err = result.unwrap_err();
        assert!(err.contains("direct-messages.js"), "{err}");
        assert!(err.contains("line: Some("), "{err}");
    }
}

#[test]
fn a_malformed_event_mid_array_fails_the_same_way() {
    let js = one_file(900).replacen(r#""text" : "undated""#, r#""text" : "undated" 5"#, 7);
    let (_, result) = check_bytes("malformed", js.as_bytes());
    let err = result.unwrap_err();
    assert!(err.contains("expected `,` or `}`"), "{err}");
    let js = one_file(900).replacen("plain 13 ", "plain \u{1} ", 1);
    assert!(check_bytes("control byte", js.as_bytes()).1.is_err());
    let mut bytes = one_file(900).into_bytes();
    let at = bytes.windows(9).position(|w| w == b"plain 403").unwrap();
    bytes[at + 1] = 0xff;
    assert!(check_bytes("invalid UTF-8", &bytes).1.is_err());
}
