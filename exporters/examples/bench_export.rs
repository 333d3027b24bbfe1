//! Throughput of the writers: streams N generated messages of one chat
//! through a format and prints the time and the process's peak memory.
//!
//! `cargo run --release -p ferry-exporters --example bench_export -- FORMAT N OUT_DIR`
//!
//! Messages are generated on the fly (3 senders, 20-120 character texts,
//! one reply and one reaction every 50 messages, a photo every 10,000), so
//! the figure is the writer's cost alone; reading from the library is
//! measured separately through ferry-core.

use ferry_exporters::{ExportFormat, ExportOptions, Exporter};
use ferry_model::{
    App, Attachment, ChatInfo, ChatKind, MediaKind, Member, Message, Participant, Reaction,
    StoredMessage, Timestamp,
};
use std::time::Instant;

const WORDS: [&str; 16] = [
    "hello", "see", "you", "tomorrow", "at", "the", "station", "😀", "ok", "great", "idea",
    "let's", "meet", "café", "tonight", "thanks",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    // "none" generates the messages without writing them (the baseline).
    let generate_only = args.get(1).is_some_and(|a| a == "none");
    let format: ExportFormat = if generate_only {
        ExportFormat::Jsonl
    } else {
        args.get(1).map(String::as_str).unwrap_or("jsonl").parse()?
    };
    let n: i64 = args
        .get(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let out = std::path::PathBuf::from(args.get(3).cloned().unwrap_or_else(|| "bench-out".into()));
    let media_dir = tempfile::tempdir()?;
    let photo = media_dir.path().join("photo");
    std::fs::write(&photo, vec![0xffu8; 50_000])?;
    let resolve = move |_: &str| Some(photo.clone());

    let people = ["Sam Me", "Alice Example", "Bob Тестов"];
    let members: Vec<Member> = people
        .iter()
        .enumerate()
        .map(|(i, name)| Member {
            id: i as i64 + 1,
            participant: Participant {
                key: format!("p{i}"),
                name: (*name).to_owned(),
                phone: Some(format!("+3160000000{i}")),
                handle: None,
                native_id: None,
                is_me: i == 0,
            },
        })
        .collect();
    let chat = ChatInfo {
        id: 1,
        app: App::WhatsApp,
        native_id: None,
        title: "Bench chat".into(),
        kind: ChatKind::Group,
        participants: members,
        messages: n as u64,
        attachments: (n / 10_000) as u64,
        first: None,
        last: None,
    };
    let mut opts = ExportOptions::new(&out);
    opts.degrade_to_text = true;
    let start = Instant::now();
    let mut ex = Exporter::new(format, opts, 1, &resolve)?;
    ex.begin_chat(&chat)?;
    let t0 = 1_600_000_000i64;
    let mut text = String::new();
    for i in 0..n {
        text.clear();
        let words = 4 + (i * 7919 % 17) as usize;
        for w in 0..words {
            if w > 0 {
                text.push(' ');
            }
            text.push_str(WORDS[(i as usize * 31 + w * 7) % WORDS.len()]);
        }
        let s = (i % 3) as usize;
        let mut message = Message::text(
            Some(format!("p{s}")),
            Timestamp::from_unix(t0 + i * 45, 3600).ok_or("time")?,
            text.clone(),
        );
        let mut reply_to_id = None;
        if i % 50 == 49 {
            reply_to_id = Some(i);
            message.reactions.push(Reaction {
                emoji: "👍".into(),
                by: Some(people[(s + 1) % 3].into()),
                at: None,
            });
        }
        if i % 10_000 == 9_999 {
            message.attachments.push(Attachment {
                file_name: format!("IMG_{i}.jpg"),
                media_kind: MediaKind::Image,
                mime: Some("image/jpeg".into()),
                size: Some(50_000),
                content_hash: Some(format!("{i:064x}")),
            });
        }
        let m = StoredMessage {
            id: i + 1,
            chat_id: 1,
            sender_name: Some(people[s].into()),
            sender_is_me: s == 0,
            reply_to_id,
            message,
        };
        if generate_only {
            std::hint::black_box(&m);
        } else {
            ex.message(&m)?;
        }
    }
    ex.end_chat()?;
    let summary = ex.finish()?;
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds();
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "VmHWM: unknown".into());
    println!(
        "{format}: {} messages, {} media in {secs:.2} s wall, {cpu:.2} s CPU ({:.0} msg/s); peak memory {}",
        summary.messages,
        summary.attachments_written,
        summary.messages as f64 / secs,
        peak.trim_start_matches("VmHWM:").trim()
    );
    Ok(())
}

/// User + system CPU seconds of this process (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is the
    // 12th and stime the 13th of them, in clock ticks (100 per second).
    let Some((_, rest)) = stat.rsplit_once(") ") else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| f.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}
