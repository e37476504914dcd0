#!/usr/bin/env bash
# Seeds the fuzz corpora from the regular test corpus (tests/corpus, tests/scenarios)
# into fuzz/corpus/<target>/ (gitignored). Needs python3. Idempotent: files are
# named by content hash, so running it again adds nothing new.
#
#   bash fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import hashlib, json, os, pathlib

ROOT = pathlib.Path(".")
OUT = ROOT / "fuzz" / "corpus"
count = {}

def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    p = d / hashlib.sha1(data).hexdigest()
    if not p.exists():
        p.write_bytes(data)
        count[target] = count.get(target, 0) + 1

def cases(folder):
    for f in sorted((ROOT / "tests" / "corpus" / folder).glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("//"):
                yield json.loads(line)

def presentation(text):
    """A record as `dig` prints it: 255-byte quoted strings with escapes."""
    raw = text.encode()
    parts = []
    for i in range(0, max(len(raw), 1), 255):
        s = '"'
        for b in raw[i:i + 255]:
            if b in (0x22, 0x5C):
                s += "\\" + chr(b)
            elif 0x20 <= b <= 0x7E:
                s += chr(b)
            else:
                s += "\\%03d" % b
        parts.append(s + '"')
    return " ".join(parts)

# policy files: inputs and fixed texts feed the parser and the fixer.
for c in cases("policy"):
    data = bytes.fromhex(c["input_hex"]) if "input_hex" in c else c["input"].encode()
    for t in ("policy", "fix"):
        put(t, data)
        if "fixed" in c:
            put(t, c["fixed"])

# TXT record sets: separator byte, then the records.
for family, target in (("sts", "sts_records"), ("tlsrpt", "tlsrpt_records")):
    for c in cases(family):
        recs = c["records"]
        put(target, "\n" + "\n".join(recs))
        for r in recs:
            put("presentation", presentation(r))
            # The same record split at a different place, as multi-string TXT records come.
            if len(r) > 8:
                put("presentation", presentation(r[:8]) + " " + presentation(r[8:]))

for c in cases("mx-match"):
    put("mx_match", "\n" + c["pattern"] + "\n" + c["host"])

# check engine: each scenario with the default answers, encoded as decode_script reads it.
SLOT = {"TXT _mta-sts": "0", "TXT _smtp._tls": "1", "MX": "2", "A": "3", "AAAA": "4", "FETCH": "5"}
RCODE = {"NOERROR": "0", "SERVFAIL": "2", "NXDOMAIN": "3", "REFUSED": "5"}

def slot_of(key):
    kind, name = key.split(" ", 1)
    if kind == "TXT":
        return SLOT["TXT _smtp._tls" if name.startswith("_smtp._tls.") else "TXT _mta-sts"]
    return SLOT[kind]

def body_of(v):
    if isinstance(v, dict):
        return v.get("repeat", "") * v.get("times", 0)
    return v or ""

def encode(key, v):
    sid = slot_of(key)
    if "fail" in v:
        kind, _, msg = v["fail"].partition(":")
        return sid + "X" + {"timeout": "T", "network": "N"}.get(kind, "C") + msg
    if "status" in v:
        head = str(v["status"]) + (" T" if v.get("truncated") else "")
        if v.get("location") is not None:
            head += "\nL:" + v["location"]
        if v.get("content_type") is not None:
            head += "\nC:" + v["content_type"]
        return sid + "F" + head + "\n\n" + body_of(v.get("body"))
    name = key.split(" ", 1)[1]
    lines = [RCODE.get(v.get("rcode", "NOERROR"), "0") + (" 1" if v.get("ad") else " 0")]
    owner = name
    for target in v.get("cname", []):
        lines.append("CNAME %s %s" % (owner, target))
        owner = target
    for t in v.get("txt", []):
        lines.append("TXT %s %s" % (owner, "\x1f".join(t) if isinstance(t, list) else t))
    for pref, host in v.get("mx", []):
        lines.append("MX %s %d %s" % (owner, pref, host))
    for a in v.get("a", []):
        lines.append("A %s %s" % (owner, a))
    for a in v.get("aaaa", []):
        lines.append("AAAA %s %s" % (owner, a))
    return sid + "D" + "\n".join(lines)

sdir = ROOT / "tests" / "scenarios"
defaults = json.loads((sdir / "_defaults.json").read_text())
for f in sorted(sdir.glob("*.json")):
    if f.name == "_defaults.json":
        continue
    s = json.loads(f.read_text())
    inp = s.get("input", "")
    domain = s.get("domain") or inp.strip().rstrip(".").split("@")[-1].lower()
    head = inp
    if "previous" in s:
        p = s["previous"]
        head += "\x01" + (p.get("id") or "") + "\x01" + p.get("policy", "")
    script = [(r["request"], r) for r in s.get("responses", [])]
    keys = {k for k, _ in script}
    for k, v in defaults.items():
        k = k.replace("{domain}", domain)
        if k not in keys:
            script.append((k, json.loads(json.dumps(v).replace("{domain}", domain))))
    sections = [encode(k, v) for k, v in script]
    put("check_engine", "\x00".join([head] + sections))
    # Answers in reverse order and a partial script (report() mid-check).
    put("check_engine", "\x00".join([head] + sections[::-1]))
    put("check_engine", "\x00".join([head] + sections[:3]))

for t in sorted(count):
    print(f"{t}: {count[t]} new seed(s)")
PY
