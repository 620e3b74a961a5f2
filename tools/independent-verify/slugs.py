#!/usr/bin/env python3
"""Item slugs from docs/FORMAT.md §9 ("Slugs") alone, checked against `ledger show`.

Usage: ledger show | python3 slugs.py

Reads the item lines of `ledger show` (`  [ ] NUMBER  TEXT  {SLUG}…`), computes each slug from
the item's plain text by the rule of §9, and prints every item whose slug differs (a slug may
carry a `-2`, `-3`, … suffix for repeats). Exit 0 when all agree, 1 otherwise."""
import re, sys, unicodedata

NAMED = {"SHARP S": "ss", "ETH": "d", "THORN": "th", "DOTLESS I": "i", "DOTLESS J": "j", "LONG S": "s"}
LATIN = re.compile(r"LATIN (?:CAPITAL|SMALL) (LETTER|LIGATURE) (.+?)(?: WITH .*)?")

def letters(ch):
    """What one scalar gives a word: ASCII letters or digits, "" (joins the word), None (ends it)."""
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ("" if ch == "'" else None)
    if ch == "\u2019" or unicodedata.category(ch) == "Mn": return ""
    m = LATIN.fullmatch(unicodedata.name(ch, ""))
    if not m: return None
    kind, w = m.groups()
    if kind == "LETTER" and w in NAMED: return NAMED[w]
    return w.lower() if re.fullmatch(r"[A-Z]{1,%d}" % (2 if kind == "LETTER" else 3), w) else None

def slug(text, number):
    words, cur = [], ""
    for ch in text:
        a = letters(ch)
        if a is not None: cur += a
        elif cur: words.append(cur); cur = ""
        if len(words) == 8: break
    if cur and len(words) < 8: words.append(cur)
    if any(c.isalpha() for w in words for c in w): return "-".join(words)
    return "item-" + number.replace(".", "-")

def main():
    bad = total = 0
    for line in sys.stdin:
        m = re.match(r"\s+\[.\] (\S+)  (.*)  \{([a-z0-9-]+)\}", line.rstrip("\n"))
        if not m: continue
        number, text, shown = m.groups()
        total += 1
        want = slug(text, number)
        if shown != want and not re.fullmatch(re.escape(want) + r"-[0-9]+", shown):
            bad += 1
            print(f"{number}: {text!r}: ledger shows {shown}, FORMAT.md §9 gives {want}")
    print(f"{total} items, {bad} differ")
    return 1 if bad or not total else 0

if __name__ == "__main__":
    sys.exit(main())
