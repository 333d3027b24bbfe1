//! Parse-only speed of the Messenger importer on a generated export.
//!
//! Ignored by default; run on an export made by `bench/gen_messenger.py`:
//!
//! ```sh
//! python3 bench/gen_messenger.py --messages 1000000 --threads 20 --out /tmp/fb-bench
//! FERRY_BENCH_MESSENGER=/tmp/fb-bench cargo test --release -p ferry-importers \
//!     --test meta_bench -- --ignored --nocapture
//! ```
//!
//! "Parse-only": detection plus import into a sink that counts and drops
//! what it gets (no storage).

mod folder_bench_support;

#[test]
#[ignore = "benchmark: needs FERRY_BENCH_MESSENGER pointing at a generated export"]
fn messenger_parse_speed() {
    folder_bench_support::run(
        "messenger",
        "threads",
        "FERRY_BENCH_MESSENGER",
        "bench/gen_messenger.py",
    );
}
