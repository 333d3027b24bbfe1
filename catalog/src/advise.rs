//! [`Advice`]: what a user gains and loses moving from one app to another,
//! how their history can move, and which limits of the target matter.
//!
//! Gains and losses come only from criteria whose values are ranked in
//! `criteria.toml`; other differences are listed without judgement, and
//! unknown cells are reported as unknown, never as a loss or gain.

use crate::catalog::Catalog;
use crate::error::LookupError;
use crate::model::{App, CellValue};
use crate::schema::{AppExport, Availability, Criterion, CriterionKind, ImportPath};
use crate::values::position;
use serde::Serialize;

/// An app named in advice.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppRef {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// One criterion's change.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    /// Criterion key.
    pub key: String,
    /// Criterion title.
    pub title: String,
    /// Value in the source app.
    pub from: String,
    /// Value in the target app.
    pub to: String,
}

/// The changes within one criterion group.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupAdvice {
    /// Group key.
    pub group: String,
    /// Group title.
    pub title: String,
    /// Criteria where the target is more protective.
    pub gains: Vec<Change>,
    /// Criteria where the target is less protective.
    pub losses: Vec<Change>,
    /// Differences without an order (e.g. protocol name).
    pub differences: Vec<Change>,
    /// Criteria where either side is unknown.
    pub unknown: Vec<Change>,
    /// Number of criteria with the same value.
    pub same: usize,
}

/// How history can move.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct History {
    /// How history leaves the source app.
    pub export: Option<AppExport>,
    /// Import paths into the target that apply.
    pub paths: Vec<ImportPath>,
    /// One plain sentence.
    pub summary: String,
}

/// A property of the target that matters when switching.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Limit {
    /// Criterion key it comes from.
    pub key: String,
    /// The target's value.
    pub value: String,
    /// What it means for the user.
    pub explanation: String,
    /// When the value was checked.
    pub as_of: Option<String>,
}

/// Advice for moving from one app to another.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Advice {
    /// Source app.
    pub from: AppRef,
    /// Target app.
    pub to: AppRef,
    /// Per criterion group.
    pub groups: Vec<GroupAdvice>,
    /// Moving history.
    pub history: History,
    /// Limits of the target.
    pub target_limits: Vec<Limit>,
}

/// Position of a value in a ranked criterion (0 = most protective).
fn rank(c: &Criterion, value: &str) -> Option<usize> {
    if !c.ranked || c.unranked.iter().any(|u| crate::values::matches(u, value)) {
        return None;
    }
    position(&c.values, value)
}

fn change(c: &Criterion, from: &CellValue, to: &CellValue) -> Change {
    Change {
        key: c.key.clone(),
        title: c.title.clone(),
        from: from.value.clone(),
        to: to.value.clone(),
    }
}

impl Catalog {
    /// Advice for moving from app `from` to app `to` (ids or names).
    pub fn advise(&self, from: &str, to: &str) -> Result<Advice, LookupError> {
        let a = self
            .app(from)
            .ok_or_else(|| LookupError::UnknownApp(from.to_string()))?;
        let b = self
            .app(to)
            .ok_or_else(|| LookupError::UnknownApp(to.to_string()))?;
        let groups = self
            .groups()
            .iter()
            .map(|g| {
                let mut out = GroupAdvice {
                    group: g.key.clone(),
                    title: g.title.clone(),
                    gains: vec![],
                    losses: vec![],
                    differences: vec![],
                    unknown: vec![],
                    same: 0,
                };
                let criteria = self.criteria().iter().filter(|c| c.group == g.key);
                for c in criteria.filter(|c| c.kind != CriterionKind::Records) {
                    let (Some(x), Some(y)) = (a.cell(&c.key), b.cell(&c.key)) else {
                        continue;
                    };
                    if x.is_unknown() || y.is_unknown() {
                        out.unknown.push(change(c, x, y));
                    } else if x.value == y.value {
                        out.same += 1;
                    } else {
                        match (rank(c, &x.value), rank(c, &y.value)) {
                            (Some(rx), Some(ry)) if ry < rx => out.gains.push(change(c, x, y)),
                            (Some(rx), Some(ry)) if ry > rx => out.losses.push(change(c, x, y)),
                            _ => out.differences.push(change(c, x, y)),
                        }
                    }
                }
                out
            })
            .collect();
        Ok(Advice {
            from: AppRef {
                id: a.id.clone(),
                name: a.name.clone(),
            },
            to: AppRef {
                id: b.id.clone(),
                name: b.name.clone(),
            },
            groups,
            history: self.history(a, b),
            target_limits: limits(b),
        })
    }

    fn history(&self, a: &App, b: &App) -> History {
        let m = self.migrations();
        let export = m.exports.iter().find(|e| e.app == a.id).cloned();
        let paths: Vec<ImportPath> = m
            .imports
            .iter()
            .filter(|p| p.to == b.id && (p.from.is_empty() || p.from.contains(&a.id)))
            .cloned()
            .collect();
        let availability = export
            .as_ref()
            .map_or(Availability::Unknown, |e| e.available);
        let can_export = availability == Availability::Yes;
        let summary = if a.id == b.id {
            format!(
                "{} and {} are the same app: nothing to move.",
                a.name, b.name
            )
        } else if availability == Availability::Unknown {
            format!(
                "The catalog does not know of an export for {}, so it cannot say whether your history can move to {}.",
                a.name, b.name
            )
        } else if !can_export {
            format!(
                "{} offers no export you can run yourself, so your history cannot be moved out of it; \
                 no import path exists into {}.",
                a.name, b.name
            )
        } else if paths.is_empty() {
            format!(
                "No import path exists into {}: it cannot take history from {}. \
                 Keep your {} history readable offline with `ferry export --to html`.",
                b.name, a.name, a.name
            )
        } else {
            let formats: Vec<&str> = paths.iter().map(|p| p.ferry_format.as_str()).collect();
            format!(
                "History from {} can move into {} with `ferry export --to {}`; follow the steps below \
                 and note what is lost.",
                a.name,
                b.name,
                formats.join("` or `--to ")
            )
        };
        History {
            export,
            paths: if can_export { paths } else { vec![] },
            summary,
        }
    }
}

/// Limits of the target that change what a switcher gives up or must provide.
fn limits(b: &App) -> Vec<Limit> {
    let rules: &[(&str, &str, &str)] = &[
        (
            "status",
            "shut-down",
            "The service is shut down: you cannot switch to it.",
        ),
        (
            "status",
            "deprecated",
            "The service is being retired: plan for another move.",
        ),
        (
            "identifier",
            "phone",
            "Registering requires a phone number.",
        ),
        (
            "identifier",
            "phone-or-paid-number",
            "Registering requires a phone number (or a purchased anonymous number).",
        ),
        (
            "identifier",
            "email",
            "Registering requires an email address.",
        ),
        (
            "identifier",
            "account-of-parent-platform",
            "You need an account on the parent platform (e.g. Facebook, Apple, Microsoft, Google).",
        ),
        (
            "identifier_visible_to_contacts",
            "yes",
            "People you chat with see your phone number or email by default.",
        ),
        (
            "e2ee_1to1",
            "opt-in",
            "One-to-one chats are not end-to-end encrypted unless you turn it on.",
        ),
        (
            "e2ee_1to1",
            "none",
            "One-to-one chats are not end-to-end encrypted at all.",
        ),
        (
            "e2ee_fallback",
            "silent",
            "Messages can fall back to an unencrypted transport without warning.",
        ),
        (
            "e2ee_fallback",
            "with-indicator",
            "Messages fall back to an unencrypted transport when the other side cannot receive encrypted ones (the app shows it).",
        ),
        (
            "encrypted_backups",
            "none (provider-readable)",
            "Backups are readable by the provider.",
        ),
        (
            "contact_discovery",
            "uploads-address-book-plaintext",
            "Finding contacts uploads your address book in readable form.",
        ),
        (
            "multi_device",
            "single-device",
            "Only one device per account.",
        ),
        (
            "multi_device",
            "phone-linked",
            "Other devices work only while the phone is online.",
        ),
    ];
    let mut out = Vec::new();
    for (key, value, explanation) in rules {
        if let Some(cell) = b.cell(key)
            && cell.value == *value
        {
            out.push(Limit {
                key: (*key).to_string(),
                value: cell.value.clone(),
                explanation: (*explanation).to_string(),
                as_of: cell.as_of.clone(),
            });
        }
    }
    for key in ["identifier", "e2ee_1to1", "status"] {
        if let Some(cell) = b.cell(key)
            && cell.is_unknown()
        {
            out.push(Limit {
                key: key.to_string(),
                value: cell.value.clone(),
                explanation: format!(
                    "The catalog does not know `{key}` for {}: check before switching.",
                    b.name
                ),
                as_of: cell.as_of.clone(),
            });
        }
    }
    if let Some(cell) = b.cell("status")
        && cell.value.starts_with("shut-down")
        && !out.iter().any(|l| l.key == "status")
    {
        out.push(Limit {
            key: "status".into(),
            value: cell.value.clone(),
            explanation: "The service is shut down: you cannot switch to it.".into(),
            as_of: cell.as_of.clone(),
        });
    }
    out
}
