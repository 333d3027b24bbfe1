//! The validated catalog as the rest of Ferry sees it: apps with resolved
//! sources, claims and migration paths. These serialise to the `--json`
//! shapes of the `ferry` commands.

use crate::schema::{AppExport, Basis, ClaimFile, ExportFormat, ImportPath, Source};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cell: a value with its provenance. Unknown values may lack provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellValue {
    /// An allowed value of the criterion, or `unknown`.
    pub value: String,
    /// When it was checked (YYYY-MM-DD).
    pub as_of: Option<String>,
    /// The cited document.
    pub source: Option<Source>,
    /// What the source says.
    pub evidence: Option<String>,
    /// How it is known.
    pub basis: Option<Basis>,
    /// Caveats.
    pub note: Option<String>,
}

impl CellValue {
    /// Whether the value is `unknown`.
    pub fn is_unknown(&self) -> bool {
        self.value == crate::values::UNKNOWN
    }
}

/// An incident with its source resolved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentEntry {
    /// When.
    pub date: String,
    /// Kind of incident.
    pub kind: String,
    /// CVE id.
    pub cve: Option<String>,
    /// What happened.
    pub summary: String,
    /// Source.
    pub source: Source,
}

/// An outage with its source resolved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutageEntry {
    /// Start as reported.
    pub start: String,
    /// Duration as reported.
    pub duration: String,
    /// Scope.
    pub scope: String,
    /// Cause if disclosed.
    pub cause: Option<String>,
    /// Source.
    pub source: Source,
}

/// A legal event with its source resolved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LegalEntry {
    /// When.
    pub date: String,
    /// Country or body.
    pub jurisdiction: String,
    /// What happened.
    pub summary: String,
    /// Source.
    pub source: Source,
}

/// An ownership change with its source resolved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OwnershipEntry {
    /// When.
    pub date: String,
    /// What changed.
    pub summary: String,
    /// Source.
    pub source: Source,
}

/// One messenger.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CatalogApp"))]
pub struct App {
    /// Stable id (file name).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Official website.
    pub website: String,
    /// Cells by criterion key (every criterion, records ones summarised).
    pub cells: BTreeMap<String, CellValue>,
    /// Incidents, oldest first.
    pub incidents: Vec<IncidentEntry>,
    /// Outages, oldest first.
    pub outages: Vec<OutageEntry>,
    /// Legal events, oldest first.
    pub legal_events: Vec<LegalEntry>,
    /// Ownership changes, oldest first.
    pub ownership_changes: Vec<OwnershipEntry>,
}

impl App {
    /// The cell for a criterion key.
    pub fn cell(&self, key: &str) -> Option<&CellValue> {
        self.cells.get(key)
    }
}

/// A checked press claim.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Claim {
    /// Slug (file name).
    pub id: String,
    /// The claim, verdict, explanation and sources.
    #[serde(flatten)]
    pub body: ClaimFile,
}

/// How history moves between apps.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Migrations {
    /// Ferry's export formats.
    pub formats: Vec<ExportFormat>,
    /// How history leaves each app.
    pub exports: Vec<AppExport>,
    /// Import paths into targets.
    pub imports: Vec<ImportPath>,
}
