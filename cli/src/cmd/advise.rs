//! `ferry advise`: what changes when moving from one messenger to another.

use crate::output::{self, Table};
use ferry_core::catalog;
use std::process::ExitCode;

/// Advice for switching messengers: what you gain and lose per criterion
/// group, how your history can move (or that it cannot), and the target's
/// limits that matter (e.g. a phone number is required).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  ferry advise --from whatsapp --to signal
  ferry advise --from telegram --to threema --json")]
pub struct Args {
    /// The app you use now (id or name, see `ferry apps`)
    #[arg(long, value_name = "APP")]
    from: String,

    /// The app you consider moving to
    #[arg(long, value_name = "APP")]
    to: String,

    /// Print JSON: {"from","to","groups":[{"group","title","gains","losses","differences","unknown","same"}],"history":{"export","paths","summary"},"target_limits":[...]}
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cat = catalog::load()?;
    let advice = cat.advise(&args.from, &args.to)?;
    if args.json {
        output::json(&advice)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("From {} to {}", advice.from.name, advice.to.name);
    println!();
    let mut t = Table::new(&["group", "change", "criterion", "from", "to"]);
    for g in &advice.groups {
        let kinds = [
            ("gain", &g.gains),
            ("loss", &g.losses),
            ("differs", &g.differences),
            ("unknown", &g.unknown),
        ];
        for (kind, changes) in kinds {
            for c in changes {
                t.row(vec![
                    g.title.clone(),
                    kind.to_owned(),
                    c.title.clone(),
                    output::truncate(&c.from, 30),
                    output::truncate(&c.to, 30),
                ]);
            }
        }
    }
    t.print()?;
    let same: usize = advice.groups.iter().map(|g| g.same).sum();
    println!("({same} criteria are the same in both apps.)");
    println!();
    println!("Your history");
    println!("  {}", output::clean(&advice.history.summary));
    if let Some(e) = &advice.history.export {
        println!(
            "  Getting it out of {}: {}",
            advice.from.name,
            output::clean(&e.how)
        );
        for l in &e.limits {
            println!("    limit: {}", output::clean(l));
        }
    }
    for p in &advice.history.paths {
        let kind = if p.official {
            "official"
        } else {
            "community tool"
        };
        println!(
            "  Into {} with `ferry export --to {}` ({kind}):",
            advice.to.name, p.ferry_format
        );
        for (i, s) in p.steps.iter().enumerate() {
            println!("    {}. {}", i + 1, output::clean(s));
        }
        println!("    Lost on the way: {}", output::clean(&p.lost.join("; ")));
        println!(
            "    Source: {} <{}>",
            output::clean(&p.source.title),
            output::clean(&p.source.url)
        );
    }
    if !advice.target_limits.is_empty() {
        println!();
        println!("What {} asks of you", advice.to.name);
        for l in &advice.target_limits {
            let date = l
                .as_of
                .as_deref()
                .map(|d| format!(" (checked {d})"))
                .unwrap_or_default();
            println!("  - {}{date}", output::clean(&l.explanation));
        }
    }
    Ok(ExitCode::SUCCESS)
}
