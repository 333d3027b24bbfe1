//! The messenger catalog for front-ends: the embedded, validated data and
//! its comparison, advice and renderings, re-exported from `ferry-catalog`
//! so that front-ends need not depend on it directly.

pub use ferry_catalog::model::{App, CellValue, Claim};
pub use ferry_catalog::schema::{Availability, Basis, Criterion, CriterionKind, Verdict};
pub use ferry_catalog::{
    Advice, Catalog, CatalogError, Comparison, LookupError, is_stale, render_html, render_markdown,
};

/// Loads the catalog compiled into this binary and validates it against
/// today's date.
pub fn load() -> Result<Catalog, CatalogError> {
    Catalog::load()
}
