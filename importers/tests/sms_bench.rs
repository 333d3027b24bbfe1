//! Parse-only throughput of the SMS Backup & Restore importer on a generated export
//! (not part of the normal test run; see BENCHMARKS.md):
//!
//! ```sh
//! python3 bench/gen_sms_xml.py -n 1000000 --out /tmp/sms_1m.xml
//! FERRY_BENCH_FILE=/tmp/sms_1m.xml \
//!   cargo test --release -p ferry-importers --test sms_bench -- --ignored --nocapture
//! ```

mod parse_bench_support;
