//! Helpers for catalog tests: the reference day, and synthetic documents
//! (apps whose every cell is filled from the real criteria) for rules that
//! need controlled values.

#![allow(dead_code)]

use chrono::NaiveDate;
use ferry_catalog::schema::CriterionKind;
use ferry_catalog::{Catalog, Documents};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn embedded() -> Catalog {
    Catalog::load_at(today()).expect("embedded catalog must validate")
}

/// Fills a value pattern's `<parameter>`.
fn fill(spec: &str) -> String {
    match (spec.find('<'), spec.rfind('>')) {
        (Some(a), Some(b)) => format!("{}test{}", &spec[..a], &spec[b + 1..]),
        _ => spec.to_string(),
    }
}

/// A synthetic app file: every cell gets the first allowed value unless
/// overridden; `as_of` can be overridden per key via `dates`.
pub fn synthetic_app(
    id: &str,
    name: &str,
    overrides: &[(&str, &str)],
    dates: &[(&str, &str)],
) -> String {
    let cat = embedded();
    let mut s = format!(
        "id = \"{id}\"\nname = {name:?}\nwebsite = \"https://example.org\"\nrecords_reviewed = \"2026-11-01\"\n\
         incidents = []\noutages = []\nlegal_events = []\nownership_changes = []\n\n[sources]\n\
         doc = {{ url = \"https://example.org/doc\", title = \"Example document\" }}\n\n[cells]\n"
    );
    for c in cat.criteria() {
        if c.kind == CriterionKind::Records {
            continue;
        }
        let value = overrides
            .iter()
            .find(|(k, _)| *k == c.key)
            .map(|(_, v)| v.to_string())
            .unwrap_or_else(|| fill(&c.values[0]));
        let as_of = dates
            .iter()
            .find(|(k, _)| *k == c.key)
            .map_or("2026-11-01", |(_, d)| d);
        if value == "unknown" {
            s.push_str(&format!("{} = {{ value = \"unknown\" }}\n", c.key));
        } else {
            s.push_str(&format!(
                "{} = {{ value = {:?}, as_of = \"{as_of}\", source = \"doc\", basis = \"vendor-claim\", evidence = \"Example evidence.\" }}\n",
                c.key, value
            ));
        }
    }
    s
}

/// A migrations file with an export entry for each id and the given imports text.
pub fn synthetic_migrations(ids: &[&str], imports: &str) -> String {
    let mut s = String::from(
        "[[formats]]\nid = \"whatsapp\"\ndescription = \"x\"\n\n[[formats]]\nid = \"html\"\ndescription = \"y\"\n\n",
    );
    for id in ids {
        s.push_str(&format!(
            "[[exports]]\napp = \"{id}\"\navailable = \"yes\"\nhow = \"Export it.\"\nsource = {{ url = \"https://example.org/x\", title = \"X\" }}\n\n"
        ));
    }
    s.push_str(imports);
    s
}

/// Documents with the real criteria and only the given synthetic apps.
pub fn synthetic_docs(apps: &[(&str, String)], migrations: String) -> Documents {
    let mut docs = Documents::embedded();
    docs.apps = apps
        .iter()
        .map(|(id, t)| (format!("apps/{id}.toml"), t.clone()))
        .collect();
    docs.claims.clear();
    docs.migrations = ("migrations.toml".into(), migrations);
    docs
}
