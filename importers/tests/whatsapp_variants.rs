//! Table tests: one inline export per header shape, clock, digit system,
//! era, body kind, date-order and time-zone rule.

use ferry_importers::{
    DateOrder, Detected, Format, ImportError, ImportOptions, Input, MemorySink, detect, import,
};
use ferry_model::{ChatKind, MessageKind};

fn found(input: &Input) -> Detected {
    let format: Format = "whatsapp".parse().unwrap();
    let mut d = detect(input, Some(format));
    assert_eq!(d.len(), 1, "{d:?}");
    d.remove(0)
}

fn try_parse(text: &str, options: &ImportOptions) -> Result<MemorySink, ImportError> {
    let input = Input::from_bytes("chat.txt", text.as_bytes().to_vec());
    let f = found(&input);
    let mut sink = MemorySink::new();
    import(&input, &f, options, &mut sink).map(|()| sink)
}

fn parse_with(text: &str, options: &ImportOptions) -> MemorySink {
    try_parse(text, options).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn parse(text: &str) -> MemorySink {
    parse_with(text, &ImportOptions::default())
}

fn local(s: &MemorySink, i: usize) -> String {
    s.messages[0][i]
        .sent_at
        .0
        .naive_local()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[test]
fn header_shapes_clocks_digits_and_eras() {
    // (case, export, local time of the first entry, sender, text)
    let table: &[(&str, &str, &str, &str, &str)] = &[
        (
            "android_dmy_comma",
            "23/03/2022, 13:31 - Bob: hi",
            "2022-03-23 13:31:00",
            "Bob",
            "hi",
        ),
        (
            "android_mdy_12h_nnbsp",
            "3/27/22, 9:41\u{202F}PM - Bob: hi",
            "2022-03-27 21:41:00",
            "Bob",
            "hi",
        ),
        (
            "android_12h_nbsp_lowercase",
            "3/27/22, 9:41\u{00A0}am - Bob: hi",
            "2022-03-27 09:41:00",
            "Bob",
            "hi",
        ),
        (
            "ios_brackets_seconds",
            "[27/03/2022, 21:41:35] Bob: hi",
            "2022-03-27 21:41:35",
            "Bob",
            "hi",
        ),
        (
            "ios_no_comma",
            "[3/18/22 14:56:00] Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "ios_no_seconds",
            "[01/13/19 11:25] Bob: hi",
            "2019-01-13 11:25:00",
            "Bob",
            "hi",
        ),
        (
            "ios_lrm_before_bracket",
            "\u{200E}[3/27/22, 21:41:55] Bob: \u{200E}hi",
            "2022-03-27 21:41:55",
            "Bob",
            "hi",
        ),
        (
            "dots",
            "18.03.22, 14:56 - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "dashes_no_comma",
            "23-03-2022 13:31 - Bob: hi",
            "2022-03-23 13:31:00",
            "Bob",
            "hi",
        ),
        (
            "ymd_slash",
            "2022/12/24, 13:31 - Bob: hi",
            "2022-12-24 13:31:00",
            "Bob",
            "hi",
        ),
        (
            "ymd_dash",
            "2019-10-20, 10:16 - Bob: hi",
            "2019-10-20 10:16:00",
            "Bob",
            "hi",
        ),
        (
            "ymd_unpadded_ios",
            "[2023/5/4, 16:17:13] Bob: hi",
            "2023-05-04 16:17:13",
            "Bob",
            "hi",
        ),
        (
            "time_first",
            "[14:56:01, 3/18/22] Bob: hi",
            "2022-03-18 14:56:01",
            "Bob",
            "hi",
        ),
        (
            "spaces_after_dots",
            "13. 6. 2018. 21:25:15 - Bob: hi",
            "2018-06-13 21:25:15",
            "Bob",
            "hi",
        ),
        (
            "finnish_klo",
            "13.6.2018 klo 21.25 - Bob: hi",
            "2018-06-13 21:25:00",
            "Bob",
            "hi",
        ),
        (
            "french_a",
            "13/06/2018 à 21:25 - Bob: hi",
            "2018-06-13 21:25:00",
            "Bob",
            "hi",
        ),
        (
            "old_colon",
            "13.07.2017, 22:35:22: Bob: Was it good?",
            "2017-07-13 22:35:22",
            "Bob",
            "Was it good?",
        ),
        (
            "turkish_unpadded",
            "[15.05.2017 18:01:12] Emir: selam",
            "2017-05-15 18:01:12",
            "Emir",
            "selam",
        ),
        (
            "spanish_a_m",
            "13/6/18, 9:05 a. m. - Bob: hi",
            "2018-06-13 09:05:00",
            "Bob",
            "hi",
        ),
        (
            "spanish_p_m_nbsp",
            "13/6/18, 9:05 p.\u{00A0}m. - Bob: hi",
            "2018-06-13 21:05:00",
            "Bob",
            "hi",
        ),
        (
            "dotted_pm",
            "13/6/18, 9:05 p.m. - Bob: hi",
            "2018-06-13 21:05:00",
            "Bob",
            "hi",
        ),
        (
            "arabic_digits_rlm",
            "[١٨\u{200F}/٣\u{200F}/٢٠٢٢، ٢:٥٦:٠٠\u{00A0}م] Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "arabic_am",
            "[١٨\u{200F}/٣\u{200F}/٢٠٢٢، ٩:٠٥:٠٠\u{00A0}ص] Bob: hi",
            "2022-03-18 09:05:00",
            "Bob",
            "hi",
        ),
        (
            "persian_digits",
            "۱۸/۳/۲۰۲۲, ۱۴:۵۶ - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "devanagari_digits",
            "१८/३/२०२२, १४:५६ - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "japanese_gogo",
            "2022/03/18 午後2:56 - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "japanese_gozen_12",
            "2022/03/18 午前12:05 - Bob: hi",
            "2022-03-18 00:05:00",
            "Bob",
            "hi",
        ),
        (
            "korean_ohu",
            "2022. 3. 18. 오후 2:56 - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "chinese_xiawu",
            "2022/3/18 下午2:56 - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "german_nachm",
            "18.03.22, 2:56 nachm. - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "german_vorm",
            "18.03.22, 2:56 vorm. - Bob: hi",
            "2022-03-18 02:56:00",
            "Bob",
            "hi",
        ),
        (
            "impossible_23_59_pm",
            "1/29/18, 23:59 PM - Bob: hi",
            "2018-01-29 23:59:00",
            "Bob",
            "hi",
        ),
        (
            "midnight_00_04_am",
            "1/29/18, 00:04 AM - Bob: hi",
            "2018-01-29 00:04:00",
            "Bob",
            "hi",
        ),
        (
            "twelve_am",
            "1/29/18, 12:30 AM - Bob: hi",
            "2018-01-29 00:30:00",
            "Bob",
            "hi",
        ),
        (
            "twelve_pm",
            "1/29/18, 12:30 PM - Bob: hi",
            "2018-01-29 12:30:00",
            "Bob",
            "hi",
        ),
        (
            "buddhist_be",
            "[3/18/2565 BE, 14:56:01] Bob: hi",
            "2022-03-18 14:56:01",
            "Bob",
            "hi",
        ),
        (
            "buddhist_bare_year",
            "18/03/2565, 14:56 - Bob: hi",
            "2022-03-18 14:56:00",
            "Bob",
            "hi",
        ),
        (
            "japanese_era_r4",
            "[3/18/R4, 14:56:01] Bob: hi",
            "2022-03-18 14:56:01",
            "Bob",
            "hi",
        ),
        (
            "japanese_era_reiwa5",
            "[3/18/令和5, 14:56:01] Bob: hi",
            "2023-03-18 14:56:01",
            "Bob",
            "hi",
        ),
        (
            "japanese_era_h30",
            "[3/18/H30, 14:56:01] Bob: hi",
            "2018-03-18 14:56:01",
            "Bob",
            "hi",
        ),
        (
            "bom_first_line",
            "\u{FEFF}23/03/2022, 13:31 - Bob: hi",
            "2022-03-23 13:31:00",
            "Bob",
            "hi",
        ),
        (
            "bom_inside_bracket",
            "[\u{FEFF}29.01.18, 12:24:03] Bob: hi",
            "2018-01-29 12:24:03",
            "Bob",
            "hi",
        ),
        (
            "phone_author_marks",
            "[3/18/22, 14:56:01] \u{202A}+40\u{00A0}521\u{00A0}028\u{202C}: hi",
            "2022-03-18 14:56:01",
            "+40 521 028",
            "hi",
        ),
        (
            "unsaved_member_tilde",
            "[3/18/22, 14:56:01] ~\u{202F}Maria: hi",
            "2022-03-18 14:56:01",
            "~ Maria",
            "hi",
        ),
        (
            "colon_in_text",
            "18/03/2022, 14:56 - Bob: note: read this",
            "2022-03-18 14:56:00",
            "Bob",
            "note: read this",
        ),
        (
            "empty_body",
            "29/01/2018, 23:59 - Carol:",
            "2018-01-29 23:59:00",
            "Carol",
            "",
        ),
    ];
    for (case, text, when, sender, body) in table {
        let s = parse(text);
        assert_eq!(s.message_count(), 1, "{case}");
        let m = &s.messages[0][0];
        assert_eq!(local(&s, 0), *when, "{case}");
        assert_eq!(m.sender.as_deref(), Some(*sender), "{case}");
        assert_eq!(m.text, *body, "{case}");
    }
}

#[test]
fn text_is_kept_byte_exact_minus_marks() {
    let s = parse(
        "23/03/2022, 13:31 - Bob: a\n\nb\r\n23/03/2022, 13:32 - Bob: 👨\u{200D}👩\u{200D}👧\u{200D}👦 🏳\u{FE0F}\u{200D}🌈 \u{200F}x\u{2067}y\u{2069}\rz\n\n\n",
    );
    let texts: Vec<_> = s.messages[0].iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "a\n\nb",
            "👨\u{200D}👩\u{200D}👧\u{200D}👦 🏳\u{FE0F}\u{200D}🌈 xy\nz"
        ]
    );
}

#[test]
fn lines_that_look_like_other_headers_stay_in_the_message() {
    let s = parse(
        "23/03/2022, 13:31 - Bob: a\n2016-04-29 10:30:00 - not: a header\n[1/2/20, 10:00:00] nor: this\n",
    );
    assert_eq!(s.message_count(), 1);
    assert_eq!(
        s.messages[0][0].text,
        "a\n2016-04-29 10:30:00 - not: a header\n[1/2/20, 10:00:00] nor: this"
    );
}

#[test]
fn body_kinds_and_markers() {
    let s = parse(concat!(
        "23/03/2022, 13:31 - Bob: fixed it <This message was edited>\n",
        "23/03/2022, 13:31 - Bob: <Media omitted>\n",
        "23/03/2022, 13:31 - Bob: IMG-20220323-WA0001.jpg (file attached)\ncaption\n",
        "23/03/2022, 13:31 - Bob: This message was deleted\n",
        "23/03/2022, 13:31 - Bob: location: https://maps.google.com/?q=51.5,-0.12\n",
        "23/03/2022, 13:31 - Bob: Alex.vcf (file attached)\n",
        "23/03/2022, 13:31 - Bob: POLL:\nLunch?\nOPTION: Pizza (2 votes)\n",
        "23/03/2022, 13:31 - Bob: Missed voice call\n",
        "23/03/2022, 13:31 - Bob: Hallo <Diese Nachricht wurde bearbeitet.>\n",
    ));
    let m = &s.messages[0];
    let kinds: Vec<_> = m.iter().map(|m| m.kind).collect();
    use MessageKind::*;
    assert_eq!(
        kinds,
        [
            Text, Media, Media, Deleted, Location, Contact, Poll, Call, Text
        ]
    );
    assert!(m[0].edited && m[8].edited);
    assert_eq!(m[0].text, "fixed it");
    assert_eq!(m[8].text, "Hallo");
    assert!(m[1].attachments.is_empty());
    assert_eq!(m[2].attachments[0].file_name, "IMG-20220323-WA0001.jpg");
    assert_eq!(
        m[2].text,
        "IMG-20220323-WA0001.jpg (file attached)\ncaption"
    );
    assert!(!m[1].edited && !m[2].edited);
    // One warning per missing file.
    assert_eq!(
        s.warnings
            .iter()
            .filter(|w| w.message.contains("not in the export"))
            .count(),
        2
    );
}

#[test]
fn system_lines_and_chat_kind() {
    // iOS: the encryption notice is authored by the chat's name.
    let s = parse(concat!(
        "[3/18/22, 14:56:01] Elon Musk: \u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n",
        "[3/18/22, 14:57:01] Elon Musk: hi\n",
        "[3/18/22, 14:58:01] Dmitry: hello\n",
    ));
    let m = &s.messages[0];
    assert_eq!(
        (m[0].kind, m[0].sender.as_deref()),
        (MessageKind::System, None)
    );
    assert_eq!(s.chats[0].kind, ChatKind::Direct);
    assert_eq!(s.chats[0].participants.len(), 2);
    // Android group events without author; subject with ": " inside quotes.
    let s = parse(concat!(
        "18/03/2022, 14:56 - Alice created group \"Trip: Rome\"\n",
        "18/03/2022, 14:56 - Alice added Bob\n",
        "18/03/2022, 14:57 - Bob: hi\n",
    ));
    let m = &s.messages[0];
    assert_eq!(m[0].kind, MessageKind::System);
    assert_eq!(m[0].sender, None);
    assert_eq!(m[0].text, "Alice created group \"Trip: Rome\"");
    assert_eq!(s.chats[0].kind, ChatKind::Group);
    // Three senders make a group without any system line.
    let s = parse("18/03/2022, 14:56 - A: 1\n18/03/2022, 14:56 - B: 2\n18/03/2022, 14:56 - C: 3\n");
    assert_eq!(s.chats[0].kind, ChatKind::Group);
}

#[test]
fn me_is_marked() {
    let options = ImportOptions {
        me: Some("Bob".into()),
        ..ImportOptions::default()
    };
    let s = parse_with(
        "18/03/2022, 14:56 - Bob: 1\n18/03/2022, 14:56 - Ann: 2\n",
        &options,
    );
    let p = &s.chats[0].participants;
    assert!(p.iter().find(|p| p.key == "Bob").unwrap().is_me);
    assert!(!p.iter().find(|p| p.key == "Ann").unwrap().is_me);
    assert_eq!(s.chats[0].native_id, None);
    assert!(s.messages[0].iter().all(|m| m.native_id.is_none()));
}

const AMBIGUOUS: &str = "06/03/2017, 00:45 - Bob: a\n08/05/2017, 10:00 - Bob: b\n";

#[test]
fn undecidable_order_uses_the_default_and_warns() {
    let s = parse(AMBIGUOUS);
    assert_eq!(local(&s, 0), "2017-03-06 00:45:00");
    assert!(
        s.warnings.iter().any(
            |w| w.message == "could not tell day/month order; read as dd/mm (use --date-order)"
        )
    );
    let options = ImportOptions {
        default_date_order: DateOrder::Mdy,
        ..ImportOptions::default()
    };
    let s = parse_with(AMBIGUOUS, &options);
    assert_eq!(local(&s, 0), "2017-06-03 00:45:00");
    assert!(
        s.warnings
            .iter()
            .any(|w| w.message.contains("read as mm/dd"))
    );
}

#[test]
fn forced_order_is_honoured_without_warning() {
    let options = ImportOptions {
        date_order: Some(DateOrder::Mdy),
        ..ImportOptions::default()
    };
    let s = parse_with(AMBIGUOUS, &options);
    assert_eq!(local(&s, 1), "2017-08-05 10:00:00");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    // Forced against the file: a clear error naming the line.
    let err = try_parse(
        "01/03/2022, 10:00 - Bob: a\n23/03/2022, 13:31 - Bob: b\n",
        &options,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "chat.txt: line 2: impossible date 23/3/2022 read as mdy (forced)"
    );
}

#[test]
fn late_evidence_fixes_earlier_messages() {
    let s = parse(
        "01/02/2022, 10:00 - Bob: a\n02/02/2022, 10:00 - Bob: b\n02/13/2022, 10:00 - Bob: c\n",
    );
    assert_eq!(local(&s, 0), "2022-01-02 10:00:00");
    assert!(s.warnings.is_empty());
}

#[test]
fn order_decided_past_the_pending_buffer_by_prescan() {
    // More undecided entries than the assembler keeps, then the evidence.
    let mut text = String::new();
    for i in 0..60_000 {
        text.push_str(&format!("01/02/2022, 10:{:02} - Bob: m{i}\n", i % 60));
    }
    text.push_str("02/13/2022, 10:00 - Bob: last\n");
    let s = parse(&text);
    assert_eq!(s.message_count(), 60_001);
    assert_eq!(local(&s, 0), "2022-01-02 10:00:00");
    assert_eq!(local(&s, 60_000), "2022-02-13 10:00:00");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn impossible_date_is_an_error_with_file_and_line() {
    let err = try_parse(
        "13/01/2020, 10:00 - Bob: a\n31/02/2020, 10:00 - Bob: b\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "chat.txt: line 2: impossible date 31/2/2020 read as dmy"
    );
    let err = try_parse("13/01/2020, 25:00 - Bob: a\n", &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("chat.txt: line 1: impossible time 25:00"),
        "{err}"
    );
}

#[test]
fn local_times_follow_the_zone_across_dst() {
    let options = ImportOptions {
        tz: chrono_tz::Europe::Berlin,
        ..ImportOptions::default()
    };
    let s = parse_with(
        "31/03/2024, 01:30 - Bob: before\n31/03/2024, 02:30 - Bob: in the gap\n27/10/2024, 02:30 - Bob: twice\n27/10/2024, 03:30 - Bob: after\n",
        &options,
    );
    let t: Vec<_> = s.messages[0]
        .iter()
        .map(|m| m.sent_at.to_rfc3339())
        .collect();
    assert_eq!(
        t,
        [
            "2024-03-31T01:30:00+01:00",
            "2024-03-31T03:30:00+02:00",
            "2024-10-27T02:30:00+02:00",
            "2024-10-27T03:30:00+01:00",
        ]
    );
}

/// A sink that cancels at the first progress report.
struct Cancelling(MemorySink);

impl ferry_importers::Sink for Cancelling {
    fn begin_chat(
        &mut self,
        c: ferry_model::Chat,
    ) -> Result<ferry_importers::ChatHandle, ferry_importers::SinkError> {
        self.0.begin_chat(c)
    }
    fn participant(
        &mut self,
        h: ferry_importers::ChatHandle,
        p: ferry_model::Participant,
    ) -> Result<(), ferry_importers::SinkError> {
        self.0.participant(h, p)
    }
    fn set_chat_kind(
        &mut self,
        h: ferry_importers::ChatHandle,
        k: ChatKind,
    ) -> Result<(), ferry_importers::SinkError> {
        self.0.set_chat_kind(h, k)
    }
    fn message(
        &mut self,
        h: ferry_importers::ChatHandle,
        m: ferry_model::Message,
    ) -> Result<(), ferry_importers::SinkError> {
        self.0.message(h, m)
    }
    fn media(
        &mut self,
        n: &str,
        r: &mut dyn std::io::Read,
    ) -> Result<ferry_importers::StoredMedia, ferry_importers::SinkError> {
        self.0.media(n, r)
    }
    fn warning(&mut self, w: ferry_importers::Warning) {
        self.0.warning(w)
    }
    fn skipped(&mut self, l: String, r: String) {
        self.0.skipped(l, r)
    }
    fn progress(&mut self, _d: u64, _t: u64) -> Result<(), ferry_importers::SinkError> {
        Err(ferry_importers::SinkError::Cancelled)
    }
}

#[test]
fn cancellation_from_progress_stops_the_import() {
    // Large enough for a progress report in the middle (every 8 MB).
    let mut text = String::new();
    while text.len() < 9 << 20 {
        text.push_str("13/01/2020, 10:00 - Bob: a message of moderate length for the test\n");
    }
    let input = Input::from_bytes("chat.txt", text.into_bytes());
    let f = found(&input);
    let mut sink = Cancelling(MemorySink::new());
    let err = import(&input, &f, &ImportOptions::default(), &mut sink).unwrap_err();
    assert!(err.is_cancelled(), "{err}");
    assert!(
        sink.0.message_count() < 140_000,
        "stopped early: {}",
        sink.0.message_count()
    );
}

#[test]
fn a_date_contradicting_the_decided_order_fails_with_its_line() {
    let err = try_parse(
        "13/01/2020, 10:00 - Bob: a\n01/13/2020, 10:00 - Bob: b\n",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "chat.txt: line 2: impossible date 1/13/2020 read as dmy"
    );
}
