//! Platform defaults: where the library lives, which zone the clock is in.

use chrono_tz::Tz;
use std::path::PathBuf;

/// The default library folder: the platform's data directory + `ferry`
/// (`~/.local/share/ferry` on Linux), or `./ferry-library` when the
/// platform has none.
pub fn default_library_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("ferry"))
        .unwrap_or_else(|| PathBuf::from("ferry-library"))
}

/// The system's time zone, when it can be told and is a known IANA zone.
pub fn system_time_zone() -> Option<Tz> {
    let name = iana_time_zone::get_timezone().ok()?;
    name.parse().ok()
}

/// Parses an IANA zone name (`Europe/Amsterdam`), with a helpful error.
pub fn parse_time_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| {
        format!(
            "unknown time zone {name:?}: use an IANA name such as Europe/Berlin or America/New_York"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names() {
        assert_eq!(
            parse_time_zone("Europe/Berlin").unwrap(),
            Tz::Europe__Berlin
        );
        assert!(
            parse_time_zone("Mars/Olympus")
                .unwrap_err()
                .contains("IANA")
        );
    }
}
