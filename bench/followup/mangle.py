#!/usr/bin/env python3
"""Mixes valid JSON Lines with damaged copies of them, for comparing two
builds of `tilbake followup --batch` byte for byte (bench/followup/compare).

Usage: mangle.py IN.jsonl OUT.jsonl [SEED]

Every third line is damaged: bytes replaced, deleted or inserted (some of
them JSON's own punctuation, digits and escapes), fields renamed, given
another type or repeated, dates and grades made invalid, ids duplicated,
lines cut short, invalid UTF-8, a byte-order mark, CR LF endings, blank
lines. The other lines are kept as they are.
"""
import json
import random
import sys

rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
PUNCT = b'{}[]",:0123456789-.eE+\\ntrufals'


def bytes_damage(line: bytes) -> bytes:
    data = bytearray(line)
    for _ in range(rng.randint(1, 3)):
        if not data:
            break
        at = rng.randrange(len(data))
        what = rng.randrange(3)
        if what == 0:
            data[at] = rng.choice(PUNCT) if rng.random() < 0.7 else rng.randrange(256)
        elif what == 1:
            del data[at:at + rng.randint(1, 8)]
        else:
            data[at:at] = bytes(rng.choice(PUNCT) for _ in range(rng.randint(1, 5)))
    return bytes(data)


def field_damage(line: bytes) -> bytes:
    doc = json.loads(line)
    events = doc.get("events", [])
    choice = rng.randrange(14)
    if choice == 0 and events:
        e = rng.choice(events)
        e[rng.choice(["from", "to", "date"])] = rng.choice(
            ["2024-02-30", "2024-1-05", "0000-01-01", "99999-01-01", 20240101, None, ""])
    elif choice == 1 and events:
        e = rng.choice(events)
        e["grade"] = rng.choice([0, 101, -1, 50.0, 1e2, "50", None, 18446744073709551616, True])
    elif choice == 2 and events:
        rng.choice(events)["kind"] = rng.choice(["holiday", None, 3, "Sick_leave"])
    elif choice == 3 and len(events) > 1:
        certs = [e for e in events if e.get("kind") == "sick_leave"]
        if len(certs) > 1:
            certs[-1]["id"] = certs[0]["id"]
    elif choice == 4 and events:
        rng.choice(events)["corrects"] = rng.choice(["nope", 7, None])
    elif choice == 5:
        doc["birth_date"] = rng.choice(["1960-13-01", 1960, None, "1960-02-29"])
    elif choice == 6:
        doc["events"] = rng.choice([None, {}, "[]", 5])
    elif choice == 7 and events:
        e = rng.choice(events)
        e["from"], e["to"] = e.get("to"), e.get("from")
    elif choice == 8:
        doc["note"] = rng.choice(["x", [[[[]]]], {"a": None}, "\u2028"])
    elif choice == 9 and events:
        rng.choice(events).pop(rng.choice(["id", "from", "to", "kind", "date"]), None)
    elif choice == 10:
        events.append({"kind": "cancelled", "id": rng.choice(["missing", "a\u0001b"])})
    elif choice == 11:
        events.append(rng.choice([[], 1, "sick_leave", None]))
    elif choice == 12:
        doc["today"] = "9999-12-31"
        events.append({"kind": "sick_leave", "id": "late", "from": "9999-10-01", "to": "9999-12-31"})
    else:
        text = json.dumps(doc, separators=(",", ":"))
        # A repeated key, a huge number and deep nesting, written by hand.
        return (text[:-1] + rng.choice([',"events":[]}', ',"n":1e400}', ',"d":' + "[" * 200 + "]" * 200 + "}",
                                        ',"s":"\\ud800"}', ',"birth_date":"1970-01-01"}'])).encode()
    return json.dumps(doc, separators=(",", ":")).encode()


with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as out:
    for n, line in enumerate(src):
        line = line.rstrip(b"\n")
        if n % 3 == 2:
            kind = rng.randrange(10)
            if kind < 4:
                line = bytes_damage(line)
            elif kind < 8:
                line = field_damage(line)
            elif kind == 8:
                line = line[: rng.randrange(len(line) + 1)]
            else:
                line = rng.choice([b"", b"\xef\xbb\xbf" + line, line + b"\r", b"\xff" + line, b"null", b"  "])
        out.write(line.replace(b"\n", b" ") + b"\n")
