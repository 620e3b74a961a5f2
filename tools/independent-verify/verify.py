#!/usr/bin/env python3
"""Independent verifier for `ledger` files, format version 1, written from docs/FORMAT.md only.

Usage: python3 verify.py FILE [--passphrase-env VAR] [--trust FILE] [--json] [--strict]

Without a key (standard library only) it checks, per FORMAT.md §8: the file is a ledger of
format 1 (§4), its schema against schema/001-ledger.sql, every record's field sizes (§4), every
record hash (§7.3), every link (record 1 links to the genesis hash and is ledger.created; an
empty log is missing record 1), contiguous sequence numbers, and that no two records' nonces
share the 16 bytes a record key derives from (§15.1). With --passphrase-env VAR (and
PyNaCl installed) it also unwraps every data key (§6), decrypts every record (§7.2) and checks
each payload against §7.4 and the canonical JSON rules of §2 (parse strictly, re-encode,
compare bytes). --strict also checks the §9 contents of `data` (record 1 is ledger.created
with this ledger's id, format 1 and the time of meta.created; note text is a string of at most
65536 bytes), which §8 does not list and the `ledger` program does not check.

Signatures (needs PyNaCl, no key): every 96-byte `sig` is verified (§10.4); the roster is folded
from the public data of roster.added / roster.revoked (§14.1); signers, roster entries and
sign-offs are judged as §14.6 steps 1-4 say, by the roster in force or, with --trust FILE, by the
keys a trust file (§14.5) pins (and not revoked in the log), sign-offs' key numbers included.
With the key also step 5: every deployment.started's public template digest against its
template (malformed); each sign-off's statement (§14.2: malformed when it does not parse), its
two signatures, its ledger, deployment, deployment name, head, role, key id, signer, time,
template digest and checklist-state digest (§14.3, replayed from the records before it), else
bad_signature; then the rules of §14.4 (phase verifying, a role of the template, required items
settled or accepted open; a started deployment), else invalid_signoff; and stale sign-offs.
At most one finding of each kind per record comes from §14.6.

Each problem is printed as `KIND SEQ: message` (kinds of §8; seq 0 = not tied to a record).
Exit codes: 0 intact, 3 problems found, 5 wrong passphrase (or changed `keys` row),
6 not a ledger / unknown format version, 2 usage error or a trust file that breaks §14.5.
"""
import argparse, base64, binascii, hashlib, json, os, re, sqlite3, struct, sys, unicodedata

try:
    from nacl import bindings as nb
    from nacl.signing import VerifyKey
    HAVE_NACL = True
except ImportError:  # keyless checks still work
    HAVE_NACL = False

APPLICATION_ID = 0x4C444752                       # 'LDGR'
L_GENESIS, L_RECORD = b"ledger/v1/genesis\0", b"ledger/v1/record\0"
L_RECORD_AD, L_KEY_WRAP = b"ledger/v1/record-ad\0", b"ledger/v1/key-wrap\0"
L_RECORD_SIG = b"ledger/v1/record-sig\0"                  # §10.4
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


# ---------------------------------------------------------------- trust files (§14.5)
class BadTrustFile(Exception): pass

KINDS_V1 = frozenset((                                            # §9: what `require-signed` may name
    "ledger.created", "note", "deployment.started", "item.ticked", "item.unticked", "item.skipped", "item.noted",
    "evidence.attached", "action.started", "action.finished", "rollback.decided", "rollback.completed",
    "contact.set", "roster.added", "roster.revoked", "signoff"))

_ASCII_LOWER = {c: c + 32 for c in range(0x41, 0x5B)}

def fold(role):
    """§14.1: roles are compared without regard to ASCII case (and only ASCII case)."""
    return role.translate(_ASCII_LOWER)

def b64strict(text):
    """RFC 4648 base64, standard alphabet, padded; anything else is None."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) or len(text) % 4:
        return None
    try: return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError): return None

class Trust:
    """A parsed trust file: signers (public key -> (role, key number hex)), require-signed kinds,
    checkpoint keys (kept, not used: this script checks no checkpoints)."""
    def __init__(self): self.signers, self.require_signed, self.checkpoint_keys = {}, set(), []

def read_trust(path):
    """§14.5. UTF-8; lines end with LF, a CR before it is dropped; any other control character
    (Unicode Cc, as §14.2 defines them) but tab refuses the file; blank lines and lines whose
    first character but spaces and tabs is `#` are skipped (a `#` after a field is no comment); fields are split at runs of spaces and tabs; a signer's role is the rest of the
    line, rejoined with single spaces, and may not hold `#`; at least one directive."""
    try:
        with open(path, "rb") as f: raw = f.read()
        text = raw.decode("utf-8")
    except OSError as e: raise BadTrustFile(f"trust file '{path}': {e.strerror}")
    except UnicodeError: raise BadTrustFile(f"trust file '{path}' is not UTF-8")
    t, directives = Trust(), 0
    for n, line in enumerate(text.split("\n"), 1):
        def bad(why): raise BadTrustFile(f"trust file '{path}', line {n}: {why}")
        if line.endswith("\r"): line = line[:-1]                  # CR LF
        if any(c != "\t" and unicodedata.category(c) == "Cc" for c in line): bad("a control character")
        if line.lstrip(" \t").startswith("#"): continue           # a comment: `#` first (after blanks) on its line
        fields = [f for f in re.split(r"[ \t]+", line) if f]
        if not fields: continue                                    # blank
        word, args = fields[0], fields[1:]
        if word == "signer":
            if len(args) < 2: bad("a signer needs a minisign public key and a role")
            key, role = args[0], " ".join(args[1:])
            d = b64strict(key)
            if d is None or len(d) != 42 or d[:2] != b"Ed": bad(f"'{key[:16]}…' is not a minisign public key")
            if "#" in role: bad("a role may not hold '#'")
            pk, prev = d[10:], t.signers.get(d[10:])
            if prev is not None and fold(prev[0]) != fold(role):
                bad(f"a key has one role: this key is already pinned to {prev[0]}")
            if prev is None: t.signers[pk] = (role, d[2:10].hex())
        elif word == "require-signed":
            if len(args) != 1 or args[0] not in KINDS_V1: bad(f"{' '.join(args)!r} is not an event kind of FORMAT.md §9")
            t.require_signed.add(args[0])
        elif word == "checkpoint-key":                             # C2SP NAME+KEYID+BASE64(0x01 ‖ key), KEYID as in §10.2
            if len(args) != 1: bad("checkpoint-key takes one verifier key")
            name, _, tail = args[0].partition("+")
            keyid, _, b64 = tail.partition("+")
            vk = b64strict(b64) or b""
            if not name or len(vk) != 33 or vk[:1] != b"\x01" \
                    or keyid != hashlib.sha256(name.encode("utf-8") + b"\n" + vk).digest()[:4].hex():
                bad("not a C2SP signed-note verifier key NAME+KEYID+BASE64")
            t.checkpoint_keys.append(args[0])
        else: bad(f"unknown line '{word}' (signer, require-signed, checkpoint-key)")
        directives += 1
    if not directives: raise BadTrustFile(f"trust file '{path}' holds no directive: it pins nothing")
    return t


# ---------------------------------------------------------------- signatures, roster, sign-offs (§10.4, §14)
def public_of(r):
    try: v = parse_canonical(r["public"]) if r["public"] else {}
    except NotCanonical: return None
    return v if isinstance(v, dict) else None

def public_key(v):
    """The 32-byte Ed25519 key a public-data `key` member holds (base64), else None."""
    d = b64strict(v.get("key")) if isinstance(v, dict) else None
    return d if d is not None and len(d) == 32 else None

def key_number(v):
    """A public-data `key_number`: 16 hex digits (lower-case, §1), else None."""
    n = v.get("key_number") if isinstance(v, dict) else None
    return n if isinstance(n, str) and re.fullmatch(r"[0-9a-f]{16}", n) else None

def sig_verifies(lid, r):
    """§10.4: sig = public key (32) ‖ Ed25519 signature (64) over the labelled record."""
    pk, sg = r["sig"][:32], r["sig"][32:]
    msg = L_RECORD_SIG + header(lid, r) + struct.pack(">I", len(r["ciphertext"])) + r["ciphertext"]
    try:
        VerifyKey(pk).verify(msg, sg)
        return True
    except Exception:                                             # BadSignatureError, or not a curve point
        return False

def judge_signatures(rows, lid, find, trust=None):
    """§14.6 steps 1-4 (no key needed), folding the roster of §14.1 in seq order over `rows`
    (the rows not found malformed; modified and moved rows are judged too: their signature
    fails). `find` keeps at most one finding per kind and record. Returns the seqs of the
    sign-offs that broke step 3 (they do not count in the replay of step 5).

    Readings where FORMAT.md leaves room: a roster record counts at its own position, also
    under a trust file ("revoked before that position" is read as "by this record or an
    earlier one"); a revocation that was itself malformed (key not in force) revokes nothing;
    a key revoked and then added again is in force again, also under a trust file; a
    sign-off counts towards role_conflict whether or not its signer is trusted; roster.added
    needs key, role and key_number (name is not judged), roster.revoked a key, a sign-off key,
    role and key_number, else `malformed`."""
    roster = {}                                                   # public key -> (role, key number) in force
    revoked = set()                                               # keys a roster.revoked took off (§14.6 step 1)
    signed_role = {}                                              # (deployment, key) -> first role it signed off
    broken = set()                                                # sign-offs that broke step 3
    def holder(pk):                                               # (role, key number) by the authority in use
        if trust: return None if pk in revoked else trust.signers.get(pk)
        return roster.get(pk)
    for r in sorted(rows, key=lambda r: r["seq"]):
        s, kind, sig = r["seq"], r["kind"], r["sig"]
        signer = None
        if len(sig) == 96:                                        # step 1, first half
            if sig_verifies(lid, r): signer = sig[:32]
            else: find("bad_signature", s, "the record's signature does not verify")
        if kind == "roster.added":                                # §14.1 fold; the record counts at its own position
            v = public_of(r); pk, role, num = public_key(v), (v or {}).get("role"), key_number(v)
            if pk is None or not isinstance(role, str) or num is None:
                find("malformed", s, "roster.added: public data lacks a base64 32-byte `key`, a `role` or a 16-hex `key_number`")
            else:
                cur = roster.get(pk)
                if cur is None: roster[pk] = (role, num); revoked.discard(pk)   # added again: in force again
                elif fold(cur[0]) != fold(role):                  # the key keeps its role
                    find("role_conflict", s, f"the key already holds the role {cur[0]} on the roster")
                # the role it already holds: changes nothing
                pin = trust.signers.get(pk) if trust else None
                if trust and (pin is None or fold(pin[0]) != fold(role)):     # step 2, role_conflict or not
                    find("untrusted_signer", s, f"the trust file does not pin this roster key to {role}")
        elif kind == "roster.revoked":
            pk = public_key(public_of(r))
            if pk is None: find("malformed", s, "roster.revoked: public data lacks a base64 32-byte `key`")
            elif pk not in roster: find("malformed", s, "roster.revoked: the key is not in force")
            else: del roster[pk]; revoked.add(pk)
        if kind == "signoff":                                     # step 3 (its signer check is step 1's second half)
            v = public_of(r); named, role, num = public_key(v), (v or {}).get("role"), key_number(v)
            if named is None or not isinstance(role, str) or num is None:   # each check below that has its members still runs
                find("malformed", s, "signoff: public data lacks a base64 32-byte `key`, a `role` or a 16-hex `key_number`")
                broken.add(s)
            if not sig:
                find("unsigned", s, "a sign-off without a signature"); broken.add(s); continue
            if signer is None: broken.add(s); continue            # bad_signature (or a malformed sig) already
            if named is not None and named != signer:
                find("bad_signature", s, "the sign-off is signed by another key than the one it names")
                broken.add(s); continue
            if not isinstance(role, str): continue
            first = signed_role.setdefault((r["deployment"], signer), role)
            if fold(first) != fold(role):
                find("role_conflict", s, f"this key already signed off this deployment as {first}"); broken.add(s)
            h = holder(signer)
            if h is None or fold(h[0]) != fold(role):
                find("untrusted_signer", s, f"the signing key does not hold the role {role} "
                     + ("in the trust file (or was revoked)" if trust else "on the roster in force here"))
                broken.add(s)
            if h is not None and num is not None and h[1] != num:
                find("bad_signature", s, f"the public key_number {num} is not the {'trust file' if trust else 'roster'}'s {h[1]}")
                broken.add(s)
            continue
        if signer is not None and holder(signer) is None:         # step 1, second half
            find("untrusted_signer", s, "signed by a key the trust file does not pin (or that was revoked)" if trust
                 else "signed by a key that is not on the roster in force here")
        if trust and kind in trust.require_signed and not sig:   # step 4
            find("unsigned", s, f"the trust file requires {kind} records to be signed")
    return broken


# ---------------------------------------------------------------- sign-off statements, with the key (§14.2-§14.4, §14.6 step 5)
L_CHECKLIST = b"ledger/v1/checklist-state\0"
_FENCE = re.compile(r" {0,3}(```|~~~)")
_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*$")
_ITEM = re.compile(r"(\s*)[-*+] \[[ xX]\] (.*)")
_ROLE = re.compile(r"\s*\*\*(.+?):\*\*\s*")
_ROLE_LINES = [re.compile(r"\s*[-*+]\s+" + w + r":.*") for w in ("Name", "Date", "Signature")]

def section_kind(heading):
    """Which section of docs/CLI.md §Phases a heading opens, by its words (None: another)."""
    h = heading.lower()
    if re.search(r"\broll[- ]?back\b", h): return "rollback"
    if re.search(r"\bsign[- ]?off\b", h): return "signoff"
    if re.search(r"\bverification\b", h): return "verification"
    if re.search(r"\bexecution\b", h): return "execution"
    return None

class Template:
    """A template's item numbers in document order, each item's section and the sign-off roles.

    Numbers per §9: "sections that hold items are numbered in document order; an item's number
    extends its section's; nested items extend their parent's". Read here as: headings outside
    fenced code blocks make a tree by level; when no item comes before the first heading and
    exactly one top heading holds items, that heading is the title and is not numbered; among the sub-sections of a section only those that hold items (themselves or
    below) count, continuing the count of the section's own items, which come first; an item indented under another is nested
    in it. An item's section (docs/CLI.md §Phases: "sections are matched by their headings'
    words") is that of its outermost heading that names one: rollback, sign-off, verification,
    execution; so "Rollback Procedure > 4. Verification" is rollback. Roles (§14.4): a line
    `**Role:**` followed by Name, Date and Signature lines."""
    def __init__(self, text, front_matter=False):
        root, fenced = {"level": 0, "kids": [], "items": [], "text": ""}, False
        stack, lines, self.roles = [root], text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), []
        front = 0                                                 # §9: YAML front matter is not Markdown
        if front_matter is True and lines and lines[0].rstrip(" \t") == "---":
            front = next((k + 1 for k in range(1, len(lines)) if lines[k].rstrip(" \t") in ("---", "...")), 0)
        for i, line in enumerate(lines):
            if i < front: continue
            if _FENCE.match(line): fenced = not fenced; continue
            if fenced: continue
            m = _HEADING.fullmatch(line)
            if m:
                level = len(m.group(1))
                while stack[-1]["level"] >= level: stack.pop()
                node = {"level": level, "kids": [], "items": [], "text": m.group(2)}
                stack[-1]["kids"].append(node); stack.append(node)
                continue
            m = _ITEM.fullmatch(line)
            if m: stack[-1]["items"].append(len(m.group(1).expandtabs(4))); continue
            m = _ROLE.fullmatch(line)
            if m:
                rest = [l for l in lines[i + 1:i + 8] if l.strip()][:3]
                if len(rest) == 3 and all(p.fullmatch(l) for p, l in zip(_ROLE_LINES, rest)):
                    self.roles.append(m.group(1).strip())
        self.ids, self.section = [], {}
        def holds(n): return bool(n["items"]) or any(holds(k) for k in n["kids"])
        def walk(n, prefix, sect):
            open_items, top = [], 0                               # (indent, number, [children so far])
            for indent in n["items"]:
                while open_items and open_items[-1][0] >= indent: open_items.pop()
                if open_items:
                    open_items[-1][2][0] += 1; num = f"{open_items[-1][1]}.{open_items[-1][2][0]}"
                else:
                    top += 1; num = f"{prefix}.{top}" if prefix else str(top)
                self.ids.append(num); self.section[num] = sect; open_items.append((indent, num, [0]))
            i = top                                               # §9: sections continue the count of the items before them
            for k in n["kids"]:
                if holds(k): i += 1; walk(k, f"{prefix}.{i}" if prefix else str(i), sect or section_kind(k["text"]))
        # §9 "Title": no item before the first heading and exactly one top heading holding items:
        # it is not numbered, and its words name no section.
        holding = [k for k in root["kids"] if holds(k)]
        walk(holding[0] if not root["items"] and len(holding) == 1 else root, "", None)
        self.required = [i for i in self.ids if self.section[i] != "rollback"]   # §14.4

def recorded_stage(phases, item):
    """§14.4 with a recorded map: the stage of the longest proper prefix of the item's number
    that the map names (section numbers), else the map's `*`, else preparation; in the names
    of section_kind (None for preparation)."""
    parts = item.split(".")
    for n in range(len(parts) - 1, 0, -1):
        if ".".join(parts[:n]) in phases: return _STAGE[phases[".".join(parts[:n])]]
    return _STAGE[phases.get("*", "preparation")]

_STAGE = {"preparation": None, "execution": "execution", "verification": "verification",
          "rollback": "rollback", "sign_off": "signoff"}

def recorded_map(data):
    """§14.4: (phases, roles) recorded in deployment.started: phases is None (no map: infer
    from headings), "none" (phase-less) or a dict section -> stage; roles None (the template's)
    or a list. A map that is not one of these is no map at all (the view does not start)."""
    phases, roles = data.get("phases"), data.get("signoff_roles")
    if phases is None: return (None, None) if roles is None else (_BAD, _BAD)
    if phases != "none" and not (isinstance(phases, dict) and all(isinstance(v, str) and v in _STAGE for v in phases.values())):
        return _BAD, _BAD
    if roles is not None and not (isinstance(roles, list) and all(isinstance(r, str) for r in roles)): return _BAD, _BAD
    return phases, roles

_BAD = object()                                                   # a map of another shape: the deployment never started

class Checklist:
    """The checklist state of one deployment (§14.3) and its phase (docs/CLI.md §Phases), fed its
    records in seq order. Phases only move on: preparing -> executing (an execution item ticked,
    skipped, given evidence or run) -> verifying (the same for a verification item) -> signed_off
    (every role's latest counting sign-off carries the present state); rollback_decided ->
    rolling_back (a rollback step worked) -> rolled_back at any time. An untick or a note moves
    nothing: docs/CLI.md names ticked, skipped, evidence attached and run."""
    WORKED = ("item.ticked", "item.skipped", "evidence.attached", "action.started", "action.finished")
    def __init__(self, dep, template, data=None):
        self.dep, self.template_sha = dep, hashlib.sha256(template.encode("utf-8")).hexdigest()
        data = data if isinstance(data, dict) else {}
        self.t = Template(template, data.get("front_matter"))
        checked = data.get("checked")
        phases, roles = recorded_map(data or {})
        self.phaseless = phases == "none"
        if isinstance(phases, dict):                              # §14.4: the recorded map, not the headings
            self.t.section = {i: recorded_stage(phases, i) for i in self.t.ids}
        elif self.phaseless:
            self.t.section = {i: "execution" for i in self.t.ids}
        if phases is not None:
            self.t.required = [i for i in self.t.ids if self.t.section[i] != "rollback"]
        if roles is not None: self.t.roles = roles
        self.ids = self.t.ids
        self.status = {i: "open" for i in self.ids}
        for i in checked if isinstance(checked, list) else []:    # §9: items checked in the template start done
            if i in self.status: self.status[i] = "done"
        self.files, self.outputs = {i: [] for i in self.ids}, {i: [] for i in self.ids}
        self.phase = "preparing"
    def apply(self, kind, data):
        if self.phase in ("signed_off", "rolled_back", "closed"): pass
        elif kind == "deployment.closed":                         # §14.4: only a deployment without roles, as a sign-off would
            acc = data.get("accepted_open") if isinstance(data, dict) else None
            if isinstance(acc, list) and not self.t.roles and self.rule_broken(None, acc, closing=True) is None \
                    and (not acc or (isinstance(data.get("reason"), str) and data["reason"].strip())):
                self.phase = "closed"
        elif kind == "rollback.decided": self.phase = "rollback_decided"
        elif kind == "rollback.completed": self.phase = "rolled_back"
        item = data.get("item") if isinstance(data, dict) else None
        if item not in self.status: return
        if kind in self.WORKED:
            sect, ph = self.t.section[item], self.phase
            if sect == "execution" and ph == "preparing": self.phase = "executing"
            elif sect == "verification" and ph in ("preparing", "executing"): self.phase = "verifying"
            elif sect == "rollback" and ph == "rollback_decided": self.phase = "rolling_back"
        if kind == "item.ticked": self.status[item] = "done"
        elif kind == "item.unticked": self.status[item] = "open"
        elif kind == "item.skipped": self.status[item] = "not_applicable"
        elif kind == "evidence.attached" and isinstance(data.get("sha256"), str):
            self.files[item].append("file:" + data["sha256"])
        elif kind == "action.finished":                           # §14.3: stdout then stderr, per action
            for stream in ("stdout", "stderr"):
                h = data[stream].get("sha256") if isinstance(data.get(stream), dict) else None
                if isinstance(h, str): self.outputs[item].append(f"{stream}:{h}")
    def digest(self):
        j = {"deployment": self.dep.hex(), "template_sha256": self.template_sha,
             "items": [{"evidence": self.files[i] + self.outputs[i], "id": i, "status": self.status[i]} for i in self.ids]}
        return hashlib.sha256(L_CHECKLIST + canonical(j).encode("utf-8")).hexdigest()
    def phase_allows_signoff(self):
        if self.phaseless: return self.phase in ("preparing", "executing", "verifying")
        return self.phase == "verifying"
    def rule_broken(self, role, accepted, closing=False):
        """§14.4 as the log stands: None, or why a sign-off for `role` accepting `accepted` breaks it."""
        if not self.phase_allows_signoff(): return f"the deployment is in phase {self.phase}, not verifying"
        if not closing and role not in self.t.roles: return f"the template has no sign-off role {role} (spelt as §14.2 says: as the template does)"
        left = [i for i in self.t.required if self.status[i] == "open" and i not in accepted]
        if left: return f"required item(s) {', '.join(left)} open and not accepted"
        return None

STATEMENT_LINES = ("ledger sign-off v1", "ledger", "deployment", "deployment-name", "head", "checklist-state",
                   "template-sha256", "role", "key-id", "signer", "time", "accepted-open")
_BAD_VALUE = re.compile(r"[\u2028\u2029]")

def parse_statement(text):
    """§14.2: the statement's fields, or None when it is not one. Values: one line, no Cc
    character, no U+2028/U+2029, no surrounding white space, not empty; the ledger, deployment,
    head, digests, time and accepted-open in their form (else the statement does not parse).
    The key id is only compared (§14.6 step 5), like the names."""
    if not text.endswith("\n"): return None
    lines = text[:-1].split("\n")
    if not lines or lines[0] != STATEMENT_LINES[0]: return None
    f, i = {}, 1
    for name in STATEMENT_LINES[1:] + ("reason", "comment"):
        if i < len(lines) and lines[i].startswith(name + ": "):
            f[name] = lines[i][len(name) + 2:]; i += 1
        elif name not in ("reason", "comment"): return None
    if i != len(lines): return None
    for v in f.values():
        if not v or v != v.strip() or _BAD_VALUE.search(v) or any(unicodedata.category(c) == "Cc" for c in v): return None
    if ("reason" in f) == (f["accepted-open"] == "none"): return None
    head = re.fullmatch(r"([1-9][0-9]*) ([0-9a-f]{64})", f["head"])
    if not head: return None
    f["head"] = (int(head.group(1)), head.group(2))
    if not all(re.fullmatch(p, f[k]) for k, p in (("ledger", r"[0-9a-f]{32}"), ("deployment", r"[0-9a-f]{32}"),
               ("checklist-state", r"[0-9a-f]{64}"), ("template-sha256", r"[0-9a-f]{64}"))):
        return None
    if not valid_time(f["time"]): return None
    acc = f["accepted-open"]
    f["accepted"] = set() if acc == "none" else set(acc.split(","))
    if "" in f["accepted"]: return None
    return f

def ed25519_ok(pk, sig, msg):
    try: VerifyKey(pk).verify(msg, sig); return True
    except Exception: return False

def judge_signoffs(rows, payloads, lid, find, broken=frozenset()):
    """§14.6 step 5. Every deployment.started whose public template_sha256 is not the SHA-256 of
    its template is malformed. Each deployment that has sign-offs is replayed: each statement
    must parse (malformed), verify and describe its record, its deployment and the checklist
    state before it (bad_signature, then judged no further); it must keep the rules of §14.4
    as the log stood (invalid_signoff; a deployment that never started: invalid_signoff). Only
    the sign-offs that keep the rules and passed step 3 (not in `broken`) count for the phase
    (§14.4: signed_off when every role's latest counting sign-off carries the present state).
    Staleness is judged, as §14.6 words it, at each role's latest sign-off that was judged
    that far (bad_signature and malformed ones were not; invalid ones were). A record that could not
    be read (it has a finding of its own) counts for nothing: the state is replayed without it,
    and a deployment whose deployment.started cannot be read never started. `payloads` holds
    every record whose tag verifies at its stored position and whose payload keeps §7.4, also
    those the chain found modified (a changed `sig` or `hash` column leaves the payload
    authentic)."""
    for r in rows:
        p = payloads.get(r["seq"])
        if r["kind"] == "deployment.started" and p is not None:
            t, pub = p["data"].get("template"), public_of(r) or {}
            if not isinstance(t, str) or pub.get("template_sha256") != hashlib.sha256(t.encode("utf-8")).hexdigest():
                find("malformed", r["seq"], "deployment.started: the public template_sha256 is not the SHA-256 of the recorded template")
    deps = {r["deployment"] for r in rows if r["kind"] == "signoff"}
    for dep in sorted(deps):
        recs = [r for r in rows if r["deployment"] == dep]
        start = next((r for r in recs if r["kind"] == "deployment.started" and r["seq"] in payloads), None)
        state = name = None
        if start is not None:                                     # an unreadable start is no start
            t, name = payloads[start["seq"]]["data"].get("template"), payloads[start["seq"]]["data"].get("name")
            if recorded_map(payloads[start["seq"]]["data"])[0] is not _BAD:
                state = Checklist(dep, t if isinstance(t, str) else "", payloads[start["seq"]]["data"])
        started = state is not None
        history = [(start["seq"], state.digest())] if started else []
        latest = {}                                               # folded role -> (seq, digest, role) of its latest sign-off
        counted = {}                                              # folded role -> digest of its latest counting sign-off
        for r in recs:
            s, p = r["seq"], payloads.get(r["seq"])
            if started and s <= start["seq"]: continue
            if r["kind"] != "signoff":
                if p is not None and started:                     # a record that cannot be read counts for nothing
                    state.apply(r["kind"], p["data"])
                    if state.digest() != history[-1][1]: history.append((s, state.digest()))
                continue
            if p is None: continue                                # not decrypted: its finding is elsewhere
            pub = public_of(r); pk, role, num = public_key(pub), (pub or {}).get("role"), key_number(pub)
            if pk is None or not isinstance(role, str) or num is None: continue   # malformed public data: step 3
            d = p["data"]                                         # §9: statement, signature, trusted_comment, global_signature
            text, tc = d.get("statement"), d.get("trusted_comment")
            sig, gsig = b64strict(d.get("signature")), b64strict(d.get("global_signature"))
            st = parse_statement(text) if isinstance(text, str) else None
            if st is None:
                find("malformed", s, "signoff: the statement is missing or does not parse (§14.2)"); continue
            why = None
            if sig is None or gsig is None or not isinstance(tc, str): why = "its signature, trusted comment or global signature is missing"
            elif len(sig) != 64 or not ed25519_ok(pk, sig, text.encode("utf-8")): why = "the statement's signature does not verify"
            elif len(gsig) != 64 or not ed25519_ok(pk, gsig, sig + tc.encode("utf-8")): why = "the global signature does not verify"
            elif st["ledger"] != lid.hex(): why = "the statement names another ledger"
            elif st["deployment"] != dep.hex(): why = "the statement names another deployment"
            elif st["head"] != (s - 1, r["prev_hash"].hex()): why = "the statement's head is not the record before it"
            elif st["role"] != role: why = "the statement's role is not the record's"
            elif st["key-id"] != bytes.fromhex(num)[::-1].hex().upper(): why = "the statement's key id is not the record's key number"
            elif st["signer"] != p["actor"]: why = "the statement's signer is not the record's actor"
            elif st["time"] != p["time"]: why = "the statement's time is not the record's"
            elif not started: pass
            elif st["deployment-name"] != name: why = "the statement's deployment name is not the deployment's"
            elif st["template-sha256"] != state.template_sha: why = "the statement's template digest is not the recorded template's"
            elif st["checklist-state"] != state.digest(): why = "the statement's checklist state is not the state before it"
            if why: find("bad_signature", s, why); continue       # judged no further
            if not started:
                find("invalid_signoff", s, "a sign-off for a deployment that never started"); continue
            rule = state.rule_broken(st["role"], st["accepted"])
            if rule: find("invalid_signoff", s, rule)
            latest[fold(role)] = (s, st["checklist-state"], role)   # judged on: its staleness too
            if rule or s in broken: continue                      # §14.4: it does not count
            counted[fold(role)] = st["checklist-state"]
            now = state.digest()
            if state.t.roles and all(counted.get(fold(x)) == now for x in state.t.roles):
                state.phase = "signed_off"
        if not started: continue
        now = state.digest()
        for s, digest, role in sorted(latest.values()):
            if digest != now:
                first = next((q for q, _ in history if q > s), None)
                find("stale_signoff", s, f"{role}'s sign-off no longer describes the checklist: record {first} changed it")

# ---------------------------------------------------------------- the schema (§4, §8)
SCHEMA_FILES = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schema", "001-ledger.sql")]

def schema_objects(con):
    """sqlite_schema as {(type, lower-case name): (name, tbl_name, sql)}, without SQLite's own
    tables and indexes (a table or index whose name begins with sqlite_, §4)."""
    out = {}
    for t, name, tbl, sql in con.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema"):
        if t in ("table", "index") and name.lower().startswith("sqlite_"): continue
        out[(t, name.lower())] = (name, tbl, sql)
    return out

def schema_findings(con):
    """§8: the file's schema against the one applying schema/NNN-*.sql to an empty database
    gives; objects matched by type and name, compared by table and exact SQL text."""
    ref = sqlite3.connect(":memory:")
    for path in SCHEMA_FILES:
        with open(path, encoding="utf-8") as f: ref.executescript(f.read())
    want, have, out = schema_objects(ref), schema_objects(con), []
    for k in sorted(set(want) | set(have)):
        if k not in want: out.append(f"extra {k[0]} {have[k][0]!r}")
        elif k not in have: out.append(f"missing {k[0]} {want[k][0]!r}")
        elif want[k][1:] != have[k][1:]: out.append(f"changed {k[0]} {want[k][0]!r}")
    return out


# ---------------------------------------------------------------- verification (§8)
COLS = ("seq", "kind", "deployment", "epoch", "public", "nonce", "ciphertext", "sig", "prev_hash", "hash")

def verify(con, lid, created, keys=None, strict=False, trust=None, signatures=True):
    rows = [dict(zip(COLS, t)) for t in con.execute(f"SELECT {', '.join(COLS)} FROM events ORDER BY seq")]
    findings, bad = [], set()
    def find(kind, seq, msg):
        findings.append({"kind": kind, "seq": seq, "message": msg}); bad.add(seq)
    genesis = hashlib.sha256(L_GENESIS + lid).digest()
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
    unplaced = [r for r in checkable if not ok[r["seq"]]]         # a bad hash: moved or modified?
    placing = True
    while placing:                                                # §8 step 2: "this repeats until no more rows can be placed"
        placing = False
        for r in list(unplaced):
            s = r["seq"]
            before = 1 if r["prev_hash"] == genesis else pos.get(r["prev_hash"], -9) + 1
            after = [moved_to.get(q["seq"], q["seq"]) - 1 for q in checkable
                     if q["prev_hash"] == r["hash"] and (ok[q["seq"]] or q["seq"] in moved_to)]
            cands = [p for p in [before] + after if p > 0 and p != s]
            at = next((p for p in cands if record_hash(lid, r, p) == r["hash"]), None)
            if at is not None:
                find("reordered", s, f"an authentic record that belongs at position {at}")
                pos[r["hash"]], moved[at], moved_to[s] = at, s, at
                unplaced.remove(r); placing = True
    for r in unplaced:
        if r["seq"] not in bad: find("modified", r["seq"], "the stored hash does not match the record's fields")
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
    if not rows: find("missing", 1, "the log is empty: record 1 (ledger.created) is missing")
    first = next((r for r in rows if r["seq"] == moved.get(1, 1) and ok.get(r["seq"])), None)
    if first is not None and first["seq"] not in bad and first["kind"] != "ledger.created":
        find("modified", first["seq"], "record 1 is not ledger.created")   # §8: every ledger starts with it (§9)
    owner = {}                                                    # §8: nonce prefix (record key, §15.1) -> first seq
    malformed_rows = {f["seq"] for f in findings if f["kind"] == "malformed"}
    for r in checkable:
        if r["seq"] in malformed_rows: continue
        p = r["nonce"][:16]
        if p in owner and r["seq"] not in bad:
            find("nonce_reuse", r["seq"], f"its nonce's first 16 bytes are record {owner[p]}'s: both have one record key")
        owner.setdefault(p, r["seq"])
    for problem in schema_findings(con): find("schema", 0, problem)
    payloads = {}                                                 # seq -> payload of each record that decrypted cleanly
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
            try: payload = parse_canonical(pt); probs = payload_problems(payload, r, lid, created, strict)
            except NotCanonical as e: probs = [f"payload: {e}"]
            if probs: find("malformed", s, "; ".join(probs))
            else: payloads[s] = payload
    readable = dict(payloads)                                     # §14.6 step 5 replays every record whose tag verifies:
    if keys is not None and signatures:                           # also one found modified only in its sig or hash columns
        for r in checkable:
            s = r["seq"]
            if s in readable or s not in bad or r["epoch"] not in keys: continue
            if any(f["seq"] == s and f["kind"] == "malformed" for f in findings): continue
            try:
                pt = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(r["ciphertext"], L_RECORD_AD + header(lid, r), r["nonce"], keys[r["epoch"]])
                payload = parse_canonical(pt)
            except Exception: continue                            # its finding is the chain's
            if not payload_problems(payload, r, lid, created, strict): readable[s] = payload
    if signatures:                                                # §14.6: after the chain; malformed rows are left out
        malformed = {f["seq"] for f in findings if f["kind"] == "malformed"}
        judged = set()
        def find_once(kind, seq, msg):                            # §14.6: at most one finding of each kind per record
            if (kind, seq) not in judged: judged.add((kind, seq)); find(kind, seq, msg)
        broken = judge_signatures([r for r in checkable if r["seq"] not in malformed], lid, find_once, trust)
        if keys is not None:                                      # §14.6 step 5
            judge_signoffs(rows, readable, lid, find_once, broken)
    findings.sort(key=lambda f: (f["seq"], f["kind"]))
    return len(rows), findings


def ledger_format(path):
    """meta.format of a ledger file, or None (not readable as one): only to dispatch."""
    try:
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\0": return None
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try: row = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        finally: con.close()
        v = row[0] if row else None
        return v.decode("ascii", "replace") if isinstance(v, bytes) else None if v is None else str(v)
    except Exception:
        return None

def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent verifier for ledger format 1 (docs/FORMAT.md).")
    ap.add_argument("file"); ap.add_argument("--passphrase-env", metavar="VAR"); ap.add_argument("--json", action="store_true")
    ap.add_argument("--strict", action="store_true", help="also check the §9 contents of data (record 1, note text)")
    ap.add_argument("--trust", metavar="FILE", help="judge signatures by the keys a trust file pins (§14.5)")
    known, _ = ap.parse_known_args(argv)                          # a format-2 file goes to verify2.py (0017 §2)
    if ledger_format(known.file) == "2":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import verify2
        return verify2.main(argv)
    a = ap.parse_args(argv)                                       # usage errors exit 2
    keys, extra = None, []
    note = "no passphrase: checked without the key (hashes, links, sizes" + (", signatures)" if HAVE_NACL else ")")
    trust = None
    if a.trust:
        try: trust = read_trust(a.trust)
        except BadTrustFile as e: print(f"verify: error: {e}", file=sys.stderr); return 2
    if not HAVE_NACL:
        print("verify: PyNaCl is not installed: signatures, roster and sign-offs are NOT checked", file=sys.stderr)
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
        n, findings = verify(con, lid, created, keys, a.strict, trust, signatures=HAVE_NACL)
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
