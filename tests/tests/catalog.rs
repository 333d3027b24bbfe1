//! End-to-end: the catalog commands of the `ferry` binary (`apps`,
//! `compare`, `claims`, `advise`) and the HTML page it writes.

use ferry_tests::Lib;

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn apps_lists_at_least_25_messengers() {
    let lib = Lib::new();
    let apps = lib.json(&["apps"]);
    let apps = apps.as_array().unwrap();
    assert!(apps.len() >= 25, "{}", apps.len());
    let signal = apps.iter().find(|a| a["id"] == "signal").unwrap();
    assert_eq!(signal["criteria"], 33);
    assert_eq!(signal["status"], "active");
    let table = stdout(&lib.run(&["apps"]));
    assert!(table.lines().next().unwrap().starts_with("id"));
    assert!(table.contains("shut-down (2025-05-05)"), "Skype's status");
}

#[test]
fn compare_json_matches_the_documented_shape() {
    let lib = Lib::new();
    let v = lib.json(&[
        "compare",
        "signal",
        "telegram",
        "--criteria",
        "e2ee_1to1,e2ee_groups",
    ]);
    let apps = v["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 2);
    assert_eq!(v["criteria"].as_array().unwrap().len(), 2);
    let tg = apps.iter().find(|a| a["id"] == "telegram").unwrap();
    assert_eq!(tg["criteria"]["e2ee_1to1"]["value"], "opt-in");
    assert_eq!(tg["criteria"]["e2ee_groups"]["value"], "none");
    assert!(tg["criteria"]["e2ee_1to1"]["source"]["url"].is_string());
    assert!(tg["incidents"].is_array() && tg["outages"].is_array());
}

#[test]
fn compare_prints_a_table_and_markdown() {
    let lib = Lib::new();
    let table = stdout(&lib.run(&[
        "compare",
        "whatsapp",
        "signal",
        "--criteria",
        "e2ee_1to1,encrypted_backups",
    ]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("WhatsApp") && lines[0].contains("Signal"));
    assert!(lines[2].starts_with("encrypted_backups"));
    let md = stdout(&lib.run(&["compare", "signal", "--markdown", "--criteria", "e2ee_1to1"]));
    assert!(md.contains("| Criterion | Signal |"), "{md}");
    assert!(md.contains("[source](http"), "{md}");
}

#[test]
fn compare_writes_a_self_contained_html_page() {
    let lib = Lib::new();
    let path = lib.dir.path().join("cmp.html");
    let out = lib.run(&["compare", "--html", path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<script>") && !html.contains("src=\""));
    assert!(html.contains("data-col=\"e2ee_1to1\""));
    assert!(
        html.contains(" stale"),
        "the 2021-dated cells are marked stale"
    );
}

#[test]
fn compare_rejects_an_unknown_app() {
    let lib = Lib::new();
    let out = lib.run(&["compare", "myspace"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no app `myspace`"));
}

#[test]
fn claims_have_verdicts_and_sources() {
    let lib = Lib::new();
    let v = lib.json(&["claims"]);
    let claims = v.as_array().unwrap();
    assert!(claims.len() >= 10);
    let fb = claims
        .iter()
        .find(|c| c["id"] == "facebook-bought-whatsapp-2012")
        .unwrap();
    assert_eq!(fb["verdict"], "partly-true");
    assert!(!fb["sources"].as_array().unwrap().is_empty());
    let verbose = stdout(&lib.run(&["claims", "--verbose"]));
    assert!(verbose.contains("[false]"));
}

#[test]
fn advise_explains_gains_history_and_limits() {
    let lib = Lib::new();
    let v = lib.json(&["advise", "--from", "telegram", "--to", "signal"]);
    let enc = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "encryption")
        .unwrap();
    assert!(
        enc["gains"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["key"] == "e2ee_1to1")
    );
    assert!(
        v["history"]["paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["ferry_format"] == "telegram-json")
    );
    assert!(
        v["target_limits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["key"] == "identifier")
    );
    let text = stdout(&lib.run(&["advise", "--from", "telegram", "--to", "whatsapp"]));
    assert!(text.contains("No import path exists"), "{text}");
}

#[test]
fn advise_works_for_every_pair() {
    let lib = Lib::new();
    let apps = lib.json(&["apps"]);
    let ids: Vec<String> = apps
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    for from in ids.iter().step_by(5) {
        for to in &ids {
            let v = lib.json(&["advise", "--from", from, "--to", to]);
            assert!(
                v["history"]["summary"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()),
                "{from} -> {to}"
            );
        }
    }
}

#[test]
fn catalog_commands_have_help_with_examples() {
    let lib = Lib::new();
    for cmd in ["apps", "compare", "claims", "advise"] {
        let help = stdout(&lib.run(&[cmd, "--help"]));
        assert!(
            help.contains("Examples:") && help.contains(&format!("ferry {cmd}")),
            "{cmd}: {help}"
        );
    }
}
