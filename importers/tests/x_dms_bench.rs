//! Parse-only speed of the X DM importer on a generated archive.
//!
//! Ignored by default; run on an export made by `bench/gen_x_dms.py`:
//!
//! ```sh
//! python3 bench/gen_x_dms.py --messages 1000000 --conversations 40 --out /tmp/x-bench
//! FERRY_BENCH_X=/tmp/x-bench cargo test --release -p ferry-importers \
//!     --test x_dms_bench -- --ignored --nocapture
//! ```
//!
//! "Parse-only": detection plus import into a sink that counts and drops
//! what it gets (no storage).

mod folder_bench_support;

#[test]
#[ignore = "benchmark: needs FERRY_BENCH_X pointing at a generated export"]
fn x_dms_parse_speed() {
    folder_bench_support::run(
        "x-dms",
        "conversations",
        "FERRY_BENCH_X",
        "bench/gen_x_dms.py",
    );
}
