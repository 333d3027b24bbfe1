//! DiscordChatExporter JSON: parsing the `messages` array on worker threads
//! gives exactly the sink calls of the sequential parse (fixtures, a
//! generated channel of many batches, truncated files, cancellation).

mod par_support;

use ferry_importers::discord::dce::import_with;
use ferry_importers::{ImportOptions, Input};
use par_support::same_in_parallel;
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/discord/dce-json")
}

fn check(what: &str, data: &[u8], cancel_at: Option<usize>) -> par_support::Outcome {
    let opts = ImportOptions {
        me: Some("user_3".to_owned()),
        ..ImportOptions::default()
    };
    same_in_parallel(what, cancel_at, |sink, par| {
        let input = Input::from_bytes("channel.json", data.to_vec());
        import_with(&input, "channel.json", &opts, sink, par)
    })
}

fn author(n: usize) -> String {
    format!(
        r#"{{"id": "3000000000000000{n:02}", "name": "user_{n}", "discriminator": "0000", "nickname": "User {n}", "isBot": false}}"#
    )
}

/// One message of the generated channel; `i` picks the variant.
fn message(i: usize) -> String {
    let id = 1_200_000_000_000_000_000u64 + i as u64 * 1000;
    let ts = format!("2021-01-01T09:{:02}:{:02}.123+02:00", (i / 60) % 60, i % 60);
    let head = format!(
        r#""id": "{id}", "type": "Default", "timestamp": "{ts}", "author": {}"#,
        author(i % 9)
    );
    match i % 9 {
        0 => format!(r#"{{{head}, "content": "plain {i} \"quoted\" ] }} [ {{ \\ naïve 東京"}}"#),
        1 => format!(
            r#"{{{head}, "content": "", "attachments": [{{"url": "files/a{i}.png", "fileName": "a.png", "fileSizeBytes": 10}}]}}"#
        ),
        2 => format!(
            r#"{{{head}, "content": "re", "reference": {{"messageId": "{}", "channelId": "100"}}}}"#,
            id - 1000
        ),
        3 => format!(
            r#"{{{head}, "content": "likes", "reactions": [{{"emoji": {{"id": null, "name": "👍"}}, "count": 4, "users": [{}]}}]}}"#,
            author(20 + i % 13)
        ),
        4 => format!(
            r#"{{"id": "{id}", "type": "Default", "timestamp": "yesterday", "content": "undated"}}"#
        ),
        5 => format!(
            r#"{{{head}, "content": "", "embeds": [{{"title": "T{i}", "description": "D", "fields": [{{"name": "k", "value": "v"}}]}}]}}"#
        ),
        // The same message written twice in a row is imported once.
        6 => format!(r#"{{{head}, "content": "twice"}}, {{{head}, "content": "twice"}}"#),
        7 => format!(
            r#"{{{}, "content": "", "stickers": [{{"name": "wave", "sourceUrl": "https://x/s/{i}.png"}}]}}"#,
            head.replacen(r#""type": "Default""#, r#""type": "Call""#, 1)
        ),
        _ => format!(r#"{{{head}, "content": "edited \ud83d\ude00", "timestampEdited": "{ts}"}}"#),
    }
}

fn generated(n: usize) -> String {
    let messages: Vec<String> = (0..n).map(message).collect();
    format!(
        "{{\n  \"guild\": {{\"id\": \"1\", \"name\": \"Bench\"}},\n  \"channel\": {{\"id\": \"100\", \"type\": \"GuildTextChat\", \"category\": \"Text\", \"name\": \"general\"}},\n  \"messages\": [\n    {}\n  ],\n  \"messageCount\": {n}\n}}\n",
        messages.join(",\n    ")
    )
}

#[test]
fn fixtures_give_the_same_sink_calls_in_parallel() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let (events, result) = check(&path.display().to_string(), &data, None);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
        assert!(events.iter().any(|e| e.starts_with("message")));
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn a_generated_channel_of_many_batches_gives_the_same_sink_calls() {
    let n = 5000;
    let (events, result) = check("generated", generated(n).as_bytes(), None);
    assert_eq!(result, Ok(()));
    let undated = (0..n).filter(|i| i % 9 == 4).count();
    assert_eq!(
        events.iter().filter(|e| e.starts_with("message")).count(),
        n - undated
    );
    assert_eq!(
        events.iter().filter(|e| e.starts_with("skipped")).count(),
        undated
    );
    assert_eq!(
        events.iter().filter(|e| e.contains("is_me: true")).count(),
        1
    );
    assert!(events.iter().any(|e| e.starts_with("progress")));
    let reply = events
        .iter()
        .find(|e| e.contains(r#"native_id: Some("1200000000000002000")"#))
        .unwrap();
    assert!(
        reply.contains(r#"reply_to: Some("1200000000000001000")"#),
        "{reply}"
    );
}

#[test]
fn truncated_files_fail_the_same_way_naming_file_and_position() {
    let json = generated(700);
    for cut in [json.len() / 3, json.len() / 2 + 17, json.len() - 40] {
        let (events, result) = check(&format!("cut at {cut}"), &json.as_bytes()[..cut], None);
        let err = result.unwrap_err();
        assert!(err.contains("channel.json"), "{err}");
        assert!(err.contains("byte: Some("), "{err}");
        assert!(events.iter().filter(|e| e.starts_with("message")).count() > 100);
    }
}

#[test]
fn a_malformed_message_mid_array_fails_the_same_way() {
    let json = generated(900).replacen(r#""content": "re""#, r#""content": "re" 5"#, 7);
    let (events, result) = check("malformed", json.as_bytes(), None);
    assert!(result.unwrap_err().contains("message: expected `,` or `}`"));
    // The first broken message is the third: the two before it are sent.
    assert_eq!(
        events.iter().filter(|e| e.starts_with("message")).count(),
        2
    );
    let json = generated(900).replacen("plain 90 ", "plain \u{1} ", 1);
    assert!(check("control byte", json.as_bytes(), None).1.is_err());
}

#[test]
fn cancellation_from_progress_stops_at_the_same_message() {
    let (events, result) = check("cancelled", generated(9000).as_bytes(), Some(1));
    assert!(result.unwrap_err().contains("Cancelled"));
    // Messages are counted before progress: the 4096th is sent, then cancelled.
    assert_eq!(
        events.iter().filter(|e| e.starts_with("message")).count(),
        4096 - (0..4096).filter(|i| i % 9 == 4).count()
    );
}
