#!/usr/bin/env python3
"""
Deterministic generator of a large Discord data package (the JSON layout of 2024: `Messages/index.json`,
`Messages/c<id>/channel.json` and `messages.json`, `account/user.json`), for the Discord importer's
benchmarks. Standard library only.

    python3 bench/gen_discord_package.py --messages 1000000 --channels 20 --seed 42 --out /tmp/dpkg

Same arguments => byte-identical output. Shape follows docs/formats/discord.md: every row is one of
the account owner's own messages, `{"ID": <bare number beyond 2^53>, "Timestamp": "YYYY-MM-DD
hh:mm:ss", "Contents": ..., "Attachments": ...}` on one line, newest first; 4 % of rows carry an
attachment URL, 10 % are multi-line, non-ASCII text and emoji throughout.
"""
import argparse
import json
import os
import random
from datetime import datetime, timedelta

WORDS = ("ok sure lol ship it tomorrow release build green red merge main review fix bug docs "
         "ferry chat export import café naïve 🎉 👍 🔥 über straße ¿qué? 東京 привет").split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--messages", type=int, default=100000)
    ap.add_argument("--channels", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "account"), exist_ok=True)
    with open(os.path.join(a.out, "account", "user.json"), "w") as f:
        json.dump({"id": "300000000000000001", "username": "bench_user", "discriminator": 0}, f)
    index = {}
    per = a.messages // a.channels
    for c in range(a.channels):
        cid = str(1000000000000000100 + c)
        n = per + (a.messages % a.channels if c == a.channels - 1 else 0)
        folder = os.path.join(a.out, "Messages", f"c{cid}")
        os.makedirs(folder, exist_ok=True)
        dm = c % 2 == 1
        index[cid] = f"Direct Message with friend_{c}" if dm else f"channel-{c} in Bench Server"
        channel = ({"id": cid, "type": "DM", "recipients": ["300000000000000001", str(300000000000000100 + c)]}
                   if dm else {"id": cid, "type": "GUILD_TEXT", "name": f"channel-{c}",
                               "guild": {"id": "900000000000000001", "name": "Bench Server"}})
        with open(os.path.join(folder, "channel.json"), "w") as f:
            json.dump(channel, f)
        t = datetime(2024, 6, 1) - timedelta(seconds=rnd.randint(0, 3600))
        rows = []
        for i in range(n):
            words = rnd.choices(WORDS, k=rnd.randint(1, 14))
            text = " ".join(words)
            if rnd.random() < 0.10:
                text += "\n" + " ".join(rnd.choices(WORDS, k=4))
            att = ""
            if rnd.random() < 0.04:
                att = f"https://cdn.discordapp.com/attachments/{cid}/{i}/image_{i}.png"
                if rnd.random() < 0.5:
                    text = ""
            rows.append({"ID": 1200000000000000000 + c * 10_000_000 + (n - i),
                         "Timestamp": t.strftime("%Y-%m-%d %H:%M:%S"), "Contents": text, "Attachments": att})
            t -= timedelta(seconds=rnd.randint(5, 900))
        with open(os.path.join(folder, "messages.json"), "w") as f:
            f.write("[")
            f.write(", ".join(json.dumps(r, ensure_ascii=False) for r in rows))
            f.write("]")
    with open(os.path.join(a.out, "Messages", "index.json"), "w") as f:
        json.dump(index, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
