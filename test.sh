#!/usr/bin/env bash
# Runs every check Ferry has: formatting, lints, all tests, and the desktop
# app tested for real (WebDriver under a virtual display).
# Usage: ./test.sh            (installs what it needs on a fresh Debian machine)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "toolchain and system packages"
. scripts/ensure-deps.sh
ensure_rust_components
ensure_desktop_deps
export PATH="$HOME/.cargo/bin:$PATH"

step "UI: npm ci + build (ui/dist is embedded by the desktop app's build)"
build_ui

step "UI unit tests (Vitest)"
(cd ui && npm test)

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (workspace, without the WebDriver tests)"
cargo test --workspace --locked --exclude ferry-e2e

step "desktop app end to end (tauri-driver + WebKitWebDriver under Xvfb)"
cargo build -p ferry-desktop --locked
FERRY_E2E_REQUIRED=1 xvfb-run -a -s "-screen 0 1280x800x24" \
  cargo test -p ferry-e2e --locked -- --test-threads=1 </dev/null

step "fuzz targets build"
if [ -d fuzz ]; then
  (cd fuzz && cargo check --bins --locked 2>&1 | tail -n 3)
fi

echo
echo "All checks passed."
