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
        if "input" in c:
            # Pasted text (the intake's corpus): what the presentation target reads.
            put("presentation", c["input"])
            continue
        recs = c["records"]
        put(target, "\n" + "\n".join(recs))
        for r in recs:
            put("presentation", presentation(r))
            # The same record split at a different place, as multi-string TXT records come.
            if len(r) > 8:
                put("presentation", presentation(r[:8]) + " " + presentation(r[8:]))

for c in cases("mx-match"):
    put("mx_match", "\n" + c["pattern"] + "\n" + c["host"])
    put("coverage_work", "\n" + c["pattern"] + "\n" + c["host"])

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

def epoch(day):
    """A scenario date (`YYYY-MM-DD`) in Unix seconds."""
    import datetime
    d = datetime.date.fromisoformat(day)
    return (d - datetime.date(1970, 1, 1)).days * 86400

def encode_tls(key, v, script):
    """A TLS probe answer as kind `S`, in the slot the engine gives its request: 6 for the policy
    host, then one per MX host in preference order (from the script's MX answer)."""
    url = key.split(" ", 1)[1]
    if url.startswith("https://"):
        sid = 6
    else:
        host = url.split("://", 1)[1].rsplit(":", 1)[0]
        mx = next((a for k, a in script if k.startswith("MX ")), {})
        hosts = []
        for _, h in sorted(mx.get("mx", []), key=lambda m: m[0]):
            h = h.rstrip(".").lower()
            if h not in hosts:
                hosts.append(h)
        if host not in hosts:
            return None
        sid = 7 + hosts.index(host)
    outcome = v.get("tls")
    if outcome == "handshake":
        trust = v.get("trust")
        lines = ["H", v.get("version", ""), "T" if trust == "trusted" else "U" + (trust or {}).get("untrusted", "")]
        for c in v.get("chain", []):
            lines.append(";".join([",".join(c.get("dns", [])), ",".join(c.get("cn", [])), c.get("issuer", ""),
                                   str(epoch(c["not_before"])), str(epoch(c["not_after"]))]))
        payload = "\n".join(lines)
    elif outcome == "unreachable":
        payload = "U" + v.get("message", "")
    elif outcome == "starttls-not-offered":
        payload = "N" + v.get("reply", "")
    elif outcome == "handshake-failed":
        payload = "F" + v.get("message", "")
    else:
        kind, _, msg = v.get("fail", "").partition(":")
        return chr(48 + sid) + "X" + {"timeout": "T", "network": "N"}.get(kind, "C") + msg
    return chr(48 + sid) + "S" + payload

sdir = ROOT / "tests" / "scenarios"
defaults = json.loads((sdir / "_defaults.json").read_text())

def scenario_scripts():
    """Each scenario file and its answers in feeding order: its own responses, then the
    defaults it does not override, `{domain}` filled in (as the engine's test runner does)."""
    for f in sorted(sdir.glob("*.json")):
        if f.name == "_defaults.json":
            continue
        s = json.loads(f.read_text())
        inp = s.get("input", "")
        domain = s.get("domain") or inp.strip().rstrip(".").split("@")[-1].lower()
        script = [(r["request"], r) for r in s.get("responses", [])]
        keys = {k for k, _ in script}
        for k, v in defaults.items():
            k = k.replace("{domain}", domain)
            if k not in keys:
                script.append((k, json.loads(json.dumps(v).replace("{domain}", domain))))
        yield s, script

for s, script in scenario_scripts():
    head = s.get("input", "")
    if "previous" in s:
        p = s["previous"]
        head += "\x01" + (p.get("id") or "") + "\x01" + p.get("policy", "")
    # TLS probe answers are for a probing driver (check_tls); check_engine's checker does not probe.
    sections = [encode(k, v) for k, v in script if not k.startswith("TLS ")]
    put("check_engine", "\x00".join([head] + sections))
    # Answers in reverse order and a partial script (report() mid-check).
    put("check_engine", "\x00".join([head] + sections[::-1]))
    put("check_engine", "\x00".join([head] + sections[:3]))
    probing = [s for s in (encode_tls(k, v, script) for k, v in script if k.startswith("TLS ")) if s is not None]
    put("check_tls", "\x00".join([head] + sections + probing))
    put("check_tls", "\x00".join([head] + (sections + probing)[::-1]))

# dns_answer: DNS wire-format answers (first byte: the question, as the target reads it), with
# name compression as resolvers write it. Every scenario's DNS answers, then hand-built odd ones.
import ipaddress, struct
TYPES = {"A": 1, "CNAME": 5, "MX": 15, "TXT": 16, "AAAA": 28}
QUESTIONS = [("_mta-sts.example.com", "TXT"), ("_smtp._tls.example.com", "TXT"), ("example.com", "MX"),
             ("mta-sts.example.com", "A"), ("mta-sts.example.com", "AAAA"), ("example.com", "CNAME"),
             ("a", "TXT"), ("mta-sts.Example.COM", "A")]
TYPE_PICK = {"TXT": 0, "MX": 2, "A": 3, "AAAA": 4, "CNAME": 5}

class Wire:
    def __init__(self):
        self.buf = bytearray()
        self.names = {}
    def name(self, name, compress=True):
        labels = [l for l in name.rstrip(".").split(".") if l] if name not in (".", "") else []
        for i in range(len(labels)):
            key = ".".join(labels[i:]).lower()
            if compress and key in self.names:
                self.buf += struct.pack(">H", 0xC000 | self.names[key])
                return
            if len(self.buf) < 0x3FFF:
                self.names.setdefault(key, len(self.buf))
            raw = labels[i].encode()
            self.buf += bytes([len(raw)]) + raw
        self.buf.append(0)

def dns_message(qname, qtype, records, rcode=0, ad=False, tc=False, opt=False, compress=True, ident=0):
    w = Wire()
    flags = 0x8180 | (0x20 if ad else 0) | (0x0200 if tc else 0) | rcode
    w.buf += struct.pack(">HHHHHH", ident, flags, 1, len(records), 0, 1 if opt else 0)
    w.name(qname, compress)
    w.buf += struct.pack(">HH", TYPES[qtype], 1)
    for owner, rtype, data in records:
        w.name(owner, compress)
        w.buf += struct.pack(">HHI", TYPES.get(rtype, rtype) if isinstance(rtype, str) else rtype, 1, 300)
        at = len(w.buf)
        w.buf += b"\0\0"
        if rtype == "A":
            w.buf += ipaddress.IPv4Address(data).packed
        elif rtype == "AAAA":
            w.buf += ipaddress.IPv6Address(data).packed
        elif rtype == "CNAME":
            w.name(data, compress)
        elif rtype == "MX":
            w.buf += struct.pack(">H", data[0])
            w.name(data[1], compress)
        elif rtype == "TXT":
            for s in data if isinstance(data, list) else [data]:
                raw = s.encode()
                for i in range(0, max(len(raw), 1), 255):
                    part = raw[i:i + 255]
                    w.buf += bytes([len(part)]) + part
        else:
            w.buf += data
        struct.pack_into(">H", w.buf, at, len(w.buf) - at - 2)
    if opt:  # EDNS OPT: root owner, type 41, UDP size 1232, no options
        w.buf += b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
    return bytes(w.buf)

def put_dns(qname, qtype, records, **kw):
    pick = QUESTIONS.index((qname, qtype)) if (qname, qtype) in QUESTIONS else 0x80 | TYPE_PICK[qtype]
    put("dns_answer", bytes([pick]) + dns_message(qname, qtype, records, **kw))

RCODE_NUM = {"NOERROR": 0, "SERVFAIL": 2, "NXDOMAIN": 3, "REFUSED": 5}
for _, script in scenario_scripts():
    for key, v in dict(script).items():
        qtype, qname = key.split(" ", 1)
        if qtype not in TYPES or "fail" in v or not qname or ".." in qname:
            continue
        owner, records = qname, []
        for target in v.get("cname", []):
            records.append((owner, "CNAME", target))
            owner = target
        records += [(owner, "TXT", t) for t in v.get("txt", [])]
        records += [(owner, "MX", tuple(m)) for m in v.get("mx", [])]
        records += [(owner, "A", a) for a in v.get("a", [])]
        records += [(owner, "AAAA", a) for a in v.get("aaaa", [])]
        kw = dict(rcode=RCODE_NUM.get(v.get("rcode", "NOERROR"), 0), ad=bool(v.get("ad")))
        put_dns(qname, qtype, records, **kw)
        put_dns(qname, qtype, records, opt=True, **kw)

# Hand-built: each question answered, uncompressed and with an OPT record; an RRSIG to skip;
# a null MX; long multi-string TXT; and the refusals (TC, another ID, another question).
sts = "_mta-sts.example.com"
put_dns(sts, "TXT", [(sts, "TXT", ["v=STSv1; ", "id=2024"]), (sts, "TXT", "v=spf1 -all")], ad=True, compress=False)
put_dns(sts, "TXT", [(sts, "TXT", "v=STSv1; id=" + "1" * 300), (sts, 46, bytes(range(40)))], opt=True)
put_dns(sts, "TXT", [(sts, "CNAME", "sts.provider.example"), ("sts.provider.example", "CNAME", "b.provider.example"),
                     ("b.provider.example", "TXT", "v=STSv1; id=3")], ad=True)
put_dns("_smtp._tls.example.com", "TXT", [("_smtp._tls.example.com", "TXT", "v=TLSRPTv1; rua=mailto:r@example.com")])
put_dns("example.com", "MX", [("example.com", "MX", (0, "."))])
put_dns("example.com", "MX", [("example.com", "MX", (10, "mx1.example.com")), ("example.com", "MX", (20, "mx2.example.net"))], opt=True)
put_dns("mta-sts.example.com", "A", [("mta-sts.example.com", "A", "192.0.2.10")], compress=False)
put_dns("mta-sts.example.com", "AAAA", [("mta-sts.example.com", "AAAA", "2001:db8::10")], ad=True)
put_dns("example.com", "CNAME", [("example.com", "CNAME", "target.example.net")])
put_dns("a", "TXT", [("a", "TXT", ["", "x"])])
put_dns("mta-sts.Example.COM", "A", [("MTA-STS.example.com", "A", "192.0.2.1")])
put_dns(sts, "TXT", [], rcode=3)
put_dns(sts, "TXT", [], rcode=2)
put_dns(sts, "TXT", [(sts, "TXT", "v=STSv1; id=1")], tc=True)
put_dns(sts, "TXT", [(sts, "TXT", "v=STSv1; id=1")], ident=0x1234)
put("dns_answer", bytes([2]) + dns_message(sts, "TXT", [(sts, "TXT", "v=STSv1; id=1")]))

for t in sorted(count):
    print(f"{t}: {count[t]} new seed(s)")
PY
