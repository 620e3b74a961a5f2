#!/usr/bin/env python3
"""Self-check of the format-2 verifiers: builds a team ledger with the given `ledger` binary,
makes tampered and forged copies, and compares `ledger verify --json` with verify2.py on each
(keyless, and with a member's identity): they must report the same findings (kind and seq,
as multisets) and the same exit class. Exit 0 when every case agrees, 1 otherwise, 2 usage.

    python3 tools/independent-verify/check_format2.py PATH/TO/ledger [--keep DIR] [-j N] [-v] [WORD ...]

Everything it needs is made at run time in a temporary directory (keys, ledgers, trust
files); it reads nothing outside the repository but the binary. Needs PyNaCl.

The forged cases re-seal and re-sign records with the members' own keys (the harness holds
every key), so they test the membership rules rather than the chain: an insider's forgeries.
"""
import base64, hashlib, json, os, shutil, sqlite3, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import verify as v1
import verify2 as V
from nacl import bindings as nb
import nacl.pwhash

PW = "check-format2-pw"
ENV = dict(os.environ, LEDGER_KEY_PASSPHRASE=PW, NO_COLOR="1")
for k in ("LEDGER_FILE", "LEDGER_IDENTITY", "LEDGER_PASSPHRASE", "LEDGER_ACTOR", "LEDGER_ROLE"): ENV.pop(k, None)
ENV["PWVAR"] = PW


class Harness:
    def __init__(self, binary, work, verbose=False):
        self.bin, self.work, self.verbose = binary, work, verbose
        self.seeds = {}                                           # name -> seed
        self.synthetic = {}                                       # name -> key number (no key file)

    def ledger(self, *args, ok=True):
        p = subprocess.run([self.bin, *args], cwd=self.work, env=ENV, capture_output=True, text=True)
        if ok and p.returncode != 0:
            raise SystemExit(f"check_format2: `ledger {' '.join(args)}` failed ({p.returncode}): {p.stderr.strip()}")
        return p

    def key(self, name):
        self.ledger("key", "new", "--name", name, "--kdf-memory", "19")
        self.seeds[name] = V.load_identity(os.path.join(self.work, name + ".key"), PW.encode())
        return self.pk(name)

    def pk(self, name): return nb.crypto_sign_seed_keypair(self.seeds[name])[0]

    def minisign_key(self, name, encrypted):
        """A minisign secret key (FORMAT.md §13.1), made here: unencrypted (kdf 00 00) or
        scrypt-encrypted with small costs."""
        seed, keynum = os.urandom(32), os.urandom(8)
        pk, sk = nb.crypto_sign_seed_keypair(seed)
        chk = hashlib.blake2b(b"Ed" + keynum + sk, digest_size=32).digest()
        salt, ops, mem = os.urandom(32), 1048576, 16777216
        blob = keynum + sk + chk
        if encrypted:
            stream = nacl.pwhash.scrypt.kdf(104, PW.encode(), salt, opslimit=ops, memlimit=mem)
            blob = bytes(a ^ b for a, b in zip(blob, stream))
        body = b"Ed" + (b"Sc" if encrypted else b"\0\0") + b"B2" + salt + struct.pack("<QQ", ops, mem) + blob
        with open(os.path.join(self.work, name + ".key"), "w") as f:
            f.write("untrusted comment: minisign encrypted secret key\n" + base64.b64encode(body).decode() + "\n")
        os.chmod(os.path.join(self.work, name + ".key"), 0o600)
        with open(os.path.join(self.work, name + ".key.pub"), "w") as f:
            f.write(f"untrusted comment: minisign public key {keynum[::-1].hex().upper()}\n"
                    + base64.b64encode(b"Ed" + keynum + pk).decode() + "\n")
        self.seeds[name] = seed
        return pk

    def publine(self, name):
        with open(os.path.join(self.work, name + ".key.pub")) as f: return f.read().split("\n")[1]

    def keynum(self, name):
        if name in self.synthetic: return self.synthetic[name]
        return base64.b64decode(self.publine(name))[2:10].hex()

    def synthetic_member(self, name):
        """A key pair with no files, for forged members."""
        self.seeds[name], self.synthetic[name] = os.urandom(32), os.urandom(8).hex()
        return name


# ---------------------------------------------------------------- the log as records one can re-seal
class Log:
    """A ledger's records with their plaintexts and the epochs' data keys, to edit and re-seal."""
    def __init__(self, h, path):
        self.h, self.path = h, path
        con, self.lid, _ = V.open_ledger(path)
        self.rows = [dict(zip(V.COLS, t)) for t in con.execute(f"SELECT {', '.join(V.COLS)} FROM events ORDER BY seq")]
        con.close()
        self.by_pk = {h.pk(n): n for n in h.seeds}
        # the data keys: the founder's wraps and links, via verify2's own fold
        con, _, _ = V.open_ledger(path)
        rows = self.rows
        _, _, moved, moved_to, _ = V.explain_chain(rows, self.lid, lambda *a: None, set())
        F, _ = V.judge(self.lid, V.genuine_rows(rows, set(), moved, moved_to), rows, lambda *a: None, None)
        founder = self.by_pk[rows[0]["sig"][:32]]
        self.keys = V.epoch_keys(self.lid, F, h.seeds[founder], lambda *a: print("harness:", a))
        con.close()
        for r in self.rows:
            a = r["sig"][:32]
            hd = V.header(self.lid, r)
            r["payload"] = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
                r["ciphertext"], V.L_RECORD_AD + hd + a, r["nonce"], V.b2(self.keys[r["epoch"]], V.L_RECORD_KEY + hd + a))
            r["author"] = self.by_pk[a]

    def record(self, kind, author, public=None, data=None, deployment=V.ZERO_ID, epoch=None, payload=None):
        """A new record (sealed and signed when written)."""
        pub = v1.canonical(public).encode() if public is not None else b""
        if payload is None:
            payload = v1.canonical({"data": data if data is not None else {}, "time": "2026-12-04T10:00:00.000Z"}).encode()
        return {"kind": kind, "author": author, "public": pub, "payload": payload, "deployment": deployment,
                "epoch": epoch if epoch is not None else self.rows[-1]["epoch"], "nonce": os.urandom(24)}

    def wrap(self, e, K, A):
        """0017 §7.2, made as a writer makes it."""
        x = nb.crypto_sign_ed25519_pk_to_curve25519(A)
        esk = os.urandom(32); epk = nb.crypto_scalarmult_base(esk)
        wk = V.b2(nb.crypto_scalarmult(esk, x), V.L_WRAP_KEY + epk + x + A)
        nonce = os.urandom(24)
        wrapped = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(K, V.L_WRAP_AD + self.lid + V.u32(e) + A + epk, nonce, wk)
        return {"epk": b64(epk), "key": b64(A), "nonce": b64(nonce), "wrapped": b64(wrapped)}

    def epoch_object(self, e, readers, K=None, prev=None):
        K = K or os.urandom(32)
        self.keys[e] = K
        obj = {"epoch": e, "key_check": b64(V.key_check(self.lid, K, e)),
               "wraps": [self.wrap(e, K, A) for A in sorted(readers)]}
        prev = (self.keys.get(e - 1) or self.keys[max(k for k in self.keys if k < e)]) if prev is None else prev
        if e > 1:
            n = os.urandom(24)
            obj["previous"] = {"nonce": b64(n), "sealed": b64(nb.crypto_aead_xchacha20poly1305_ietf_encrypt(
                prev, V.L_EPOCH_LINK + self.lid + V.u32(e), n, K))}
        return obj

    def member_object(self, name, who, can, wrap_epoch=None):
        m = {"can": sorted(can, key=lambda c: c.encode()), "key": b64(self.h.pk(who)), "key_number": self.h.keynum(who), "name": name}
        if wrap_epoch is not None: m["wrap"] = self.wrap(wrap_epoch, self.keys[wrap_epoch], self.h.pk(who))
        return m

    def reseal(self, start, seal_as=None):
        """Re-seal, re-sign and re-hash records from index `start` on, in their list order."""
        prev = self.rows[start - 1]["hash"] if start else hashlib.sha256(V.L_GENESIS + self.lid).digest()
        for i in range(start, len(self.rows)):
            r = self.rows[i]
            r["seq"], r["prev_hash"] = i + 1, prev
            seed = self.h.seeds[r["author"]]
            pk, sk = nb.crypto_sign_seed_keypair(seed)
            if not r.get("keep_ciphertext"):
                sealer = self.h.pk(r["seal_as"]) if r.get("seal_as") else pk
                hd = V.header(self.lid, r)
                K = self.keys.get(r["epoch"], bytes(32))
                r["ciphertext"] = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(
                    r["payload"], V.L_RECORD_AD + hd + sealer, r["nonce"], V.b2(K, V.L_RECORD_KEY + hd + sealer))
            r["sig"] = b"" if r.get("unsigned") else pk + nb.crypto_sign(V.signed_message(self.lid, r), sk)[:64]
            if r.get("badsig"): r["sig"] = r["sig"][:40] + bytes([r["sig"][40] ^ 1]) + r["sig"][41:]
            r["hash"] = V.record_hash(self.lid, r)
            prev = r["hash"]

    def write(self, path):
        shutil.copyfile(self.path, path)
        with raw(path) as c:
            c.execute("DELETE FROM events")
            for r in self.rows:
                c.execute(f"INSERT INTO events ({', '.join(V.COLS)}) VALUES ({', '.join('?' * len(V.COLS))})",
                          tuple(r[k] for k in V.COLS))
        return path


def b64(b): return base64.b64encode(b).decode()


class raw:
    """The file with its append-only triggers dropped, put back afterwards (so that the schema
    stays the format's and the findings are the damage's only)."""
    def __init__(self, path): self.path = path
    def __enter__(self):
        self.c = sqlite3.connect(self.path)
        self.triggers = list(self.c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'events'"))
        for name, _ in self.triggers: self.c.execute(f"DROP TRIGGER {name}")
        return self.c
    def __exit__(self, *exc):
        for _, sql in self.triggers: self.c.execute(sql)
        self.c.commit(); self.c.close()


# ---------------------------------------------------------------- comparing the two verifiers
def findings_of(out):
    """The (kind, seq) pairs of a JSON report; None when it is no report (an error)."""
    try: doc = json.loads(out)
    except ValueError: return None
    if not isinstance(doc, dict) or "findings" not in doc: return None
    return sorted((f["kind"], f["seq"]) for f in doc["findings"])

def exit_class(rc):
    """ledger's 3/4/7 are all 'problems' for verify2 (3)."""
    return {0: "intact", 3: "problems", 4: "problems", 7: "problems", 5: "no key", 6: "not a ledger",
            2: "usage", 64: "usage"}.get(rc, f"exit {rc}")

def compare(h, name, path, identity=None, trust=None):
    args = ["verify", "--json", path]
    mine = [sys.executable, os.path.join(HERE, "verify.py"), path, "--json"]
    if identity:
        args += ["--identity", identity + ".key"]; mine += ["--identity", identity + ".key", "--key-passphrase-env", "PWVAR"]
    if trust:
        args += ["--trust", trust]; mine += ["--trust", trust]
    a = h.ledger(*args, ok=False)
    b = subprocess.run(mine, cwd=h.work, env=ENV, capture_output=True, text=True)
    fa, fb = findings_of(a.stdout), findings_of(b.stdout)
    ca, cb = exit_class(a.returncode), exit_class(b.returncode)
    same = ca == cb and (fa == fb or (fa is None and fb is None and ca in ("no key", "not a ledger", "usage")))
    label = f"{name}" + (f" [identity {identity}]" if identity else " [keyless]") + (" [trust]" if trust else "")
    shown = lambda f: ", ".join(f"{k}@{s}" for k, s in f) if f else ("none" if f is not None else "no report")
    err = lambda p: p.stderr.strip().splitlines()[0] if p.stderr.strip() else ""
    if same:
        out = [f"agree     {label}: {ca}; {shown(fa)}"]
    else:
        out = [f"DISAGREE  {label}",
               f"    ledger verify: {ca} (exit {a.returncode}); {shown(fa)}" + (f"; {err(a)}" if fa is None else ""),
               f"    verify2.py:    {cb} (exit {b.returncode}); {shown(fb)}" + (f"; {err(b)}" if fb is None else "")]
    if h.verbose:
        out += ["      ledger: " + l[:300] for l in ledger_messages(a.stdout)]
        out += ["      verify2: " + l[:300] for l in ledger_messages(b.stdout)]
    return same, out

def ledger_messages(out):
    try: return [f"{f['kind']} {f['seq']}: {f['message']}" for f in json.loads(out)["findings"]]
    except Exception: return [out.strip()[:300]] if out.strip() else []


# ---------------------------------------------------------------- the cases
def build(h):
    """The base ledger: Dana (admin) founds it, Alice and Bob write, Bob is removed (epoch 2),
    Carol reads and signs off QA, Erin (an unencrypted minisign key) reads."""
    for n in ("lead", "alice", "bob", "carol", "dave", "zed"): h.key(n)
    h.minisign_key("erin", encrypted=False)
    h.minisign_key("fay", encrypted=True)
    f = "base.ledger"
    h.ledger("init", f, "--identity", "lead.key")
    add = lambda name, who, can: h.ledger("member", "add", name, "--key", who + ".key.pub", "--can", can, "--identity", "lead.key", "--ledger", f)
    add("Alice", "alice", "read,write")
    add("Bob", "bob", "read,write")
    h.ledger("deploy", "start", "--name", "r1", "--identity", "alice.key", "--ledger", f)
    h.ledger("tick", "1.1.1", "--identity", "alice.key", "--ledger", f)
    h.ledger("tick", "1.1.2", "--identity", "alice.key", "--ledger", f)
    h.ledger("note", "hello from bob", "--identity", "bob.key", "--ledger", f)
    h.ledger("member", "remove", "Bob", "--identity", "lead.key", "--ledger", f)
    h.ledger("note", "after the removal", "--identity", "alice.key", "--ledger", f)
    add("Carol", "carol", "read,sign:QA")
    add("Erin", "erin", "read")
    add("Fay", "fay", "read")
    return os.path.join(h.work, f)

# base.ledger: 1 ledger.created, 2 +Alice, 3 +Bob, 4 deployment.started, 5-6 item.ticked,
# 7 note (Bob), 8 member.removed Bob, 9 epoch.started 2, 10 note (Alice), 11 +Carol, 12 +Erin, 13 +Fay

def cases(h, base):
    """(name, builder(path) -> None, identities to compare with, trust file or None, keyless?)"""
    def sql(*stmts):
        def make(path):
            with raw(path) as c:
                for s, *args in stmts: c.execute(s, tuple(args))
        return make
    def forge(edit, start=None):
        def make(path):
            log = Log(h, base)
            first = edit(log)
            log.reseal(first if start is None else start)
            log.write(path)
        return make
    def flip_ct(path):
        with raw(path) as c:
            ct = c.execute("SELECT ciphertext FROM events WHERE seq = 7").fetchone()[0]
            c.execute("UPDATE events SET ciphertext = ? WHERE seq = 7", (bytes([ct[0] ^ 1]) + ct[1:],))
    def flip_ct_rehash(seq):
        def make(path):
            with raw(path) as c:
                r = dict(zip(V.COLS, c.execute(f"SELECT {', '.join(V.COLS)} FROM events WHERE seq = ?", (seq,)).fetchone()))
                r["ciphertext"] = bytes([r["ciphertext"][0] ^ 1]) + r["ciphertext"][1:]
                c.execute("UPDATE events SET ciphertext = ?, hash = ? WHERE seq = ?", (r["ciphertext"], V.record_hash(LID[0], r), seq))
                rehash_tail(c, seq)
        return make
    def swap(a, b):
        return sql(("UPDATE events SET seq = -1 WHERE seq = ?", a), ("UPDATE events SET seq = ? WHERE seq = ?", a, b),
                   ("UPDATE events SET seq = ? WHERE seq = -1", b))
    def append_unsigned(path):
        with raw(path) as c:
            last = dict(zip(V.COLS, c.execute(f"SELECT {', '.join(V.COLS)} FROM events ORDER BY seq DESC LIMIT 1").fetchone()))
            r = dict(last, seq=last["seq"] + 1, kind="note", public=b"", nonce=os.urandom(24), ciphertext=os.urandom(60),
                     sig=b"", prev_hash=last["hash"])
            r["hash"] = V.record_hash(LID[0], r)
            c.execute(f"INSERT INTO events ({', '.join(V.COLS)}) VALUES ({', '.join('?' * len(V.COLS))})", tuple(r[k] for k in V.COLS))
    def set_epoch(seq, e, rehash):
        def make(path):
            with raw(path) as c:
                c.execute("UPDATE events SET epoch = ? WHERE seq = ?", (e, seq))
                if rehash:
                    r = dict(zip(V.COLS, c.execute(f"SELECT {', '.join(V.COLS)} FROM events WHERE seq = ?", (seq,)).fetchone()))
                    c.execute("UPDATE events SET hash = ? WHERE seq = ?", (V.record_hash(LID[0], r), seq))
                    rehash_tail(c, seq)
        return make
    def delete_relink(seq):
        def make(path):
            with raw(path) as c:
                c.execute("DELETE FROM events WHERE seq = ?", (seq,))
                for (s,) in c.execute("SELECT seq FROM events WHERE seq > ? ORDER BY seq", (seq,)).fetchall():
                    c.execute("UPDATE events SET seq = ? WHERE seq = ?", (s - 1, s))
                rehash_tail(c, seq - 1)
        return make
    def meta_format(v):
        return sql(("UPDATE meta SET value = ? WHERE key = 'format'", v))

    pk = h.pk
    K = lambda log, e: log.keys[e]
    def drop_epoch_resigned(log):
        del log.rows[8]                                           # epoch.started 2: Bob's removal has no epoch
        for r in log.rows[8:]: r["epoch"] = 1                     # and the tail re-sealed under epoch 1 by its authors
        for r in log.rows[8:]:
            if r["kind"] == "member.added":
                p = json.loads(r["public"]); p["wrap"] = log.wrap(1, K(log, 1), base64.b64decode(p["key"]))
                r["public"] = v1.canonical(p).encode()
        return 8
    def drop_epoch_keep(log):                                     # only relinked: epochs stay 2
        del log.rows[8]
        return 8
    def append(*recs):
        def edit(log):                                            # one after the other: each sees the ones before
            i = len(log.rows)
            for f in recs: log.rows.append(f(log))
            return i
        return edit
    def note(author, **kw): return lambda log: log.record("note", author, data={"text": "forged"}, **kw)
    def added(author, name, who, can, wrap=True, **kw):
        def f(log):
            e = log.rows[-1]["epoch"]
            return log.record("member.added", author, public=log.member_object(name, who, can, e if wrap and "read" in can else None), **kw)
        return f
    def removed(author, who): return lambda log: log.record("member.removed", author, public={"key": b64(pk(who))})
    def epoch(author, e=None, readers=None, drop=None, extra=None, prev=None):
        def f(log):
            cur = log.rows[-1]["epoch"]
            n = cur + 1 if e is None else e
            rd = readers(log) if readers else current_readers(log)
            if drop: rd = [x for x in rd if x != pk(drop)]
            if extra: rd = rd + [pk(extra)]
            obj = log.epoch_object(n, rd, prev=prev)
            return log.record("epoch.started", author, public=obj, epoch=n)
        return f
    def current_readers(log):
        out = set()
        for r in log.rows:
            p = json.loads(r["public"]) if r["public"] else {}
            if r["kind"] == "ledger.created": out.add(base64.b64decode(p["member"]["key"]))
            elif r["kind"] == "member.added" and "read" in p["can"]: out.add(base64.b64decode(p["key"]))
            elif r["kind"] == "member.removed": out.discard(base64.b64decode(p["key"]))
        return sorted(out)
    def signoff(author, signer, role, key_number=None):
        def f(log):
            pub = {"key": b64(pk(signer)), "key_number": key_number or h.keynum(signer), "role": role}
            return log.record("signoff", author, public=pub, data={"statement": "x"}, deployment=log.rows[3]["deployment"])
        return f
    def bad_payload(payload):
        return lambda log: log.record("note", "alice", payload=payload)
    def sealed_as(f, other):
        def g(log): r = f(log); r["seal_as"] = other; return r
        return g
    def bad_wrap_for(name, who):                                  # a wrap that opens to another key than the epoch's
        def f(log):
            m = log.member_object(name, who, ["read"])
            m["wrap"] = log.wrap(log.rows[-1]["epoch"], os.urandom(32), pk(who))
            return log.record("member.added", "lead", public=m)
        return f
    def bad_link(log):                                            # epoch 3 whose link seals another key than epoch 2's
        return epoch("lead", prev=os.urandom(32))(log)
    def member_pub(**changes):
        def f(log):
            m = log.member_object("Gus", "dave", ["read"], log.rows[-1]["epoch"])
            m.update(changes)
            return log.record("member.added", "lead", public={k: v for k, v in m.items() if v is not None})
        return f

    def founder(can, format=2, extra_wrap=None, author=None, epoch=None):
        def edit(log):
            r = log.rows[0]
            p = json.loads(r["public"])
            if can is not None: p["member"]["can"] = can
            p["format"] = format
            if extra_wrap:
                p["epoch"]["wraps"] = sorted(p["epoch"]["wraps"] + [log.wrap(1, log.keys[1], pk(extra_wrap))], key=lambda w: base64.b64decode(w["key"]))
            r["public"] = v1.canonical(p).encode()
            if author: r["author"] = author
            if epoch: r["epoch"] = epoch; log.keys[epoch] = log.keys.get(epoch, log.keys[1])
            return 0
        return edit

    T = []
    def case(name, make, ids=("alice",), trust=None, keyless=True): T.append((name, make, ids, trust, keyless))
    case("intact", None, ids=("alice", "lead", "carol", "erin", "fay"))
    case("intact, non-member identity", None, ids=("zed",), keyless=False)
    case("intact, removed member's identity", None, ids=("bob",), keyless=False)
    case("ciphertext byte changed (record 7)", flip_ct)
    case("ciphertext byte changed and tail rehashed (record 10)", flip_ct_rehash(10))
    case("ciphertext byte changed and tail rehashed (record 5, epoch 1)", flip_ct_rehash(5), ids=("alice", "carol"))
    case("record 2's hash column changed (its membership still counts)", sql(("UPDATE events SET hash = randomblob(32) WHERE seq = 2",)))
    case("record 13 replaced by a copy of record 5", lambda path: copy_row(path, 5, 13))
    case("record 13 replaced by a copy of record 12", lambda path: copy_row(path, 12, 13))
    case("meta.format 1 (a downgrade)", meta_format(b"1"), ids=())
    case("record 5 deleted", sql(("DELETE FROM events WHERE seq = 5",)))
    case("last record deleted", sql(("DELETE FROM events WHERE seq = 13",)))
    case("records 5 and 6 swapped", swap(5, 6))
    case("records 9 and 10 swapped", swap(9, 10))
    case("row with empty sig appended", append_unsigned)
    case("record 10's epoch set to 1", set_epoch(10, 1, False))
    case("record 10's epoch set to 1, tail rehashed", set_epoch(10, 1, True))
    case("record 6's epoch set to 2, tail rehashed", set_epoch(6, 2, True))
    case("epoch.started deleted, tail relinked and rehashed", delete_relink(9))
    case("epoch.started deleted, tail re-signed by its authors (epoch 2 kept)", forge(drop_epoch_keep))
    case("epoch.started deleted, tail re-sealed under epoch 1 by its authors", forge(drop_epoch_resigned))
    case("keys table holds a row", sql(("INSERT INTO keys VALUES (1, 'argon2id13', 2, 19922944, x'00', x'00', x'00')",)))
    case("meta.format 3", meta_format(b"3"), ids=())
    case("forged: note by a reader without write (Carol)", forge(append(note("carol"))))
    case("forged: note by a non-member (zed)", forge(append(note("zed"))))
    case("forged: note by the removed Bob", forge(append(note("bob"))))
    case("forged: member.added by a writer (Alice)", forge(append(added("alice", "Gus", "dave", ["read"]))))
    case("forged: member.added of a key in force", forge(append(added("lead", "Alice2", "alice", ["read"]))))
    case("forged: member.added of a name in force", forge(append(added("lead", "alice", "dave", ["read"]))))
    case("forged: member.added with read, no wrap", forge(append(added("lead", "Gus", "dave", ["read"], wrap=False))))
    case("forged: member.added with read, no wrap, then a note by it", forge(append(added("lead", "Gus", "dave", ["read", "write"], wrap=False), note("dave"))))
    case("forged: member.added malformed, then a note by it", forge(append(member_pub(can=["write", "read"]), note("dave"))))
    case("forged: member.added without read, with a wrap", forge(append(lambda log: log.record("member.added", "lead",
         public=dict(log.member_object("Gus", "dave", ["sign:QA"]), wrap=log.wrap(2, log.keys[2], pk("dave")))))))
    case("forged: member.added, a wrap to another key", forge(append(lambda log: log.record("member.added", "lead",
         public=dict(log.member_object("Gus", "dave", ["read"]), wrap=log.wrap(2, log.keys[2], pk("zed")))))))
    case("forged: member.added, a wrap opening to another key", forge(append(bad_wrap_for("Gus", "dave"))), ids=("dave", "alice"))
    case("forged: member.added, write without read", forge(append(member_pub(can=["write"], wrap=None))))
    case("forged: member.added, unsorted can", forge(append(member_pub(can=["write", "read"]))))
    case("forged: member.added, name with a newline", forge(append(member_pub(name="Gus\nX"))))
    case("forged: member.added, key_number upper-case", forge(append(member_pub(key_number="ABCDEF0123456789"))))
    case("forged: member.added, an x25519 member", forge(append(member_pub(x25519=b64(bytes(32))))))
    case("forged: member.added, names a deployment", forge(append(lambda log: dict(member_pub()(log), deployment=log.rows[3]["deployment"]))))
    case("forged: member.added, header epoch 1", forge(append(added("lead", "Gus", "dave", ["read"], epoch=1))))
    case("forged: member.removed of a key not in force", forge(append(removed("lead", "zed"))))
    case("forged: member.removed of the last admin", forge(append(removed("lead", "lead"))))
    case("forged: member.removed by a writer", forge(append(removed("alice", "carol"))))
    case("forged: a reader removed, then a note", forge(append(removed("lead", "carol"), note("alice"), epoch("lead", drop="carol"))))
    case("forged: a reader removed at the end", forge(append(removed("lead", "carol"))))
    case("forged: two readers removed, one epoch", forge(append(removed("lead", "carol"), removed("lead", "erin"),
         epoch("lead", readers=lambda log: [x for x in current_readers(log)]))))
    case("forged: a signer (no read) removed, no epoch", forge(append(lambda log: log.record("member.added", "lead",
         public=log.member_object("Gus", "dave", ["sign:QA"])), removed("lead", "dave"), note("alice"))))
    case("forged: epoch.started skipping an epoch", forge(append(epoch("lead", e=4))))
    case("forged: epoch.started, header epoch kept", forge(append(lambda log: dict(epoch("lead")(log), epoch=2))))
    case("forged: epoch.started missing a reader", forge(append(epoch("lead", drop="erin"))))
    case("forged: epoch.started missing a reader, then a note", forge(append(epoch("lead", drop="erin"), note("alice"))))
    case("forged: epoch.started with an extra wrap", forge(append(epoch("lead", extra="zed"))))
    case("forged: epoch.started with malformed wraps, then a note", forge(append(lambda log: dict(epoch("lead")(log),
         public=v1.canonical(dict(json.loads(epoch("lead")(log)["public"]), wraps=[])).encode()), note("alice"))), ids=())
    case("forged: epoch.started by a writer", forge(append(epoch("alice"))))
    case("forged: epoch.started, public epoch not the header's", forge(append(lambda log: dict(epoch("lead")(log),
         public=v1.canonical(dict(json.loads(epoch("lead")(log)["public"]), epoch=7)).encode()))), ids=())
    case("forged: epoch 3 whose link opens to another key", forge(append(bad_link, note("alice"))), ids=("alice", "carol"))
    case("forged: member.added with a bad signature, then a note by it", forge(append(
         lambda log: dict(added("lead", "Gus", "dave", ["read", "write"])(log), badsig=True), note("dave"))))
    case("forged: a reader removed, an unsigned note, then the epoch", forge(append(removed("lead", "carol"),
         lambda log: dict(note("alice")(log), unsigned=True), epoch("lead"))))
    case("forged: a reader removed, a badly signed note, then the epoch", forge(append(removed("lead", "carol"),
         lambda log: dict(note("alice")(log), badsig=True), epoch("lead"))))
    case("forged: a reader removed, then a member added before the epoch", forge(append(removed("lead", "carol"),
         added("lead", "Gus", "dave", ["read"]), epoch("lead"))))
    case("forged: a reader removed, then a non-member's note, then the epoch", forge(append(removed("lead", "carol"),
         note("zed"), epoch("lead"))))
    case("forged: a reader removed, then a note by a reader without write, then the epoch", forge(append(removed("lead", "carol"),
         note("erin"), epoch("lead"))))
    case("forged: a non-member's note at header epoch 1", forge(append(note("zed", epoch=1))))
    case("forged: a note by a reader without write at header epoch 1", forge(append(note("erin", epoch=1))))
    case("forged: member.removed with a reason of 1025 bytes", forge(append(lambda log: log.record("member.removed", "lead",
         public={"key": b64(pk("alice")), "reason": "x" * 1025}))))
    case("forged: member.removed with a reason, then the epoch", forge(append(lambda log: log.record("member.removed", "lead",
         public={"key": b64(pk("alice")), "reason": "left"}), epoch("lead"))))
    case("forged: 252 readers added, then a 257th", forge(append(*[added("lead", f"R{i}", h.synthetic_member(f"r{i}"), ["read"])
         for i in range(252)])), ids=("alice",))
    case("forged: a reader re-added after removal, then writes", forge(append(removed("lead", "alice"), epoch("lead"),
         added("lead", "Alice", "alice", ["read", "write"]), note("alice"))), ids=("alice", "carol"))
    case("forged: record 1's founder without admin", forge(founder(["read", "write"]), start=0), ids=())
    case("forged: record 1 says format 1", forge(founder(None, format=1), start=0), ids=())
    case("forged: record 1 with two wraps", forge(founder(None, extra_wrap="alice"), start=0), ids=())
    case("forged: record 1 signed by Alice", forge(founder(None, author="alice"), start=0), ids=())
    case("forged: record 1 at header epoch 2", forge(founder(None, epoch=2), start=0), ids=())
    case("forged: roster.added by the admin", forge(append(lambda log: log.record("roster.added", "lead",
         public={"key": b64(pk("dave")), "key_number": h.keynum("dave"), "role": "QA"}))))
    case("forged: ledger.created as record 14", forge(append(lambda log: dict(log.rows[0], nonce=os.urandom(24), author="lead", epoch=log.rows[-1]["epoch"]))))
    case("forged: signoff by Carol (read, sign:QA) for QA", forge(append(signoff("carol", "carol", "QA"))), ids=())
    case("forged: signoff by Carol for another role", forge(append(signoff("carol", "carol", "Ops"))), ids=())
    case("forged: signoff by Alice (write) naming Carol", forge(append(signoff("alice", "carol", "qa"))), ids=())
    case("forged: signoff naming Erin (no sign:QA)", forge(append(signoff("alice", "erin", "QA"))), ids=())
    case("forged: signoff, another key number", forge(append(signoff("alice", "carol", "QA", key_number="0011223344556677"))), ids=())
    case("forged: Carol signs off two roles", forge(append(lambda log: log.record("member.added", "lead",
         public=log.member_object("Gus", "dave", ["read", "sign:Ops", "sign:QA"], 2)),
         signoff("alice", "dave", "QA"), signoff("alice", "dave", "Ops"))), ids=())
    case("forged: payload with an actor", forge(append(bad_payload(b'{"actor":"Alice","data":{},"time":"2026-12-04T10:00:00.000Z"}'))))
    case("forged: payload not canonical", forge(append(bad_payload(b'{"time":"2026-12-04T10:00:00.000Z","data":{}}'))))
    case("forged: payload with a bad time", forge(append(bad_payload(b'{"data":{},"time":"2026-13-04T10:00:00.000Z"}'))))
    case("forged: sealed with another author than the signer", forge(append(sealed_as(note("alice"), "lead"))))
    case("forged: record 7 re-signed by Alice", forge(lambda log: (log.rows[6].update(author="alice", seal_as="bob"), 6)[1]))
    case("forged: record 7 unsigned, rehashed", forge(lambda log: (log.rows[6].update(unsigned=True, keep_ciphertext=True), 6)[1]))

    trust = os.path.join(h.work, "trust.txt")
    with open(trust, "w") as f:
        f.write(f"# pins\nmember {h.publine('lead')} admin, read, write\nmember {h.publine('alice')} read,write\n"
                f"member {h.publine('bob')} read,write\nsigner {h.publine('carol')} QA\nmember {h.publine('carol')} read\n"
                f"member {h.publine('erin')} read\nmember {h.publine('fay')} read\n")
    partial = os.path.join(h.work, "trust-partial.txt")
    with open(partial, "w") as f:
        f.write(f"member {h.publine('lead')} admin,read,write\nmember {h.publine('alice')} read\nsigner {h.publine('carol')} QA\n")
    case("trust: every member pinned", None, trust=trust)
    nolead = os.path.join(h.work, "trust-nolead.txt")
    with open(nolead, "w") as f:
        vk = b"\x01" + h.pk("lead")
        f.write(f"member {h.publine('alice')} read,write\nrequire-signed note\n"
                f"checkpoint-key cp+{hashlib.sha256(b'cp' + bytes([10]) + vk).digest()[:4].hex()}+{b64(vk)}\n")
    badtrust = os.path.join(h.work, "trust-bad.txt")
    with open(badtrust, "w") as f: f.write(f"member {h.publine('alice')} read,fly\n")
    case("trust: only Alice pinned (with require-signed, checkpoint-key lines)", None, trust=nolead)
    case("trust: a file with an unknown capability", None, trust=badtrust, ids=())
    case("trust: Alice pinned without write, Carol without read, Bob, Erin, Fay not", None, trust=partial)
    case("trust: forged member Gus (unpinned) by the admin", forge(append(added("lead", "Gus", "dave", ["read"]))), trust=trust)
    return T


LID = [None]

def copy_row(path, src, dst):
    """Row `dst` replaced by row `src`'s fields (its seq kept): a replayed record."""
    with raw(path) as c:
        r = c.execute(f"SELECT {', '.join(V.COLS[1:])} FROM events WHERE seq = ?", (src,)).fetchone()
        c.execute(f"UPDATE events SET {', '.join(k + ' = ?' for k in V.COLS[1:])} WHERE seq = ?", (*r, dst))

def rehash_tail(c, seq):
    """Relink and rehash every record after `seq` (the chain only; signatures break)."""
    rows = [dict(zip(V.COLS, t)) for t in c.execute(f"SELECT {', '.join(V.COLS)} FROM events WHERE seq >= ? ORDER BY seq", (seq,))]
    for a, b in zip(rows, rows[1:]):
        b["prev_hash"] = a["hash"]; b["hash"] = V.record_hash(LID[0], b)
        c.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", (b["prev_hash"], b["hash"], b["seq"]))


def main(argv):
    import argparse, concurrent.futures
    ap = argparse.ArgumentParser(description="Compare `ledger verify` with verify2.py on tampered format-2 ledgers.")
    ap.add_argument("ledger", help="the ledger binary to test")
    ap.add_argument("only", nargs="*", help="run only the cases whose name holds one of these words")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (new or empty) and keep it")
    ap.add_argument("-j", type=int, default=2, metavar="N", help="comparisons run at once (default 2)")
    ap.add_argument("-v", action="store_true", help="show every finding's message")
    a = ap.parse_intermixed_args(argv)
    if not os.access(a.ledger, os.X_OK): print(f"check_format2: '{a.ledger}' is not an executable", file=sys.stderr); return 2
    work = a.keep or tempfile.mkdtemp(prefix="check-format2-")
    os.makedirs(work, exist_ok=True)
    if os.listdir(work): print(f"check_format2: '{work}' is not empty", file=sys.stderr); return 2
    h = Harness(os.path.abspath(a.ledger), work, verbose=a.v)
    try:
        base = build(h)
        con, LID[0], _ = V.open_ledger(base); con.close()
        jobs = []
        for i, (name, make, ids, trust, keyless) in enumerate(cases(h, base)):
            if a.only and not any(o in name for o in a.only): continue
            path = base
            if make is not None:
                path = os.path.join(work, f"case{i:02}.ledger")
                shutil.copyfile(base, path)
                make(path)
            jobs += ([(name, path, None, trust)] if keyless else []) + [(name, path, who, trust) for who in ids]
        with concurrent.futures.ThreadPoolExecutor(max(1, a.j)) as pool:
            results = list(pool.map(lambda j: compare(h, j[0], j[1], identity=j[2], trust=j[3]), jobs))
        bad = 0
        for same, lines in results:
            bad += not same
            for line in lines: print(line)
        print(f"check_format2: {len(jobs)} comparisons, " + ("every one agrees" if not bad else f"{bad} disagreement(s)"))
        return 1 if bad else 0
    finally:
        if not a.keep: shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
