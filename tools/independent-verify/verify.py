#!/usr/bin/env python3
"""Independent verifier for `ledger` files, format version 1, written from docs/FORMAT.md only.

Usage: python3 verify.py FILE [--passphrase-env VAR] [--json] [--strict]

Without a key (standard library only) it checks, per FORMAT.md §8: the file is a ledger of
format 1 (§4), every record's field sizes (§4), every record hash (§7.3), every link (record 1
links to the genesis hash) and contiguous sequence numbers. With --passphrase-env VAR (and
PyNaCl installed) it also unwraps every data key (§6), decrypts every record (§7.2) and checks
each payload against §7.4 and the canonical JSON rules of §2 (parse strictly, re-encode,
compare bytes). --strict also checks the §9 contents of `data` (record 1 is ledger.created
with this ledger's id, format 1 and the time of meta.created; note text is a string of at most
65536 bytes), which §8 does not list and the `ledger` program does not check.

Each problem is printed as `KIND SEQ: message` (kinds of §8; seq 0 = not tied to a record).
Exit codes: 0 intact, 3 problems found, 5 wrong passphrase (or changed `keys` row),
6 not a ledger / unknown format version, 2 usage error.
"""
import argparse, hashlib, json, os, re, sqlite3, struct, sys

try:
    from nacl import bindings as nb
    HAVE_NACL = True
except ImportError:  # keyless checks still work
    HAVE_NACL = False

APPLICATION_ID = 0x4C444752                       # 'LDGR'
L_GENESIS, L_RECORD = b"ledger/v1/genesis\0", b"ledger/v1/record\0"
L_RECORD_AD, L_KEY_WRAP = b"ledger/v1/record-ad\0", b"ledger/v1/key-wrap\0"
ZERO_ID = bytes(16)
KIND_RE = re.compile(r"[a-z0-9._-]{1,64}")
TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
MAX_INT = 2**53 - 1


class NotALedger(Exception): pass
class CannotUnwrap(Exception): pass


# ---------------------------------------------------------------- canonical JSON (§2)
class NotCanonical(ValueError): pass

_ESC = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r'}

def _enc_str(s):
    return '"' + "".join(_ESC.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in s) + '"'

def canonical(v, depth=0):
    """The canonical JSON text of v (§2). Containers count one level each; top level = 1."""
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, int):
        if not -MAX_INT <= v <= MAX_INT: raise NotCanonical(f"integer {v} out of range")
        return str(v)
    if isinstance(v, str): return _enc_str(v)
    if depth + 1 > 64: raise NotCanonical("nesting deeper than 64")
    if isinstance(v, list): return "[" + ",".join(canonical(x, depth + 1) for x in v) + "]"
    if isinstance(v, dict):
        names = sorted(v, key=lambda k: k.encode("utf-8"))
        return "{" + ",".join(_enc_str(k) + ":" + canonical(v[k], depth + 1) for k in names) + "}"
    raise NotCanonical(f"not a JSON value: {type(v).__name__}")

def _pairs(pairs):
    d = {}
    for k, v in pairs:
        if k in d: raise NotCanonical(f"duplicate member name {k!r}")
        d[k] = v
    return d

def _no_float(s): raise NotCanonical(f"non-integer number {s}")

def parse_canonical(b):
    """Parse bytes as JSON, strictly, and insist they are the canonical spelling (§2)."""
    if b.startswith(b"\xef\xbb\xbf"): raise NotCanonical("byte order mark")
    try:
        text = b.decode("utf-8")                           # strict: invalid UTF-8 is not JSON
        v = json.loads(text, object_pairs_hook=_pairs, parse_float=_no_float,
                       parse_constant=_no_float)
        again = canonical(v).encode("utf-8")               # lone surrogates fail here
    except NotCanonical: raise
    except (UnicodeError, ValueError, RecursionError) as e:
        raise NotCanonical(f"not JSON ({e})")
    if again != b: raise NotCanonical("not the canonical spelling of its value")
    return v


# ---------------------------------------------------------------- file and records
def open_ledger(path):
    """Open read-only; return (connection, ledger_id, created). Raise NotALedger."""
    try:
        with open(path, "rb") as f: magic = f.read(16)
    except OSError as e: raise NotALedger(f"cannot read '{path}': {e.strerror}")
    if magic != b"SQLite format 3\0": raise NotALedger(f"'{path}' is not a ledger (not an SQLite database)")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app = con.execute("PRAGMA application_id").fetchone()[0]
        if app != APPLICATION_ID:
            raise NotALedger(f"'{path}' is not a ledger (application_id {app:#x}, expected 0x4c444752)")
        meta = dict(con.execute("SELECT key, value FROM meta"))
        schema = con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e: raise NotALedger(f"'{path}' is not a readable ledger: {e}")
    fmt = meta.get("format")
    fmt = fmt.decode("ascii", "replace") if isinstance(fmt, bytes) else str(fmt)
    if fmt != "1":
        raise NotALedger(f"'{path}' uses ledger format {fmt}; this verifier reads format 1 only")
    if schema > 1:    # §4: user_version counts migrations; this verifier knows migration 1 only
        raise NotALedger(f"'{path}' has schema version {schema}; this verifier reads schema 1 only")
    lid = meta.get("ledger_id")
    if not isinstance(lid, bytes) or len(lid) != 16:
        raise NotALedger(f"'{path}': meta.ledger_id is not 16 bytes")
    created = meta.get("created")
    created = created.decode("ascii", "replace") if isinstance(created, bytes) else created
    return con, lid, created

def header(lid, r):
    kind = r["kind"].encode("utf-8")
    return (lid + struct.pack(">QI", r["seq"], r["epoch"]) + r["deployment"]
            + bytes([len(kind)]) + kind + struct.pack(">I", len(r["public"])) + r["public"]
            + r["nonce"] + r["prev_hash"])

def record_hash(lid, r, seq=None):
    r = dict(r, seq=r["seq"] if seq is None else seq)
    return hashlib.sha256(L_RECORD + header(lid, r) + struct.pack(">I", len(r["ciphertext"]))
                          + r["ciphertext"] + struct.pack(">H", len(r["sig"])) + r["sig"]).digest()

def size_problems(r):
    p = []
    if not isinstance(r["kind"], str) or not KIND_RE.fullmatch(r["kind"]): p.append(f"kind {r['kind']!r} is not 1-64 of [a-z0-9._-]")
    for col, n in (("deployment", 16), ("nonce", 24), ("prev_hash", 32), ("hash", 32)):
        if not isinstance(r[col], bytes) or len(r[col]) != n: p.append(f"{col} is not {n} bytes")
    if not isinstance(r["ciphertext"], bytes) or not 16 <= len(r["ciphertext"]) < 2**32: p.append("ciphertext shorter than its 16-byte tag")
    if len(r["sig"]) not in (0, 96): p.append("sig is %d bytes, not 0 or 96" % len(r["sig"]))
    if not isinstance(r["public"], bytes) or len(r["public"]) > 65536: p.append("public is not a blob of at most 65536 bytes")
    elif r["public"]:
        try:
            v = parse_canonical(r["public"])
            if not isinstance(v, dict) or not v: p.append("public is not a JSON object with members")
        except Exception as e: p.append(f"public is not canonical JSON: {e}")
    if not isinstance(r["epoch"], int) or not 1 <= r["epoch"] < 2**32: p.append(f"epoch {r['epoch']!r} out of range")
    if not 1 <= r["seq"] < 2**63: p.append("seq out of range")
    return p


# ---------------------------------------------------------------- keys and payloads (§6, §7.4)
def unwrap_keys(con, lid, passphrase):
    keys = {}
    for epoch, kdf, ops, mem, salt, nonce, wrapped in con.execute(
            "SELECT epoch, kdf, opslimit, memlimit, salt, nonce, wrapped FROM keys ORDER BY epoch"):
        if kdf != "argon2id13" or len(salt) != 16 or len(nonce) != 24 or len(wrapped) != 48:
            raise CannotUnwrap(f"key epoch {epoch}: malformed keys row")
        if ops < 2 or mem < 19922944:
            raise CannotUnwrap(f"key epoch {epoch}: Argon2id parameters below the floor (ops {ops}, mem {mem})")
        kek = nb.crypto_pwhash_alg(32, passphrase, salt, ops, mem, nb.crypto_pwhash_ALG_ARGON2ID13)
        ad = L_KEY_WRAP + lid + struct.pack(">IQQ", epoch, ops, mem) + salt
        try: keys[epoch] = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(wrapped, ad, nonce, kek)
        except Exception: raise CannotUnwrap(f"key epoch {epoch} does not unwrap: wrong passphrase or changed keys row")
    return keys

def valid_time(t):
    """§3: YYYY-MM-DDTHH:MM:SS.mmmZ, a real calendar date (years 0000-9999), no leap second."""
    if not isinstance(t, str) or not TIME_RE.fullmatch(t): return False
    y, mo, d, h, mi, s = (int(x) for x in re.findall(r"\d+", t)[:6])
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= mo <= 12 and 1 <= d <= days[mo - 1] and h < 24 and mi < 60 and s < 60

def payload_problems(p, r, lid, created, strict=False):
    if not isinstance(p, dict) or set(p) - {"role"} != {"actor", "data", "time"}:
        return ["payload is not an object with exactly actor, data, time and an optional role"]
    if "role" in p and not isinstance(p["role"], str): return ["role is not a string"]
    out, d = [], p["data"]
    if not isinstance(p["actor"], str): out.append("actor is not a string")
    if not valid_time(p["time"]): out.append(f"time {p['time']!r} is not YYYY-MM-DDTHH:MM:SS.mmmZ")
    if not isinstance(d, dict): return out + ["data is not an object"]
    if not strict: return out                                     # §9 contents: only with --strict
    if r["seq"] == 1 and r["kind"] != "ledger.created": out.append("record 1 is not ledger.created")
    if r["kind"] == "ledger.created":
        if r["seq"] != 1: out.append("ledger.created is not record 1")
        if r["deployment"] != ZERO_ID: out.append("ledger.created belongs to a deployment")
        if d.get("format") != 1 or d.get("format") is True: out.append("data.format is not 1")
        if d.get("ledger") != lid.hex(): out.append("data.ledger is not this ledger's id")
        if created is not None and p["time"] != created: out.append("time differs from meta.created")
    elif r["kind"] == "note":
        t = d.get("text")
        if not isinstance(t, str) or len(t.encode("utf-8")) > 65536: out.append("data.text is not a string of at most 65536 bytes")
    return out


# ---------------------------------------------------------------- verification (§8)
COLS = ("seq", "kind", "deployment", "epoch", "public", "nonce", "ciphertext", "sig", "prev_hash", "hash")

def verify(con, lid, created, keys=None, strict=False):
    rows = [dict(zip(COLS, t)) for t in con.execute(f"SELECT {', '.join(COLS)} FROM events ORDER BY seq")]
    findings, bad = [], set()
    def find(kind, seq, msg):
        findings.append({"kind": kind, "seq": seq, "message": msg}); bad.add(seq)
    genesis = hashlib.sha256(L_GENESIS + lid).digest()
    by_prev = {r["prev_hash"]: r["seq"] for r in rows}
    ok, checkable = {}, []                                        # seq -> hash matches fields
    for r in rows:                                                # sizes and hashes
        probs = size_problems(r)
        if probs:
            find("malformed", r["seq"], "; ".join(probs))
            if any(p.startswith(("kind", "deployment", "nonce", "prev_hash", "epoch", "seq")) for p in probs):
                continue                                          # header not computable
        ok[r["seq"]] = record_hash(lid, r) == r["hash"]
        checkable.append(r)
    pos = {r["hash"]: r["seq"] for r in checkable if ok[r["seq"]]}  # hash -> true position
    moved, moved_to = {}, {}                                      # true position <-> stored seq
    for r in checkable:                                           # a bad hash: moved or modified?
        s = r["seq"]
        if ok[s]: continue
        before = 1 if r["prev_hash"] == genesis else pos.get(r["prev_hash"], -9) + 1
        cands = [p for p in (before, by_prev.get(r["hash"], -9) - 1) if p > 0 and p != s]
        at = next((p for p in cands if record_hash(lid, r, p) == r["hash"]), None)
        if at is not None:
            find("reordered", s, f"an authentic record that belongs at position {at}")
            pos[r["hash"]], moved[at], moved_to[s] = at, s, at
        elif s not in bad: find("modified", s, "the stored hash does not match the record's fields")
    held = {moved_to.get(r["seq"], r["seq"]) for r in rows}       # positions, records put where they belong
    for p in range(1, max(held, default=0)):
        if p not in held: find("missing", p, "no record holds this position")
    for i, r in enumerate(rows):                                  # links
        s = r["seq"]
        if not ok.get(s) or s in bad: continue
        if s in moved and moved[s] != s:
            find("inserted", s, f"not part of the chain: the authentic record {s} is stored at {moved[s]}")
            continue
        prev = rows[i - 1] if i > 0 and rows[i - 1]["seq"] == s - 1 else None
        if s == 1 and r["prev_hash"] != genesis:
            find("modified", s, "record 1 does not link to the genesis hash")
        elif prev is not None and r["prev_hash"] != prev["hash"] and ok.get(prev["seq"]):
            if prev["seq"] not in bad:
                find("modified", prev["seq"], f"replaced: record {s} links to a different record here")
    if keys is not None:                                          # decryption and payloads
        for r in rows:
            s = r["seq"]
            if not ok.get(s) or s in bad: continue                # only records not already flagged
            key = keys.get(r["epoch"])
            if key is None: find("malformed", s, f"no key epoch {r['epoch']}"); continue
            try:
                pt = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(r["ciphertext"], L_RECORD_AD + header(lid, r), r["nonce"], key)
            except Exception:
                find("undecryptable", s, "the tag does not verify although the hash does"); continue
            try: probs = payload_problems(parse_canonical(pt), r, lid, created, strict)
            except NotCanonical as e: probs = [f"payload: {e}"]
            if probs: find("malformed", s, "; ".join(probs))
    findings.sort(key=lambda f: (f["seq"], f["kind"]))
    return len(rows), findings


def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent verifier for ledger format 1 (docs/FORMAT.md).")
    ap.add_argument("file"); ap.add_argument("--passphrase-env", metavar="VAR"); ap.add_argument("--json", action="store_true")
    ap.add_argument("--strict", action="store_true", help="also check the §9 contents of data (record 1, note text)")
    a = ap.parse_args(argv)                                       # usage errors exit 2
    keys, note, extra = None, "no passphrase: checked without the key (hashes, links, sizes)", []
    try:
        con, lid, created = open_ledger(a.file)
        if a.passphrase_env:
            pw = os.environ.get(a.passphrase_env)
            if pw is None: ap.error(f"environment variable {a.passphrase_env} is not set")
            if not HAVE_NACL:
                note = "PyNaCl is not installed: checked WITHOUT the key (hashes, links, sizes)"
            else:
                keys, note = unwrap_keys(con, lid, pw.encode("utf-8")) or None, None  # raw UTF-8 bytes
                if keys is None:
                    extra = [{"kind": "malformed", "seq": 0, "message": "the keys table holds no data key"}]
        n, findings = verify(con, lid, created, keys, a.strict)
        findings = extra + findings
    except NotALedger as e:
        print(f"verify: error: {e}", file=sys.stderr); return 6
    except CannotUnwrap as e:
        print(f"verify: error: {e}", file=sys.stderr); return 5
    if note: print(f"verify: {note}", file=sys.stderr)
    if a.json:
        print(json.dumps({"intact": not findings, "records": n, "findings": findings, "decrypted": keys is not None}))
    else:
        for f in findings: print(f"{f['kind']} {f['seq']}: {f['message']}")
        print(f"OK: {n} records" if not findings else f"FAILED: {len(findings)} problem(s) in {n} records")
    return 3 if findings else 0

if __name__ == "__main__":
    sys.exit(main())
