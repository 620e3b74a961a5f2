"""See tools/bench/unlocked-tick. Arguments: the ledger binary, the checklist, the item count."""
import ctypes, json, os, re, statistics, subprocess, sys, tempfile, time

ledger, checklist, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
libc = ctypes.CDLL(None, use_errno=True)
if libc.syscall(250, 1, None) <= 0:  # keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL)
    sys.exit("cannot join a new session keyring")

work = tempfile.mkdtemp(prefix="ledger-unlocked-tick-")
env = dict(os.environ, LEDGER_ACTOR="bench", GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="bench",
           GIT_COMMITTER_EMAIL="b@x")
env.pop("LEDGER_PASSPHRASE", None)


def run(argv, cwd):
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)


lw, gw = os.path.join(work, "ledger"), os.path.join(work, "git")
os.makedirs(lw), os.makedirs(gw)
with open(os.path.join(lw, "pw"), "w") as f:
    f.write("bench passphrase\n")
fmt = os.environ.get("LEDGER_BENCH_FORMAT", "2")  # 2: a team ledger (the default); 1: one passphrase
run([ledger, "init", "--format", fmt, "--passphrase-file", "pw"], lw)  # the default Argon2id cost
run([ledger, "deploy", "start", "--name", "R1", "--passphrase-file", "pw"], lw)
run([ledger, "unlock", "--passphrase-file", "pw"], lw)
show = subprocess.run([ledger, "show", "--json"], cwd=lw, env=env, capture_output=True, text=True, check=True)
open_items = [i["id"] for i in json.loads(show.stdout)["items"] if i["status"] == "open"]
items, spare = open_items[:count], open_items[count:count + 10]
# The same command as before `ledger unlock` existed: the passphrase given, Argon2id on every
# command (on items of their own, so that both sides tick open items).
locked = []
for item in spare:
    start = time.perf_counter()
    run([ledger, "tick", item, "--passphrase-file", "pw"], lw)
    locked.append(time.perf_counter() - start)

text = open(checklist, encoding="utf-8").read()
md = os.path.join(gw, "checklist.md")
open(md, "w", encoding="utf-8").write(text)
run(["git", "init", "-q"], gw)
run(["git", "add", "checklist.md"], gw)
run(["git", "commit", "-qm", "checklist"], gw)

# A third side, in the same rounds: `ledger --version`, which starts the same binary and parses
# its command line but opens nothing: the floor under every ledger command on this machine.
mine, theirs, floor = [], [], []
for n, item in enumerate(items):
    for side in [[0, 1, 2], [1, 2, 0], [2, 0, 1]][n % 3]:
        start = time.perf_counter()
        if side == 0:
            run([ledger, "tick", item], lw)
            mine.append(time.perf_counter() - start)
        elif side == 1:
            text = text.replace("- [ ]", "- [x]", 1)
            open(md, "w", encoding="utf-8").write(text)
            run(["git", "commit", "-qam", "tick " + item], gw)
            theirs.append(time.perf_counter() - start)
        else:
            run([ledger, "--version"], lw)
            floor.append(time.perf_counter() - start)

run([ledger, "lock"], lw)
m, g = statistics.median(mine), statistics.median(theirs)
print(f"unlocked ledger tick vs git commit -am, {len(items)} items each, alternating, {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}, "
      f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
print(f"ledger tick (unlocked): median {m * 1000:.1f} ms (quartiles {statistics.quantiles(mine, n=4)[0] * 1000:.1f}-{statistics.quantiles(mine, n=4)[2] * 1000:.1f})")
print(f"git commit -am:         median {g * 1000:.1f} ms (quartiles {statistics.quantiles(theirs, n=4)[0] * 1000:.1f}-{statistics.quantiles(theirs, n=4)[2] * 1000:.1f})")
f = statistics.median(floor)
print(f"ledger --version:       median {f * 1000:.1f} ms ({f / g:.2f}x git: the start-up floor; the tick's own work is {(m - f) * 1000:.1f} ms)")
print(f"for comparison, {len(locked)} locked ticks (passphrase given, Argon2id each time): median {statistics.median(locked) * 1000:.1f} ms")
verdict = "met" if m / g <= 1.0 else ("within 1.5x" if m / g <= 1.5 else "MISSED")
print(f"ratio ledger / git: {m / g:.2f}x (goal 1.0x, at most 1.5x: {verdict})")
subprocess.run(["rm", "-rf", work])
