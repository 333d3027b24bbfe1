//! The catalog's file formats, as serde types. Every struct denies unknown
//! fields, so a typo in a data file is an error, not a silently ignored key.
//!
//! - [`CriteriaFile`] / [`Criterion`]: `criteria.toml`, the 33 criteria.
//! - [`AppFile`] / [`Cell`] / [`Source`]: `apps/<id>.toml`, one messenger.
//! - [`Incident`], [`Outage`], [`LegalEvent`], [`OwnershipChange`]: the dated
//!   lists of an app.
//! - [`ClaimFile`]: `claims/<slug>.toml`, one checked press claim.
//! - [`MigrationsFile`]: `migrations.toml`, how history leaves and enters apps.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a cell's value came to be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The vendor says so: docs, blog, privacy policy, white paper.
    VendorClaim,
    /// An audit, a peer-reviewed paper or a reputable press test.
    Independent,
    /// Checked in public source code.
    SourceCode,
    /// Deduced from other facts; shown as such.
    Inferred,
}

impl Basis {
    /// The string used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::VendorClaim => "vendor-claim",
            Basis::Independent => "independent",
            Basis::SourceCode => "source-code",
            Basis::Inferred => "inferred",
        }
    }
}

/// What kind of values a criterion takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CriterionKind {
    /// One of `values` (patterns with a `<parameter>` allowed).
    Choice,
    /// Free text (e.g. jurisdiction, audits list).
    Text,
    /// Summarised from one of the app's dated lists.
    Records,
}

/// `criteria.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaFile {
    /// Criterion groups in display order.
    pub groups: Vec<Group>,
    /// All criteria in display order.
    pub criteria: Vec<Criterion>,
}

/// A criterion group (encryption, metadata, ...).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Stable key, e.g. `encryption`.
    pub key: String,
    /// Display title.
    pub title: String,
}

/// One comparison criterion.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Stable key, e.g. `e2ee_1to1`.
    pub key: String,
    /// Key of its [`Group`].
    pub group: String,
    /// Short display title.
    pub title: String,
    /// What the criterion means.
    pub definition: String,
    /// Value kind.
    pub kind: CriterionKind,
    /// Allowed values (choice), or a description of the expected text.
    pub values: Vec<String>,
    /// When true, `values` are listed from most to least protective.
    #[serde(default)]
    pub ranked: bool,
    /// Values of a ranked criterion that have no place in the order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unranked: Vec<String>,
    /// For `records` criteria: which list of the app it summarises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<RecordList>,
}

/// The dated lists an app carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecordList {
    /// `[[incidents]]`.
    Incidents,
    /// `[[outages]]`.
    Outages,
    /// `[[legal_events]]`.
    LegalEvents,
}

/// A cited document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Where it can be read.
    pub url: String,
    /// Its title.
    pub title: String,
}

/// One value of one criterion for one app, as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// An allowed value of the criterion, or `unknown`.
    pub value: String,
    /// The date the value was checked against its source (YYYY-MM-DD).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Key into the app's `[sources]`.
    #[serde(default)]
    pub source: Option<String>,
    /// What the source says, paraphrased or quoted briefly.
    #[serde(default)]
    pub evidence: Option<String>,
    /// How the value is known.
    #[serde(default)]
    pub basis: Option<Basis>,
    /// Scope, caveats, desktop/web differences.
    #[serde(default)]
    pub note: Option<String>,
}

/// An incident: breach, exploited vulnerability, protocol attack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// When it happened or was disclosed (YYYY, YYYY-MM or YYYY-MM-DD).
    pub date: String,
    /// `breach`, `exploited-vulnerability`, `vulnerability`, `protocol-attack`, `server-compromise`, `privacy-glitch`.
    pub kind: String,
    /// CVE id when one was assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cve: Option<String>,
    /// What happened, in our words.
    pub summary: String,
    /// Key into the app's `[sources]` (resolved in output).
    pub source: String,
}

/// A major outage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Outage {
    /// Start (YYYY-MM-DD, or with a UTC time as reported).
    pub start: String,
    /// Duration as the source reports it.
    pub duration: String,
    /// Who/what was affected.
    pub scope: String,
    /// Cause, when disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Key into the app's `[sources]`.
    pub source: String,
}

/// A legal event: order, ban, prosecution, policy change under pressure.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct LegalEvent {
    /// When (YYYY, YYYY-MM or YYYY-MM-DD).
    pub date: String,
    /// Country or body.
    pub jurisdiction: String,
    /// What happened.
    pub summary: String,
    /// Key into the app's `[sources]`.
    pub source: String,
}

/// A change of owner.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OwnershipChange {
    /// When (YYYY, YYYY-MM or YYYY-MM-DD).
    pub date: String,
    /// What changed.
    pub summary: String,
    /// Key into the app's `[sources]`.
    pub source: String,
}

/// `apps/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppFile {
    /// Stable id; must equal the file name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Official website.
    pub website: String,
    /// When the dated lists were last reviewed (YYYY-MM-DD).
    pub records_reviewed: String,
    /// Cited documents, by local key.
    pub sources: BTreeMap<String, Source>,
    /// One cell per criterion of kind choice/text.
    pub cells: BTreeMap<String, Cell>,
    /// Breaches, exploited vulnerabilities, protocol attacks.
    pub incidents: Option<Vec<Incident>>,
    /// Major outages.
    pub outages: Option<Vec<Outage>>,
    /// Legal events.
    pub legal_events: Option<Vec<LegalEvent>>,
    /// Ownership changes.
    pub ownership_changes: Option<Vec<OwnershipChange>>,
}

/// The verdict on a press claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Accurate.
    True,
    /// Inaccurate.
    False,
    /// Literally true but leaves a wrong impression.
    Misleading,
    /// Some parts hold, others do not.
    PartlyTrue,
    /// Cannot be checked from public sources.
    Unverifiable,
}

impl Verdict {
    /// The string used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::True => "true",
            Verdict::False => "false",
            Verdict::Misleading => "misleading",
            Verdict::PartlyTrue => "partly-true",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// `claims/<slug>.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ClaimFile {
    /// The claim as printed.
    pub claim: String,
    /// Who made it, where.
    pub said_by: String,
    /// When it was made (YYYY, YYYY-MM or YYYY-MM-DD).
    pub said_on: String,
    /// Apps concerned (catalog ids).
    pub apps: Vec<String>,
    /// Our verdict.
    pub verdict: Verdict,
    /// Why, in our own words.
    pub explanation: String,
    /// Dates that matter to the verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_dates: Vec<KeyDate>,
    /// When the verdict was checked (YYYY-MM-DD).
    pub as_of: String,
    /// Sources read.
    pub sources: Vec<Source>,
}

/// A date that matters to a claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct KeyDate {
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    pub date: String,
    /// What happened then.
    pub event: String,
}

/// `migrations.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationsFile {
    /// Ferry's export formats that some target can import.
    pub formats: Vec<ExportFormat>,
    /// How history gets out of each app.
    #[serde(default)]
    pub exports: Vec<AppExport>,
    /// Import paths into target apps.
    #[serde(default)]
    pub imports: Vec<ImportPath>,
}

/// One `ferry export` format.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CatalogExportFormat"))]
#[serde(deny_unknown_fields)]
pub struct ExportFormat {
    /// The `--to` name.
    pub id: String,
    /// What it is.
    pub description: String,
}

/// How history leaves one app.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct AppExport {
    /// Catalog app id.
    pub app: String,
    /// Whether the app offers an export its users can run themselves.
    pub available: Availability,
    /// How to get it, in steps.
    pub how: String,
    /// Limits of that export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<String>,
    /// Where this is documented (required unless `available = "unknown"`).
    #[serde(default)]
    pub source: Option<Source>,
}

/// Whether an app has a user-run export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Availability {
    /// Users can export their history.
    Yes,
    /// The app offers no export.
    No,
    /// Our sources do not say.
    Unknown,
}

/// One way foreign history gets into a target app.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ImportPath {
    /// Target app id.
    pub to: String,
    /// Source app ids this path serves; empty means any app with an export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// The `ferry export` format to use.
    pub ferry_format: String,
    /// Whether the vendor supports this path (false: community tool).
    pub official: bool,
    /// Steps on the target side.
    pub steps: Vec<String>,
    /// What does not survive the move.
    pub lost: Vec<String>,
    /// Where this is documented.
    pub source: Source,
}
