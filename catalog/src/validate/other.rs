//! `claims/<slug>.toml` and `migrations.toml`: dates, verdict sources and
//! references to apps and export formats.

use super::{Ctx, stem};
use crate::error::CatalogError;
use crate::model::{Claim, Migrations};
use crate::schema::{Availability, ClaimFile, MigrationsFile};
use std::collections::BTreeSet;

/// Parses and checks one claim.
pub(crate) fn claim(
    ctx: Ctx<'_>,
    text: &str,
    apps: &BTreeSet<&str>,
) -> Result<Claim, CatalogError> {
    let body: ClaimFile = ctx.parse(text)?;
    ctx.non_empty("claim", "claim", &body.claim)?;
    ctx.non_empty("claim", "said_by", &body.said_by)?;
    ctx.non_empty("claim", "explanation", &body.explanation)?;
    ctx.date("said_on", &body.said_on, true, false)?;
    ctx.date("as_of", &body.as_of, false, false)?;
    for (i, d) in body.key_dates.iter().enumerate() {
        let place = format!("key_dates[{i}]");
        ctx.date(&place, &d.date, true, false)?;
        ctx.non_empty(&place, "event", &d.event)?;
    }
    if body.sources.is_empty() {
        return Err(CatalogError::EmptyField {
            file: ctx.file.to_string(),
            place: "claim".to_string(),
            field: "sources".to_string(),
        });
    }
    for (i, s) in body.sources.iter().enumerate() {
        ctx.source(&format!("sources[{i}]"), s)?;
    }
    for a in &body.apps {
        if !apps.contains(a.as_str()) {
            return Err(ctx.unknown_ref("apps", "app", a));
        }
    }
    Ok(Claim {
        id: stem(ctx.file).to_string(),
        body,
    })
}

/// Parses and checks the migrations file; every catalog app needs an export entry.
pub(crate) fn migrations(
    ctx: Ctx<'_>,
    text: &str,
    apps: &BTreeSet<&str>,
) -> Result<Migrations, CatalogError> {
    let file: MigrationsFile = ctx.parse(text)?;
    let formats: BTreeSet<&str> = file.formats.iter().map(|f| f.id.as_str()).collect();
    let mut exported = BTreeSet::new();
    for (i, e) in file.exports.iter().enumerate() {
        let place = format!("exports[{i}]");
        if !apps.contains(e.app.as_str()) {
            return Err(ctx.unknown_ref(&place, "app", &e.app));
        }
        if !exported.insert(e.app.as_str()) {
            return Err(CatalogError::BadId {
                file: ctx.file.to_string(),
                reason: format!("app `{}` has two export entries", e.app),
            });
        }
        ctx.non_empty(&place, "how", &e.how)?;
        match &e.source {
            Some(src) => ctx.source(&place, src)?,
            None if e.available != Availability::Unknown => {
                return Err(CatalogError::EmptyField {
                    file: ctx.file.to_string(),
                    place,
                    field: "source".to_string(),
                });
            }
            None => {}
        }
    }
    if let Some(missing) = apps.iter().find(|a| !exported.contains(*a)) {
        return Err(CatalogError::BadId {
            file: ctx.file.to_string(),
            reason: format!("app `{missing}` has no export entry"),
        });
    }
    for (i, p) in file.imports.iter().enumerate() {
        let place = format!("imports[{i}]");
        if !apps.contains(p.to.as_str()) {
            return Err(ctx.unknown_ref(&place, "app", &p.to));
        }
        if let Some(f) = p.from.iter().find(|f| !apps.contains(f.as_str())) {
            return Err(ctx.unknown_ref(&place, "app", f));
        }
        if !formats.contains(p.ferry_format.as_str()) {
            return Err(ctx.unknown_ref(&place, "format", &p.ferry_format));
        }
        if p.steps.is_empty() {
            return Err(CatalogError::EmptyField {
                file: ctx.file.to_string(),
                place,
                field: "steps".to_string(),
            });
        }
        ctx.source(&place, &p.source)?;
    }
    Ok(Migrations {
        formats: file.formats,
        exports: file.exports,
        imports: file.imports,
    })
}
