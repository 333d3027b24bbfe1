//! The walk over DM files: key orders, caps, errors with positions, stops,
//! and the same calls in every parse configuration.

use super::*;

/// Prepares an event as the text of its message, `-` for other events.
struct TextOf;

impl Prepare for TextOf {
    type Out = String;
    fn prepare(&self, e: RawEvent<'_>) -> String {
        match e.message_create {
            Some(m) => m.text.map(|t| t.into_string()).unwrap_or_default(),
            None if e.participants_join.is_some() => "join".into(),
            None => "-".into(),
        }
    }
}

/// Records what it gets; stops at the text "stop".
#[derive(Default)]
struct Log(Vec<String>);

impl Handler<String> for Log {
    fn begin(&mut self) -> Result<(), Stopped> {
        self.0.push("[".into());
        Ok(())
    }
    fn conversation_id(&mut self, id: String) -> Result<(), Stopped> {
        self.0.push(format!("id {id}"));
        Ok(())
    }
    fn event(&mut self, text: String, end: u64) -> Result<(), Stopped> {
        if text == "stop" {
            return Err(Stopped);
        }
        self.0.push(format!("{text}@{end}"));
        Ok(())
    }
    fn end(&mut self) -> Result<(), Stopped> {
        self.0.push("]".into());
        Ok(())
    }
}

fn configs() -> Vec<Par> {
    let small = |workers, batch_items| Par {
        workers,
        depth: 1,
        batch_items,
        batch_bytes: 1 << 20,
    };
    vec![
        Par::SEQUENTIAL,
        small(0, 1),
        small(1, 1),
        small(2, 2),
        Par::auto(),
    ]
}

fn run_with(data: &str, cap: usize, par: &Par) -> Result<Vec<String>, String> {
    let mut h = Log::default();
    parse_file_with(&mut data.as_bytes(), &TextOf, &mut h, par, cap)
        .map(|()| h.0)
        .map_err(|e| format!("{}:{} {}", e.line, e.column, e.message))
}

/// Runs in every configuration and with a tiny cap (everything streamed);
/// all must agree. Returns the sequential result.
fn run(data: &str) -> Result<Vec<String>, String> {
    let want = run_with(data, ELEMENT_CAP, &Par::SEQUENTIAL);
    for par in configs() {
        assert_eq!(run_with(data, ELEMENT_CAP, &par), want, "{par:?}: {data}");
    }
    let streamed = run_with(data, 4, &Par::SEQUENTIAL);
    assert_eq!(streamed, want, "cap 4: {data}");
    want
}

/// Where `needle` ends in `data`.
fn end_of(data: &str, needle: &str) -> usize {
    data.find(needle).unwrap() + needle.len()
}

const TWO: &str = "[\n  {\"dmConversation\" : {\"conversationId\" : \"1-2\", \"messages\" : [\n    {\"messageCreate\" : {\"text\" : \"a \\\" } ] {\"}}]}},\n  {\"dmConversation\" : {\"conversationId\" : \"9\", \"messages\" : [{\"messageCreate\" : {\"text\" : \"b\"}}]}}\n];";

#[test]
fn conversations_in_memory_and_streamed_agree() {
    let a = end_of(TWO, "] {\"}}");
    let b = end_of(TWO, "\"b\"}}");
    let want = [
        "[".to_owned(),
        "id 1-2".into(),
        format!("a \" }} ] {{@{a}"),
        "]".into(),
        "[".into(),
        "id 9".into(),
        format!("b@{b}"),
        "]".into(),
    ];
    assert_eq!(run(TWO).unwrap(), want);
}

#[test]
fn keys_in_any_order_and_unknown_members() {
    let data = r#"[{"other": {"messages": [1]}, "dmConversation": {"extra": {"a": [1, "]"]},
        "messages": [{"messageCreate": {"text": "x"}}, {"participantsJoin": {}}, {"somethingNew": {"a": 1}}],
        "conversationId": "7", "n": -1.5e3, "t": true, "z": null}, "after": "x"},
        {"noConversation": 1}, {}]"#;
    let log = run(data).unwrap();
    let x = end_of(data, r#""x"}}"#);
    let join = end_of(data, r#"{"participantsJoin": {}}"#);
    let new = end_of(data, r#"{"a": 1}}"#);
    assert_eq!(
        log,
        [
            "[".to_owned(),
            format!("x@{x}"),
            format!("join@{join}"),
            format!("-@{new}"),
            "id 7".into(),
            "]".into()
        ]
    );
}

#[test]
fn many_events_cross_batches_in_every_configuration() {
    let events: Vec<String> = (0..1000)
        .map(|i| format!("{{\"messageCreate\": {{\"text\": \"m{i} \\u00e9 ]\"}}}}"))
        .collect();
    let data = format!(
        "[{{\"dmConversation\": {{\"conversationId\": \"1\", \"messages\": [\n{}\n]}}}}]",
        events.join(",\n")
    );
    let log = run(&data).unwrap();
    assert_eq!(log.len(), 1003);
    assert!(log[501].starts_with("m499 é ]@"), "{}", log[501]);
}

#[test]
fn error_table() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "not_array",
            "{}",
            "1:0 expected `[`: an array of conversations",
        ),
        (
            "eof_in_list",
            "[",
            "1:1 EOF while parsing the list of conversations",
        ),
        (
            "eof_in_element",
            "[ {\"a\" : [",
            "1:10 EOF while parsing a value",
        ),
        (
            "eof_in_events",
            "[{\"dmConversation\": {\"messages\": [{\"a\": 1},",
            "1:43 EOF while parsing the events of a conversation",
        ),
        (
            "missing_comma",
            "[{} {}]",
            "1:4 expected `,` or `]` but found '{'",
        ),
        (
            "number_element",
            "[1]",
            "1:1 expected a conversation object but found '1'",
        ),
        (
            "type_error_line_2",
            "[\n {\"dmConversation\" : 5}]",
            "2:22 invalid type: integer `5`, expected a conversation object",
        ),
        (
            "messages_object",
            "[{\"dmConversation\": {\"messages\": {}}}]",
            "1:33 invalid type: map, expected an array of events",
        ),
        (
            "id_number",
            "[{\"dmConversation\": {\"conversationId\": 5}}]",
            "1:39 invalid type: integer `5`, expected a string",
        ),
        (
            "bad_event_line_3",
            "[{\"dmConversation\": {\"messages\": [\n{},\n  {\"messageCreate\": {\"mediaUrls\": \"x\"}}]}}]",
            "3:37 invalid type: string \"x\", expected a sequence",
        ),
        (
            "missing_colon",
            "[{\"dmConversation\" {}}]",
            "1:19 expected `:` but found '{'",
        ),
        ("key_not_string", "[{5: 1}]", "1:2 key must be a string"),
        (
            "trailing_comma_in_events",
            "[{\"dmConversation\": {\"messages\": [{},]}}]",
            "1:37 trailing comma",
        ),
        (
            "missing_value",
            "[{\"dmConversation\": {\"x\": , \"messages\": []}}]",
            "1:26 expected value",
        ),
        (
            "bad_literal",
            "[{\"dmConversation\": {\"x\": nul}}]",
            "1:28 EOF while parsing a value",
        ),
        (
            "bad_member_value",
            "[{\"dmConversation\": {\"x\": {\"a\" 1}}}]",
            "1:31 expected `:`",
        ),
    ];
    for (name, data, want) in cases {
        for par in configs() {
            assert_eq!(
                run_with(data, ELEMENT_CAP, &par).unwrap_err(),
                *want,
                "{name} {par:?}"
            );
        }
    }
}

#[test]
fn events_before_an_error_are_handed_on() {
    let data = "[{\"dmConversation\": {\"messages\": [{\"messageCreate\": {\"text\": \"a\"}}, {\"messageCreate\": {\"text\": 5}}, {\"messageCreate\": {\"text\": \"c\"}}]}}]";
    for par in configs() {
        let mut h = Log::default();
        let e = parse_file(&mut data.as_bytes(), &TextOf, &mut h, &par).unwrap_err();
        assert!(e.message.contains("invalid type: integer `5`"), "{par:?}");
        assert_eq!(h.0.len(), 2, "{par:?}: {:?}", h.0);
    }
}

#[test]
fn positions_after_a_streamed_event_stay_exact() {
    let long = "y".repeat(100);
    let data = format!(
        "[{{\"dmConversation\": {{\"messages\": [\n{{\"messageCreate\": {{\"text\": \"{long}\"}}}},\n{{\"messageCreate\": {{\"text\":\n\"b\"}}}},\n {{\"x\": 1}} 7]}}}}]"
    );
    // The first event is longer than the cap of 50 and goes through serde's
    // reader; lines and columns are still counted.
    let want = "5:10 expected `,` or `]` but found '7'";
    assert_eq!(run_with(&data, 50, &Par::SEQUENTIAL).unwrap_err(), want);
    assert_eq!(
        run_with(&data, ELEMENT_CAP, &Par::SEQUENTIAL).unwrap_err(),
        want
    );
    assert_eq!(run_with(&data, 50, &Par::auto()).unwrap_err(), want);
}

#[test]
fn a_huge_event_between_batches_keeps_order() {
    let events: Vec<String> = (0..40)
        .map(|i| {
            let text = if i % 7 == 3 {
                "z".repeat(200)
            } else {
                format!("e{i}")
            };
            format!("{{\"messageCreate\": {{\"text\": \"{text}\"}}}}")
        })
        .collect();
    let data = format!(
        "[{{\"dmConversation\": {{\"messages\": [{}], \"conversationId\": \"c\"}}}}]",
        events.join(", ")
    );
    let want = run_with(&data, ELEMENT_CAP, &Par::SEQUENTIAL).unwrap();
    assert_eq!(want.len(), 43);
    for par in configs() {
        assert_eq!(run_with(&data, 100, &par).unwrap(), want, "{par:?}");
    }
}

#[test]
fn handler_stop_is_marked() {
    let data = r#"[{"dmConversation":{"messages":[{"messageCreate":{"text":"a"}},{"messageCreate":{"text":"stop"}},{"messageCreate":{"text":"b"}}]}}]"#;
    for par in configs() {
        let mut h = Log::default();
        let e = parse_file(&mut data.as_bytes(), &TextOf, &mut h, &par).unwrap_err();
        assert!(e.stopped, "{par:?}");
        assert_eq!(h.0.len(), 2, "{par:?}: {:?}", h.0);
    }
}

#[test]
fn empty_array_and_trailing_javascript() {
    assert_eq!(run("  [ ] ;\nwhatever").unwrap(), Vec::<String>::new());
    assert_eq!(
        run("[{\"dmConversation\": {\"messages\": [ ]}}]").unwrap(),
        ["[", "]"]
    );
}

#[test]
fn invalid_utf8_in_an_event_is_an_error_at_its_line() {
    let mut data =
        b"[{\"dmConversation\": {\"messages\": [\n{\"messageCreate\": {\"text\": \"ab\"}}]}}]"
            .to_vec();
    let at = data.iter().position(|&b| b == b'b').unwrap();
    data[at] = 0xff;
    for par in configs() {
        let mut h = Log::default();
        let e = parse_file(&mut data.as_slice(), &TextOf, &mut h, &par).unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (2, "invalid unicode code point"),
            "{par:?}"
        );
    }
}
