#!/usr/bin/env python3
"""Generate a large synthetic X (Twitter) archive with direct messages for
parse-speed benchmarks (no dependencies).

Writes <out>/data/account.js, data/direct-messages.js (+ -partN.js files of at
most --per-part conversations) and data/direct-messages-group.js in the
`window.YTD.<name>.partN = [...]` form, events newest first, with t.co links,
media references, reactions and group events. Media files are not written.

    python3 bench/gen_x_dms.py --messages 1000000 --conversations 40 --out /tmp/x-bench
"""

import argparse
import json
import os
import random

ME = "1400000000000000001"
TEXTS = [
    "See you tomorrow 👋",
    "Can you send me the link? https://t.co/AbCdEf1234",
    "ok",
    "Grüße aus Köln 🚲",
    "That thread was wild 😂",
    "Привет! Как дела?",
    "I'll call you after the meeting, it should end around five",
]


def iso(ms):
    import datetime
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def event(rng, mid, ms, sender, recipient):
    text = rng.choice(TEXTS)
    m = {"recipientId": recipient, "reactions": [], "urls": [], "text": text,
         "mediaUrls": [], "senderId": sender, "id": str(mid), "createdAt": iso(ms)}
    if recipient is None:
        del m["recipientId"]
    if "t.co" in text:
        m["urls"] = [{"url": "https://t.co/AbCdEf1234", "expanded": "https://example.org/page",
                      "display": "example.org/page"}]
    r = rng.random()
    if r < 0.08:
        m["mediaUrls"] = [f"https://ton.twitter.com/1.1/ton/data/dm/{mid}/{mid - 1}/Img{mid % 1000}.jpg"]
    elif r < 0.18:
        m["reactions"] = [{"senderId": ME, "reactionKey": rng.choice(["like", "funny", "agree"]),
                           "eventId": str(mid + 1), "createdAt": iso(ms + 5000)}]
    return {"messageCreate": m}


def write(path, name, part, items):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"window.YTD.{name}.part{part} = ")
        json.dump(items, f, indent=2, separators=(",", " : "), ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--conversations", type=int, default=40)
    ap.add_argument("--per-part", type=int, default=15)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    data = os.path.join(a.out, "data")
    os.makedirs(data, exist_ok=True)
    write(os.path.join(data, "account.js"), "account", 0, [{"account": {
        "email": "bench@example.org", "createdVia": "web", "username": "bench",
        "accountId": ME, "createdAt": "2015-01-01T00:00:00.000Z", "accountDisplayName": "Bench"}}])
    per = a.messages // a.conversations
    mid = 1_600_000_000_000_000_000
    direct, group = [], []
    for c in range(a.conversations):
        other = str(222_000_000 + c)
        is_group = c % 4 == 3
        ms = 1_700_000_000_000 + per * 60_000
        events = []
        for i in range(per):
            sender = rng.choice([ME, other])
            recipient = None if is_group else (other if sender == ME else ME)
            events.append(event(rng, mid, ms, sender, recipient))
            mid += 2
            ms -= rng.randint(1_000, 90_000)
        if is_group:
            events.append({"joinConversation": {"initiatingUserId": other,
                           "participantsSnapshot": [ME, other], "createdAt": iso(ms)}})
            group.append({"dmConversation": {"conversationId": str(1_612_345_678_901_234_567 + c),
                                             "messages": events}})
        else:
            direct.append({"dmConversation": {"conversationId": f"{ME}-{other}", "messages": events}})
    for i in range(0, max(1, len(direct)), a.per_part):
        part = i // a.per_part
        name = "direct-messages.js" if part == 0 else f"direct-messages-part{part}.js"
        write(os.path.join(data, name), "direct_messages", part, direct[i:i + a.per_part])
    write(os.path.join(data, "direct-messages-group.js"), "direct_messages_group", 0, group)
    print(f"wrote {per * a.conversations} messages in {a.conversations} conversations to {a.out}")


if __name__ == "__main__":
    main()
