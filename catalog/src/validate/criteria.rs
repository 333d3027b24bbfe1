//! `criteria.toml`: unique keys, known groups, allowed values present,
//! ranking consistent with the values.

use super::Ctx;
use crate::error::CatalogError;
use crate::schema::{CriteriaFile, CriterionKind};
use crate::values::position;
use std::collections::BTreeSet;

/// Parses and checks the criteria file.
pub(crate) fn load(ctx: Ctx<'_>, text: &str) -> Result<CriteriaFile, CatalogError> {
    let file: CriteriaFile = ctx.parse(text)?;
    let mut groups = BTreeSet::new();
    for g in &file.groups {
        ctx.non_empty(&g.key, "title", &g.title)?;
        if !groups.insert(g.key.as_str()) {
            return Err(bad_id(ctx, format!("group `{}` is defined twice", g.key)));
        }
    }
    let mut keys = BTreeSet::new();
    for c in &file.criteria {
        if !keys.insert(c.key.as_str()) {
            return Err(bad_id(
                ctx,
                format!("criterion `{}` is defined twice", c.key),
            ));
        }
        if !groups.contains(c.group.as_str()) {
            return Err(ctx.unknown_ref(&c.key, "group", &c.group));
        }
        ctx.non_empty(&c.key, "title", &c.title)?;
        ctx.non_empty(&c.key, "definition", &c.definition)?;
        if c.values.is_empty() {
            return Err(CatalogError::EmptyField {
                file: ctx.file.to_string(),
                place: c.key.clone(),
                field: "values".to_string(),
            });
        }
        if (c.kind == CriterionKind::Records) != c.records.is_some() {
            return Err(bad_id(
                ctx,
                format!(
                    "criterion `{}`: `records` is required exactly for kind = \"records\"",
                    c.key
                ),
            ));
        }
        for u in &c.unranked {
            if position(&c.values, u).is_none() {
                return Err(bad_id(
                    ctx,
                    format!("criterion `{}`: unranked `{u}` is not a value", c.key),
                ));
            }
        }
    }
    Ok(file)
}

fn bad_id(ctx: Ctx<'_>, reason: String) -> CatalogError {
    CatalogError::BadId {
        file: ctx.file.to_string(),
        reason,
    }
}
