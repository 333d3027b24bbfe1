//! `ferry claims`: press claims about messengers, checked.

use crate::output::{self, Table};
use ferry_core::catalog;
use std::process::ExitCode;

/// List press claims about messengers with our verdict (true, false,
/// misleading, partly-true, unverifiable), explanation and sources.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry claims
  ferry claims --json | jq '.[] | select(.verdict == \"false\") | .claim'")]
pub struct Args {
    /// Print JSON: [{"id","claim","said_by","said_on","apps","verdict","explanation","key_dates","as_of","sources"}]
    #[arg(long)]
    json: bool,

    /// Also print each explanation and its sources
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cat = catalog::load()?;
    if args.json {
        output::json(cat.claims())?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.verbose {
        for c in cat.claims() {
            println!(
                "{} [{}]",
                output::clean(&c.body.claim),
                c.body.verdict.as_str()
            );
            println!(
                "  said by {} ({}); checked {}",
                output::clean(&c.body.said_by),
                c.body.said_on,
                c.body.as_of
            );
            println!("  {}", output::clean(&c.body.explanation));
            for s in &c.body.sources {
                println!(
                    "  - {} <{}>",
                    output::clean(&s.title),
                    output::clean(&s.url)
                );
            }
            println!();
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(&["verdict", "said", "claim", "id"]);
    for c in cat.claims() {
        t.row(vec![
            c.body.verdict.as_str().to_owned(),
            c.body.said_on.clone(),
            output::truncate(&c.body.claim, 70),
            c.id.clone(),
        ]);
    }
    t.print()?;
    eprintln!("Explanations and sources: ferry claims --verbose");
    Ok(ExitCode::SUCCESS)
}
