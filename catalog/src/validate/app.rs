//! `apps/<id>.toml`: every criterion has a cell with an allowed value; every
//! known value has a date, a source, a basis and evidence; dates are valid and
//! not in the future; every source cited exists and every source is cited;
//! the dated lists are present.

use super::{Ctx, stem};
use crate::error::CatalogError;
use crate::model::{App, CellValue, IncidentEntry, LegalEntry, OutageEntry, OwnershipEntry};
use crate::schema::{AppFile, Cell, Criterion, CriterionKind, RecordList, Source};
use crate::values::{UNKNOWN, is_cve, position};
use std::collections::{BTreeMap, BTreeSet};

/// Resolves source keys of one app, remembering which were used.
struct Sources<'a> {
    ctx: Ctx<'a>,
    defined: &'a BTreeMap<String, Source>,
    used: BTreeSet<String>,
}

impl Sources<'_> {
    fn get(&mut self, place: &str, id: &str) -> Result<Source, CatalogError> {
        let found = self
            .defined
            .get(id)
            .ok_or_else(|| CatalogError::UnknownSource {
                file: self.ctx.file.to_string(),
                place: place.to_string(),
                id: id.to_string(),
            })?;
        self.used.insert(id.to_string());
        Ok(found.clone())
    }
}

/// Parses and checks one app file against the criteria.
pub(crate) fn load(ctx: Ctx<'_>, text: &str, criteria: &[Criterion]) -> Result<App, CatalogError> {
    let file: AppFile = ctx.parse(text)?;
    if file.id != stem(ctx.file) {
        return Err(CatalogError::BadId {
            file: ctx.file.to_string(),
            reason: format!("id `{}` differs from the file name", file.id),
        });
    }
    ctx.non_empty("app", "name", &file.name)?;
    ctx.date("records_reviewed", &file.records_reviewed, false, false)?;
    for (id, source) in &file.sources {
        ctx.source(&format!("sources.{id}"), source)?;
    }
    let mut sources = Sources {
        ctx,
        defined: &file.sources,
        used: BTreeSet::new(),
    };
    for key in file.cells.keys() {
        let takes_cell = criteria
            .iter()
            .any(|c| &c.key == key && c.kind != CriterionKind::Records);
        if !takes_cell {
            return Err(CatalogError::UnknownCriterion {
                file: ctx.file.to_string(),
                key: key.clone(),
            });
        }
    }
    let lists = Lists::resolve(ctx, &file, &mut sources)?;
    let mut cells = BTreeMap::new();
    for c in criteria {
        let value = if c.kind == CriterionKind::Records {
            lists.summary(c, &file.records_reviewed)
        } else {
            let cell = file
                .cells
                .get(&c.key)
                .ok_or_else(|| CatalogError::MissingCriterion {
                    file: ctx.file.to_string(),
                    key: c.key.clone(),
                })?;
            check_cell(ctx, c, cell, &mut sources)?
        };
        cells.insert(c.key.clone(), value);
    }
    if let Some(unused) = file.sources.keys().find(|k| !sources.used.contains(*k)) {
        return Err(CatalogError::UnusedSource {
            file: ctx.file.to_string(),
            id: unused.clone(),
        });
    }
    Ok(App {
        id: file.id,
        name: file.name,
        website: file.website,
        cells,
        incidents: lists.incidents,
        outages: lists.outages,
        legal_events: lists.legal_events,
        ownership_changes: lists.ownership_changes,
    })
}

fn check_cell(
    ctx: Ctx<'_>,
    c: &Criterion,
    cell: &Cell,
    sources: &mut Sources<'_>,
) -> Result<CellValue, CatalogError> {
    let key = c.key.as_str();
    let allowed = cell.value == UNKNOWN
        || match c.kind {
            CriterionKind::Choice => position(&c.values, &cell.value).is_some(),
            _ => !cell.value.trim().is_empty(),
        };
    if !allowed {
        return Err(CatalogError::ValueNotAllowed {
            file: ctx.file.to_string(),
            key: key.to_string(),
            value: cell.value.clone(),
            allowed: c.values.join(" | "),
        });
    }
    let known = cell.value != UNKNOWN;
    let missing = |what| CatalogError::MissingProvenance {
        file: ctx.file.to_string(),
        key: key.to_string(),
        value: cell.value.clone(),
        what,
    };
    if known {
        if cell.as_of.is_none() {
            return Err(missing("as_of"));
        }
        if cell.source.is_none() {
            return Err(missing("source"));
        }
        if cell.basis.is_none() {
            return Err(missing("basis"));
        }
        if cell.evidence.as_deref().is_none_or(|e| e.trim().is_empty()) {
            return Err(missing("evidence"));
        }
    }
    if let Some(d) = &cell.as_of {
        ctx.date(key, d, false, false)?;
    }
    let source = match &cell.source {
        Some(id) => Some(sources.get(key, id)?),
        None => None,
    };
    Ok(CellValue {
        value: cell.value.clone(),
        as_of: cell.as_of.clone(),
        source,
        evidence: cell.evidence.clone(),
        basis: cell.basis,
        note: cell.note.clone(),
    })
}

/// The app's dated lists, checked and resolved.
struct Lists {
    incidents: Vec<IncidentEntry>,
    outages: Vec<OutageEntry>,
    legal_events: Vec<LegalEntry>,
    ownership_changes: Vec<OwnershipEntry>,
}

fn required<'a, T>(
    ctx: Ctx<'_>,
    list: &'a Option<Vec<T>>,
    name: &str,
) -> Result<&'a [T], CatalogError> {
    list.as_deref().ok_or_else(|| CatalogError::MissingList {
        file: ctx.file.to_string(),
        list: name.to_string(),
    })
}

impl Lists {
    fn resolve(
        ctx: Ctx<'_>,
        file: &AppFile,
        sources: &mut Sources<'_>,
    ) -> Result<Self, CatalogError> {
        let mut incidents = Vec::new();
        for (i, e) in required(ctx, &file.incidents, "incidents")?
            .iter()
            .enumerate()
        {
            let place = format!("incidents[{i}]");
            ctx.date(&place, &e.date, true, false)?;
            ctx.non_empty(&place, "kind", &e.kind)?;
            ctx.non_empty(&place, "summary", &e.summary)?;
            if let Some(cve) = &e.cve
                && !is_cve(cve)
            {
                return Err(CatalogError::MalformedCve {
                    file: ctx.file.to_string(),
                    place,
                    id: cve.clone(),
                });
            }
            incidents.push(IncidentEntry {
                date: e.date.clone(),
                kind: e.kind.clone(),
                cve: e.cve.clone(),
                summary: e.summary.clone(),
                source: sources.get(&place, &e.source)?,
            });
        }
        let mut outages = Vec::new();
        for (i, e) in required(ctx, &file.outages, "outages")?.iter().enumerate() {
            let place = format!("outages[{i}]");
            ctx.date(&place, &e.start, false, true)?;
            ctx.non_empty(&place, "duration", &e.duration)?;
            ctx.non_empty(&place, "scope", &e.scope)?;
            outages.push(OutageEntry {
                start: e.start.clone(),
                duration: e.duration.clone(),
                scope: e.scope.clone(),
                cause: e.cause.clone(),
                source: sources.get(&place, &e.source)?,
            });
        }
        let mut legal_events = Vec::new();
        for (i, e) in required(ctx, &file.legal_events, "legal_events")?
            .iter()
            .enumerate()
        {
            let place = format!("legal_events[{i}]");
            ctx.date(&place, &e.date, true, false)?;
            ctx.non_empty(&place, "summary", &e.summary)?;
            legal_events.push(LegalEntry {
                date: e.date.clone(),
                jurisdiction: e.jurisdiction.clone(),
                summary: e.summary.clone(),
                source: sources.get(&place, &e.source)?,
            });
        }
        let mut ownership_changes = Vec::new();
        for (i, e) in required(ctx, &file.ownership_changes, "ownership_changes")?
            .iter()
            .enumerate()
        {
            let place = format!("ownership_changes[{i}]");
            ctx.date(&place, &e.date, true, false)?;
            ctx.non_empty(&place, "summary", &e.summary)?;
            ownership_changes.push(OwnershipEntry {
                date: e.date.clone(),
                summary: e.summary.clone(),
                source: sources.get(&place, &e.source)?,
            });
        }
        incidents.sort_by(|a, b| a.date.cmp(&b.date));
        outages.sort_by(|a, b| a.start.cmp(&b.start));
        legal_events.sort_by(|a, b| a.date.cmp(&b.date));
        ownership_changes.sort_by(|a, b| a.date.cmp(&b.date));
        Ok(Lists {
            incidents,
            outages,
            legal_events,
            ownership_changes,
        })
    }

    /// The summary cell of a records criterion: a count, with the latest entry
    /// as evidence. "none recorded" is not a claim that nothing happened.
    fn summary(&self, c: &Criterion, reviewed: &str) -> CellValue {
        let latest: Option<(&str, &str, &Source)> = match c.records {
            Some(RecordList::Incidents) => self
                .incidents
                .last()
                .map(|e| (e.date.as_str(), e.summary.as_str(), &e.source)),
            Some(RecordList::Outages) => self
                .outages
                .last()
                .map(|e| (e.start.as_str(), e.scope.as_str(), &e.source)),
            Some(RecordList::LegalEvents) | None => self
                .legal_events
                .last()
                .map(|e| (e.date.as_str(), e.summary.as_str(), &e.source)),
        };
        let count = match c.records {
            Some(RecordList::Incidents) => self.incidents.len(),
            Some(RecordList::Outages) => self.outages.len(),
            Some(RecordList::LegalEvents) | None => self.legal_events.len(),
        };
        match latest {
            Some((date, summary, source)) => CellValue {
                value: format!("{count} recorded"),
                as_of: Some(reviewed.to_string()),
                source: Some(source.clone()),
                evidence: Some(format!("Latest ({date}): {summary}")),
                basis: None,
                note: Some(
                    "Summary of the app's dated list; each entry carries its own source.".into(),
                ),
            },
            None => CellValue {
                value: "none recorded".to_string(),
                as_of: Some(reviewed.to_string()),
                source: None,
                evidence: None,
                basis: None,
                note: Some(
                    "Nothing recorded in the catalog yet; this is not proof that nothing happened."
                        .into(),
                ),
            },
        }
    }
}
