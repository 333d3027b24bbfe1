#!/usr/bin/env bash
# Builds the desktop app's Debian package (release build + bundle):
#   target/dist/bundle/deb/Ferry_<version>_amd64.deb
# Install it with `sudo apt install ./target/dist/bundle/deb/Ferry_*.deb`.
# It builds with the `dist` profile (release without debug information, stripped).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-deps.sh
ensure_rust_components
ensure_desktop_deps
build_ui
# The Tauri CLI comes from ui/'s npm devDependencies (installed by build_ui);
# run it from the root so that it finds src-tauri/tauri.conf.json.
ui/node_modules/.bin/tauri build --bundles deb "$@" -- --profile dist
ls -l target/dist/bundle/deb/*.deb
