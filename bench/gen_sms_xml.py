#!/usr/bin/env python3
"""
Deterministic generator of large SMS Backup & Restore backups (`sms-*.xml`, optionally
`calls-*.xml`), for the SMS importer's benchmarks. Standard library only.

    python3 bench/gen_sms_xml.py --messages 1000000 --seed 42 --out /tmp/sms_1m.xml
    python3 bench/gen_sms_xml.py -n 20000 --mms 0.5 --media-bytes 200000 --out /tmp/sms_big.xml
    python3 bench/gen_sms_xml.py -n 100000 --calls --out /tmp/calls.xml

Same arguments => byte-identical output. Shape follows docs/formats/sms-backup-restore.md:
the app's prolog (declaration, comments, stylesheet PI), `<smses count=…>`, `<sms>` with all of
the app's attributes, `<mms>` with SMIL + image (base64 `data`) + text parts and `<addrs>`.
Emoji are written as UTF-16 surrogate-pair character references (`&#55357;&#56832;`), newlines
as `&#10;`, quotes as `&quot;`, as the app does. Numbers of one contact are spelled in several
ways (`+1 312-555-0101`, `+13125550101`) to exercise thread rebuilding; 10 % of MMS are group
messages. `--mms` is the share of MMS among messages (default 0.03); `--media-bytes` the size of
each MMS image before base64 (default 2048).
"""
import argparse
import base64
import random

WORDS = ("ok sure see you later running late call me tonight dinner? café naïve über "
         "thanks 7pm at the station").split()
EMOJI = ["&#55357;&#56832;", "&#55357;&#56397;&#55356;&#57341;", "&#10;", "&quot;ok&quot;",
         "&amp;", "&#55357;&#56568;"]
OWN = "+13125550100"


def spell(n, rnd):
    d = f"{n:010d}"
    return rnd.choice([f"+1{d}", f"+1 {d[:3]}-{d[3:6]}-{d[6:]}", f"+1 ({d[:3]}) {d[3:6]} {d[6:]}"])


def body(rnd):
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(2, 20))]
    if rnd.random() < 0.15:
        words.insert(rnd.randrange(len(words) + 1), rnd.choice(EMOJI))
    return " ".join(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", "--messages", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--contacts", type=int, default=200)
    ap.add_argument("--mms", type=float, default=0.03)
    ap.add_argument("--media-bytes", type=int, default=2048)
    ap.add_argument("--calls", action="store_true", help="write a calls-*.xml instead")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    contacts = [(3125550101 + i, f"Contact {i}" if i % 4 else "(Unknown)") for i in range(a.contacts)]
    media = base64.b64encode(bytes(rnd.getrandbits(8) for _ in range(a.media_bytes))).decode()
    t = 1_600_000_000_000
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                "<!--File Created By SMS Backup & Restore v10.18.002 on 14/11/2023 16:40:00-->\n")
        root = "calls" if a.calls else "smses"
        f.write(f'<?xml-stylesheet type="text/xsl" href="{root}.xsl"?>\n')
        f.write(f'<{root} count="{a.messages}" backup_set="0f0c7e2a-1b2c-4d3e-9f40-0123456789ab" '
                f'backup_date="1700001600000" type="full">\n')
        for i in range(a.messages):
            t += rnd.randint(1_000, 3_600_000)
            num, name = contacts[rnd.randrange(len(contacts))]
            if a.calls:
                f.write(f'  <call number="{spell(num, rnd)}" duration="{rnd.randint(0, 3600)}" date="{t}" '
                        f'type="{rnd.randint(1, 6)}" presentation="1" subscription_id="1" post_dial_digits="" '
                        f'readable_date="Nov 14, 2023 4:21:40 PM" contact_name="{name}" />\n')
            elif rnd.random() >= a.mms:
                kind = 1 if rnd.random() < 0.55 else 2
                sc = "+13125559999" if kind == 1 else "null"
                f.write(f'  <sms protocol="0" address="{spell(num, rnd)}" date="{t}" type="{kind}" subject="null" '
                        f'body="{body(rnd)}" toa="null" sc_toa="null" service_center="{sc}" read="1" '
                        f'status="-1" locked="0" date_sent="{t - 1000 if kind == 1 else 0}" sub_id="1" '
                        f'readable_date="Nov 14, 2023 4:13:20 PM" contact_name="{name}" />\n')
            else:
                group = [num] + ([contacts[rnd.randrange(len(contacts))][0]] if rnd.random() < 0.1 else [])
                box = 1 if rnd.random() < 0.6 else 2
                addrs = [f"+1{g:010d}" for g in group]
                listed = "~".join(addrs + ([OWN] if box == 1 and len(group) > 1 else []))
                f.write(f'  <mms date="{t}" rr="null" sub="null" ct_t="application/vnd.wap.multipart.related" '
                        f'msg_box="{box}" address="{listed}" m_type="{132 if box == 1 else 128}" '
                        f'date_sent="{t // 1000}" read="1" seen="1" locked="0" sub_id="1" text_only="0" '
                        f'readable_date="Nov 14, 2023 4:17:20 PM" contact_name="{name}">\n    <parts>\n')
                f.write('      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" '
                        'cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;body&gt;'
                        '&lt;par dur=&quot;5000ms&quot;&gt;&lt;img src=&quot;image.jpg&quot;/&gt;&lt;/par&gt;'
                        '&lt;/body&gt;&lt;/smil&gt;" />\n')
                f.write(f'      <part seq="0" ct="image/jpeg" name="IMG_{i}.jpg" chset="null" cd="null" fn="null" '
                        f'cid="&lt;image&gt;" cl="IMG_{i}.jpg" ctt_s="null" ctt_t="null" text="null" data="{media}" />\n')
                f.write(f'      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" '
                        f'cid="&lt;text&gt;" cl="text.txt" ctt_s="null" ctt_t="null" text="{body(rnd)}" />\n'
                        '    </parts>\n    <addrs>\n')
                sender = addrs[0] if box == 1 else "insert-address-token"
                f.write(f'      <addr address="{sender}" type="137" charset="106" />\n')
                for g in (addrs[1:] + [OWN]) if box == 1 else addrs:
                    f.write(f'      <addr address="{g}" type="151" charset="106" />\n')
                f.write('    </addrs>\n  </mms>\n')
        f.write(f"</{root}>\n")


if __name__ == "__main__":
    main()
