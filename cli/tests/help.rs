//! The binary starts and teaches: every command has `--help` with an example.
//! (Also makes `cargo test` build `target/<profile>/ferry` for the
//! end-to-end tests in `tests/`.)

use std::process::Command;

fn ferry(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .output()
        .expect("run ferry")
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in ["import", "chats", "messages", "search", "stats"] {
        let out = ferry(&[cmd, "--help"]);
        assert!(out.status.success(), "{cmd} --help failed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Examples:"),
            "{cmd} --help has no example:\n{text}"
        );
        assert!(
            text.contains(&format!("ferry {cmd}")),
            "{cmd} example does not use it"
        );
    }
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = ferry(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}
