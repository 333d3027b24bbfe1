//! Throughput and peak memory of the WhatsApp parser on a large export.
//!
//! ```sh
//! python3 ../shared/bench/gen_whatsapp.py --platform android --messages 1000000 \
//!     --seed 42 --out /tmp/android_1m.txt --truth /tmp/android_1m.truth.json
//! WHATSAPP_BENCH_FILE=/tmp/android_1m.txt WHATSAPP_BENCH_TRUTH=/tmp/android_1m.truth.json \
//!     cargo bench -p ferry-importers --bench whatsapp_1m
//! ```
//!
//! Reports parse time (best of `WHATSAPP_BENCH_RUNS`, default 3), MB/s and
//! the process's peak resident memory (VmHWM), and checks the counts
//! against the generator's truth file when given. Without
//! `WHATSAPP_BENCH_FILE` it explains itself and exits.

mod whatsapp_common;

use ferry_importers::{Format, ImportOptions, Input, detect, import};
use std::time::Instant;
use whatsapp_common::CountingSink;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// User + system CPU seconds of this process so far (all threads).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let Ok(path) = std::env::var("WHATSAPP_BENCH_FILE") else {
        println!("whatsapp_1m: set WHATSAPP_BENCH_FILE (see the bench's doc comment)");
        return;
    };
    let runs: usize = std::env::var("WHATSAPP_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut options = ImportOptions::default();
    if let Ok(tz) = std::env::var("WHATSAPP_BENCH_TZ") {
        options.tz = tz.parse().expect("a tz database name");
    }
    let input = Input::open(std::path::Path::new(&path)).expect("open input");
    let format: Format = "whatsapp".parse().expect("format");
    let found = detect(&input, Some(format));
    assert_eq!(found.len(), 1, "one chat expected in {path}");
    let size = input.entries()[0].size as f64;
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut sink = CountingSink::default();
    for _ in 0..runs {
        sink = CountingSink::default();
        let cpu = cpu_seconds().unwrap_or(0.0);
        let t = Instant::now();
        import(&input, &found[0], &options, &mut sink).expect("import");
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_seconds().unwrap_or(0.0) - cpu);
    }
    println!(
        "whatsapp_1m: {path}: {} messages, best of {runs}: {best:.3} s wall, {best_cpu:.2} s CPU (both threads), {:.0} MB/s, tz {}, peak RSS (VmHWM) {} MiB",
        sink.messages,
        size / best / 1e6,
        options.tz,
        vm_hwm_kib().map_or("?".into(), |k| (k / 1024).to_string()),
    );
    println!("counts: {sink:?}");
    if let Ok(truth) = std::env::var("WHATSAPP_BENCH_TRUTH") {
        let t: serde_json::Value =
            serde_json::from_slice(&std::fs::read(truth).expect("truth file")).expect("json");
        let n = |k: &str| t[k].as_u64().expect(k);
        assert_eq!(sink.messages, n("entries"), "entries");
        assert_eq!(
            sink.system,
            n("system_no_author") + n("system_chat_author"),
            "system"
        );
        assert_eq!(sink.attachments, n("attachments"), "attachments");
        assert_eq!(sink.deleted, n("deleted"), "deleted");
        assert_eq!(sink.edited, n("edited"), "edited");
        assert_eq!(sink.locations, n("locations"), "locations");
        assert_eq!(sink.multiline, n("multiline"), "multiline");
        println!("counts match the truth file");
    }
}
