//! [`Comparison`]: the chosen apps and criteria side by side, in the exact
//! shape of `ferry compare --json`.

use crate::catalog::Catalog;
use crate::error::LookupError;
use crate::model::{CellValue, IncidentEntry, LegalEntry, OutageEntry, OwnershipEntry};
use crate::schema::CriterionKind;
use serde::Serialize;
use std::collections::BTreeMap;

/// A comparison table.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Comparison {
    /// The apps compared, in catalog order.
    pub apps: Vec<ComparedApp>,
    /// The criteria shown, in catalog order.
    pub criteria: Vec<CriterionInfo>,
}

/// One app's column.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComparedApp {
    /// App id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Cells by criterion key.
    pub criteria: BTreeMap<String, CellValue>,
    /// Incidents (always all, whatever criteria were chosen).
    pub incidents: Vec<IncidentEntry>,
    /// Outages.
    pub outages: Vec<OutageEntry>,
    /// Legal events.
    pub legal_events: Vec<LegalEntry>,
    /// Ownership changes.
    pub ownership_changes: Vec<OwnershipEntry>,
}

/// A criterion as shown to readers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CriterionInfo {
    /// Key.
    pub key: String,
    /// Group key.
    pub group: String,
    /// Title.
    pub title: String,
    /// Definition.
    pub definition: String,
    /// Allowed values (`<...>` marks a parameter), plus `unknown`.
    pub values: Vec<String>,
    /// Whether values are ordered from most to least protective.
    pub ranked: bool,
    /// `choice`, `text` or `records`.
    pub kind: CriterionKind,
}

impl Catalog {
    /// Builds a comparison. No apps means all; no criteria means all.
    /// Unknown ids are errors, not silently dropped.
    pub fn compare(&self, apps: &[&str], criteria: &[&str]) -> Result<Comparison, LookupError> {
        let chosen_apps: Vec<_> = if apps.is_empty() {
            self.apps().iter().collect()
        } else {
            let mut out = Vec::new();
            for id in apps {
                let app = self
                    .app(id)
                    .ok_or_else(|| LookupError::UnknownApp((*id).to_string()))?;
                if !out.iter().any(|a: &&crate::model::App| a.id == app.id) {
                    out.push(app);
                }
            }
            out
        };
        for key in criteria {
            if self.criterion(key).is_none() {
                return Err(LookupError::UnknownCriterion((*key).to_string()));
            }
        }
        let chosen: Vec<_> = self
            .criteria()
            .iter()
            .filter(|c| criteria.is_empty() || criteria.contains(&c.key.as_str()))
            .collect();
        Ok(Comparison {
            apps: chosen_apps
                .into_iter()
                .map(|a| ComparedApp {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    criteria: chosen
                        .iter()
                        .filter_map(|c| a.cell(&c.key).map(|v| (c.key.clone(), v.clone())))
                        .collect(),
                    incidents: a.incidents.clone(),
                    outages: a.outages.clone(),
                    legal_events: a.legal_events.clone(),
                    ownership_changes: a.ownership_changes.clone(),
                })
                .collect(),
            criteria: chosen
                .into_iter()
                .map(|c| {
                    let mut values = c.values.clone();
                    values.push(crate::values::UNKNOWN.to_string());
                    CriterionInfo {
                        key: c.key.clone(),
                        group: c.group.clone(),
                        title: c.title.clone(),
                        definition: c.definition.clone(),
                        values,
                        ranked: c.ranked,
                        kind: c.kind,
                    }
                })
                .collect(),
        })
    }
}
