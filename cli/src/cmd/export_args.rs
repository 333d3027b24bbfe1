//! Options shared by `ferry export` and `ferry convert`: time range, names,
//! phone numbers, parts; and the summary both print.

use crate::output::{self, Table};
use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use ferry_core::{ExportFormat, ExportOptions, ExportSummary};
use std::path::PathBuf;

/// How the export is shaped.
#[derive(Debug, clap::Args)]
pub struct Shaping {
    /// Only messages from this date or time on (YYYY-MM-DD, "YYYY-MM-DD HH:MM" or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only messages before this date or time (exclusive; same forms as --since)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Write a sender under another name, e.g. the name they have in the target app (repeatable)
    #[arg(long, value_name = "OLD=NEW")]
    pub rename: Vec<String>,

    /// A file of OLD=NEW lines (one per line, # comments), read like repeated --rename
    #[arg(long, value_name = "FILE")]
    pub rename_file: Option<PathBuf>,

    /// A participant's phone number, for sms-xml (repeatable)
    #[arg(long, value_name = "NAME=+NUMBER")]
    pub phone: Vec<String>,

    /// A file of NAME=+NUMBER lines, read like repeated --phone
    #[arg(long, value_name = "FILE")]
    pub phone_file: Option<PathBuf>,

    /// whatsapp: start a new zip after this many media files (Telegram imports parts one by one)
    #[arg(long, value_name = "N")]
    pub max_media_per_part: Option<u64>,

    /// Drop replies and reactions instead of writing them as readable text (whatsapp, sms-xml)
    #[arg(long)]
    pub no_degraded_text: bool,

    /// Do not copy or embed media files
    #[arg(long)]
    pub no_media: bool,
}

/// A date or time given on the command line, as Unix milliseconds, read in `tz`.
pub fn parse_time(option: &str, s: &str, tz: Tz) -> anyhow::Result<i64> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp_millis());
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .or_else(|_| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
        .map_err(|_| {
            anyhow::anyhow!("{option} {s:?}: expected YYYY-MM-DD, \"YYYY-MM-DD HH:MM\" or RFC 3339")
        })?;
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .with_context(|| format!("{option} {s:?} does not exist in {tz}"))?;
    Ok(local.timestamp_millis())
}

impl Shaping {
    /// Export options writing to `out`, times printed in `tz` when given.
    pub fn options(
        &self,
        out: PathBuf,
        tz: Option<Tz>,
        me: Option<String>,
    ) -> anyhow::Result<ExportOptions> {
        let zone = tz
            .or_else(ferry_core::paths::system_time_zone)
            .unwrap_or(chrono_tz::UTC);
        let mut o = ExportOptions::new(out);
        o.tz = tz;
        o.me = me;
        o.since = self
            .since
            .as_deref()
            .map(|s| parse_time("--since", s, zone))
            .transpose()?;
        o.until = self
            .until
            .as_deref()
            .map(|s| parse_time("--until", s, zone))
            .transpose()?;
        if let Some(f) = &self.rename_file {
            let text =
                std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
            o.renames = ferry_core::export_mapping_file("--rename-file", &text)?;
        }
        o.add_renames(self.rename.iter().map(String::as_str))?;
        if let Some(f) = &self.phone_file {
            let text =
                std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
            o.phones = ferry_core::export_mapping_file("--phone-file", &text)?;
        }
        o.add_phones(self.phone.iter().map(String::as_str))?;
        o.max_media_per_part = self.max_media_per_part;
        o.degrade_to_text = !self.no_degraded_text;
        o.include_media = !self.no_media;
        Ok(o)
    }
}

/// Parses `--to`.
pub fn format(s: &str) -> anyhow::Result<ExportFormat> {
    s.parse::<ExportFormat>().map_err(anyhow::Error::msg)
}

/// Prints `ferry export --list-formats`.
pub fn list_formats(json: bool) -> anyhow::Result<()> {
    let infos: Vec<_> = ExportFormat::ALL.iter().map(|f| f.info()).collect();
    if json {
        return output::json(&infos);
    }
    for i in infos {
        println!(
            "{}\n  what:    {}\n  target:  {}\n  loses:   {}\n",
            i.id, i.description, i.target, i.lost
        );
    }
    Ok(())
}

/// Prints an export summary for people.
pub fn print_summary(s: &ExportSummary) -> anyhow::Result<()> {
    let mut t = Table::new(&["chat", "messages", "parts", "where it goes"]).right(&[1, 2]);
    for c in &s.chats {
        t.row(vec![
            output::truncate(&c.title, 40),
            c.messages.to_string(),
            c.parts.to_string(),
            c.target_hint.clone().unwrap_or_default(),
        ]);
    }
    t.print()?;
    println!(
        "{} messages written as {}; {} media files written{}",
        s.messages,
        s.format,
        s.attachments_written,
        if s.attachments_missing > 0 {
            format!(", {} not in the library", s.attachments_missing)
        } else {
            String::new()
        }
    );
    if !s.degraded.is_empty() {
        println!("degraded:");
        for d in &s.degraded {
            println!("  {:>7}  {}", d.count, output::clean(&d.reason));
        }
    }
    for f in &s.files {
        println!("wrote {}", f.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_are_read_in_the_given_zone() {
        let berlin: Tz = chrono_tz::Europe::Berlin;
        for (input, want) in [
            ("2024-01-02", 1_704_150_000_000),
            ("2024-01-02 10:30", 1_704_187_800_000),
            ("2024-01-02T10:30", 1_704_187_800_000),
            ("2024-01-02T10:30:00Z", 1_704_191_400_000),
            ("2024-07-01", 1_719_784_800_000),
        ] {
            assert_eq!(
                parse_time("--since", input, berlin).unwrap(),
                want,
                "{input}"
            );
        }
        assert!(parse_time("--since", "02/01/2024", berlin).is_err());
        // 02:30 does not exist in Berlin on the spring-forward night.
        assert!(parse_time("--until", "2024-03-31 02:30", berlin).is_err());
    }
}
