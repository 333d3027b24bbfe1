//! `compare` (JSON shape, filters, errors) and `advise` (gains and losses by
//! ranked order, unknowns, history paths, target limits) on the embedded
//! catalog and on synthetic apps with controlled values.

mod common;

use common::{synthetic_app, synthetic_docs, synthetic_migrations, today};
use ferry_catalog::{Catalog, LookupError};

#[test]
fn compare_json_has_the_documented_shape() {
    let cat = common::embedded();
    let cmp = cat.compare(&["signal", "WhatsApp"], &[]).unwrap();
    let json = serde_json::to_value(&cmp).unwrap();
    let apps = json["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[0]["id"], "signal");
    let cell = &apps[0]["criteria"]["e2ee_1to1"];
    for field in ["value", "as_of", "source", "evidence", "basis", "note"] {
        assert!(cell.get(field).is_some(), "cell lacks {field}");
    }
    assert!(cell["source"]["url"].as_str().unwrap().starts_with("http"));
    assert!(apps[1]["outages"].as_array().unwrap().len() >= 2);
    assert!(apps[1]["incidents"].is_array());
    let criteria = json["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 33);
    for field in ["key", "group", "title", "definition", "values"] {
        assert!(criteria[0].get(field).is_some(), "criterion lacks {field}");
    }
    assert!(
        criteria[0]["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "unknown")
    );
}

#[test]
fn compare_filters_criteria_and_defaults_to_all_apps() {
    let cat = common::embedded();
    let cmp = cat.compare(&[], &["e2ee_1to1", "identifier"]).unwrap();
    assert_eq!(cmp.apps.len(), cat.apps().len());
    assert_eq!(cmp.criteria.len(), 2);
    assert!(cmp.apps.iter().all(|a| a.criteria.len() == 2));
}

#[test]
fn compare_rejects_unknown_apps_and_criteria() {
    let cat = common::embedded();
    assert_eq!(
        cat.compare(&["myspace"], &[]).unwrap_err(),
        LookupError::UnknownApp("myspace".into())
    );
    assert_eq!(
        cat.compare(&[], &["e2ee_everything"]).unwrap_err(),
        LookupError::UnknownCriterion("e2ee_everything".into())
    );
}

fn two_apps(alpha: &[(&str, &str)], beta: &[(&str, &str)], imports: &str) -> Catalog {
    let docs = synthetic_docs(
        &[
            ("alpha", synthetic_app("alpha", "Alpha", alpha, &[])),
            ("beta", synthetic_app("beta", "Beta", beta, &[])),
        ],
        synthetic_migrations(&["alpha", "beta"], imports),
    );
    Catalog::from_documents(&docs, today()).unwrap()
}

#[test]
fn advise_orders_gains_and_losses_by_ranked_values() {
    let cat = two_apps(
        &[
            ("e2ee_1to1", "opt-in"),
            ("forward_secrecy", "yes"),
            ("protocol", "MTProto 2.0"),
        ],
        &[
            ("e2ee_1to1", "default"),
            ("forward_secrecy", "no"),
            ("protocol", "Olm/Megolm"),
        ],
        "",
    );
    let advice = cat.advise("alpha", "beta").unwrap();
    let enc = advice
        .groups
        .iter()
        .find(|g| g.group == "encryption")
        .unwrap();
    assert!(
        enc.gains
            .iter()
            .any(|c| c.key == "e2ee_1to1" && c.from == "opt-in" && c.to == "default")
    );
    assert!(enc.losses.iter().any(|c| c.key == "forward_secrecy"));
    assert!(
        enc.differences.iter().any(|c| c.key == "protocol"),
        "unranked change is a difference"
    );
    let back = cat.advise("beta", "alpha").unwrap();
    let enc = back
        .groups
        .iter()
        .find(|g| g.group == "encryption")
        .unwrap();
    assert!(enc.losses.iter().any(|c| c.key == "e2ee_1to1"));
}

#[test]
fn advise_reports_unknown_cells_as_unknown_not_as_loss() {
    let cat = two_apps(&[], &[("deniability", "unknown")], "");
    let advice = cat.advise("alpha", "beta").unwrap();
    let enc = advice
        .groups
        .iter()
        .find(|g| g.group == "encryption")
        .unwrap();
    assert!(enc.unknown.iter().any(|c| c.key == "deniability"));
    assert!(!enc.losses.iter().any(|c| c.key == "deniability"));
}

#[test]
fn advise_says_plainly_when_no_import_path_exists() {
    let cat = two_apps(&[], &[], "");
    let advice = cat.advise("alpha", "beta").unwrap();
    assert!(advice.history.paths.is_empty());
    assert!(
        advice.history.summary.contains("No import path exists"),
        "{}",
        advice.history.summary
    );
}

#[test]
fn advise_lists_the_import_path_and_its_losses() {
    let imports = "[[imports]]\nto = \"beta\"\nferry_format = \"whatsapp\"\nofficial = true\nsteps = [\"Share it.\"]\nlost = [\"Reactions\"]\nsource = { url = \"https://example.org/i\", title = \"I\" }\n";
    let cat = two_apps(&[], &[], imports);
    let advice = cat.advise("alpha", "beta").unwrap();
    assert_eq!(advice.history.paths.len(), 1);
    assert!(advice.history.summary.contains("--to whatsapp"));
    assert_eq!(advice.history.paths[0].lost, ["Reactions"]);
}

#[test]
fn advise_names_the_targets_limits() {
    let cat = two_apps(
        &[],
        &[
            ("identifier", "phone"),
            ("identifier_visible_to_contacts", "yes"),
        ],
        "",
    );
    let advice = cat.advise("alpha", "beta").unwrap();
    assert!(
        advice
            .target_limits
            .iter()
            .any(|l| l.key == "identifier" && l.explanation.contains("phone number"))
    );
    assert!(
        advice
            .target_limits
            .iter()
            .any(|l| l.key == "identifier_visible_to_contacts")
    );
}

#[test]
fn advise_works_for_every_pair_of_catalog_apps() {
    let cat = common::embedded();
    let mut with_path = 0;
    for a in cat.apps() {
        for b in cat.apps() {
            let advice = cat.advise(&a.id, &b.id).unwrap();
            assert_eq!(advice.groups.len(), 5);
            assert!(!advice.history.summary.is_empty());
            with_path += usize::from(!advice.history.paths.is_empty());
        }
    }
    assert!(with_path > 0, "some pair must have an import path");
    let into_telegram = cat.advise("whatsapp", "telegram").unwrap();
    assert!(
        into_telegram
            .history
            .paths
            .iter()
            .any(|p| p.ferry_format == "whatsapp")
    );
    let into_whatsapp = cat.advise("telegram", "whatsapp").unwrap();
    assert!(
        into_whatsapp
            .history
            .summary
            .contains("No import path exists")
    );
    let into_skype = cat.advise("signal", "skype").unwrap();
    assert!(into_skype.target_limits.iter().any(|l| l.key == "status"));
}

#[test]
fn advise_rejects_unknown_apps() {
    let cat = common::embedded();
    assert!(
        matches!(cat.advise("signal", "orkut"), Err(LookupError::UnknownApp(a)) if a == "orkut")
    );
}
