//! The embedded catalog's content: the apps, criteria and claims the issue
//! asks for are present and complete.

mod common;

use ferry_catalog::schema::CriterionKind;

#[test]
fn has_the_33_criteria_in_five_groups() {
    let cat = common::embedded();
    assert_eq!(cat.criteria().len(), 33);
    let groups: Vec<&str> = cat.groups().iter().map(|g| g.key.as_str()).collect();
    assert_eq!(
        groups,
        ["encryption", "metadata", "openness", "features", "trust"]
    );
    for key in [
        "e2ee_1to1",
        "post_quantum",
        "identifier",
        "client_source",
        "encrypted_backups",
        "incidents",
        "status",
    ] {
        assert!(cat.criterion(key).is_some(), "missing criterion {key}");
    }
}

#[test]
fn has_at_least_the_25_required_apps() {
    let cat = common::embedded();
    assert!(cat.apps().len() >= 25, "only {} apps", cat.apps().len());
    let required = [
        "whatsapp",
        "telegram",
        "signal",
        "threema",
        "imessage",
        "messenger",
        "instagram",
        "x",
        "matrix",
        "session",
        "simplex",
        "wire",
        "viber",
        "line",
        "wechat",
        "kakaotalk",
        "discord",
        "skype",
        "teams",
        "google-messages",
        "snapchat",
        "briar",
        "olvid",
        "deltachat",
        "wickr",
        "slack",
    ];
    for id in required {
        assert!(cat.app(id).is_some(), "missing app {id}");
    }
}

#[test]
fn every_app_has_a_cell_for_every_criterion() {
    let cat = common::embedded();
    for app in cat.apps() {
        for c in cat.criteria() {
            assert!(app.cell(&c.key).is_some(), "{} lacks {}", app.id, c.key);
        }
    }
}

#[test]
fn known_cells_carry_provenance_and_records_cells_summarise_lists() {
    let cat = common::embedded();
    for app in cat.apps() {
        for c in cat.criteria() {
            let cell = app.cell(&c.key).unwrap();
            if c.kind == CriterionKind::Records {
                assert!(
                    cell.value.ends_with("recorded"),
                    "{}: {}",
                    app.id,
                    cell.value
                );
                continue;
            }
            if !cell.is_unknown() {
                assert!(
                    cell.as_of.is_some() && cell.source.is_some() && cell.basis.is_some(),
                    "{}.{}",
                    app.id,
                    c.key
                );
            }
        }
    }
    let whatsapp = cat.app("whatsapp").unwrap();
    assert_eq!(
        whatsapp.cell("outages").unwrap().value,
        format!("{} recorded", whatsapp.outages.len())
    );
    assert!(
        whatsapp
            .incidents
            .iter()
            .any(|i| i.cve.as_deref() == Some("CVE-2019-3568"))
    );
}

#[test]
fn checked_facts_that_readers_ask_about() {
    let cat = common::embedded();
    let value = |app: &str, key: &str| cat.app(app).unwrap().cell(key).unwrap().value.clone();
    assert_eq!(value("telegram", "e2ee_1to1"), "opt-in");
    assert_eq!(value("telegram", "e2ee_groups"), "none");
    assert_eq!(value("whatsapp", "encrypted_backups"), "opt-in");
    assert_eq!(value("signal", "post_quantum"), "handshake+ratchet");
    assert_eq!(value("skype", "status"), "shut-down (2025-05-05)");
    assert_eq!(value("discord", "e2ee_1to1"), "none");
    // Regression: Instagram's opt-in E2EE DMs were removed on 2026-05-08.
    assert_eq!(value("instagram", "e2ee_1to1"), "none");
}

#[test]
fn every_press_claim_to_check_has_a_verdict() {
    let cat = common::embedded();
    let ids: Vec<&str> = cat.claims().iter().map(|c| c.id.as_str()).collect();
    for id in [
        "telegram-mtproto-impossible-to-intercept",
        "whatsapp-no-encryption-before-2016",
        "whatsapp-bezos-all-data-accessible",
        "whatsapp-textsecure-then-signal",
        "telegram-user-stats-2016",
        "whatsapp-user-stats-2014-2016",
        "facebook-bought-whatsapp-2012",
        "whatsapp-outages-2022-2023",
        "telegram-zero-marketing",
        "telegram-refuses-data-to-agencies",
        "telegram-is-end-to-end-encrypted",
        "whatsapp-backups-are-e2ee",
        "imessage-e2ee-including-icloud-backups",
        "signal-collects-no-metadata",
    ] {
        assert!(ids.contains(&id), "missing claim {id}");
    }
    for c in cat.claims() {
        assert!(
            !c.body.sources.is_empty() && !c.body.explanation.trim().is_empty(),
            "{}",
            c.id
        );
    }
}

#[test]
fn every_app_has_an_export_entry() {
    let cat = common::embedded();
    for app in cat.apps() {
        assert!(
            cat.migrations().exports.iter().any(|e| e.app == app.id),
            "{}",
            app.id
        );
    }
}
