#!/usr/bin/env bash
# Runs every check Ferry has: formatting, lints, and all tests.
# Usage: ./test.sh            (installs what it needs on a fresh Debian machine)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
. scripts/ensure-deps.sh
ensure_rust_components

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (workspace)"
cargo test --workspace --locked

step "fuzz targets build"
if [ -d fuzz ]; then
  (cd fuzz && cargo check --bins --locked 2>&1 | tail -n 3)
fi

echo
echo "All checks passed."
