#!/usr/bin/env python3
"""
When does an import become durable, and when searchable? Runs `ferry import` into a new library
and polls that library from this second process (read-only, every 20 ms), the way the desktop app
or another `ferry` would see it. Standard library only.

    python3 bench/import_timeline.py target/release/ferry /tmp/android_1m.txt 1000000

- "durable and browsable": the chats' message counts add up to the expected number (they are
  written in the import's one transaction, so all messages are committed and readable);
- "searchable": additionally `search_state.indexed_upto` has reached the largest message id;
- "process exit": after the index, the WAL checkpoint and closing the library.

Times are wall-clock seconds from starting the process. `--runs N` repeats the import (each into
a fresh library) and `--library DIR` picks where it goes (default: a temporary folder).
"""
import argparse
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time


def poll(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
    try:
        count = c.execute("SELECT coalesce(sum(message_count), 0) FROM chats").fetchone()[0]
        indexed = c.execute("SELECT indexed_upto FROM search_state").fetchone()[0]
        last = c.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
        return count, indexed >= last
    finally:
        c.close()


def run(ferry, source, expected, library, tz):
    shutil.rmtree(library, ignore_errors=True)
    db = os.path.join(library, "library.db")
    t0 = time.monotonic()
    p = subprocess.Popen([ferry, "--library", library, "import", "--json", "--tz", tz, source],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    durable = searchable = None
    while True:
        done = p.poll() is not None
        if os.path.exists(db):
            try:
                count, caught_up = poll(db)
            except sqlite3.Error:
                count, caught_up = 0, False  # schema not created yet, or busy
            now = time.monotonic() - t0
            if durable is None and count >= expected:
                durable = now
            if searchable is None and count >= expected and caught_up:
                searchable = now
        if done:
            break
        time.sleep(0.02)
    end = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"ferry import failed ({p.returncode}): {p.stderr.read().decode()}")
    return durable, searchable, end


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("ferry", help="the ferry binary (a release build)")
    ap.add_argument("source", help="the export to import")
    ap.add_argument("expected", type=int, help="messages the export holds")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--library", help="library folder (replaced on every run)")
    ap.add_argument("--tz", default="UTC")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library = args.library or os.path.join(tmp, "library")
        for i in range(args.runs):
            durable, searchable, end = run(args.ferry, args.source, args.expected, library, args.tz)
            fmt = lambda t: "never" if t is None else f"{t:.2f} s"
            print(f"run {i + 1}: durable and browsable {fmt(durable)}, "
                  f"searchable {fmt(searchable)}, process exit {end:.2f} s")


if __name__ == "__main__":
    main()
