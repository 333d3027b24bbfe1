#!/usr/bin/env python3
"""
Deterministic generator of large Signal Desktop exports for Ferry's importer benchmarks.
Standard library only; same arguments => byte-identical output.

    python3 bench/gen_signal.py --messages 1000000 --out bench/out/signal

writes
    <out>/sigtop/Alice_Example_(+31600000001).json   sigtop -f json (one message object per line)
    <out>/signal-export/Alice/data.json              signal-export JSON Lines

Mix (approximate, per message): 50 % incoming / 45 % outgoing text, 15 % with reactions, 8 % replies
(quote of an earlier message), 3 % edited, 5 % attachments, 1 % calls, 1 % timer notices, 0.5 %
remote deletes; mentions as U+FFFC placeholders with bodyRanges. Times advance 1-90 s per message.
"""

import argparse
import json
import os
import random

WORDS = ("hoi zullen we morgen afspreken station fiets koffie trein laat vandaag goed plan "
         "thanks see you later sounds great what about dinner photo weekend 🚲 😂 👍").split()

ALICE = "a1a1a1a1-1111-4111-8111-111111111111"
CONV = "3f9e6c1a-0b8e-4c7e-9d2f-1a2b3c4d5e6f"
SELF_CONV = "6c0ffee0-aaaa-4bbb-8ccc-000000000002"


def body(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 18)))


def sigtop_message(i, t, rng, recent):
    incoming = rng.random() < 0.52
    m = {"id": "0d4e1f70-0000-4000-8000-%012d" % i, "conversationId": CONV,
         "type": "incoming" if incoming else "outgoing", "body": body(rng),
         "sent_at": t, "timestamp": t, "received_at": 1_000_000 + i, "received_at_ms": t + 400,
         "schemaVersion": 14, "attachments": []}
    r = rng.random()
    if r < 0.01:
        m = {"id": m["id"], "conversationId": CONV, "type": "call-history", "sent_at": t,
             "timestamp": t, "callId": str(10 ** 18 + i), "schemaVersion": 14}
        return m, incoming
    if r < 0.02:
        return {"id": m["id"], "conversationId": CONV, "type": "timer-notification", "sent_at": t,
                "timestamp": t, "expirationTimerUpdate": {"expireTimer": 604800}, "flags": 2,
                "schemaVersion": 14}, incoming
    if incoming:
        m.update({"sourceServiceId": ALICE, "source": "+31600000001", "sourceDevice": 1,
                  "serverTimestamp": t + 210, "readStatus": 0, "seenStatus": 2})
    else:
        m["sendStateByConversationId"] = {SELF_CONV: {"status": "Read", "updatedAt": t + 5000}}
    if rng.random() < 0.05:
        m["body"] = "\ufffc " + m["body"]
        m["bodyRanges"] = [{"start": 0, "length": 1, "mentionAci": ALICE}]
    if rng.random() < 0.15:
        m["reactions"] = [{"emoji": rng.choice("👍❤😂😮"), "fromId": rng.choice([CONV, SELF_CONV]),
                           "targetAuthorAci": ALICE, "targetTimestamp": t, "timestamp": t + 9000}]
    if recent and rng.random() < 0.08:
        qt, qin = rng.choice(recent)
        m["quote"] = {"id": qt, "authorAci": ALICE if qin else "b2b2b2b2-2222-4222-8222-222222222222",
                      "text": body(rng), "attachments": [], "isViewOnce": False,
                      "referencedMessageNotFound": False}
    if rng.random() < 0.03:
        m["editHistory"] = [{"body": m["body"], "timestamp": t + 30000, "attachments": []},
                            {"body": body(rng), "timestamp": t, "attachments": []}]
        m["editMessageTimestamp"] = t + 30000
    if rng.random() < 0.05:
        m["attachments"] = [{"contentType": "image/jpeg", "fileName": "IMG_%06d.jpg" % i,
                             "size": rng.randint(50_000, 4_000_000), "width": 1600, "height": 1200,
                             "path": "ab/%064x" % i, "version": 2}]
        m["hasAttachments"] = 1
    if rng.random() < 0.005:
        m["deletedForEveryone"] = True
        m["body"] = ""
    return m, incoming


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--messages", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="bench/out/signal")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "sigtop"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "signal-export", "Alice"), exist_ok=True)
    t = 1_700_000_000_000
    recent = []
    with open(os.path.join(a.out, "sigtop", "Alice_Example_(+31600000001).json"), "w", encoding="utf-8") as st, \
         open(os.path.join(a.out, "signal-export", "Alice", "data.json"), "w", encoding="utf-8") as se:
        st.write("[\n")
        for i in range(a.messages):
            t += rng.randint(1_000, 90_000)
            m, incoming = sigtop_message(i, t, rng, recent)
            recent = (recent + [(t, incoming)])[-50:]
            st.write(json.dumps(m, ensure_ascii=False, separators=(",", ":")))
            st.write(",\n" if i + 1 < a.messages else "\n")
            # signal-export: naive local time, two trailing spaces, [[name, emoji]] reactions.
            secs = t // 1000
            date = "%04d-%02d-%02dT%02d:%02d:%02d" % _ymdhms(secs + 3600)
            rec = {"date": date, "sender": "Alice" if incoming else "Me",
                   "body": m.get("body", "") + "  ",
                   "quote": "\n\n> " + m["quote"]["text"] + "\n\n" if "quote" in m else "",
                   "sticker": None,
                   "reactions": [["Me" if r["fromId"] == SELF_CONV else "Alice", r["emoji"]]
                                 for r in m.get("reactions", [])],
                   "attachments": [{"name": x["fileName"], "path": "media/" + x["fileName"],
                                    "missing_kind": None} for x in m.get("attachments", [])],
                   "deleted": bool(m.get("deletedForEveryone")),
                   "call": m["type"] == "call-history", "missed": False}
            se.write(json.dumps(rec, ensure_ascii=False) + "\n")
        st.write("]\n")


def _ymdhms(secs):
    days, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    mi, s = divmod(rem, 60)
    # Civil-from-days (proleptic Gregorian), so no clock or time zone is consulted.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + (m <= 2), m, d, h, mi, s)


if __name__ == "__main__":
    main()
