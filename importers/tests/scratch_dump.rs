use ferry_importers::*;
#[test]
fn dump() {
    let p = std::env::var("F").unwrap();
    let input = Input::open(std::path::Path::new(&p)).unwrap();
    let found = detect(&input, None);
    println!("{found:?}");
    for f in &found {
        let mut sink = MemorySink::new();
        let r = import(&input, f, &ImportOptions::default(), &mut sink);
        println!(
            "{r:?}\n{:?}\nwarn {:?}\nskipped {:?}",
            sink.chats, sink.warnings, sink.skipped
        );
        for m in &sink.messages[0] {
            println!(
                "{} {:?} {:?} {:?} att={:?} ed={}",
                m.sent_at.to_rfc3339(),
                m.sender,
                m.kind,
                m.text,
                m.attachments
                    .iter()
                    .map(|a| (&a.file_name, a.media_kind, &a.content_hash))
                    .collect::<Vec<_>>(),
                m.edited
            );
        }
    }
}
