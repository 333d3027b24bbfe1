//! Allowed-value patterns and dates.
//!
//! A criterion's allowed value is either a literal (`default`) or a pattern
//! with one `<parameter>` (`partial(<scope>)`), which matches any value with
//! the same text around a non-empty parameter. `unknown` is always allowed.

use chrono::NaiveDate;

/// The value every criterion accepts when a fact is not known.
pub const UNKNOWN: &str = "unknown";

/// Whether `value` matches the allowed-value `spec`.
pub fn matches(spec: &str, value: &str) -> bool {
    match (spec.find('<'), spec.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            let (prefix, suffix) = (&spec[..open], &spec[close + 1..]);
            value.len() > prefix.len() + suffix.len()
                && value.starts_with(prefix)
                && value.ends_with(suffix)
                && !value[prefix.len()..value.len() - suffix.len()]
                    .trim()
                    .is_empty()
        }
        _ => spec == value,
    }
}

/// The index of the first spec in `specs` that `value` matches.
pub fn position(specs: &[String], value: &str) -> Option<usize> {
    specs.iter().position(|s| matches(s, value))
}

/// A parsed ISO date of day, month or year precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LooseDate {
    /// The first day the text can mean (for future checks).
    pub first_day: NaiveDate,
}

/// Parses `YYYY-MM-DD`, optionally followed by `THH:MM` / `THH:MMZ`
/// (`allow_time`), or, with `allow_partial`, `YYYY-MM` and `YYYY`.
pub fn parse_date(text: &str, allow_partial: bool, allow_time: bool) -> Option<LooseDate> {
    let (day, time) = match text.split_once('T') {
        Some((d, t)) if allow_time => (d, Some(t)),
        Some(_) => return None,
        None => (text, None),
    };
    if let Some(t) = time {
        let t = t.strip_suffix('Z').unwrap_or(t);
        let ok = chrono::NaiveTime::parse_from_str(t, "%H:%M").is_ok()
            || chrono::NaiveTime::parse_from_str(t, "%H:%M:%S").is_ok();
        if !ok {
            return None;
        }
    }
    let strict = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = day.split('-').collect();
    let first_day = match parts.as_slice() {
        [y, m, d] if strict(y, 4) && strict(m, 2) && strict(d, 2) => {
            NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?
        }
        [y, m] if allow_partial && time.is_none() && strict(y, 4) && strict(m, 2) => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?
        }
        [y] if allow_partial && time.is_none() && strict(y, 4) => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, 1, 1)?
        }
        _ => return None,
    };
    Some(LooseDate { first_day })
}

/// Whether `id` looks like a CVE id (`CVE-YYYY-NNNN`, four or more digits).
pub fn is_cve(id: &str) -> bool {
    let mut parts = id.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("CVE"), Some(y), Some(n), None)
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())
                && n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_pattern_matching() {
        let table = [
            ("default", "default", true),
            ("default", "defaults", false),
            ("partial(<scope>)", "partial(1:1 only)", true),
            ("partial(<scope>)", "partial()", false),
            ("partial(<scope>)", "partial( )", false),
            ("partial(<scope>)", "partial", false),
            ("open (<licence>)", "open (AGPL-3.0)", true),
            ("open (<licence>)", "open(AGPL-3.0)", false),
            ("opt-in:<level>", "opt-in:ML-KEM-768", true),
        ];
        for (spec, value, want) in table {
            assert_eq!(matches(spec, value), want, "{spec} vs {value}");
        }
    }

    #[test]
    fn dates_of_each_precision() {
        let table = [
            ("2024-02-29", false, false, true),
            ("2023-02-29", false, false, false),
            ("2024-2-29", false, false, false),
            ("2024-13-01", true, false, false),
            ("2024-05", true, false, true),
            ("2024-05", false, false, false),
            ("2024", true, false, true),
            ("24", true, false, false),
            ("2021-10-04T15:39Z", false, true, true),
            ("2021-10-04T15:39Z", false, false, false),
            ("2021-10-04T25:39", false, true, false),
            ("", true, true, false),
        ];
        for (text, partial, time, want) in table {
            assert_eq!(parse_date(text, partial, time).is_some(), want, "{text}");
        }
    }

    #[test]
    fn cve_ids() {
        assert!(is_cve("CVE-2019-3568"));
        assert!(is_cve("CVE-2023-41064"));
        assert!(!is_cve("CVE-19-3568"));
        assert!(!is_cve("cve-2019-3568"));
        assert!(!is_cve("CVE-2019-35a8"));
    }
}
