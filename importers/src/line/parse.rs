//! The lines of a LINE transcript: the title line (which names the chat
//! and says whether it is a group), date lines, and message lines
//! (`time<TAB>sender<TAB>text`, `time<TAB>text` for notices).

use crate::transcript::dates::{self, NumDate};
use crate::whatsapp::clock;
use chrono::NaiveTime;
use ferry_model::ChatKind;

/// The chat as the title line (or the file name) names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Title {
    pub name: String,
    /// `None` when the wording does not say.
    pub kind: Option<ChatKind>,
}

/// Title wordings after `[LINE] `: (prefix, suffix, kind). Longer, more
/// specific forms come first (`とのトーク履歴` before `のトーク履歴`).
const TITLES: &[(&str, &str, Option<ChatKind>)] = &[
    ("Chat history with ", "", Some(ChatKind::Direct)),
    ("Chat history in ", "", Some(ChatKind::Group)),
    ("Chat with ", "", Some(ChatKind::Direct)),
    ("Chat in ", "", Some(ChatKind::Group)),
    ("", "とのトーク履歴", Some(ChatKind::Direct)),
    ("", "のトーク履歴", Some(ChatKind::Group)),
    ("与", "的聊天记录", Some(ChatKind::Direct)),
    ("", "的聊天记录", Some(ChatKind::Group)),
    ("與", "的聊天記錄", Some(ChatKind::Direct)),
    ("", "的聊天記錄", Some(ChatKind::Group)),
    ("ประวัติการสนทนากับ ", "", Some(ChatKind::Direct)),
    ("ประวัติการแชทกับ ", "", Some(ChatKind::Direct)),
];

/// The first line of an export: `[LINE] Chat history with Alice`.
pub(crate) fn title(line: &str) -> Option<Title> {
    let rest = line.trim().strip_prefix("[LINE]")?.trim_start();
    Some(words(rest).unwrap_or_else(|| Title {
        name: rest.to_owned(),
        kind: None,
    }))
    .filter(|t| !t.name.is_empty())
}

fn words(rest: &str) -> Option<Title> {
    TITLES.iter().find_map(|(pre, suf, kind)| {
        let name = rest.strip_prefix(pre)?.strip_suffix(suf)?.trim();
        (!name.is_empty()).then(|| Title {
            name: name.to_owned(),
            kind: *kind,
        })
    })
}

/// A title from a file name: `[LINE] Chat with Alice`, `[LINE]_Chat_with_Alice`,
/// `[LINE] 花子とのトーク履歴`.
pub(crate) fn title_from_file(stem: &str) -> Option<Title> {
    let rest = stem.strip_prefix("[LINE]")?;
    let rest = rest.trim_start_matches([' ', '_']);
    let spaced = rest.replace('_', " ");
    let mut t = words(&spaced).or_else(|| words(rest))?;
    // `Chat with` in a file name is what LINE calls every chat.
    if spaced.starts_with("Chat with ") {
        t.kind = None;
    }
    Some(t)
}

/// A date line: `Tue, 01/02/2024`, `2024.01.02 Tuesday`, `2025/04/18(金)`,
/// `2026/1/30周五`, `2024/01/15（月）`.
pub(crate) fn date_line(line: &str) -> Option<NumDate> {
    let line = line.trim();
    if line.contains('\t') || line.is_empty() {
        return None;
    }
    let (before, s) = match line.split_once(',') {
        Some((w, rest)) if !w.starts_with(|c: char| c.is_ascii_digit()) => {
            (Some(dates::weekday(w)?), rest.trim_start())
        }
        _ => (None, line),
    };
    let (mut date, rest) = dates::numeric(s)?;
    let rest = rest.trim();
    let after = if rest.is_empty() {
        None
    } else {
        let inner = rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .or_else(|| rest.strip_prefix('（').and_then(|r| r.strip_suffix('）')))
            .unwrap_or(rest);
        Some(dates::weekday(inner)?)
    };
    date.weekday = before.or(after);
    Some(date)
}

/// A message line split into its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head<'a> {
    pub time: NaiveTime,
    /// `None` for notices (no sender column, or an empty one).
    pub sender: Option<&'a str>,
    pub text: &'a str,
}

/// `21:05<TAB>Alice<TAB>Hi`, `9:30 PM<TAB>Alice<TAB>Hi`,
/// `午後7:04<TAB>...`, `22:10<TAB><TAB>notice`, `9:40 PM<TAB>notice`.
pub(crate) fn message_line(line: &str) -> Option<Head<'_>> {
    let (t, rest) = line.split_once('\t')?;
    let time = time(t)?;
    let (sender, text) = match rest.split_once('\t') {
        Some((s, text)) => ((!s.trim().is_empty()).then_some(s.trim()), text),
        None => (None, rest),
    };
    Some(Head { time, sender, text })
}

/// A time of day: `21:05`, `9:30 PM`, `09:30PM`, `午後7:04`, `下午07:04`.
pub(crate) fn time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let b = s.as_bytes();
    let (pm_before, start) = match clock::marker(b) {
        Some((pm, n)) => (Some(pm), n),
        None => (None, 0),
    };
    let rest = s.get(start..)?.trim_start();
    let (hm, after) = rest.split_at(
        rest.bytes()
            .take_while(|c| c.is_ascii_digit() || *c == b':')
            .count(),
    );
    let (h, m) = hm.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let after = after.trim_start();
    let pm_after = match clock::marker(after.as_bytes()) {
        Some((pm, n)) if n == after.len() => Some(pm),
        None if after.is_empty() => None,
        _ => return None,
    };
    let pm = match (pm_before, pm_after) {
        (Some(_), Some(_)) => return None,
        (a, b) => a.or(b),
    };
    if pm.is_some() && hour > 12 {
        return None;
    }
    NaiveTime::from_hms_opt(clock::hour24(hour, pm), minute, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn title_wordings() {
        for (line, name, kind) in [
            (
                "[LINE] Chat history with Alice Example",
                "Alice Example",
                Some(ChatKind::Direct),
            ),
            (
                "\u{feff}[LINE] Chat history in Book Club",
                "Book Club",
                Some(ChatKind::Group),
            ),
            ("[LINE] 花子とのトーク履歴", "花子", Some(ChatKind::Direct)),
            ("[LINE] 読書会のトーク履歴", "読書会", Some(ChatKind::Group)),
            ("[LINE] 与小明的聊天记录", "小明", Some(ChatKind::Direct)),
            ("[LINE] 同学的聊天记录", "同学", Some(ChatKind::Group)),
            ("[LINE] 與小明的聊天記錄", "小明", Some(ChatKind::Direct)),
            ("[LINE] ประวัติการสนทนากับ Nok", "Nok", Some(ChatKind::Direct)),
            ("[LINE] Something new", "Something new", None),
        ] {
            let line = line.trim_start_matches('\u{feff}');
            let t = title(line).unwrap();
            assert_eq!((t.name.as_str(), t.kind), (name, kind), "{line}");
        }
        assert_eq!(title("Chat history with X"), None);
        assert_eq!(title("[LINE]"), None);
    }

    #[test]
    fn titles_from_file_names() {
        for (stem, name) in [
            ("[LINE]_Chat_with_Alice_Example", "Alice Example"),
            ("[LINE] Chat with Bob", "Bob"),
            ("[LINE]_花子とのトーク履歴", "花子"),
        ] {
            assert_eq!(title_from_file(stem).unwrap().name, name, "{stem}");
        }
        assert_eq!(title_from_file("chat"), None);
    }

    #[test]
    fn date_lines() {
        for (line, fields, wd) in [
            ("Tue, 01/02/2024", [1, 2, 2024], Some(Weekday::Tue)),
            ("Thu, 1/4/2024", [1, 4, 2024], Some(Weekday::Thu)),
            ("2024.01.02 Tuesday", [2024, 1, 2], Some(Weekday::Tue)),
            ("2025/04/18(金)", [2025, 4, 18], Some(Weekday::Fri)),
            ("2024/01/15（月）", [2024, 1, 15], Some(Weekday::Mon)),
            ("2026/1/30周五", [2026, 1, 30], Some(Weekday::Fri)),
            ("2024/01/02", [2024, 1, 2], None),
        ] {
            let d = date_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((d.fields, d.weekday), (fields, wd), "{line}");
        }
        for not in [
            "09:00\tAlice\tHi",
            "Hello, 01/02/2024",
            "2024/01/02 is the day",
            "Saved on: 2024/01/03 09:00",
            "保存日時：2025/08/21 11:59",
            "",
        ] {
            assert_eq!(date_line(not), None, "{not}");
        }
    }

    #[test]
    fn message_lines_and_times() {
        let h = message_line("09:01\tFerry Tester\t\"Same to you!").unwrap();
        assert_eq!(h.sender, Some("Ferry Tester"));
        assert_eq!(h.text, "\"Same to you!");
        let h = message_line("22:10\t\t花子がメッセージの送信を取り消しました").unwrap();
        assert_eq!(h.sender, None);
        let h = message_line("9:40 PM\tAlice invited Carol to the group.").unwrap();
        assert_eq!(
            (h.sender, h.time),
            (None, NaiveTime::from_hms_opt(21, 40, 0).unwrap())
        );
        let h = message_line("09:00\tAlice\ta\tb").unwrap();
        assert_eq!(h.text, "a\tb", "tabs in the text stay");
        for (s, hm) in [
            ("21:05", (21, 5)),
            ("9:30 PM", (21, 30)),
            ("09:30PM", (21, 30)),
            ("12:05 AM", (0, 5)),
            ("12:05 pm", (12, 5)),
            ("午後7:04", (19, 4)),
            ("午前0:30", (0, 30)),
            ("下午07:04", (19, 4)),
            ("上午12:00", (0, 0)),
        ] {
            assert_eq!(time(s), NaiveTime::from_hms_opt(hm.0, hm.1, 0), "{s}");
        }
        for bad in [
            "24:00",
            "9:3",
            "13:00 PM",
            "PM 9:30 PM",
            "9:30 XM",
            "",
            "930",
            "12:60",
        ] {
            assert_eq!(time(bad), None, "{bad}");
        }
        assert_eq!(message_line("no tab here"), None);
        assert_eq!(message_line("hello\tAlice\tx"), None);
    }
}
