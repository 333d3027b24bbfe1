//! `ferry compare`: messengers side by side, criterion by criterion.

use crate::output::{self, Table};
use anyhow::Context;
use ferry_core::catalog;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare messengers on the catalog's criteria (all apps when none is named).
///
/// Every value comes with the date it was checked, how it is known and a
/// source; `unknown` means the catalog has no sourced fact. Use --json,
/// --markdown or --html to see dates and sources.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry compare signal whatsapp telegram
  ferry compare --criteria e2ee_1to1,e2ee_groups,identifier
  ferry compare signal threema --markdown > comparison.md
  ferry compare --html comparison.html")]
pub struct Args {
    /// App ids or names (see `ferry apps`); none means all
    apps: Vec<String>,

    /// Only these criteria (comma-separated keys, see --json's \"criteria\")
    #[arg(long, value_delimiter = ',', value_name = "KEY,...")]
    criteria: Vec<String>,

    /// Print JSON: {"apps":[{"id","name","criteria":{KEY:{"value","as_of","source","evidence","basis","note"}},"incidents","outages",...}],"criteria":[...]}
    #[arg(long, conflicts_with_all = ["markdown", "html"])]
    json: bool,

    /// Print a Markdown table with dates, basis and source links
    #[arg(long, conflicts_with = "html")]
    markdown: bool,

    /// Write a self-contained HTML page (sortable, filterable) to PATH
    #[arg(long, value_name = "PATH")]
    html: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cat = catalog::load()?;
    let apps: Vec<&str> = args.apps.iter().map(String::as_str).collect();
    let criteria: Vec<&str> = args
        .criteria
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let cmp = cat.compare(&apps, &criteria)?;
    if args.json {
        output::json(&cmp)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.markdown {
        let mut out = std::io::stdout().lock();
        out.write_all(catalog::render_markdown(&cmp).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = args.html {
        let today = chrono::Utc::now().date_naive();
        std::fs::write(&path, catalog::render_html(&cmp, today))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "Wrote {} ({} apps, {} criteria).",
            path.display(),
            cmp.apps.len(),
            cmp.criteria.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut header = vec!["criterion".to_owned()];
    header.extend(cmp.apps.iter().map(|a| a.name.clone()));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header_refs);
    for c in &cmp.criteria {
        let mut row = vec![c.key.clone()];
        for a in &cmp.apps {
            row.push(
                a.criteria
                    .get(&c.key)
                    .map_or_else(String::new, |v| output::truncate(&v.value, 28)),
            );
        }
        t.row(row);
    }
    t.print()?;
    eprintln!(
        "unknown = no sourced fact. Dates, basis and sources: --json, --markdown or --html PATH."
    );
    Ok(ExitCode::SUCCESS)
}
