//! Fuzz target: the quick JSON reader the importers try before serde (its
//! cursor, and the DCE, X and Telegram readers built on it).
//! Differential: whatever the quick path reads, serde must read the same
//! way; what it cannot read it must leave to serde (never panic).
#![no_main]

use ferry_importers::discord::dce::{quick, types};
use ferry_importers::json_quick::Cursor;
use ferry_importers::telegram::json::{quick as tg_quick, raw as tg_raw};
use ferry_importers::x_dms::{quick as x_quick, raw};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut c = Cursor::new(text);
    if c.skip().and_then(|()| c.end()).is_ok() {
        assert!(
            serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
            "quick skipped what serde refuses"
        );
    }
    if let Some(fast) = quick::message(text) {
        let slow: types::Message<'_> =
            serde_json::from_str(text).expect("quick read a message serde refuses");
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    }
    if let Some(fast) = x_quick::event(text) {
        let slow: raw::RawEvent<'_> =
            serde_json::from_str(text).expect("quick read an X event serde refuses");
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    }
    if let Some(fast) = tg_quick::message(text) {
        let slow: tg_raw::RawMessage<'_> =
            serde_json::from_str(text).expect("quick read a Telegram message serde refuses");
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    }
});
