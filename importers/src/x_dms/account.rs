//! The archive owner, from `data/account.js`, and who counts as "me".
//!
//! `account.js` is `window.YTD.account.part0 = [{"account": {"accountId",
//! "username", "accountDisplayName", ...}}]`. Its `accountId` is the
//! exporter. Without it, [`ImportOptions::me`](crate::ImportOptions::me)
//! may name the exporter by numeric id (DM files name people by id only).

use crate::Input;
use serde::Deserialize;

/// `account.js` is small; larger files are not read.
const MAX_ACCOUNT_BYTES: usize = 1 << 20;

/// The exporter's account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    #[serde(default)]
    pub account_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub account_display_name: Option<String>,
}

#[derive(Deserialize)]
struct Wrapper {
    account: Account,
}

/// Parses the bytes of an `account.js`.
pub fn parse(bytes: &[u8]) -> Option<Account> {
    let eq = memchr::memchr(b'=', bytes.get(..bytes.len().min(512))?)?;
    let mut de = serde_json::Deserializer::from_slice(bytes.get(eq + 1..)?);
    let list: Vec<Wrapper> = serde::Deserialize::deserialize(&mut de).ok()?;
    list.into_iter().next().map(|w| w.account)
}

/// Reads `<dir>/account.js` when present.
pub fn read(input: &Input, dir: &str) -> Option<Account> {
    let name = if dir.is_empty() {
        "account.js".to_owned()
    } else {
        format!("{dir}/account.js")
    };
    input.entry(&name)?;
    parse(&input.head(&name, MAX_ACCOUNT_BYTES).ok()?)
}

/// Decides whether a user id is the exporter.
#[derive(Debug, Clone, Default)]
pub struct Me {
    pub account: Option<Account>,
    /// `options.me`, trimmed, without a leading `@`, lowercase.
    given: Option<String>,
}

impl Me {
    pub fn new(account: Option<Account>, given: Option<&str>) -> Self {
        Me {
            account,
            given: given
                .map(|g| g.trim().trim_start_matches('@').to_lowercase())
                .filter(|g| !g.is_empty()),
        }
    }

    /// The exporter's id when known from `account.js`.
    pub fn id(&self) -> Option<&str> {
        self.account.as_ref()?.account_id.as_deref()
    }

    /// Whether `id` is the exporter: the `account.js` id, or the id given
    /// as `options.me`.
    pub fn is(&self, id: &str) -> bool {
        self.id() == Some(id) || self.given.as_deref() == Some(id)
    }

    /// A person's name in notices and titles: the account's display name
    /// for the exporter, the id for anyone else.
    pub fn display(&self, id: &str) -> String {
        self.account
            .as_ref()
            .filter(|_| self.id() == Some(id))
            .and_then(|a| a.account_display_name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// Several people's names, comma-separated.
    pub fn names(&self, ids: &[String]) -> String {
        let names: Vec<String> = ids.iter().map(|i| self.display(i)).collect();
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let ok = br#"window.YTD.account.part0 = [ { "account" : { "email" : "x@example.org", "username" : "ferry_tester", "accountId" : "1400000000000000001", "accountDisplayName" : "Ferry Tester" } } ];"#;
        let a = parse(ok).unwrap();
        assert_eq!(a.account_id.as_deref(), Some("1400000000000000001"));
        assert_eq!(a.username.as_deref(), Some("ferry_tester"));
        assert_eq!(a.account_display_name.as_deref(), Some("Ferry Tester"));
        assert_eq!(parse(b"window.YTD.account.part0 = []"), None);
        assert_eq!(parse(b"no assignment"), None);
        assert_eq!(parse(b"x = [{\"account\": 5}]"), None);
    }

    #[test]
    fn me_table() {
        let acc = Account {
            account_id: Some("1".into()),
            username: Some("ferry".into()),
            account_display_name: None,
        };
        assert!(Me::new(Some(acc.clone()), None).is("1"));
        assert!(!Me::new(Some(acc), None).is("2"));
        assert!(Me::new(None, Some(" 42 ")).is("42"));
        assert!(!Me::new(None, Some("@ferry")).is("42"));
        assert!(!Me::new(None, None).is("42"));
    }
}
