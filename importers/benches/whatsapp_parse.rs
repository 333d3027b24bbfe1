//! Criterion bench of the WhatsApp parser on an in-memory export of
//! 20,000 entries in each platform's shape (Android and iOS 12-hour).

mod whatsapp_common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ferry_importers::{Format, ImportOptions, Input, detect, import};
use std::fmt::Write;
use whatsapp_common::CountingSink;

fn export(ios: bool, n: usize) -> Vec<u8> {
    let names = ["Alice Smith", "Bob", "+44 7700 900123", "Zoë 🎉"];
    let mut s = String::new();
    for i in 0..n {
        let (day, month, hour, min) = (1 + i % 28, 1 + (i / 28) % 12, i % 24, i % 60);
        let who = names[i % names.len()];
        let body = match i % 10 {
            0 => "IMG-20200101-WA0001.jpg (file attached)".to_owned(),
            1 => "first line\nsecond line\n\nafter a blank".to_owned(),
            2 => "This message was deleted".to_owned(),
            _ => format!("message number {i} with some words 👍🏽 and more"),
        };
        if ios {
            let h12 = if hour % 12 == 0 { 12 } else { hour % 12 };
            let ap = if hour < 12 { "AM" } else { "PM" };
            let _ = write!(
                s,
                "[{month}/{day}/21, {h12}:{min:02}:07\u{202F}{ap}] {who}: {body}\r\n"
            );
        } else {
            let _ = writeln!(
                s,
                "{day:02}/{month:02}/2021, {hour:02}:{min:02} - {who}: {body}"
            );
        }
    }
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let format: Format = "whatsapp".parse().unwrap();
    let mut g = c.benchmark_group("whatsapp_parse");
    for (name, ios) in [("android_20k", false), ("ios_20k", true)] {
        let data = export(ios, 20_000);
        g.throughput(Throughput::Bytes(data.len() as u64));
        let input = Input::from_bytes("chat.txt", data);
        let found = detect(&input, Some(format)).remove(0);
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut sink = CountingSink::default();
                import(&input, &found, &ImportOptions::default(), &mut sink).unwrap();
                assert_eq!(sink.messages, 20_000);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
