//! Markdown and HTML renderings: escaping, stale marking, self-containment.

mod common;

use common::{synthetic_app, synthetic_docs, synthetic_migrations, today};
use ferry_catalog::{Catalog, render_html, render_markdown};

fn hostile_catalog() -> Catalog {
    let text = synthetic_app(
        "alpha",
        "<script>alert(1)</script> & \"Co\"",
        &[("company_jurisdiction", "US: A | B <b>")],
        &[("e2ee_1to1", "2024-01-01")],
    );
    let docs = synthetic_docs(&[("alpha", text)], synthetic_migrations(&["alpha"], ""));
    Catalog::from_documents(&docs, today()).unwrap()
}

#[test]
fn html_escapes_every_text() {
    let cat = hostile_catalog();
    let html = render_html(&cat.compare(&[], &[]).unwrap(), today());
    assert!(!html.contains("<script>alert"), "raw app name leaked");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
    assert!(html.contains("US: A | B &lt;b&gt;"));
}

#[test]
fn html_marks_cells_older_than_a_year_as_stale() {
    let cat = hostile_catalog();
    let html = render_html(
        &cat.compare(&[], &["e2ee_1to1", "e2ee_groups"]).unwrap(),
        today(),
    );
    let stale_cell = html
        .split("<td")
        .skip(1)
        .find(|td| td.contains("data-col=\"e2ee_1to1\""))
        .unwrap();
    assert!(stale_cell.contains("stale"), "{stale_cell}");
    let fresh_cell = html
        .split("<td")
        .skip(1)
        .find(|td| td.contains("data-col=\"e2ee_groups\""))
        .unwrap();
    assert!(!fresh_cell.contains("stale"), "{fresh_cell}");
}

#[test]
fn html_is_self_contained_sortable_and_filterable() {
    let cat = common::embedded();
    let html = render_html(&cat.compare(&[], &[]).unwrap(), today());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<link "), "no external stylesheets");
    assert!(!html.contains("src=\""), "no external scripts or images");
    assert!(html.contains("<style>") && html.contains("<script>"));
    assert!(html.contains("class=\"colsel\""), "criterion filter");
    assert!(html.contains("data-sort="), "sort keys");
    assert!(html.contains("id=\"fcrit\""), "value filter");
    assert!(html.contains("<time>2026-11-22</time>"));
    assert!(html.contains("b-vendor-claim"));
}

#[test]
fn markdown_escapes_table_syntax() {
    let cat = hostile_catalog();
    let md = render_markdown(&cat.compare(&[], &["company_jurisdiction"]).unwrap());
    assert!(md.contains("US: A \\| B &lt;b&gt;"), "{md}");
    assert!(
        md.contains("| **Company jurisdiction** (`company\\_jurisdiction`) |"),
        "{md}"
    );
    assert_eq!(md.lines().filter(|l| l.starts_with('|')).count(), 3);
}
