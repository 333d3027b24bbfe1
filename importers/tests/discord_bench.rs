//! Parse-only throughput of the Discord importers on a generated export
//! (not part of the normal test run; see BENCHMARKS.md):
//!
//! ```sh
//! python3 bench/gen_discord_dce.py -n 300000 --out /tmp/dce_300k.json
//! FERRY_BENCH_FILE=/tmp/dce_300k.json \
//!   cargo test --release -p ferry-importers --test discord_bench -- --ignored --nocapture
//! ```

mod parse_bench_support;
