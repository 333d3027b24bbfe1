//! SMS Backup & Restore importer against both fixtures, plus variants built
//! in the tests. Malformed inputs are in `sms_malformed.rs`.

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{ChatKind, MediaKind, MessageKind};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/sms-backup-restore")
        .join(name)
}

const SMS: &str = "sms-20231114164000.xml";
const CALLS: &str = "calls-20231114164000.xml";

fn run_input(input: &Input, options: &ImportOptions) -> MemorySink {
    let found = detect(input, Some("sms-xml".parse().unwrap()));
    assert_eq!(found.len(), 1, "{found:?}");
    let mut sink = MemorySink::new();
    sink.hash_media = true;
    import(input, &found[0], options, &mut sink).unwrap();
    sink
}

fn run_bytes(name: &str, data: impl Into<Vec<u8>>) -> MemorySink {
    run_input(
        &Input::from_bytes(name, data.into()),
        &ImportOptions::default(),
    )
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn sms_fixture_threads() {
    let sink = run_input(
        &Input::open(&fixture(SMS)).unwrap(),
        &ImportOptions::default(),
    );
    let chats: Vec<_> = sink
        .chats
        .iter()
        .map(|c| (c.native_id.as_deref().unwrap(), c.title.as_str(), c.kind))
        .collect();
    assert_eq!(
        chats,
        [
            ("+13125550101", "Alice Example", ChatKind::Direct),
            ("22395", "22395", ChatKind::Direct),
            ("+13125550199", "+13125550199", ChatKind::Direct),
            (
                "+13125550101~+13125550102",
                "Alice Example, Bob Test",
                ChatKind::Group
            ),
        ]
    );
    let counts: Vec<_> = sink.messages.iter().map(Vec::len).collect();
    assert_eq!(counts, [2, 1, 1, 2]);
    let group = &sink.chats[3];
    let people: Vec<_> = group
        .participants
        .iter()
        .map(|p| (p.key.as_str(), p.name.as_str(), p.is_me))
        .collect();
    assert_eq!(
        people,
        [
            ("me", "Me", true),
            ("+13125550101", "Alice Example", false),
            ("+13125550102", "Bob Test", false),
        ]
    );
    // The own number was recognised from the MMS addresses.
    assert_eq!(group.participants[0].phone.as_deref(), Some("+13125550100"));
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn sms_fixture_messages() {
    let sink = run_input(
        &Input::open(&fixture(SMS)).unwrap(),
        &ImportOptions::default(),
    );
    let alice = &sink.messages[0];
    assert_eq!(alice[0].text, "Hey! Are we still on for tonight? 😀");
    assert_eq!(alice[0].sender.as_deref(), Some("+13125550101"));
    assert_eq!(alice[0].sent_at.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    assert_eq!(alice[0].native_id, None);
    assert_eq!(
        alice[1].text,
        "Yes — 7pm at \"Luigi's\" & bring cash\nsee you 👍🏽"
    );
    assert_eq!(alice[1].sender.as_deref(), Some("me"));
    assert_eq!(sink.messages[1][0].text, "Your code is 123456");
    // Failed to send: still the owner's message.
    assert_eq!(sink.messages[2][0].sender.as_deref(), Some("me"));
    let group = &sink.messages[3];
    assert_eq!(group[0].text, "Group pic 📸");
    assert_eq!(group[0].sender.as_deref(), Some("+13125550101"));
    assert_eq!(group[0].kind, MessageKind::Media);
    let png = &group[0].attachments[0];
    assert_eq!(png.file_name, "image000000.png");
    assert_eq!(png.media_kind, MediaKind::Image);
    assert_eq!(png.mime.as_deref(), Some("image/png"));
    assert_eq!(png.size, Some(67));
    assert!(png.content_hash.is_some());
    assert_eq!(sink.media.len(), 1);
    assert_eq!(sink.media[0].0, "image000000.png");
    assert_eq!(group[1].text, "Sent to the group & more");
    assert_eq!(group[1].sender.as_deref(), Some("me"));
    assert_eq!(group[1].kind, MessageKind::Text);
}

#[test]
fn calls_fixture() {
    let sink = run_input(
        &Input::open(&fixture(CALLS)).unwrap(),
        &ImportOptions::default(),
    );
    let chats: Vec<_> = sink
        .chats
        .iter()
        .map(|c| (c.native_id.as_deref().unwrap(), c.title.as_str()))
        .collect();
    assert_eq!(
        chats,
        [
            ("+13125550101", "Alice Example"),
            ("+13125550199", "+13125550199"),
            ("unknown", "Unknown number"),
        ]
    );
    let lines: Vec<_> = sink
        .messages
        .iter()
        .flatten()
        .map(|m| (m.kind, m.text.as_str(), m.sender.as_deref().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            (MessageKind::Call, "Incoming call, 2:05", "+13125550101"),
            (MessageKind::Call, "Missed call", "+13125550199"),
            (MessageKind::Call, "Rejected call", "unknown"),
        ]
    );
}

#[test]
fn folder_with_both_files_detects_two_exports_sharing_thread_ids() {
    let input = Input::open(&fixture("")).unwrap();
    let found = detect(&input, None);
    let entries: Vec<_> = found
        .iter()
        .map(|d| (d.format.id(), d.entry.as_str()))
        .collect();
    assert_eq!(entries, [("sms-xml", CALLS), ("sms-xml", SMS)]);
    assert!(found[0].label.contains("call log"));
    let mut sink = MemorySink::new();
    for f in &found {
        import(&input, f, &ImportOptions::default(), &mut sink).unwrap();
    }
    // Calls and SMS with Alice share the thread id, so the library merges them.
    let alice: Vec<_> = sink
        .chats
        .iter()
        .filter(|c| c.native_id.as_deref() == Some("+13125550101"))
        .collect();
    assert_eq!(alice.len(), 2);
    assert_eq!(sink.message_count(), 9);
}

/// The same backup with emoji as raw UTF-8 (what newer app versions write).
#[test]
fn raw_utf8_variant_gives_the_same_messages() {
    let raw = fixture_text(SMS)
        .replace("&#55357;&#56832;", "😀")
        .replace("&#55357;&#56397;&#55356;&#57341;", "👍🏽")
        .replace("&#55357;&#56568;", "📸");
    assert!(!raw.contains("&#55"));
    let a = run_bytes(SMS, raw);
    let b = run_input(
        &Input::open(&fixture(SMS)).unwrap(),
        &ImportOptions::default(),
    );
    assert_eq!(a.chats, b.chats);
    assert_eq!(a.messages, b.messages);
}

#[test]
fn lone_surrogates_are_replaced_with_one_summary_warning() {
    let xml = fixture_text(SMS)
        .replace("&#55357;&#56832;", "&#55357;")
        .replace("Your code", "&#56832;&#56832;code");
    let sink = run_bytes(SMS, xml);
    assert_eq!(
        sink.messages[0][0].text,
        "Hey! Are we still on for tonight? \u{fffd}"
    );
    assert_eq!(sink.messages[1][0].text, "\u{fffd}\u{fffd}code is 123456");
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(sink.warnings[0].message.starts_with("3 unpaired"));
}

#[test]
fn second_timestamps_and_zone_option() {
    let xml = r#"<smses><sms address="+4930 1234" date="1700000000" type="1" body="s" contact_name="null"/></smses>"#;
    let input = Input::from_bytes("x.xml", xml.as_bytes().to_vec());
    let opts = ImportOptions {
        tz: chrono_tz::Europe::Berlin,
        ..ImportOptions::default()
    };
    let sink = run_input(&input, &opts);
    assert_eq!(
        sink.messages[0][0].sent_at.to_rfc3339(),
        "2023-11-14T23:13:20+01:00"
    );
    assert_eq!(sink.chats[0].native_id.as_deref(), Some("+49301234"));
    assert_eq!(sink.chats[0].title, "+4930 1234");
}

#[test]
fn own_number_from_options_and_drafts_skipped() {
    let xml = r#"<smses>
      <sms address="(312) 555-0101" date="1700000000000" type="3" body="draft"/>
      <mms date="1700000300000" msg_box="1" address="+13125550101~+13125550100~+13125550102">
        <parts><part ct="text/plain" text="hi all"/></parts>
        <addrs><addr address="+13125550102" type="137"/></addrs>
      </mms>
    </smses>"#;
    let input = Input::from_bytes("x.xml", xml.as_bytes().to_vec());
    let opts = ImportOptions {
        me: Some("+1 312 555 0100".into()),
        ..ImportOptions::default()
    };
    let sink = run_input(&input, &opts);
    assert_eq!(sink.chats.len(), 1);
    assert_eq!(
        sink.chats[0].native_id.as_deref(),
        Some("+13125550101~+13125550102")
    );
    assert_eq!(sink.chats[0].title, "+13125550101, +13125550102");
    assert_eq!(sink.messages[0][0].sender.as_deref(), Some("+13125550102"));
    assert_eq!(sink.skipped.len(), 1);
    assert!(sink.skipped[0].1.contains("draft"));
}

#[test]
fn one_to_one_mms_joins_the_sms_thread() {
    let xml = r#"<smses>
      <sms address="+1 312 555 0101" date="1700000000000" type="1" body="a"/>
      <mms date="1700000300000" msg_box="2" address="+13125550101">
        <parts><part ct="image/jpeg" name="null" cl="null" seq="0"/></parts>
        <addrs><addr address="insert-address-token" type="137"/><addr address="+13125550101" type="151"/></addrs>
      </mms>
    </smses>"#;
    let sink = run_bytes("x.xml", xml);
    assert_eq!(sink.chats.len(), 1);
    let m = &sink.messages[0][1];
    assert_eq!(m.sender.as_deref(), Some("me"));
    assert_eq!(m.attachments[0].file_name, "part-0.jpg");
    assert_eq!(m.attachments[0].content_hash, None);
    assert_eq!(sink.warnings.len(), 1);
    assert!(sink.warnings[0].message.contains("no data"));
}

#[test]
fn large_base64_part_is_streamed_into_media() {
    let payload: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let b64 = encode_base64(&payload);
    let xml = format!(
        r#"<smses><mms date="1700000300000" msg_box="1" address="+1"><parts><part ct="video/mp4" cl="clip.mp4" data="{b64}"/></parts></mms></smses>"#
    );
    let sink = run_bytes("x.xml", xml);
    let a = &sink.messages[0][0].attachments[0];
    assert_eq!(a.size, Some(payload.len() as u64));
    assert_eq!(a.media_kind, MediaKind::Video);
    // FNV-1a of the payload, as MemorySink computes it.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in &payload {
        h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
    }
    assert_eq!(
        a.content_hash.as_deref(),
        Some(format!("{h:016x}").as_str())
    );
}

#[test]
fn backup_in_a_zip() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    w.start_file(SMS, zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(fixture_text(SMS).as_bytes()).unwrap();
    w.finish().unwrap();
    let sink = run_input(&Input::open(&path).unwrap(), &ImportOptions::default());
    assert_eq!(sink.message_count(), 6);
    assert_eq!(sink.chats.len(), 4);
}

fn encode_base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() / 3 * 4 + 4);
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
