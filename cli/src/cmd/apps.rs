//! `ferry apps`: list the messengers in the catalog.

use crate::output::{self, Table};
use ferry_core::catalog;
use serde::Serialize;
use std::process::ExitCode;

/// List the messengers the catalog describes, with how much of each is known.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry apps
  ferry apps --json | jq '.[].id'")]
pub struct Args {
    /// Print JSON: [{"id","name","website","status","known","criteria","incidents","outages"}]
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct AppJson<'a> {
    id: &'a str,
    name: &'a str,
    website: &'a str,
    status: &'a str,
    known: usize,
    criteria: usize,
    incidents: usize,
    outages: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cat = catalog::load()?;
    let rows: Vec<AppJson<'_>> = cat
        .apps()
        .iter()
        .map(|a| AppJson {
            id: &a.id,
            name: &a.name,
            website: &a.website,
            status: a.cell("status").map_or("unknown", |c| c.value.as_str()),
            known: a.cells.values().filter(|c| !c.is_unknown()).count(),
            criteria: a.cells.len(),
            incidents: a.incidents.len(),
            outages: a.outages.len(),
        })
        .collect();
    if args.json {
        output::json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t =
        Table::new(&["id", "name", "status", "known", "incidents", "outages"]).right(&[3, 4, 5]);
    for r in &rows {
        t.row(vec![
            r.id.to_owned(),
            r.name.to_owned(),
            r.status.to_owned(),
            format!("{}/{}", r.known, r.criteria),
            r.incidents.to_string(),
            r.outages.to_string(),
        ]);
    }
    t.print()?;
    Ok(ExitCode::SUCCESS)
}
