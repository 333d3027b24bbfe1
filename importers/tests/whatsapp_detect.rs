//! Detection by content in loose files, folders and zips; chat names; media
//! files streamed from the export.

use ferry_importers::{Format, ImportOptions, Input, MemorySink, detect, import};
use ferry_model::{MediaKind, MessageKind};
use std::io::Write;
use std::path::Path;

const IOS: &str = "[3/18/22, 14:56:01] Bob: \u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n\
[3/27/22, 21:41:55] Ann: \u{200E}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>\r\n\
[3/27/22, 21:42:55] Ann: \u{200E}<attached: 00000036-AUDIO-2022-03-27-21-42-55.opus>\r\n";

const ANDROID: &str = "23/03/2022, 13:31 - Ann: IMG-20220323-WA0001.jpg (file attached)\nlook\n";

fn whatsapp() -> Format {
    "whatsapp".parse().unwrap()
}

fn make_zip(path: &Path, files: &[(&str, &[u8])]) {
    let f = std::fs::File::create(path).unwrap();
    let mut w = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn ios_zip_with_media_streams_files_and_names_the_chat_from_the_zip() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("WhatsApp Chat - Bob Smith.zip");
    make_zip(
        &p,
        &[
            ("_chat.txt", IOS.as_bytes()),
            ("00000035-PHOTO-2022-03-27-21-41-55.jpg", b"jpeg bytes"),
            ("__MACOSX/._chat.txt", b"\x00\x05\x16\x07junk"),
        ],
    );
    let input = Input::open(&p).unwrap();
    let found = detect(&input, Some(whatsapp()));
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].entry.as_str(), found[0].label.as_str()),
        ("_chat.txt", "Bob Smith")
    );
    let mut sink = MemorySink {
        hash_media: true,
        ..MemorySink::new()
    };
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.chats[0].title, "Bob Smith");
    let m = &sink.messages[0];
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].kind, MessageKind::System);
    let photo = &m[1].attachments[0];
    assert_eq!(photo.media_kind, MediaKind::Image);
    assert_eq!(photo.size, Some(10));
    assert_eq!(
        photo.content_hash.as_deref(),
        Some(sink.media[0].1.content_hash.as_str())
    );
    assert_eq!(sink.media.len(), 1);
    assert_eq!(sink.media[0].0, "00000035-PHOTO-2022-03-27-21-41-55.jpg");
    // The audio file is missing: kept without hash, with a warning.
    let audio = &m[2].attachments[0];
    assert_eq!((audio.content_hash.as_deref(), audio.size), (None, None));
    assert_eq!(sink.warnings.len(), 1, "{:?}", sink.warnings);
    assert!(
        sink.warnings[0].location.ends_with("!_chat.txt:3"),
        "{:?}",
        sink.warnings[0]
    );
    assert!(sink.warnings[0].message.contains("00000036-AUDIO"));
}

#[test]
fn chat_name_from_notice_when_the_zip_name_says_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("export.zip");
    make_zip(&p, &[("_chat.txt", IOS.as_bytes())]);
    let found = detect(&Input::open(&p).unwrap(), Some(whatsapp()));
    assert_eq!(found[0].label, "Bob");
}

#[test]
fn android_zip_with_localized_names() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("share.zip");
    make_zip(
        &p,
        &[
            ("WhatsApp-Chat mit Oma.txt", ANDROID.as_bytes()),
            ("IMG-20220323-WA0001.jpg", b"jpg"),
            ("notes.txt", b"just some notes\n"),
        ],
    );
    let input = Input::open(&p).unwrap();
    let found = detect(&input, Some(whatsapp()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].label, "Oma");
    let mut sink = MemorySink::new();
    import(&input, &found[0], &ImportOptions::default(), &mut sink).unwrap();
    let att = &sink.messages[0][0].attachments[0];
    assert_eq!(att.size, Some(3));
    assert!(att.content_hash.is_some());
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
}

#[test]
fn folder_with_two_chats_gives_two_exports() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("WhatsApp Chat with Alice.txt"), ANDROID).unwrap();
    std::fs::create_dir(d.path().join("ios")).unwrap();
    std::fs::write(d.path().join("ios/_chat.txt"), IOS).unwrap();
    std::fs::write(
        d.path().join("ios/00000035-PHOTO-2022-03-27-21-41-55.jpg"),
        b"x",
    )
    .unwrap();
    std::fs::write(d.path().join("readme.txt"), "not a chat").unwrap();
    std::fs::write(d.path().join("IMG-20220323-WA0001.jpg"), b"yy").unwrap();
    let input = Input::open(d.path()).unwrap();
    let found = detect(&input, None);
    let labels: Vec<_> = found
        .iter()
        .map(|f| (f.entry.as_str(), f.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("WhatsApp Chat with Alice.txt", "Alice"),
            ("ios/_chat.txt", "Bob")
        ]
    );
    // Media is looked up next to each chat text.
    let mut sink = MemorySink::new();
    import(&input, &found[1], &ImportOptions::default(), &mut sink).unwrap();
    assert_eq!(sink.messages[0][1].attachments[0].size, Some(1));
}

#[test]
fn content_decides_not_the_name() {
    let fake = Input::from_bytes(
        "WhatsApp Chat with Eve.txt",
        b"Dear diary, today...".to_vec(),
    );
    assert!(detect(&fake, None).is_empty());
    let real = Input::from_bytes("export.txt", ANDROID.as_bytes().to_vec());
    let found = detect(&real, None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].label, "export");
    let csv = Input::from_bytes("chat.csv", ANDROID.as_bytes().to_vec());
    assert!(detect(&csv, None).is_empty());
}

/// Regression: bare exports renamed by the user all fell back to the title
/// "WhatsApp chat", so importing several of them merged different chats into
/// one. A file keeps its own name unless it is WhatsApp's generic one.
#[test]
fn renamed_files_keep_their_own_names() {
    for (file, label) in [
        ("family 2019.txt", "family 2019"),
        ("android_de_dmy_24h.txt", "android_de_dmy_24h"),
        ("_chat.txt", "WhatsApp chat"),
        ("chat.txt", "WhatsApp chat"),
    ] {
        let input = Input::from_bytes(file, ANDROID.as_bytes().to_vec());
        let found = detect(&input, None);
        assert_eq!(found.len(), 1, "{file}");
        assert_eq!(found[0].label, label, "{file}");
    }
}
