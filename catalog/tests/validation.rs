//! Each validation rule, fed a document that breaks it, must fail with its
//! specific error; and the embedded catalog must pass all of them.

mod common;

use common::{synthetic_app, synthetic_docs, synthetic_migrations, today};
use ferry_catalog::{Catalog, CatalogError, Documents};

/// Loads the embedded documents with `file`'s text changed by `edit`.
fn load_edited(file: &str, edit: impl Fn(&str) -> String) -> Result<Catalog, CatalogError> {
    let mut docs = Documents::embedded();
    let text = docs.get(file).expect("document exists").to_string();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit must change {file}");
    docs.set(file, &edited);
    Catalog::from_documents(&docs, today())
}

/// One synthetic app, alone in the catalog, with its text edited.
fn load_synthetic(edit: impl Fn(&str) -> String) -> Result<Catalog, CatalogError> {
    let text = synthetic_app("alpha", "Alpha", &[], &[]);
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit must change the document");
    let docs = synthetic_docs(&[("alpha", edited)], synthetic_migrations(&["alpha"], ""));
    Catalog::from_documents(&docs, today())
}

fn replace_line(text: &str, key: &str, new: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with(&format!("{key} = ")) {
                new.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn embedded_catalog_validates() {
    let cat = common::embedded();
    assert!(!cat.apps().is_empty());
}

#[test]
fn synthetic_baseline_validates() {
    load_synthetic(|t| format!("{t}\n")).expect("baseline synthetic app is valid");
}

#[test]
fn missing_criterion_is_rejected() {
    let err = load_synthetic(|t| {
        t.lines()
            .filter(|l| !l.starts_with("deniability = "))
            .collect::<Vec<_>>()
            .join("\n")
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::MissingCriterion { ref key, .. } if key == "deniability"),
        "{err}"
    );
}

#[test]
fn value_not_allowed_for_its_criterion_is_rejected() {
    let err = load_synthetic(|t| {
        replace_line(t, "e2ee_1to1", r#"e2ee_1to1 = { value = "yes", as_of = "2026-01-01", source = "doc", basis = "vendor-claim", evidence = "e" }"#)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::ValueNotAllowed { ref key, ref value, .. } if key == "e2ee_1to1" && value == "yes"),
        "{err}"
    );
}

#[test]
fn pattern_value_with_empty_parameter_is_rejected() {
    let err = load_synthetic(|t| {
        replace_line(t, "e2ee_groups", r#"e2ee_groups = { value = "partial()", as_of = "2026-01-01", source = "doc", basis = "vendor-claim", evidence = "e" }"#)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::ValueNotAllowed { ref key, .. } if key == "e2ee_groups"),
        "{err}"
    );
}

#[test]
fn known_value_without_source_date_basis_or_evidence_is_rejected() {
    let table = [
        (
            "source",
            r#"e2ee_1to1 = { value = "default", as_of = "2026-01-01", basis = "vendor-claim", evidence = "e" }"#,
        ),
        (
            "as_of",
            r#"e2ee_1to1 = { value = "default", source = "doc", basis = "vendor-claim", evidence = "e" }"#,
        ),
        (
            "basis",
            r#"e2ee_1to1 = { value = "default", as_of = "2026-01-01", source = "doc", evidence = "e" }"#,
        ),
        (
            "evidence",
            r#"e2ee_1to1 = { value = "default", as_of = "2026-01-01", source = "doc", basis = "vendor-claim" }"#,
        ),
        (
            "evidence",
            r#"e2ee_1to1 = { value = "default", as_of = "2026-01-01", source = "doc", basis = "vendor-claim", evidence = "  " }"#,
        ),
    ];
    for (what, line) in table {
        let err = load_synthetic(|t| replace_line(t, "e2ee_1to1", line)).unwrap_err();
        assert!(
            matches!(err, CatalogError::MissingProvenance { what: w, ref key, .. } if w == what && key == "e2ee_1to1"),
            "{what}: {err}"
        );
    }
}

#[test]
fn unknown_value_needs_no_provenance() {
    load_synthetic(|t| {
        replace_line(
            t,
            "e2ee_1to1",
            r#"e2ee_1to1 = { value = "unknown", note = "not checked" }"#,
        )
    })
    .expect("unknown without source is allowed");
}

#[test]
fn malformed_dates_are_rejected() {
    for bad in [
        "2026-13-01",
        "22/11/2026",
        "2026-11",
        "2026-02-30",
        "yesterday",
    ] {
        let err = load_synthetic(|t| {
            replace_line(t, "e2ee_1to1", &format!(r#"e2ee_1to1 = {{ value = "default", as_of = "{bad}", source = "doc", basis = "vendor-claim", evidence = "e" }}"#))
        })
        .unwrap_err();
        assert!(
            matches!(err, CatalogError::MalformedDate { ref value, .. } if value == bad),
            "{bad}: {err}"
        );
    }
}

#[test]
fn future_dates_are_rejected_in_cells_and_lists() {
    let err = load_synthetic(|t| {
        replace_line(t, "e2ee_1to1", r#"e2ee_1to1 = { value = "default", as_of = "2026-11-23", source = "doc", basis = "vendor-claim", evidence = "e" }"#)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::FutureDate { ref value, .. } if value == "2026-11-23"),
        "{err}"
    );
    let err = load_synthetic(|t| {
        t.replace("incidents = []\n", "").replace(
            "[sources]",
            "[[incidents]]\ndate = \"2027\"\nkind = \"breach\"\nsummary = \"s\"\nsource = \"doc\"\n\n[sources]",
        )
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::FutureDate { ref place, .. } if place == "incidents[0]"),
        "{err}"
    );
}

#[test]
fn unknown_fields_are_rejected_everywhere() {
    let err =
        load_synthetic(|t| t.replacen("website =", "homepage = \"x\"\nwebsite =", 1)).unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownField { ref field, .. } if field == "homepage"),
        "{err}"
    );
    let err = load_synthetic(|t| {
        replace_line(t, "e2ee_1to1", r#"e2ee_1to1 = { value = "default", as_of = "2026-01-01", source = "doc", basis = "vendor-claim", evidence = "e", confidence = "high" }"#)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownField { ref field, line, .. } if field == "confidence" && line > 0),
        "{err}"
    );
    let err = load_edited("criteria.toml", |t| {
        t.replacen("\nranked = true\n", "\nranked = true\nweight = 2\n", 1)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownField { ref field, .. } if field == "weight"),
        "{err}"
    );
    let err = load_edited("migrations.toml", |t| {
        t.replacen("official = ", "verified = true\nofficial = ", 1)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownField { ref field, .. } if field == "verified"),
        "{err}"
    );
}

#[test]
fn cells_for_unknown_criteria_are_rejected() {
    let err =
        load_synthetic(|t| format!("{t}\ne2ee_stories = {{ value = \"default\" }}\n")).unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownCriterion { ref key, .. } if key == "e2ee_stories"),
        "{err}"
    );
    // A records criterion is summarised from the lists, never written as a cell.
    let err = load_synthetic(|t| format!("{t}\nincidents = {{ value = \"none recorded\" }}\n"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            CatalogError::UnknownCriterion { .. } | CatalogError::Parse { .. }
        ),
        "{err}"
    );
}

#[test]
fn undefined_and_unused_sources_are_rejected() {
    let err = load_synthetic(|t| {
        replace_line(t, "e2ee_1to1", r#"e2ee_1to1 = { value = "default", as_of = "2026-01-01", source = "nowhere", basis = "vendor-claim", evidence = "e" }"#)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownSource { ref id, .. } if id == "nowhere"),
        "{err}"
    );
    let err = load_synthetic(|t| {
        t.replace(
            "[cells]",
            "spare = { url = \"https://example.org/s\", title = \"Spare\" }\n\n[cells]",
        )
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::UnusedSource { ref id, .. } if id == "spare"),
        "{err}"
    );
}

#[test]
fn bad_source_urls_are_rejected() {
    for url in [
        "javascript:alert(1)",
        "example.org/doc",
        "https://exa mple.org",
    ] {
        let err = load_synthetic(|t| t.replace("https://example.org/doc", url)).unwrap_err();
        assert!(
            matches!(err, CatalogError::BadSource { .. }),
            "{url}: {err}"
        );
    }
}

#[test]
fn missing_dated_list_is_rejected() {
    let err = load_synthetic(|t| t.replace("outages = []\n", "")).unwrap_err();
    assert!(
        matches!(err, CatalogError::MissingList { ref list, .. } if list == "outages"),
        "{err}"
    );
}

#[test]
fn malformed_cve_is_rejected() {
    let err = load_synthetic(|t| {
        t.replace("incidents = []\n", "").replace(
            "[sources]",
            "[[incidents]]\ndate = \"2019-05\"\nkind = \"exploited-vulnerability\"\ncve = \"CVE-19-1\"\nsummary = \"s\"\nsource = \"doc\"\n\n[sources]",
        )
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::MalformedCve { ref id, .. } if id == "CVE-19-1"),
        "{err}"
    );
}

#[test]
fn file_name_must_match_id() {
    let text = synthetic_app("alpha", "Alpha", &[], &[]);
    let docs = synthetic_docs(&[("beta", text)], synthetic_migrations(&["alpha"], ""));
    let err = Catalog::from_documents(&docs, today()).unwrap_err();
    assert!(matches!(err, CatalogError::BadId { .. }), "{err}");
}

/// A predicate on the expected error.
type Expect = fn(&CatalogError) -> bool;

#[test]
fn claims_are_validated() {
    let mut docs = Documents::embedded();
    let (name, text) = docs.claims.first().cloned().expect("at least one claim");
    let table: Vec<(String, Expect)> = vec![
        (
            text.replacen("verdict = ", "verdict = \"maybe\"\nx_verdict = ", 1),
            |e| {
                matches!(
                    e,
                    CatalogError::Parse { .. } | CatalogError::UnknownField { .. }
                )
            },
        ),
        (
            replace_line(&text, "as_of", "as_of = \"2026-12-01\""),
            |e| matches!(e, CatalogError::FutureDate { .. }),
        ),
        (replace_line(&text, "said_on", "said_on = \"16\""), |e| {
            matches!(e, CatalogError::MalformedDate { .. })
        }),
        (replace_line(&text, "apps", "apps = [\"myspace\"]"), |e| {
            matches!(e, CatalogError::UnknownReference { what: "app", .. })
        }),
        (format!("source_note = \"x\"\n{text}"), |e| {
            matches!(e, CatalogError::UnknownField { .. })
        }),
    ];
    for (edited, expect) in table {
        docs.set(&name, &edited);
        let err = Catalog::from_documents(&docs, today()).unwrap_err();
        assert!(expect(&err), "{err}");
    }
}

#[test]
fn migrations_must_cover_every_app_and_name_known_formats() {
    let err = load_edited("migrations.toml", |t| {
        t.replacen("ferry_format = \"", "ferry_format = \"pdf-", 1)
    })
    .unwrap_err();
    assert!(
        matches!(err, CatalogError::UnknownReference { what: "format", .. }),
        "{err}"
    );
    let text = synthetic_app("alpha", "Alpha", &[], &[]);
    let docs = synthetic_docs(&[("alpha", text)], synthetic_migrations(&[], ""));
    let err = Catalog::from_documents(&docs, today()).unwrap_err();
    assert!(
        matches!(err, CatalogError::BadId { ref reason, .. } if reason.contains("no export entry")),
        "{err}"
    );
}
