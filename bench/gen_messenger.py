#!/usr/bin/env python3
"""Generate a large synthetic Facebook Messenger "Download your information"
JSON export for parse-speed benchmarks (no dependencies).

Layout: <out>/your_activity_across_facebook/messages/inbox/<thread>/message_N.json,
10,000 messages per file, newest first, every string mojibake-encoded like
Meta's exporter (UTF-8 bytes written as \\u00XX). The mix: plain text (with
accents and emoji), reactions, photos, shares, calls, unsent messages and
group notices. Media files are referenced but not written.

    python3 bench/gen_messenger.py --messages 1000000 --threads 20 --out /tmp/fb-bench
"""

import argparse
import json
import os
import random

PER_FILE = 10_000
NAMES = ["Zoë Schmidt", "Bob Jones", "Олег Петров", "Ferry Tester", "Ana Lima", "李雷"]
TEXTS = [
    "Bis später! 😊",
    "Grüße aus Köln",
    "ok",
    "Vidimo se sutra 👋 (ćevapi?)",
    "Can you send me the address of the place we talked about yesterday?",
    "Привет, как дела?",
    "haha 😂😂",
    "I'll be there in 10 minutes, traffic is terrible today",
]


def moj(s):
    """Meta's double encoding: each UTF-8 byte becomes one code point."""
    return s.encode("utf-8").decode("latin-1")


def message(rng, ts, thread, people):
    sender = rng.choice(people)
    m = {"sender_name": moj(sender), "timestamp_ms": ts}
    r = rng.random()
    if r < 0.70:
        m["content"] = moj(rng.choice(TEXTS))
    elif r < 0.80:
        m["content"] = moj(rng.choice(TEXTS))
        m["reactions"] = [{"reaction": moj("❤"), "actor": moj(rng.choice(people))}]
    elif r < 0.88:
        m["photos"] = [{"uri": f"your_activity_across_facebook/messages/inbox/{thread}/photos/{ts}_n.jpg",
                        "creation_timestamp": ts // 1000}]
    elif r < 0.93:
        m["content"] = "https://example.org/article"
        m["share"] = {"link": "https://example.org/article"}
    elif r < 0.96:
        m["content"] = moj(f"{sender} started a video call.")
        m["call_duration"] = rng.randint(0, 3600)
    elif r < 0.98:
        m["is_unsent"] = True
    else:
        m["content"] = moj(f"{sender} named the group Trip {ts % 97}.")
    m["is_geoblocked_for_viewer"] = False
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=20)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    per_thread = a.messages // a.threads
    for t in range(a.threads):
        thread = f"thread{t}_{1000000000 + t}"
        people = rng.sample(NAMES, 2 if t % 3 else 4)
        folder = os.path.join(a.out, "your_activity_across_facebook/messages/inbox", thread)
        os.makedirs(folder, exist_ok=True)
        ts = 1_500_000_000_000 + per_thread * 60_000
        files = max(1, -(-per_thread // PER_FILE))
        for n in range(1, files + 1):
            count = min(PER_FILE, per_thread - (n - 1) * PER_FILE)
            msgs = []
            for _ in range(count):
                msgs.append(message(rng, ts, thread, people))
                ts -= rng.randint(1_000, 120_000)
            doc = {
                "participants": [{"name": moj(p)} for p in people],
                "messages": msgs,
                "title": moj(people[0]),
                "is_still_participant": True,
                "thread_path": f"inbox/{thread}",
                "magic_words": [],
            }
            with open(os.path.join(folder, f"message_{n}.json"), "w") as f:
                json.dump(doc, f, indent=2)
    print(f"wrote {per_thread * a.threads} messages in {a.threads} threads to {a.out}")


if __name__ == "__main__":
    main()
