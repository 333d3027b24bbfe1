#!/usr/bin/env bash
# Sets Ferry up on a fresh Debian machine and runs it on the bundled samples:
# builds the `ferry` binary, imports every sample WhatsApp export in
# fixtures/whatsapp/ into a demo library, and shows chats, a chat, a search
# and statistics, exports one chat as an offline HTML archive, and compares
# messengers. The demo library is ./demo-library, the archive ./demo-export
# (delete them at will).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/ensure-deps.sh
ensure_rust_components

echo "==> building ferry (release)"
cargo build --release --locked -p ferry-cli
ferry=./target/release/ferry
lib=./demo-library
rm -rf "$lib"
export FERRY_LIBRARY="$lib"

echo
echo "==> ferry import fixtures/whatsapp --tz Europe/Berlin"
"$ferry" import fixtures/whatsapp --tz Europe/Berlin || true

echo
echo "==> ferry import fixtures/whatsapp (again: nothing new)"
"$ferry" import fixtures/whatsapp --tz Europe/Berlin --json \
  | grep -o '"new_messages": [0-9]*' | sort | uniq -c || true

echo
echo "==> ferry chats"
"$ferry" chats

first=$("$ferry" chats --json | grep -m1 '"id"' | grep -o '[0-9]\+')
echo
echo "==> ferry messages $first --limit 15"
"$ferry" messages "$first" --limit 15

echo
echo "==> ferry search hello"
"$ferry" search hello --limit 10

echo
echo "==> ferry stats $first"
"$ferry" stats "$first"

echo
echo "==> ferry export $first --to html --out ./demo-export"
rm -rf ./demo-export
"$ferry" export "$first" --to html --out ./demo-export

echo
echo "==> ferry compare whatsapp signal telegram --criteria e2ee_1to1,e2ee_groups,identifier,client_source"
"$ferry" compare whatsapp signal telegram --criteria e2ee_1to1,e2ee_groups,identifier,client_source

echo
echo "==> ferry advise --from whatsapp --to signal"
"$ferry" advise --from whatsapp --to signal

echo
echo "Done. Open ./demo-export/index.html in a browser, or try: FERRY_LIBRARY=$lib $ferry --help"
