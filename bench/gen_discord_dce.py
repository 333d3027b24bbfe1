#!/usr/bin/env python3
"""
Deterministic generator of large DiscordChatExporter JSON exports (one channel per file), for the
Discord importer's benchmarks. Standard library only.

    python3 bench/gen_discord_dce.py --messages 1000000 --seed 42 --out /tmp/dce_1m.json

Same arguments => byte-identical output. Shape follows docs/formats/discord.md: 2-space indented
like DCE, `guild`, `channel`, `dateRange`, `exportedAt`, `messages[]`, `messageCount`; message ids
are 19-digit snowflakes (> 2^53) written as strings; timestamps carry a +02:00 offset.

Mix per message (approximate): 2 % system (ChannelPinnedMessage, GuildMemberJoin, ThreadCreated),
0.5 % Call, 6 % replies, 3 % edited, 5 % attachments (remote CDN URLs), 1 % stickers, 2 % bot embeds,
6 % reactions (with users), 8 % multi-line, non-ASCII text and emoji throughout.
"""
import argparse
import json
import random
from datetime import datetime, timedelta, timezone

WORDS = ("ok sure lol ship it tomorrow release build green red merge main review fix bug docs "
         "ferry chat export import café naïve 🎉 👍 🔥 über straße ¿qué? 東京 привет").split()
SYSTEM = [("ChannelPinnedMessage", "Pinned a message."), ("GuildMemberJoin", "Joined the server."),
          ("ThreadCreated", "Started a thread.")]
TZ = timezone(timedelta(hours=2))


def user(i, bot=False):
    return {"id": str(300000000000000000 + i), "name": f"user_{i}", "discriminator": "0000",
            "nickname": f"User {i}", "color": None, "isBot": bot,
            "avatarUrl": f"https://cdn.discordapp.com/avatars/{300000000000000000 + i}/a1b2c3.png?size=512"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--messages", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--authors", type=int, default=40)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    users = [user(i, bot=(i == 0)) for i in range(a.authors)]
    t = datetime(2021, 1, 1, 9, 0, 0, tzinfo=TZ)
    mid = 1200000000000000000
    enc = json.JSONEncoder(ensure_ascii=False, indent=2)
    with open(a.out, "w", encoding="utf-8") as f:
        head = {"guild": {"id": "1000000000000000000", "name": "Bench Server",
                          "iconUrl": "https://cdn.discordapp.com/icons/1/a.png"},
                "channel": {"id": "1000000000000000100", "type": "GuildTextChat",
                            "categoryId": "1000000000000000010", "category": "Text Channels",
                            "name": "general", "topic": "benchmark"},
                "dateRange": {"after": None, "before": None},
                "exportedAt": "2024-05-02T10:00:00.000+02:00"}
        f.write(enc.encode(head)[:-2] + ',\n  "messages": [\n')
        prev = []
        for i in range(a.messages):
            mid += rnd.randint(1, 5_000_000)
            t += timedelta(milliseconds=rnd.randint(500, 600_000))
            ts = t.isoformat(timespec="milliseconds")
            r = rnd.random()
            author = users[rnd.randrange(a.authors)]
            kind, content = "Default", " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 18)))
            if rnd.random() < 0.08:
                content += "\n" + " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 8)))
            m = {"id": str(mid), "type": kind, "timestamp": ts,
                 "timestampEdited": (t + timedelta(seconds=30)).isoformat(timespec="milliseconds")
                 if rnd.random() < 0.03 else None,
                 "callEndedTimestamp": None, "isPinned": False, "content": content, "author": author,
                 "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": [],
                 "inlineEmojis": []}
            if r < 0.02:
                m["type"], m["content"] = SYSTEM[rnd.randrange(len(SYSTEM))]
            elif r < 0.025:
                m["type"], m["content"] = "Call", "Started a call that lasted 3 minutes."
                m["callEndedTimestamp"] = (t + timedelta(minutes=3)).isoformat(timespec="milliseconds")
            elif r < 0.085 and prev:
                m["type"] = "Reply"
                m["reference"] = {"messageId": rnd.choice(prev), "channelId": "1000000000000000100",
                                  "guildId": "1000000000000000000"}
            if rnd.random() < 0.05:
                n = rnd.randint(1, 3)
                m["attachments"] = [{"id": str(mid + k), "url": f"https://cdn.discordapp.com/attachments/1/{mid + k}/IMG_{i}_{k}.jpg?ex=66&is=66&hm=0a",
                                     "fileName": f"IMG_{i}_{k}.jpg", "fileSizeBytes": rnd.randint(10_000, 5_000_000)}
                                    for k in range(n)]
            if rnd.random() < 0.01:
                m["stickers"] = [{"id": "749054660769218631", "name": "Wave", "format": "Lottie",
                                  "sourceUrl": "https://cdn.discordapp.com/stickers/749054660769218631.json"}]
            if rnd.random() < 0.02:
                m["author"], m["content"] = users[0], ""
                m["embeds"] = [{"title": f"Build #{i} passed", "url": "https://ci.example.org",
                                "timestamp": ts, "description": "All tests green", "color": "#2ECC71",
                                "fields": [{"name": "Branch", "value": "main", "isInline": True}]}]
            if rnd.random() < 0.06:
                who = rnd.sample(users, rnd.randint(1, 3))
                m["reactions"] = [{"emoji": {"id": "", "name": "👍", "code": "thumbsup", "isAnimated": False,
                                             "imageUrl": "https://cdn.jsdelivr.net/1f44d.svg"},
                                   "count": len(who), "users": who}]
            prev = (prev + [str(mid)])[-50:]
            body = enc.encode(m).replace("\n", "\n    ")
            f.write(("    " if i == 0 else ",\n    ") + body)
        f.write(f'\n  ],\n  "messageCount": {a.messages}\n}}\n')


if __name__ == "__main__":
    main()
