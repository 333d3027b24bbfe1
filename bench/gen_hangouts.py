#!/usr/bin/env python3
"""Generate a large synthetic Google Takeout `Hangouts.json` (the 2018+
`conversations` layout) for streaming and memory checks (no dependencies).

Every conversation is one-to-one between two participants; events are text
messages of a few segments (text, line break, link), with a photo attachment
every 50th event and a call start/end pair every 500th. Written as it is
generated, so the generator itself needs little memory.

    python3 bench/gen_hangouts.py --events 100000 --conversations 20 --out /tmp/hangouts-bench
    /usr/bin/time -f "%M KB peak RSS, %e s" ferry import --dry-run /tmp/hangouts-bench/Hangouts.json
"""

import argparse
import json
import os

ME = {"gaia_id": "100000000000000000001", "chat_id": "100000000000000000001"}


def person(i):
    g = str(200000000000000000000 + i)
    return {"gaia_id": g, "chat_id": g}


def event(cid, sender, ts, n):
    e = {
        "conversation_id": {"id": cid},
        "sender_id": sender,
        "timestamp": str(ts),
        "event_id": f"{cid}-{n}",
        "event_type": "REGULAR_CHAT_MESSAGE",
    }
    if n % 500 == 1:
        e["event_type"] = "HANGOUT_EVENT"
        e["hangout_event"] = {"event_type": "START_HANGOUT", "media_type": "AUDIO_VIDEO"}
        return e
    if n % 500 == 2:
        e["event_type"] = "HANGOUT_EVENT"
        e["hangout_event"] = {
            "event_type": "END_HANGOUT",
            "hangout_duration_secs": "93",
            "media_type": "AUDIO_VIDEO",
        }
        return e
    content = {
        "segment": [
            {"type": "TEXT", "text": f"message {n} of {cid}, with a few words 👋"},
            {"type": "LINE_BREAK", "text": "\n"},
            {"type": "LINK", "text": "https://example.org/x", "link_data": {"link_target": "https://example.org/x"}},
        ]
    }
    if n % 50 == 0:
        content["attachment"] = [
            {"embed_item": {"type": ["PLUS_PHOTO"], "plus_photo": {
                "url": f"https://photos.example.com/p/{cid}/IMG_{n}.jpg", "media_type": "PHOTO"}}}
        ]
    e["chat_message"] = {"message_content": content}
    return e


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100000)
    ap.add_argument("--conversations", type=int, default=20)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    per = max(1, a.events // max(1, a.conversations))
    ts = 1500000000000000
    with open(os.path.join(a.out, "Hangouts.json"), "w", encoding="utf-8") as f:
        f.write('{"conversations": [')
        for c in range(a.conversations):
            cid = f"UgxBench{c:06d}AaABAQ"
            other = person(c)
            meta = {
                "conversation_id": {"id": cid},
                "conversation": {
                    "id": {"id": cid},
                    "type": "STICKY_ONE_TO_ONE",
                    "self_conversation_state": {"self_read_state": {"participant_id": ME}},
                    "participant_data": [
                        {"id": ME, "fallback_name": "Me"},
                        {"id": other, "fallback_name": f"Friend {c}"},
                    ],
                },
            }
            f.write("," if c else "")
            f.write('{"conversation": ' + json.dumps(meta, ensure_ascii=False) + ', "events": [')
            for n in range(per):
                ts += 1000000
                sender = ME if n % 2 else other
                f.write("," if n else "")
                f.write(json.dumps(event(cid, sender, ts, n), ensure_ascii=False))
            f.write("]}")
        f.write("]}")


if __name__ == "__main__":
    main()
