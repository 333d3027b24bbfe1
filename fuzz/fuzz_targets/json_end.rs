//! Fuzz target: the JSON value-end scan that the Telegram, Discord and X
//! importers cut arrays with. Differential: fed in pieces of several sizes,
//! it must stop exactly where a byte-by-byte scan stops.
#![no_main]

use ferry_importers::json_end::ValueEnd;
use libfuzzer_sys::fuzz_target;

#[path = "../../importers/src/json_end/reference.rs"]
mod reference;

fuzz_target!(|data: &[u8]| {
    let want = reference::reference(data);
    for piece in [1, 7, 63, 64, 65, 200, 4096] {
        assert_eq!(reference::pieces(data, piece), want, "pieces of {piece}");
    }
});
