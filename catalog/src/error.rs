//! Typed catalog errors. Each names the data file and the place in it
//! (criterion key, list entry or line) so an editor can fix it directly.

use thiserror::Error;

/// Everything that can be wrong with the catalog data.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CatalogError {
    /// The file is not valid TOML for its schema.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// Data file.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// Parser message.
        message: String,
    },
    /// A field the schema does not know (typo or stray key).
    #[error("{file}:{line}: unknown field `{field}`")]
    UnknownField {
        /// Data file.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// The offending key.
        field: String,
    },
    /// An app lacks a cell for a criterion.
    #[error("{file}: no cell for criterion `{key}`")]
    MissingCriterion {
        /// Data file.
        file: String,
        /// Criterion key.
        key: String,
    },
    /// A cell names a criterion that does not exist (or is a records criterion).
    #[error("{file}: `{key}` is not a criterion that takes a cell")]
    UnknownCriterion {
        /// Data file.
        file: String,
        /// The key found.
        key: String,
    },
    /// An app lacks one of its dated lists (write `name = []` when empty).
    #[error(
        "{file}: list `{list}` is missing (write `{list} = []` when there is nothing to record)"
    )]
    MissingList {
        /// Data file.
        file: String,
        /// List name.
        list: String,
    },
    /// A known value lacks its source, date, basis or evidence.
    #[error("{file}: `{key}` has value `{value}` but no {what}")]
    MissingProvenance {
        /// Data file.
        file: String,
        /// Criterion key.
        key: String,
        /// The value.
        value: String,
        /// `source`, `as_of`, `basis` or `evidence`.
        what: &'static str,
    },
    /// A value outside the criterion's allowed values.
    #[error("{file}: `{key}` = `{value}` is not allowed; allowed: {allowed}")]
    ValueNotAllowed {
        /// Data file.
        file: String,
        /// Criterion key.
        key: String,
        /// The value found.
        value: String,
        /// The allowed values, joined.
        allowed: String,
    },
    /// A date that is not ISO 8601 (YYYY-MM-DD, or YYYY / YYYY-MM where allowed).
    #[error("{file}: {place}: malformed date `{value}`")]
    MalformedDate {
        /// Data file.
        file: String,
        /// Where (cell key or list entry).
        place: String,
        /// The text found.
        value: String,
    },
    /// A date after today.
    #[error("{file}: {place}: date `{value}` is in the future (today is {today})")]
    FutureDate {
        /// Data file.
        file: String,
        /// Where.
        place: String,
        /// The date found.
        value: String,
        /// The reference day.
        today: String,
    },
    /// A reference to a source key that `[sources]` does not define.
    #[error("{file}: {place}: source `{id}` is not defined in [sources]")]
    UnknownSource {
        /// Data file.
        file: String,
        /// Where.
        place: String,
        /// The key used.
        id: String,
    },
    /// A source that is defined but never cited.
    #[error("{file}: source `{id}` is never cited")]
    UnusedSource {
        /// Data file.
        file: String,
        /// The key.
        id: String,
    },
    /// A source whose URL is not http(s) or whose title is empty.
    #[error("{file}: {place}: bad source ({reason})")]
    BadSource {
        /// Data file.
        file: String,
        /// Where.
        place: String,
        /// What is wrong.
        reason: String,
    },
    /// A required text is empty.
    #[error("{file}: {place}: `{field}` is empty")]
    EmptyField {
        /// Data file.
        file: String,
        /// Where.
        place: String,
        /// The field.
        field: String,
    },
    /// The id inside a file differs from its file name, or is duplicated.
    #[error("{file}: {reason}")]
    BadId {
        /// Data file.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// A reference to an app, group or format that does not exist.
    #[error("{file}: {place}: unknown {what} `{id}`")]
    UnknownReference {
        /// Data file.
        file: String,
        /// Where.
        place: String,
        /// `app`, `group`, `format`.
        what: &'static str,
        /// The id used.
        id: String,
    },
    /// A CVE id that is not of the form CVE-YYYY-NNNN+.
    #[error("{file}: {place}: malformed CVE id `{id}`")]
    MalformedCve {
        /// Data file.
        file: String,
        /// Where.
        place: String,
        /// The id.
        id: String,
    },
}

impl CatalogError {
    /// Turns a TOML error into [`CatalogError::UnknownField`] or [`CatalogError::Parse`].
    pub(crate) fn from_toml(file: &str, text: &str, err: &toml::de::Error) -> Self {
        let line = err
            .span()
            .map(|s| {
                text.get(..s.start)
                    .map_or(0, |t| t.matches('\n').count() + 1)
            })
            .unwrap_or(0);
        let message = err.message().trim().to_string();
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or_default().to_string();
            return CatalogError::UnknownField {
                file: file.to_string(),
                line,
                field,
            };
        }
        CatalogError::Parse {
            file: file.to_string(),
            line,
            message,
        }
    }
}

/// A request for an app or criterion the catalog does not have.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LookupError {
    /// No app with that id or name.
    #[error("no app `{0}` in the catalog (see `ferry apps`)")]
    UnknownApp(String),
    /// No criterion with that key.
    #[error("no criterion `{0}` in the catalog")]
    UnknownCriterion(String),
}
