# Sourced by run.sh and test.sh: installs what a fresh Debian machine lacks.
# Safe to run again: it only installs what is missing.

ensure_rust_components() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is required (install Rust stable from your distribution or rustup)" >&2
    exit 1
  fi
  if command -v rustup >/dev/null 2>&1; then
    for c in rustfmt clippy; do
      rustup component list --installed 2>/dev/null | grep -q "^$c" \
        || rustup component add "$c"
    done
  fi
}

# apt_install PKG...: installs the Debian packages that are not installed yet.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# What the desktop app needs to build and to be tested for real: WebKitGTK
# (headers for the build), Debian's WebKitWebDriver, a virtual display, and
# tauri-driver (the WebDriver bridge between the two).
ensure_desktop_deps() {
  apt_install libwebkit2gtk-4.1-dev webkit2gtk-driver xvfb xauth
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is required to build the desktop app's UI (install Node.js 20 or later)" >&2
    exit 1
  fi
}

# Builds the UI into ui/dist: the desktop app embeds it at compile time, so
# this runs before any cargo build of the workspace.
build_ui() {
  (cd ui && npm ci --no-audit --no-fund && npm run build)
}
