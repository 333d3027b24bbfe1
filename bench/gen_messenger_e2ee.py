#!/usr/bin/env python3
"""
Deterministic generator of a large Messenger end-to-end encrypted chat export (one JSON file per
thread, as Messenger's "Download your information" for encrypted chats writes it), for the Meta
importer's benchmarks. Standard library only.

    python3 bench/gen_messenger_e2ee.py --messages 1000000 --threads 20 --seed 42 --out /tmp/e2ee

Same arguments => byte-identical output. Shape follows docs/formats/messenger.md: 2-space
indented, `participants`, `threadName` (`Name_N`), `messages[]` oldest first with `isUnsent`,
`media` (`uri` under `./media/`), `reactions` (`actor`, `reaction`), `senderName`, `text`,
`timestamp` (milliseconds) and `type`; plain UTF-8 (no mojibake in this export). Mix: 4 % media,
3 % links, 1 % unsent, 6 % reactions; non-ASCII text and emoji throughout.
"""
import argparse
import json
import os
import random

WORDS = ("ok sure lol see you tomorrow dinner tonight train late call me back thanks "
         "café naïve 🎉 👍 🔥 ❤ über straße ¿qué? 東京 привет 😂").split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--threads", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    per = a.messages // a.threads
    for th in range(a.threads):
        n = per + (a.messages % a.threads if th == a.threads - 1 else 0)
        friend = f"Friend {th}"
        people = ["Bench User", friend]
        t = 1700000000000 + th * 1000
        messages = []
        for i in range(n):
            sender = rnd.choice(people)
            r = rnd.random()
            m = {"isUnsent": False, "media": [], "reactions": [], "senderName": sender,
                 "text": " ".join(rnd.choices(WORDS, k=rnd.randint(1, 12))), "timestamp": t, "type": "text"}
            if r < 0.04:
                m.update(text="", type="media",
                         media=[{"uri": f"./media/{th:04d}-{i:08d}.jpeg"}])
            elif r < 0.07:
                m.update(text=f"https://example.org/{i}", type="link")
            elif r < 0.08:
                m.update(text="", type="placeholder", isUnsent=True)
            if rnd.random() < 0.06:
                m["reactions"] = [{"actor": rnd.choice(people), "reaction": rnd.choice("❤😂👍😮")}]
            messages.append(m)
            t += rnd.randint(1000, 600000)
        doc = {"participants": people, "threadName": f"{friend}_{th + 1}", "messages": messages}
        with open(os.path.join(a.out, f"{friend.replace(' ', '_')}_{th + 1}.json"), "w") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
