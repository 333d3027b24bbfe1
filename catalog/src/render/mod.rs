//! Renderings of a [`crate::Comparison`]: Markdown for docs and chat, and a
//! self-contained HTML page for reading offline or publishing.

pub(crate) mod html;
pub(crate) mod markdown;

use chrono::NaiveDate;

/// Whether a cell checked on `as_of` is older than a year on `today`.
pub fn is_stale(as_of: Option<&str>, today: NaiveDate) -> bool {
    let Some(day) = as_of.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) else {
        return false;
    };
    today
        .checked_sub_months(chrono::Months::new(12))
        .is_some_and(|limit| day < limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staleness_boundary_is_one_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert!(!is_stale(Some("2025-11-22"), today));
        assert!(is_stale(Some("2025-11-21"), today));
        assert!(!is_stale(Some("2026-11-22"), today));
        assert!(!is_stale(None, today));
        assert!(!is_stale(Some("garbage"), today));
    }
}
