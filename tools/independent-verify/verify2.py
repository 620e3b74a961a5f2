#!/usr/bin/env python3
"""Independent verifier for `ledger` files of format 2 (team ledgers), written from decision 0017
(docs/decisions/0017-members-and-format-2.md) and docs/FORMAT.md (§2 canonical JSON, §4 the file,
§7.1 the header, §8 the chain explanation, §13 key files), reusing verify.py (format 1) and
format2_vectors.py (the format-2 building blocks), without reading the program's source.

Usage: python3 verify2.py FILE [--identity KEYFILE --key-passphrase-env VAR] [--trust FILE] [--json]
       (verify.py dispatches here when meta.format is 2)

Without a key (standard library and PyNaCl) it checks, per FORMAT.md §8 with the v2 labels
(0017 §9.4): field sizes, record hashes, links, positions (modified, missing, reordered,
inserted, malformed), record 1 is ledger.created, the schema (and an empty `keys` table), then
(0017 §13 step b) every record's `sig` (unsigned_record, bad_signature) and the membership fold
of §6.2, §6.4, §7.1 and §7.5 (not_a_member, not_permitted, member_conflict, bad_wraps,
wrong_epoch, malformed, no_rotation, role_conflict). No nonce_reuse check (§10).

With --identity (a `ledger key new` secret key, FORMAT.md §13, or a minisign secret key, §13.1;
its passphrase from the environment variable --key-passphrase-env names) it opens the newest
wrap for that key (§7.2), checks the key check (§7.3), follows the previous-epoch links (§7.4)
and decrypts every record (§9.3): undecryptable, or a payload that is not canonical
{"data": {...}, "time": "..."[, "role": "..."]} (§9.5): malformed.

With --trust FILE (0017 §12): `member KEY CAPS` and `signer KEY ROLE` lines pin members; every
author must be pinned with the capability its kind needs, every member object with at least its
capabilities, every statement signer with sign:ROLE, else untrusted_signer.

Output and exit codes as verify.py: `KIND SEQ: message` lines, then OK/FAILED; 0 intact,
3 problems found, 5 the identity does not open (wrong passphrase, damaged, not a reader in force),
6 not a ledger / not format 2, 2 usage error or a bad trust file.

Not checked: sign-off statements with the key (FORMAT.md §14.6 step 5 and decision 0019 §6:
only the keyless parts of a signoff are judged here), checkpoints (0017 §11), the contents of
`data` (§9 of FORMAT.md).

Readings where 0017 leaves room are marked "Reading:" below; each agrees with the shipped
`ledger verify` (README.md lists them, and check_format2.py compares the two).
"""
import argparse, base64, hashlib, json, os, re, sqlite3, struct, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path: sys.path.insert(0, HERE)
import verify as v1                                               # canonical JSON, sizes, header, schema

try:
    from nacl import bindings as nb
    import nacl.pwhash
    from format2_vectors import label, b2, u32                    # 0017 §3 labels, keyed BLAKE2b-256, u32be
    HAVE_NACL = True
except ImportError:
    HAVE_NACL = False

    def label(s): return s.encode() + b"\x00"

L_GENESIS, L_RECORD = label("ledger/v2/genesis"), label("ledger/v2/record")
L_RECORD_SIG, L_RECORD_KEY, L_RECORD_AD = label("ledger/v2/record-sig"), label("ledger/v2/record-key"), label("ledger/v2/record-ad")
L_WRAP_KEY, L_WRAP_AD = label("ledger/v2/wrap-key"), label("ledger/v2/wrap-ad")
L_EPOCH_CHECK, L_EPOCH_LINK = label("ledger/v2/epoch-check"), label("ledger/v2/epoch-link")
L_SIGNING_KEY = label("ledger/v1/signing-key")                    # FORMAT.md §13 (the key file)
ZERO_ID = bytes(16)
ADMIN_KINDS = ("member.added", "member.removed", "epoch.started")
MAX_READERS = 256
COLS = v1.COLS


class NotALedger(Exception): pass
class CannotOpen(Exception): pass                                 # exit 5
class BadUsage(Exception): pass                                   # exit 2


# ---------------------------------------------------------------- the file (FORMAT.md §4, 0017 §2)
def open_ledger(path):
    """Open read-only; (connection, ledger id, meta.created). Raise NotALedger (exit 6)."""
    try:
        with open(path, "rb") as f: magic = f.read(16)
    except OSError as e: raise NotALedger(f"cannot read '{path}': {e.strerror}")
    if magic != b"SQLite format 3\0": raise NotALedger(f"'{path}' is not a ledger (not an SQLite database)")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app = con.execute("PRAGMA application_id").fetchone()[0]
        if app != v1.APPLICATION_ID:
            raise NotALedger(f"'{path}' is not a ledger (application_id {app:#x}, expected 0x4c444752)")
        meta = dict(con.execute("SELECT key, value FROM meta"))
        schema = con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e: raise NotALedger(f"'{path}' is not a readable ledger: {e}")
    fmt = meta.get("format")
    fmt = fmt.decode("ascii", "replace") if isinstance(fmt, bytes) else str(fmt)
    if fmt != "2":
        raise NotALedger(f"'{path}' uses ledger format {fmt}; this verifier reads format 2 only")
    if schema > 1:
        raise NotALedger(f"'{path}' has schema version {schema}; this verifier reads schema 1 only")
    lid = meta.get("ledger_id")
    if not isinstance(lid, bytes) or len(lid) != 16:
        raise NotALedger(f"'{path}': meta.ledger_id is not 16 bytes")
    created = meta.get("created")
    created = created.decode("ascii", "replace") if isinstance(created, bytes) else created
    return con, lid, created


def header(lid, r, seq=None):
    """FORMAT.md §7.1, unchanged in format 2 (0017 §9.1); at `seq` instead of the stored one."""
    return v1.header(lid, r if seq is None else dict(r, seq=seq))


def record_hash(lid, r, seq=None):
    """0017 §9.4: SHA-256(label ‖ header ‖ u32be(len ct) ‖ ct ‖ u16be(len sig) ‖ sig).
    Reading: 0017 writes u16be(96), sig being always 96 bytes; an empty sig (unsigned_record)
    is hashed with its length, 0, as format 1 does."""
    ct, sig = r["ciphertext"], r["sig"]
    return hashlib.sha256(L_RECORD + header(lid, r, seq) + struct.pack(">I", len(ct)) + ct
                          + struct.pack(">H", len(sig)) + sig).digest()


def signed_message(lid, r, seq=None):
    """0017 §9.2: label ‖ header ‖ u32be(len ct) ‖ ct."""
    return L_RECORD_SIG + header(lid, r, seq) + struct.pack(">I", len(r["ciphertext"])) + r["ciphertext"]


def sig_verifies(lid, r, seq=None):
    sig = r["sig"]
    if len(sig) != 96: return False
    try:
        nb.crypto_sign_open(sig[32:] + signed_message(lid, r, seq), sig[:32])
        return True
    except Exception:                                             # a bad signature, or not a curve point
        return False


# ---------------------------------------------------------------- the chain (FORMAT.md §8 steps 1-5, 7)
def explain_chain(rows, lid, find, bad):
    """FORMAT.md §8 steps 1-5 with the v2 hashes, as verify.py explains format 1; returns
    (ok, checkable, moved, moved_to, dup): ok[seq] = the stored hash matches at the stored seq;
    moved[true position] = stored seq, moved_to[stored seq] = true position of reordered rows;
    dup: the stored seqs of copies of an authentic record (inserted)."""
    genesis = hashlib.sha256(L_GENESIS + lid).digest()
    ok, checkable = {}, []
    for r in rows:
        probs = v1.size_problems(r)
        if probs:
            find("malformed", r["seq"], "; ".join(probs))
            if any(p.startswith(("kind", "deployment", "nonce", "prev_hash", "epoch", "seq")) for p in probs):
                continue
        ok[r["seq"]] = record_hash(lid, r) == r["hash"]
        checkable.append(r)
    pos = {r["hash"]: r["seq"] for r in checkable if ok[r["seq"]]}
    by_seq = {r["seq"]: r for r in checkable}
    moved, moved_to, dup = {}, {}, set()
    unplaced = [r for r in checkable if not ok[r["seq"]]]
    placing = True
    while placing:                                                # step 2, until no more rows can be placed
        placing = False
        for r in list(unplaced):
            s = r["seq"]
            before = 1 if r["prev_hash"] == genesis else pos.get(r["prev_hash"], -9) + 1
            after = [moved_to.get(q["seq"], q["seq"]) - 1 for q in checkable
                     if q["prev_hash"] == r["hash"] and (ok[q["seq"]] or q["seq"] in moved_to)]
            cands = [p for p in [before] + after if p > 0 and p != s]
            at = next((p for p in cands if record_hash(lid, r, p) == r["hash"]), None)
            if at is not None and ok.get(at) and by_seq[at]["hash"] == r["hash"]:
                # Reading of step 4: a copy of the authentic record that holds its position (the
                # log continues from both, their hashes being one): the copy is the inserted row.
                find("inserted", s, f"not part of the chain: a copy of record {at}, which holds position {at}")
                dup.add(s); unplaced.remove(r); placing = True
            elif at is not None:
                find("reordered", s, f"an authentic record that belongs at position {at}")
                pos[r["hash"]], moved[at], moved_to[s] = at, s, at
                unplaced.remove(r); placing = True
    for r in unplaced:
        if r["seq"] not in bad: find("modified", r["seq"], "the stored hash does not match the record's fields")
    held = {moved_to.get(r["seq"], r["seq"]) for r in rows}
    for p in range(1, max(held, default=0)):                     # step 3
        if p not in held: find("missing", p, "no record holds this position")
    for i, r in enumerate(rows):                                  # steps 4 and 5
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
        find("modified", first["seq"], "record 1 is not ledger.created")   # 0017 §13 (a), FORMAT.md §8 step 6
    return ok, checkable, moved, moved_to, dup


def genuine_rows(rows, malformed, moved, moved_to, dup=frozenset()):
    """0017 §13: at each position the genuine row (authentic, reordered or modified; never an
    inserted or malformed one), as [(position, row)] in position order."""
    out = {}
    for r in rows:
        s = r["seq"]
        if s in malformed or s in dup: continue
        if s in moved_to: out[moved_to[s]] = r                    # reordered: genuine at its true position
        elif s in moved: continue                                 # its position is held by the reordered authentic row
        else: out.setdefault(s, r)
    return sorted(out.items())


# ---------------------------------------------------------------- public data (0017 §3, §6, §14)
def b64(v, n):
    d = v1.b64strict(v)
    return d if d is not None and len(d) == n else None

def is_int(v): return isinstance(v, int) and not isinstance(v, bool)

def converts(pk):
    """0017 §5 (3.): the key maps to a usable X25519 key."""
    try: nb.crypto_sign_ed25519_pk_to_curve25519(pk); return True
    except Exception: return False

def blanked(s):
    return s != s.strip(" \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

def bad_text(s):
    return any(unicodedata.category(c) == "Cc" for c in s) or "\u2028" in s or "\u2029" in s

def name_problem(n):
    """0017 §4: 1-64 UTF-8 bytes, no Cc, no line or paragraph separators, no surrounding blanks."""
    if not isinstance(n, str) or not 1 <= len(n.encode("utf-8")) <= 64: return "name is not 1-64 UTF-8 bytes"
    if bad_text(n): return "name holds a control character or a line/paragraph separator"
    if blanked(n): return "name has surrounding blanks"
    return None

def role_problem(role):
    """0017 §6.1: 1-128 UTF-8 bytes, no Cc, no `,`, no `#`, no surrounding blanks, inner runs as one space."""
    if not 1 <= len(role.encode("utf-8")) <= 128: return "a sign: role is not 1-128 UTF-8 bytes"
    if bad_text(role) or "," in role or "#" in role: return "a sign: role holds a control character, ',' or '#'"
    if blanked(role) or re.search(r"\s\s", role) or re.search(r"[^\S ]", role): return "a sign: role's blanks are not single inner spaces"
    return None

def caps_problem(can):
    """0017 §6.1: unique strings sorted by UTF-8 bytes, read/write/admin/sign:ROLE; write, admin need read."""
    if not isinstance(can, list) or not all(isinstance(c, str) for c in can): return "can is not an array of strings"
    if [c.encode("utf-8") for c in can] != sorted(set(c.encode("utf-8") for c in can)): return "can is not unique and sorted"
    roles = set()
    for c in can:
        if c.startswith("sign:"):
            p = role_problem(c[5:])
            if p: return p
            if v1.fold(c[5:]) in roles: return "two sign: capabilities of one role (ASCII case ignored)"
            roles.add(v1.fold(c[5:]))
        elif c not in ("read", "write", "admin"): return f"unknown capability {c!r}"
    if ("write" in can or "admin" in can) and "read" not in can: return "write or admin without read"
    return None

def sealed_problem(s):
    """0017 §8, §14: the sealed identity's fields and costs."""
    if not isinstance(s, dict) or set(s) != {"memlimit", "nonce", "opslimit", "salt", "secret"}: return "sealed is not {memlimit, nonce, opslimit, salt, secret}"
    if not is_int(s["opslimit"]) or not 2 <= s["opslimit"] <= 16: return "sealed.opslimit is not 2-16"
    if not is_int(s["memlimit"]) or not 19922944 <= s["memlimit"] <= 4 * 2**30: return "sealed.memlimit is not 19922944 bytes - 4 GiB"
    if b64(s["salt"], 16) is None or b64(s["nonce"], 24) is None or b64(s["secret"], 48) is None: return "sealed's salt, nonce or secret has another size"
    return None

def member_problem(m, extra=()):
    """0017 §6.2 rule 5, §14: a member object (plus the `extra` members allowed beside it)."""
    if not isinstance(m, dict): return "the member object is not an object"
    keys = set(m) - set(extra)
    if not {"can", "key", "key_number", "name"} <= keys or keys - {"can", "key", "key_number", "name", "sealed"}:
        return "the member object's members are not can, key, key_number, name [, sealed]"
    pk = b64(m["key"], 32)
    if pk is None: return "key is not base64 of 32 bytes"
    if not converts(pk): return "key is not a usable member key (no X25519 half, 0017 §5)"
    if not isinstance(m["key_number"], str) or not re.fullmatch(r"[0-9a-f]{16}", m["key_number"]): return "key_number is not 16 lower-case hex digits"
    return name_problem(m["name"]) or caps_problem(m["can"]) or ("sealed" in m and sealed_problem(m["sealed"])) or None

def wrap_problem(w):
    """0017 §7.2: a stanza's sizes, checked before any decryption."""
    if not isinstance(w, dict) or set(w) != {"epk", "key", "nonce", "wrapped"}: return "a wrap is not {epk, key, nonce, wrapped}"
    if b64(w["epk"], 32) is None or b64(w["key"], 32) is None or b64(w["nonce"], 24) is None or b64(w["wrapped"], 48) is None:
        return "a wrap's epk, key, nonce or wrapped has another size"
    return None

def epoch_problem(e, header_epoch):
    """0017 §6.2, §7.1, §14: the epoch object's shape (not its wraps' set: that is bad_wraps)."""
    if not isinstance(e, dict) or not {"epoch", "key_check", "wraps"} <= set(e) or set(e) - {"epoch", "key_check", "previous", "wraps"}:
        return "the epoch object's members are not epoch, key_check, [previous,] wraps"
    if not is_int(e["epoch"]) or e["epoch"] != header_epoch: return "the epoch object's epoch is not the header's"
    if b64(e["key_check"], 32) is None: return "key_check is not base64 of 32 bytes"
    if "previous" in e:
        p = e["previous"]
        if not isinstance(p, dict) or set(p) != {"nonce", "sealed"} or b64(p["nonce"], 24) is None or b64(p["sealed"], 48) is None:
            return "previous is not {nonce: 24 bytes, sealed: 48 bytes}"
    if not isinstance(e["wraps"], list) or not 1 <= len(e["wraps"]) <= MAX_READERS: return "wraps is not an array of 1-256 wraps"
    for w in e["wraps"]:
        p = wrap_problem(w)
        if p: return p
    return None

def has_sign(can, role):
    return isinstance(role, str) and any(c.startswith("sign:") and v1.fold(c[5:]) == v1.fold(role) for c in can)

def caps_text(can): return ", ".join(can) if can else "nothing"


# ---------------------------------------------------------------- trust files (0017 §12, FORMAT.md §14.5)
class Trust:
    def __init__(self): self.pins, self.notes = {}, []          # public key -> set of capabilities

    def can(self, pk): return self.pins.get(pk)

def read_trust(path):
    """FORMAT.md §14.5's syntax with 0017 §12's lines: `member KEY CAPS` (CAPS the rest of the
    line, comma-separated, blanks around commas ignored), `signer KEY ROLE` (= member KEY
    sign:ROLE), `require-signed KIND` (accepted, changes nothing), `checkpoint-key VKEY`
    (format 1 only: ignored with a note). A key's pins are the union of its lines."""
    try:
        with open(path, "rb") as f: text = f.read().decode("utf-8")
    except OSError as e: raise v1.BadTrustFile(f"trust file '{path}': {e.strerror}")
    except UnicodeError: raise v1.BadTrustFile(f"trust file '{path}' is not UTF-8")
    t, directives = Trust(), 0
    for n, line in enumerate(text.split("\n"), 1):
        def bad(why): raise v1.BadTrustFile(f"trust file '{path}', line {n}: {why}")
        if line.endswith("\r"): line = line[:-1]
        if any(c != "\t" and unicodedata.category(c) == "Cc" for c in line): bad("a control character")
        if line.lstrip(" \t").startswith("#"): continue
        fields = [f for f in re.split(r"[ \t]+", line) if f]
        if not fields: continue
        word, args = fields[0], fields[1:]
        if word in ("member", "signer"):
            if len(args) < 2: bad(f"{word} needs a minisign public key and " + ("capabilities" if word == "member" else "a role"))
            d = v1.b64strict(args[0])
            if d is None or len(d) != 42 or d[:2] != b"Ed": bad(f"'{args[0][:16]}…' is not a minisign public key")
            rest = " ".join(args[1:])
            caps = [c.strip(" ") for c in rest.split(",")] if word == "member" else ["sign:" + rest]
            for c in caps:
                if c.startswith("sign:"):
                    if role_problem(c[5:]): bad(f"{c!r}: {role_problem(c[5:])}")
                elif c not in ("read", "write", "admin"): bad(f"{c!r} is not a capability (read, write, admin, sign:ROLE)")
            t.pins.setdefault(d[10:], set()).update(caps)
        elif word == "require-signed":
            if len(args) != 1 or not v1.KIND_RE.fullmatch(args[0]): bad(f"{' '.join(args)!r} is not an event kind")
        elif word == "checkpoint-key":                             # FORMAT.md §14.5 syntax, checked as verify.py does
            if len(args) != 1: bad("checkpoint-key takes one verifier key")
            name, _, tail = args[0].partition("+")
            keyid, _, enc = tail.partition("+")
            vk = v1.b64strict(enc) or b""
            if not name or len(vk) != 33 or vk[:1] != b"\x01" \
                    or keyid != hashlib.sha256(name.encode("utf-8") + b"\n" + vk).digest()[:4].hex():
                bad("not a C2SP signed-note verifier key NAME+KEYID+BASE64")
            t.notes.append(f"line {n}: checkpoint-key applies to format-1 ledgers only and is ignored")
        else: bad(f"unknown line '{word}' (member, signer, require-signed, checkpoint-key)")
        directives += 1
    if not directives: raise v1.BadTrustFile(f"trust file '{path}' holds no directive: it pins nothing")
    return t

def pinned_holds(pins, cap):
    if pins is None: return False
    if cap.startswith("sign:"): return has_sign(pins, cap[5:])
    return cap in pins


# ---------------------------------------------------------------- identities (FORMAT.md §13, §13.1)
def load_identity(path, passphrase):
    """The 32-byte Ed25519 seed of a `ledger-signing-key-v1` file or a minisign secret key.
    Raise CannotOpen (exit 5) for a wrong passphrase or a damaged key, BadUsage for a file that
    is no key file."""
    try:
        with open(path, "rb") as f: raw = f.read()
        text = raw.decode("utf-8")
    except (OSError, UnicodeError) as e: raise BadUsage(f"cannot read the identity '{path}': {e}")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0] == "ledger-signing-key-v1":
        f = {}
        for line in lines[1:]:
            if not line: continue
            k, sep, v = line.partition(": ")
            if not sep: raise BadUsage(f"'{path}' is not a key file (line {line!r})")
            f[k] = v
        try:
            name, num, pub = f["name"], bytes.fromhex(f["key-number"]), base64.b64decode(f["public"], validate=True)
            ops, mem, salt = f["argon2id"].split(" ")
            ops, mem, salt = int(ops), int(mem), base64.b64decode(salt, validate=True)
            nonce, secret = base64.b64decode(f["nonce"], validate=True), base64.b64decode(f["secret"], validate=True)
        except (KeyError, ValueError) as e: raise BadUsage(f"'{path}' is not a key file ({e})")
        if len(num) != 8 or len(pub) != 32 or len(salt) != 16 or len(nonce) != 24 or len(secret) != 48:
            raise BadUsage(f"'{path}' is not a key file (a field of another size)")
        if ops < 2 or mem < 19922944 or ops > 2**32 or mem > 2**42: raise CannotOpen(f"'{path}': Argon2id costs out of range")
        kek = nacl.pwhash.argon2id.kdf(32, passphrase, salt, opslimit=ops, memlimit=mem)
        ad = L_SIGNING_KEY + name.encode("utf-8") + b"\0" + num + pub + struct.pack(">QQ", ops, mem) + salt
        try: seed = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(secret, ad, nonce, kek)
        except Exception: raise CannotOpen(f"the passphrase does not open key file '{path}'")
        if nb.crypto_sign_seed_keypair(seed)[0] != pub: raise CannotOpen(f"key file '{path}' is damaged (its seed is not its public key's)")
        return seed
    if lines[0].startswith("untrusted comment: ") and len(lines) >= 2:
        d = v1.b64strict(lines[1].strip())
        if d is None or len(d) != 158 or d[:2] != b"Ed" or d[2:4] not in (b"Sc", b"\0\0") or d[4:6] != b"B2":
            raise BadUsage(f"'{path}' is not a key file")
        salt, ops, mem = d[6:38], struct.unpack("<Q", d[38:46])[0], struct.unpack("<Q", d[46:54])[0]
        blob = d[54:158]
        if d[2:4] == b"Sc":
            if ops > 67108864 or mem > 2 * 2**30: raise CannotOpen(f"'{path}': scrypt costs above ledger's limits")
            stream = nacl.pwhash.scrypt.kdf(104, passphrase, salt, opslimit=ops, memlimit=mem)
            blob = bytes(a ^ b for a, b in zip(blob, stream))
        keynum, sk, chk = blob[:8], blob[8:72], blob[72:104]
        want = hashlib.blake2b(b"Ed" + keynum + sk, digest_size=32).digest()
        if chk != want and not (d[2:4] == b"\0\0" and chk == bytes(32)):
            raise CannotOpen(f"the passphrase does not open key file '{path}'" if d[2:4] == b"Sc" else f"key file '{path}' is damaged")
        if nb.crypto_sign_seed_keypair(sk[:32])[0] != sk[32:]: raise CannotOpen(f"key file '{path}' is damaged")
        return sk[:32]
    raise BadUsage(f"'{path}' is not a key file")


# ---------------------------------------------------------------- the membership fold (0017 §6, §7.1, §7.5, §13 b)
class Fold:
    """Members and epochs in force, folded in position order."""
    def __init__(self):
        self.members = {}                                         # key -> member object (dict) + "since"
        self.removed = {}                                         # key -> (seq of its latest removal, member object)
        self.epoch = 0                                            # the epoch in force (0: none yet)
        self.epochs = {}                                          # e -> {"seq", "key_check", "previous"}
        self.wraps = []                                           # (seq, epoch, wrap) of every absorbed wrap
        self.pending = []                                         # seqs of reader removals awaiting an epoch
        self.signed_role = {}                                     # (deployment, key) -> first role signed

    def readers(self): return sorted(k for k, m in self.members.items() if "read" in m["can"])
    def admins(self): return [k for k, m in self.members.items() if "admin" in m["can"]]
    def name_in_force(self, name): return any(v1.fold(m["name"]) == v1.fold(name) for m in self.members.values())


def judge(lid, genuine, rows, find, trust, malformed=frozenset()):
    """0017 §13 (b) and (d): signatures on every well-formed row (not in `malformed`), then the
    fold over `genuine` ([(position, row)]). Returns (fold, seqs of unsigned rows)."""
    F, unsigned = Fold(), set()
    sig_kinds = {}                                                # seq -> the one of the four authority findings
    def find_auth(kind, s, msg):
        if s not in sig_kinds: sig_kinds[s] = kind; find(kind, s, msg)
    # Signatures are judged on every well-formed row (0017 §13); only genuine ones are folded.
    verified = {}
    for r in rows:
        if r["seq"] in malformed: continue
        if not r["sig"]:
            find_auth("unsigned_record", r["seq"], "a format-2 record without a signature"); unsigned.add(r["seq"])
        elif sig_verifies(lid, r): verified[r["seq"]] = r["sig"][:32]
        else: find_auth("bad_signature", r["seq"], "the author's signature does not verify")
    def who(k):
        if k in F.members: m = F.members[k]; return f"member {m['name']} (key id {key_id(m)}, may {caps_text(m['can'])})"
        if k in F.removed:
            q, m = F.removed[k]; return f"{m['name']}'s key (key id {key_id(m)}), removed at record {q}"
        return f"key {base64.b64encode(k).decode()}, never a member"
    for p, r in genuine:
        s, kind = r["seq"], r["kind"]
        author = verified.get(s)
        if author is None: continue                               # the fold absorbs only records whose signature verifies
        pub = v1.public_of(r) or {}
        zero_dep = r["deployment"] == ZERO_ID
        m = F.members.get(author)
        # -- no_rotation (0017 §7.5): only member.removed may come between a reader's removal and
        # its epoch. Reading (as the shipped `ledger verify`): any record whose signature
        # verifies counts, also one its author may not write (not_a_member, not_permitted).
        if F.pending and kind not in ("member.removed", "epoch.started"):
            for q in F.pending: find("no_rotation", q, f"a reader was removed and record {s} ({kind}) came before the next epoch.started")
            F.pending = []
        # -- authority (0017 §6.2 rule 1, §6.4)
        if p == 1 and kind == "ledger.created":
            mem = pub.get("member") if isinstance(pub, dict) else None
            mk = b64(mem.get("key"), 32) if isinstance(mem, dict) else None
            if mk != author:
                find_auth("not_a_member", s, "record 1 is not signed by the member it founds"); continue
        elif m is None:
            find_auth("not_a_member", s, f"record {s} ({kind}) is signed by {who(author)}"); continue
        else:
            need, ok_ = needed(kind, m["can"], pub, author)
            if not ok_:
                find_auth("not_permitted", s, f"{who(author)} may not write {kind}: it needs {need}"); continue
        if trust is not None:                                     # 0017 §12: the author's pin
            pins = trust.can(author)
            need, ok_ = needed(kind, sorted(pins) if pins else [], pub, author) if not (p == 1 and kind == "ledger.created") \
                else ("admin and read", pins is not None and {"admin", "read"} <= pins)
            if not ok_: find("untrusted_signer", s, f"the trust file does not pin the author ({key_hex(author)}) with {need}")
        # -- epochs (0017 §7.1)
        e = r["epoch"]
        if p == 1 and kind == "ledger.created":
            pass                                                  # rule 1: its header epoch is judged with its epoch object
        elif kind == "epoch.started":
            if e != F.epoch + 1:
                find("wrong_epoch", s, f"epoch.started names epoch {e}, not {F.epoch + 1}"); continue
        elif e != F.epoch:
            find("wrong_epoch", s, f"header epoch {e}, but epoch {F.epoch} is in force here")
        # -- effects (0017 §6.2)
        if p == 1 and kind == "ledger.created":
            founding(lid, F, r, pub, author, find, trust)
        elif kind in ADMIN_KINDS and not zero_dep:
            find("malformed", s, f"{kind} names a deployment (membership records are ledger-level)")
        elif kind == "member.added": member_added(F, r, pub, find, trust)
        elif kind == "member.removed": member_removed(F, r, pub, find)
        elif kind == "epoch.started": epoch_started(F, r, pub, find)
        elif kind == "signoff": signoff(F, r, pub, author, find, find_auth, trust)
    for q in F.pending: find("no_rotation", q, "a reader was removed and no epoch.started follows")
    F.pending = []
    return F, unsigned


def needed(kind, can, pub, author):
    """0017 §6.4: (what the kind needs, whether `can` holds it)."""
    if kind in ADMIN_KINDS: return "admin", "admin" in can
    if kind in ("roster.added", "roster.revoked"): return "nothing (roster records are not permitted in format 2)", False
    if kind == "ledger.created": return "nothing (ledger.created is record 1 only)", False
    if kind == "signoff":
        role = pub.get("role") if isinstance(pub, dict) else None
        own = b64(pub.get("key"), 32) == author if isinstance(pub, dict) else False
        return f"write, or read and sign:{role} as the statement's signer", \
            "write" in can or (own and "read" in can and has_sign(can, role))
    return "write", "write" in can


def key_hex(k): return k.hex()[:16] + "…"

def key_id(m): return bytes.fromhex(m["key_number"])[::-1].hex().upper()

def member_pinned(trust, mem, s, find):
    pk = b64(mem["key"], 32)
    pins = trust.can(pk)
    if pins is None: find("untrusted_signer", s, f"member {mem['name']}'s key is not pinned by the trust file"); return
    lacks = [c for c in mem["can"] if not pinned_holds(pins, c)]
    if lacks: find("untrusted_signer", s, f"member {mem['name']} holds {', '.join(lacks)}, which the trust file does not pin")

def founding(lid, F, r, pub, author, find, trust):
    """0017 §6.2 rule 1: record 1 founds the ledger."""
    s = r["seq"]
    if set(pub) != {"epoch", "format", "member"}:
        find("malformed", s, "ledger.created's public data is not {epoch, format, member}"); return
    if not is_int(pub["format"]) or pub["format"] != 2:
        find("malformed", s, "ledger.created does not say format 2"); return
    if r["deployment"] != ZERO_ID:
        find("malformed", s, "ledger.created names a deployment"); return
    mem = pub["member"]
    why = member_problem(mem) or (None if {"admin", "read"} <= set(mem["can"]) else "the founding member lacks admin or read")
    if why: find("malformed", s, f"ledger.created: {why}"); return
    ep = pub["epoch"]
    why = epoch_problem(ep, ep.get("epoch") if isinstance(ep, dict) else None)
    if why: find("malformed", s, f"ledger.created: {why}"); return
    # Rule 1: epoch 1, without previous, one wrap, to member.key, and header epoch 1, else
    # bad_wraps. Reading (0017 names no finding for the header epoch; the shipped `ledger
    # verify` says bad_wraps), and, as every bad_wraps, the record then changes nothing: no
    # member, no epoch is in force after it.
    if ep["epoch"] != 1 or r["epoch"] != 1 or "previous" in ep or len(ep["wraps"]) != 1 or b64(ep["wraps"][0]["key"], 32) != author:
        find("bad_wraps", s, "record 1's epoch is not epoch 1 (header and object) without previous, with one wrap to its member"); return
    if trust is not None: member_pinned(trust, mem, s, find)
    F.members[author] = dict(mem, since=s)
    F.epoch = 1
    F.epochs[1] = {"seq": s, "key_check": b64(ep["key_check"], 32), "previous": ep.get("previous")}
    for w in ep["wraps"]: F.wraps.append((s, 1, w))

def member_added(F, r, pub, find, trust):
    s = r["seq"]
    why = member_problem(pub, extra=("wrap",))
    if why is None and "wrap" in pub: why = wrap_problem(pub["wrap"])
    if why: find("malformed", s, f"member.added: {why}"); return   # rule 5: changes nothing
    pk = b64(pub["key"], 32)
    if trust is not None: member_pinned(trust, pub, s, find)
    if pk in F.members: find("member_conflict", s, f"the key is already member {F.members[pk]['name']}"); return
    if F.name_in_force(pub["name"]): find("member_conflict", s, f"the name {pub['name']!r} is already in force"); return
    reads = "read" in pub["can"]
    if reads and len(F.readers()) >= MAX_READERS: find("member_conflict", s, "a 257th reader"); return
    if reads != ("wrap" in pub) or (reads and b64(pub["wrap"]["key"], 32) != pk):
        # Reading (0017 rule 4 does not say; the shipped `ledger verify` does this): the record
        # changes nothing, as under rules 2 and 5.
        find("bad_wraps", s, "member.added: a wrap " + ("missing for a reader" if reads and "wrap" not in pub else
             "for a member without read" if not reads else "to another key than the member's")); return
    F.members[pk] = dict({k: v for k, v in pub.items() if k != "wrap"}, since=s)
    F.removed.pop(pk, None)
    if reads and "wrap" in pub: F.wraps.append((s, r["epoch"], pub["wrap"]))

def member_removed(F, r, pub, find):
    s = r["seq"]
    pk = b64(pub.get("key"), 32)
    reason = pub.get("reason")
    if pk is None or set(pub) - {"key", "reason"} or ("reason" in pub and (not isinstance(reason, str) or len(reason.encode("utf-8")) > 1024)):
        find("malformed", s, "member.removed's public data is not {key: 32 bytes [, reason: at most 1024 bytes]}"); return
    if pk not in F.members: find("member_conflict", s, "removes a key that is not a member in force"); return
    if F.admins() == [pk]: find("member_conflict", s, "removes the last admin"); return
    m = F.members.pop(pk)
    F.removed[pk] = (s, m)
    if "read" in m["can"]: F.pending.append(s)

def epoch_started(F, r, pub, find):
    s, e = r["seq"], r["epoch"]
    why = epoch_problem(pub, e)
    if why is None and "previous" not in pub: why = "an epoch after the first without previous"
    if why:                                                       # §7.1: it begins no epoch
        find("malformed", s, f"epoch.started: {why}"); return
    keys = [b64(w["key"], 32) for w in pub["wraps"]]
    # Reading (0017 is silent; the shipped `ledger verify` does this): an epoch.started whose
    # wraps are not exactly the readers in force is bad_wraps and, like a record with any other
    # membership finding, changes nothing: no epoch begins (records after it under the new
    # epoch are wrong_epoch).
    if keys != F.readers():
        find("bad_wraps", s, "epoch.started's wraps are not exactly the readers in force, sorted"); return
    F.epoch = e
    F.pending = []
    F.epochs[e] = {"seq": s, "key_check": b64(pub["key_check"], 32), "previous": pub.get("previous")}
    for w in pub["wraps"]: F.wraps.append((s, e, w))

def signoff(F, r, pub, author, find, find_auth, trust):
    """0017 §6.4: the statement signer is a member in force with sign:ROLE and its key number."""
    s = r["seq"]
    named, role, num = b64(pub.get("key"), 32), pub.get("role"), v1.key_number(pub)
    if named is None or not isinstance(role, str) or num is None:
        find("malformed", s, "signoff: public data lacks a base64 32-byte `key`, a `role` or a 16-hex `key_number`"); return
    m = F.members.get(named)
    if m is None or not has_sign(m["can"], role):
        find_auth("not_permitted", s, f"the statement's signer does not hold sign:{role}"); return
    if m["key_number"] != num:
        find_auth("bad_signature", s, f"the public key_number {num} is not the member's {m['key_number']}"); return
    first = F.signed_role.setdefault((r["deployment"], named), role)
    if v1.fold(first) != v1.fold(role): find("role_conflict", s, f"this key already signed off this deployment as {first}")
    if trust is not None and not pinned_holds(trust.can(named), "sign:" + role):
        find("untrusted_signer", s, f"the trust file does not pin the statement's signer with sign:{role}")


# ---------------------------------------------------------------- with an identity (0017 §7.2-§7.4, §9.3, §9.5)
def open_wrap(lid, e, w, pk, sk64):
    A, epk, nonce, wrapped = b64(w["key"], 32), b64(w["epk"], 32), b64(w["nonce"], 24), b64(w["wrapped"], 48)
    x = nb.crypto_sign_ed25519_pk_to_curve25519(pk)
    try: ss = nb.crypto_scalarmult(nb.crypto_sign_ed25519_sk_to_curve25519(sk64), epk)
    except Exception: return None                                 # all-zero shared secret
    if ss == bytes(32): return None
    wk = b2(ss, L_WRAP_KEY + epk + x + A)
    try: return nb.crypto_aead_xchacha20poly1305_ietf_decrypt(wrapped, L_WRAP_AD + lid + u32(e) + A + epk, nonce, wk)
    except Exception: return None

def key_check(lid, K, e): return b2(K, L_EPOCH_CHECK + lid + u32(e))

def epoch_keys(lid, F, seed, find):
    """The data keys this identity reaches: its newest wrap, then the links down to epoch 1."""
    pk, sk64 = nb.crypto_sign_seed_keypair(seed)
    m = F.members.get(pk)
    if m is None:
        if pk in F.removed: raise CannotOpen(f"the identity's key was removed at record {F.removed[pk][0]}: it opens nothing written since")
        raise CannotOpen("the identity's key is not a member of this ledger")
    mine = [(s, e, w) for s, e, w in F.wraps if b64(w["key"], 32) == pk]
    if "read" not in m["can"] or not mine: raise CannotOpen("the identity's key is a member without read: it opens nothing")
    s, e, w = mine[-1]
    K = open_wrap(lid, e, w, pk, sk64)
    keys = {}
    if K is None: find("bad_wraps", s, "this identity's wrap does not open"); return keys
    ep = F.epochs.get(e)
    if ep is None or key_check(lid, K, e) != ep["key_check"]:
        find("bad_wraps", s, f"this identity's wrap opens to a key whose check is not epoch {e}'s"); return keys
    keys[e] = K
    while e > 1:
        ep, prev = F.epochs.get(e), F.epochs.get(e - 1)
        link = ep and ep["previous"]
        if not link or prev is None: break
        try:
            K = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(b64(link["sealed"], 48), L_EPOCH_LINK + lid + u32(e), b64(link["nonce"], 24), keys[e])
        except Exception:
            find("bad_wraps", ep["seq"], f"the link to epoch {e - 1} does not open"); break
        if key_check(lid, K, e - 1) != prev["key_check"]:
            find("bad_wraps", ep["seq"], f"the link opens to a key whose check is not epoch {e - 1}'s"); break
        e -= 1
        keys[e] = K
    return keys

def payload_problem(pt):
    try: p = v1.parse_canonical(pt)
    except v1.NotCanonical as e: return f"payload: {e}"
    if not isinstance(p, dict) or set(p) - {"role"} != {"data", "time"}:
        return "payload is not an object with exactly data, time and an optional role (no actor in format 2)"
    if not isinstance(p["data"], dict): return "data is not an object"
    if not v1.valid_time(p["time"]): return f"time {p['time']!r} is not YYYY-MM-DDTHH:MM:SS.mmmZ"
    if "role" in p and not isinstance(p["role"], str): return "role is not a string"
    return None

def decrypt_all(lid, rows, keys, started, skip, find):
    """Decrypt and parse each row not in `skip`. Reading: a row whose epoch never started in the
    fold (no epoch object absorbed) has no key: `malformed`, as format 1 says of a record whose
    epoch has no keys row; a row of an epoch that started but that this identity could not
    reach (its wrap or a link was bad_wraps, already reported) is not decrypted."""
    n = 0
    for r in rows:
        s = r["seq"]
        if s in skip: continue
        K = keys.get(r["epoch"])
        if K is None:
            if r["epoch"] not in started: find("malformed", s, f"no key of epoch {r['epoch']}: that epoch never started")
            continue
        author, h = r["sig"][:32], header(lid, r)
        try: pt = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(r["ciphertext"], L_RECORD_AD + h + author, r["nonce"], b2(K, L_RECORD_KEY + h + author))
        except Exception: find("undecryptable", s, "the tag does not verify although the hash does"); continue
        why = payload_problem(pt)
        if why: find("malformed", s, why)
        else: n += 1
    return n


# ---------------------------------------------------------------- verification
def verify(con, lid, seed=None, trust=None):
    rows = [dict(zip(COLS, t)) for t in con.execute(f"SELECT {', '.join(COLS)} FROM events ORDER BY seq")]
    findings, bad = [], set()
    def find(kind, seq, msg):
        findings.append({"kind": kind, "seq": seq, "message": msg}); bad.add(seq)
    ok, checkable, moved, moved_to, dup = explain_chain(rows, lid, find, bad)
    chain_bad = set(bad)
    malformed = {f["seq"] for f in findings if f["kind"] == "malformed"}
    for problem in v1.schema_findings(con): find("schema", 0, problem)
    if con.execute("SELECT count(*) FROM keys").fetchone()[0]:
        find("schema", 0, "table keys holds rows; format 2 keeps its keys in the log")
    genuine = genuine_rows(rows, malformed, moved, moved_to, dup)
    F, unsigned = judge(lid, genuine, rows, find, trust, malformed)
    decrypted = None
    if seed is not None:
        keys = epoch_keys(lid, F, seed, find)
        # Each row authentic at its stored position with no chain finding is decrypted; also one
        # with a signature finding (0017 §10: "undecryptable and bad_signature"), never an unsigned one.
        skip = {r["seq"] for r in rows if not ok.get(r["seq"]) or r["seq"] in chain_bad} | unsigned
        decrypted = decrypt_all(lid, rows, keys, set(F.epochs), skip, find)
    # At most one finding of each kind at each record (the first), as for format 1 (§14.6).
    seen, once = set(), []
    for f in findings:
        if (f["kind"], f["seq"]) not in seen:
            seen.add((f["kind"], f["seq"]))
            once.append(f)
    findings = sorted(once, key=lambda f: (f["seq"], f["kind"]))
    return len(rows), findings, decrypted


def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent verifier for ledger format 2 (decision 0017).")
    ap.add_argument("file"); ap.add_argument("--json", action="store_true")
    ap.add_argument("--identity", metavar="KEYFILE", help="a member's secret key file: open the wraps, decrypt every record")
    ap.add_argument("--key-passphrase-env", metavar="VAR", help="the environment variable holding the identity's passphrase")
    ap.add_argument("--trust", metavar="FILE", help="judge members by the keys a trust file pins (0017 §12)")
    ap.add_argument("--passphrase-env", metavar="VAR", help=argparse.SUPPRESS)   # verify.py's option: no use in format 2
    ap.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if not HAVE_NACL:
        print("verify: PyNaCl is not installed: a format-2 ledger cannot be checked without it (signatures are keyless checks)", file=sys.stderr)
        return 2
    trust = None
    if a.trust:
        try: trust = read_trust(a.trust)
        except v1.BadTrustFile as e: print(f"verify: error: {e}", file=sys.stderr); return 2
        for n in trust.notes: print(f"verify: note: trust file {n}", file=sys.stderr)
    if a.passphrase_env: print("verify: note: --passphrase-env opens format-1 ledgers; a format-2 ledger is opened with --identity", file=sys.stderr)
    try:
        con, lid, _ = open_ledger(a.file)
        seed = None
        if a.identity:
            pw = os.environ.get(a.key_passphrase_env) if a.key_passphrase_env else None
            if a.key_passphrase_env and pw is None: ap.error(f"environment variable {a.key_passphrase_env} is not set")
            seed = load_identity(a.identity, (pw or "").encode("utf-8"))
        n, findings, decrypted = verify(con, lid, seed, trust)
    except NotALedger as e: print(f"verify: error: {e}", file=sys.stderr); return 6
    except CannotOpen as e: print(f"verify: error: {e}", file=sys.stderr); return 5
    except BadUsage as e: print(f"verify: error: {e}", file=sys.stderr); return 2
    if seed is None: print("verify: no identity: checked without a key (hashes, links, sizes, signatures, members)", file=sys.stderr)
    if a.json:
        print(json.dumps({"intact": not findings, "records": n, "findings": findings, "decrypted": seed is not None}))
    else:
        for f in findings: print(f"{f['kind']} {f['seq']}: {f['message']}")
        print(f"OK: {n} records" if not findings else f"FAILED: {len(findings)} problem(s) in {n} records")
    return 3 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
