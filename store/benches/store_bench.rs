//! Store benchmark: ingest, full-text indexing and search over N synthetic
//! WhatsApp-like messages generated in-process (5 senders, 5-200 character
//! texts, minute timestamps, a few words in other scripts).
//!
//! `FERRY_BENCH_N=1000000 cargo bench -p ferry-store --bench store_bench`
//! prints the time of each phase and the peak resident memory.
//! `FERRY_BENCH_DIR` keeps the library in a given folder instead of a
//! temporary one. Messages go in through `Ingest::push` (multi-row inserts,
//! as imports do); `FERRY_BENCH_ROWWISE=1` uses `Ingest::message` (one
//! statement per message) instead, for comparison. The ingest's end is when
//! the messages are durable; the index's end is when they are searchable.

use ferry_model::{App, Chat, ChatKind, Message, Participant, Timestamp};
use ferry_store::{Library, SearchQuery};
use std::time::Instant;

const WORDS: &[&str] = &[
    "the",
    "a",
    "to",
    "and",
    "you",
    "I",
    "is",
    "it",
    "that",
    "of",
    "for",
    "on",
    "we",
    "be",
    "tomorrow",
    "dinner",
    "ok",
    "haha",
    "see",
    "soon",
    "where",
    "are",
    "what",
    "time",
    "meeting",
    "train",
    "late",
    "love",
    "photo",
    "weekend",
    "café",
    "naïve",
    "привет",
    "как",
    "дела",
    "مرحبا",
    "東京",
    "駅で",
    "会いましょう",
    "สวัสดีครับ",
    "안녕하세요",
    "我们",
    "明天",
    "见",
    "yes",
    "no",
    "maybe",
    "later",
    "call",
    "me",
    "when",
    "home",
    "thanks",
    "great",
    "👍",
    "😂",
];

/// Small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn senders() -> Vec<String> {
    ["Alice", "Bob", "Carol", "Dave", "Eve"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Calls `f` with each of `n` messages, built on the fly.
fn generate(n: u64, mut f: impl FnMut(Message)) {
    let senders = senders();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut minute: i64 = 0;
    let mut text = String::new();
    for _ in 0..n {
        if rng.below(3) != 0 {
            minute += 1 + rng.below(30) as i64;
        }
        let target = 5 + rng.below(196) as usize;
        text.clear();
        while text.len() < target {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
        }
        let sender = &senders[rng.below(senders.len() as u64) as usize];
        let at = Timestamp::from_unix(1_500_000_000 + minute * 60, 7200).expect("in range");
        f(Message::text(Some(sender.clone()), at, text.clone()));
    }
}

/// CPU seconds (user + system) this process has used so far, all threads.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}

/// Wall and CPU time of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let c = cpu_secs();
    let t = Instant::now();
    let out = f();
    (out, t.elapsed().as_secs_f64(), cpu_secs() - c)
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let n: u64 = std::env::var("FERRY_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("FERRY_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().join("library"));

    let mut bytes = 0usize;
    let ((), gen_wall, gen_cpu) = timed(|| generate(n, |m| bytes += m.text.len()));
    let rowwise = std::env::var_os("FERRY_BENCH_ROWWISE").is_some();
    println!(
        "messages             {n} ({:.1} MiB of text)",
        bytes as f64 / 1048576.0
    );
    println!("phase                wall s   cpu s");
    println!("generate only        {gen_wall:6.3}  {gen_cpu:6.3}");

    let mut lib = Library::open(&dir).expect("open");
    let chat = Chat {
        app: App::WhatsApp,
        native_id: None,
        title: "Bench".into(),
        kind: ChatKind::Group,
        participants: senders().into_iter().map(Participant::named).collect(),
    };
    let (stats, wall, cpu) = timed(|| {
        let mut ingest = lib.begin_ingest().expect("begin");
        let c = ingest.begin_chat(&chat).expect("chat");
        generate(n, |m| {
            if rowwise {
                ingest.message(c, &m).expect("message");
            } else {
                ingest.push(c, m).expect("message");
            }
        });
        ingest.commit().expect("commit")
    });
    assert_eq!(stats.new_messages, n);
    let durable = wall;
    println!(
        "ingest (with gen)    {wall:6.3}  {cpu:6.3}  ({})",
        if rowwise { "row by row" } else { "batched" }
    );
    println!(
        "ingest, store share  {:6.3}  {:6.3}",
        wall - gen_wall,
        cpu - gen_cpu
    );
    println!("peak RSS after ingest {:.0} MiB", peak_rss_mib());
    if std::env::var_os("FERRY_BENCH_INGEST_ONLY").is_some() {
        return;
    }

    let pending = lib.index_pending().expect("pending");
    let ((), wall, cpu) = timed(|| lib.update_search_index(&mut |_, _| true).expect("index"));
    println!("index {pending} msgs   {wall:6.3}  {cpu:6.3}");
    println!(
        "durable after {durable:.3} s, searchable after {:.3} s (wall)",
        durable + wall
    );
    assert_eq!(lib.index_pending().expect("pending"), 0);

    let queries = [
        "dinner tomorrow",
        "\"see you\"",
        "cafe",
        "東京",
        "สวัสดี",
        "привет",
        "zzzz",
    ];
    for q in queries {
        let (hits, wall, _) = timed(|| lib.search(&SearchQuery::text(q)).expect("search"));
        println!(
            "search {q:<18} {:>3} hits  {:7.1} ms",
            hits.len(),
            wall * 1e3
        );
    }
    let (page, wall, cpu) = timed(|| lib.messages(1, n.saturating_sub(50), 50).expect("page"));
    assert_eq!(page.len() as u64, n.min(50));
    println!("last page of 50      {wall:6.3}  {cpu:6.3}");
    let mut count = 0u64;
    let ((), wall, cpu) = timed(|| {
        lib.for_each_message(1, None, None, &mut |_| {
            count += 1;
            Ok(())
        })
        .expect("stream")
    });
    println!("stream all ({count})   {wall:6.3}  {cpu:6.3}");
    let (stats, wall, cpu) = timed(|| lib.stats(None).expect("stats"));
    println!("stats ({})     {wall:6.3}  {cpu:6.3}", stats.messages);
    println!("peak RSS             {:.0} MiB", peak_rss_mib());
    drop(lib);
    let db = std::fs::metadata(dir.join("library.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("library.db           {:.0} MiB", db as f64 / 1048576.0);
}
