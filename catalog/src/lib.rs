//! Ferry's messenger comparison catalog: sourced, dated facts, validated and
//! embedded in the binary.
//!
//! The data lives next to this crate (`criteria.toml`, `apps/<id>.toml`,
//! `claims/<slug>.toml`, `migrations.toml`); build.rs lists the data files so
//! every one is compiled in. [`Catalog::load`] parses and validates all of it.
//!
//! Map:
//! - [`schema`]: file formats (serde, unknown fields denied).
//! - [`model`]: resolved apps, cells, dated lists, claims, migrations.
//! - [`Catalog`], [`Documents`]: loading and lookup (`catalog`).
//! - validation rules (`validate`), value patterns and dates ([`values`]).
//! - [`Comparison`] (`compare`), [`Advice`] (`advise`).
//! - [`render_markdown`], [`render_html`] (`render`).
//! - [`CatalogError`], [`LookupError`] (`error`).

mod advise;
mod catalog;
mod compare;
mod error;
pub mod model;
mod render;
pub mod schema;
mod validate;
pub mod values;

pub use advise::{Advice, AppRef, Change, GroupAdvice, History, Limit};
pub use catalog::{Catalog, Documents};
pub use compare::{ComparedApp, Comparison, CriterionInfo};
pub use error::{CatalogError, LookupError};
pub use render::html::{escape as escape_html, render_html};
pub use render::is_stale;
pub use render::markdown::render_markdown;
