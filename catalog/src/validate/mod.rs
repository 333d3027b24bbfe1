//! Parsing and validation of the catalog's documents, turning them into the
//! resolved [`crate::model`] types.
//!
//! - [`criteria`]: `criteria.toml` (keys, groups, allowed values).
//! - [`app`]: `apps/<id>.toml` (every criterion present, allowed values,
//!   provenance of every known value, dates, sources, dated lists).
//! - [`other`]: `claims/<slug>.toml` and `migrations.toml`.
//! - [`Ctx`]: the file being checked and the reference day for future dates.

pub(crate) mod app;
pub(crate) mod criteria;
pub(crate) mod other;

use crate::error::CatalogError;
use crate::schema::Source;
use crate::values::parse_date;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;

/// The file under validation and the reference day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub today: NaiveDate,
}

impl Ctx<'_> {
    /// Parses a TOML document into `T`.
    pub fn parse<T: DeserializeOwned>(&self, text: &str) -> Result<T, CatalogError> {
        toml::from_str(text).map_err(|e| CatalogError::from_toml(self.file, text, &e))
    }

    /// Checks a date: well-formed and not after today.
    pub fn date(
        &self,
        place: &str,
        value: &str,
        partial: bool,
        time: bool,
    ) -> Result<(), CatalogError> {
        let parsed =
            parse_date(value, partial, time).ok_or_else(|| CatalogError::MalformedDate {
                file: self.file.to_string(),
                place: place.to_string(),
                value: value.to_string(),
            })?;
        if parsed.first_day > self.today {
            return Err(CatalogError::FutureDate {
                file: self.file.to_string(),
                place: place.to_string(),
                value: value.to_string(),
                today: self.today.to_string(),
            });
        }
        Ok(())
    }

    /// Checks that a text is not blank.
    pub fn non_empty(&self, place: &str, field: &str, value: &str) -> Result<(), CatalogError> {
        if value.trim().is_empty() {
            return Err(CatalogError::EmptyField {
                file: self.file.to_string(),
                place: place.to_string(),
                field: field.to_string(),
            });
        }
        Ok(())
    }

    /// Checks a cited source: http(s) URL without spaces and a title.
    pub fn source(&self, place: &str, source: &Source) -> Result<(), CatalogError> {
        let bad = |reason: &str| CatalogError::BadSource {
            file: self.file.to_string(),
            place: place.to_string(),
            reason: reason.to_string(),
        };
        let url = source.url.as_str();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| bad("url must start with https:// or http://"))?;
        if rest.is_empty() || url.chars().any(char::is_whitespace) {
            return Err(bad("url is empty or contains spaces"));
        }
        if source.title.trim().is_empty() {
            return Err(bad("title is empty"));
        }
        Ok(())
    }

    /// An [`CatalogError::UnknownReference`] for this file.
    pub fn unknown_ref(&self, place: &str, what: &'static str, id: &str) -> CatalogError {
        CatalogError::UnknownReference {
            file: self.file.to_string(),
            place: place.to_string(),
            what,
            id: id.to_string(),
        }
    }
}

/// The stem of a data file name (`apps/signal.toml` -> `signal`).
pub(crate) fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".toml").unwrap_or(name)
}
