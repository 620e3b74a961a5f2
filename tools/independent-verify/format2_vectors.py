#!/usr/bin/env python3
"""Recomputes the format-2 known-answer vectors (Tests/Fixtures/format2/vectors.json) with
PyNaCl, from decision 0017 (docs/decisions/0017-members-and-format-2.md, sections 3, 5, 7.2-7.4, 8,
9.2-9.4 and 14) alone, without any of ledger's code. Prints one line per check and exits 0
when every one agrees, 1 otherwise.

    python3 tools/independent-verify/format2_vectors.py Tests/Fixtures/format2/vectors.json
"""
import base64, hashlib, json, struct, sys

from nacl import bindings as nb


def label(s):
    return s.encode() + b"\x00"


def b2(key, msg):
    # BLAKE2b-256 keyed (RFC 7693), from Python's standard library rather than libsodium.
    return hashlib.blake2b(msg, digest_size=32, key=key).digest()


def u32(v):
    return struct.pack(">I", v)


def main(path):
    doc = json.load(open(path, encoding="utf-8"))
    h = bytes.fromhex
    ledger, epoch, data_key = h(doc["ledger"]), doc["epoch"], h(doc["data_key"])
    checks = []

    def check(name, ok):
        checks.append(ok)
        print(("ok   " if ok else "FAIL ") + name)

    for i, (m, s) in enumerate(zip(doc["members"], doc["stanzas"])):
        pk, sk = nb.crypto_sign_seed_keypair(h(m["seed"]))
        check(f"member {i}: Ed25519 key from its seed", pk.hex() == m["ed25519"])
        x = nb.crypto_sign_ed25519_pk_to_curve25519(pk)
        check(f"member {i}: X25519 key (Edwards to Montgomery)", x.hex() == m["x25519"])
        xs = nb.crypto_sign_ed25519_sk_to_curve25519(sk)
        check(f"member {i}: X25519 secret (clamped SHA-512 of the seed)", xs.hex() == m["x25519_secret"])
        esk = h(s["esk"])
        epk = nb.crypto_scalarmult_base(esk)
        check(f"stanza {i}: epk = X25519(esk, basepoint)", epk.hex() == s["epk"])
        ss = nb.crypto_scalarmult(esk, x)
        check(f"stanza {i}: shared secret, sender side", ss.hex() == s["shared"])
        check(f"stanza {i}: shared secret, reader side", nb.crypto_scalarmult(xs, epk).hex() == s["shared"])
        wk = b2(ss, label("ledger/v2/wrap-key") + epk + x + pk)
        check(f"stanza {i}: wrap key", wk.hex() == s["wrap_key"])
        ad = label("ledger/v2/wrap-ad") + ledger + u32(epoch) + pk + epk
        wrapped = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(data_key, ad, h(s["nonce"]), wk)
        check(f"stanza {i}: wrapped data key", wrapped.hex() == s["wrapped"])
        opened = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(h(s["wrapped"]), ad, h(s["nonce"]), wk)
        check(f"stanza {i}: opens to the data key", opened == data_key)

    check("key check", b2(data_key, label("ledger/v2/epoch-check") + ledger + u32(epoch)).hex() == doc["key_check"])
    link = doc["link"]
    link_ad = label("ledger/v2/epoch-link") + ledger + u32(epoch)
    sealed = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(h(link["previous_key"]), link_ad, h(link["nonce"]), data_key)
    check("link: the previous key sealed under the data key", sealed.hex() == link["sealed"])

    r = doc["record"]
    apk, ask = nb.crypto_sign_seed_keypair(h(r["author_seed"]))
    header, ct, nonce = h(r["header"]), h(r["ciphertext"]), h(r["nonce"])
    rk = b2(data_key, label("ledger/v2/record-key") + header + apk)
    check("record key", rk.hex() == r["record_key"])
    ad = label("ledger/v2/record-ad") + header + apk
    check("record associated data", ad.hex() == r["ad"])
    check("record ciphertext", nb.crypto_aead_xchacha20poly1305_ietf_encrypt(h(r["payload"]), ad, nonce, rk).hex() == r["ciphertext"])
    message = label("ledger/v2/record-sig") + header + u32(len(ct)) + ct
    signed = nb.crypto_sign(message, ask)[:64]
    check("record signature (Ed25519 is deterministic)", (apk + signed).hex() == r["sig"])
    sig = h(r["sig"])
    try:
        nb.crypto_sign_open(sig[32:] + message, sig[:32])
        check("record signature verifies", True)
    except Exception:
        check("record signature verifies", False)
    record_hash = hashlib.sha256(label("ledger/v2/record") + header + u32(len(ct)) + ct + struct.pack(">H", len(sig)) + sig).hexdigest()
    check("record hash", record_hash == r["hash"])
    check("genesis hash", hashlib.sha256(label("ledger/v2/genesis") + ledger).hexdigest() == r["genesis"])

    si = doc["sealed_identity"]
    spk, _ = nb.crypto_sign_seed_keypair(h(si["member_seed"]))
    kek = nb.crypto_pwhash_alg(32, h(si["passphrase"]), h(si["salt"]), si["opslimit"], si["memlimit"], nb.crypto_pwhash_ALG_ARGON2ID13)
    sad = label("ledger/v2/sealed-identity") + ledger + spk + struct.pack(">QQ", si["opslimit"], si["memlimit"]) + h(si["salt"])
    sealed = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(h(si["member_seed"]), sad, h(si["nonce"]), kek)
    check("sealed identity: the seed under Argon2id(passphrase)", sealed.hex() == si["secret"])

    # A three-record log: each record's header (FORMAT.md §7.1, unchanged in format 2), hash,
    # link, author's signature and payload, and that its author is a member who may write it.
    prev = hashlib.sha256(label("ledger/v2/genesis") + ledger).digest()
    members = {}
    for rec in doc["chain"]:
        pub = rec["public"].encode()
        kind = rec["kind"].encode()
        header = (ledger + struct.pack(">QI", rec["seq"], rec["epoch"]) + h(rec["deployment"]) + bytes([len(kind)]) + kind
                  + struct.pack(">I", len(pub)) + pub + h(rec["nonce"]) + h(rec["prev_hash"]))
        ct, sig = h(rec["ciphertext"]), h(rec["sig"])
        n = rec["seq"]
        check(f"chain {n}: links to the record before it", h(rec["prev_hash"]) == prev)
        digest = hashlib.sha256(label("ledger/v2/record") + header + u32(len(ct)) + ct + struct.pack(">H", len(sig)) + sig).hexdigest()
        check(f"chain {n}: record hash", digest == rec["hash"])
        author = sig[:32]
        try:
            nb.crypto_sign_open(sig[32:] + label("ledger/v2/record-sig") + header + u32(len(ct)) + ct, author)
            check(f"chain {n}: the author's signature", True)
        except Exception:
            check(f"chain {n}: the author's signature", False)
        rk = b2(data_key, label("ledger/v2/record-key") + header + author)
        try:
            opened = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(ct, label("ledger/v2/record-ad") + header + author, h(rec["nonce"]), rk)
        except Exception:
            opened = None
        check(f"chain {n}: opens to its payload", opened == h(rec["payload"]))
        public = json.loads(pub) if pub else {}
        if n == 1:
            founder = base64.b64decode(public["member"]["key"])
            members[founder] = public["member"]["can"]
            check("chain 1: signed by the member it founds, an admin", author == founder and "admin" in members[founder])
        else:
            can = members.get(author, [])
            needed = "admin" if rec["kind"].startswith("member.") or rec["kind"] == "epoch.started" else "write"
            check(f"chain {n}: its author is a member holding {needed}", needed in can)
            if rec["kind"] == "member.added":
                members[base64.b64decode(public["key"])] = public["can"]
        prev = h(rec["hash"])

    print(f"{sum(checks)} of {len(checks)} checks agree")
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/format2/vectors.json"))
