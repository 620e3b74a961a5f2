// See cprocess.h. Everything that runs in a forked child calls only async-signal-safe
// functions (raw system calls, no malloc, no locks): the parent has other threads.
//
// The supervisor relies on Linux (prctl: parent-death signal, child subreaper, dumpable flag;
// /proc; clone; pipe2), so all of it is under __linux__. Elsewhere (macOS) the process is
// kept from dumping core, and ledger_spawn reports ENOSYS: `ledger run` refuses there before
// it records anything (docs/CLI.md §ledger run, docs/decisions/0013-portable-and-tidy.md).
#define _GNU_SOURCE
#include "cprocess.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

int ledger_make_nondumpable(void) { return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : errno; }
int ledger_is_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }
#else
// No prctl: no core dumps is what this platform offers without entitlements.
int ledger_make_nondumpable(void) {
    struct rlimit none = {0, 0};
    return setrlimit(RLIMIT_CORE, &none) == 0 ? 0 : errno;
}
int ledger_is_dumpable(void) {
    struct rlimit now;
    if (getrlimit(RLIMIT_CORE, &now) != 0) return -1;
    return now.rlim_cur == 0 ? 0 : 1;
}
#endif

int ledger_wifexited(int s) { return WIFEXITED(s); }
int ledger_wexitstatus(int s) { return WEXITSTATUS(s); }
int ledger_wifsignaled(int s) { return WIFSIGNALED(s); }
int ledger_wtermsig(int s) { return WTERMSIG(s); }

int ledger_can_spawn(void) {
#ifdef __linux__
    return 1;
#else
    return 0;
#endif
}

#ifdef __linux__
enum { REPORT_EXEC_ERROR = 'E', REPORT_STATUS = 'S', CHILD_REPORT_FD = 3, MAX_PROCS = 16384 };

// A fork without pthread_atfork handlers (glibc's fork runs them; libdispatch registers some).
static pid_t raw_fork(void) { return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); }

static void report(int fd, int kind, int value) {
    int msg[2] = {kind, value};
    ssize_t n;
    do { n = write(fd, msg, sizeof msg); } while (n < 0 && errno == EINTR);
}

// Closes every descriptor from `low` up, except `keep` (-1: none).
static void close_from(int low, int keep) {
#ifdef SYS_close_range
    if (keep < low) {
        if (syscall(SYS_close_range, low, ~0U, 0) == 0) return;
    } else if ((keep == low || syscall(SYS_close_range, low, keep - 1, 0) == 0)
               && syscall(SYS_close_range, keep + 1, ~0U, 0) == 0) {
        return;
    }
#endif
    struct rlimit rl;
    long max = (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 65536) ? (long)rl.rlim_cur : 65536;
    for (long fd = low; fd < max; fd++) if (fd != keep) close((int)fd);
}

// ---- Finding the supervisor's descendants in /proc (no malloc: static tables) ----

struct dirent64_raw { unsigned long long ino; long long off; unsigned short reclen; unsigned char type; char name[]; };

static pid_t table_pid[MAX_PROCS], table_ppid[MAX_PROCS];
static unsigned char table_in[MAX_PROCS];

static int parse_pid(const char *s) {
    int v = 0;
    if (*s == 0) return -1;
    for (; *s; s++) { if (*s < '0' || *s > '9' || v > 100000000) return -1; v = v * 10 + (*s - '0'); }
    return v;
}

// Reads the parent of a live (not zombie) process from /proc/PID/stat; -1 when unknown.
static pid_t parent_of(const char *name) {
    char path[64] = "/proc/", buf[512];
    size_t n = strlen(name);
    if (n > 40) return -1;
    memcpy(path + 6, name, n);
    memcpy(path + 6 + n, "/stat", 6);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t got = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (got <= 0) return -1;
    buf[got] = 0;
    char *p = strrchr(buf, ')');  // the command name may hold anything; the state follows the last ')'
    if (!p || p[1] != ' ' || p[2] == 0 || p[2] == 'Z' || p[3] != ' ') return -1;
    p += 4;
    int v = 0;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    return v;
}

// Fills table_pid/table_in with the live descendants of `root`; returns the table size.
static int scan_descendants(pid_t root) {
    int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
    if (dir < 0) return 0;
    char buf[8192];
    long got;
    while ((got = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0) {
        for (long off = 0; off < got;) {
            struct dirent64_raw *d = (struct dirent64_raw *)(buf + off);
            off += d->reclen;
            int pid = parse_pid(d->name);
            pid_t ppid = pid > 0 ? parent_of(d->name) : -1;
            if (ppid < 0 || n == MAX_PROCS) continue;
            table_pid[n] = pid; table_ppid[n] = ppid; table_in[n] = 0; n++;
        }
    }
    close(dir);
    for (int changed = 1; changed;) {  // the closure of "parent is root or a descendant"
        changed = 0;
        for (int i = 0; i < n; i++) {
            if (table_in[i]) continue;
            int in = table_ppid[i] == root;
            for (int j = 0; j < n && !in; j++) in = table_in[j] && table_pid[j] == table_ppid[i];
            if (in) { table_in[i] = 1; changed = 1; }
        }
    }
    return n;
}

// Sends `sig` to every live descendant; with `until_gone`, again until there are none.
static void signal_tree(int sig, int until_gone) {
    for (int round = 0; round < 200; round++) {
        int n = scan_descendants(getpid()), sent = 0;
        for (int i = 0; i < n; i++) if (table_in[i]) { kill(table_pid[i], sig); sent++; }
        if (!until_gone) return;
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        if (sent == 0) break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    // Reap what is left (orphans came to us: we are their subreaper), for a second at most.
    for (int round = 0; round < 100; round++) {
        pid_t w;
        while ((w = waitpid(-1, NULL, WNOHANG)) > 0) {}
        if (w < 0) return;  // ECHILD: none left
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

// ---- The command (grandchild) and its supervisor (child) ----

static void exec_command(const char *path, char *const argv[], char *const envp[], int out_w, int err_w, int report_w, pid_t supervisor) {
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != supervisor) _exit(127);  // the supervisor died before the line above
    prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    if (dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0 || dup2(report_w, CHILD_REPORT_FD) < 0) _exit(127);
    // A new anonymous session keyring: the command does not possess the keys 'ledger unlock'
    // kept in ledger's (docs/decisions/0018). keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL). Where
    // the system has no keyrings (ENOSYS) or forbids them (EPERM), nothing can have been kept.
    if (syscall(SYS_keyctl, 1, (const char *)0) < 0 && errno != ENOSYS && errno != EPERM) {
        report(CHILD_REPORT_FD, REPORT_EXEC_ERROR, errno);
        _exit(127);
    }
    fcntl(CHILD_REPORT_FD, F_SETFD, FD_CLOEXEC);
    close_from(CHILD_REPORT_FD + 1, -1);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; s++) sigaction(s, &dfl, NULL);  // an inherited SIG_IGN would make it deaf
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, argv, envp);
    report(CHILD_REPORT_FD, REPORT_EXEC_ERROR, errno);
    _exit(127);
}

static void supervise(const char *path, char *const argv[], char *const envp[], int out_w, int err_w, int report_w, pid_t parent) {
    // Every signal is blocked here (inherited from the spawner thread) and taken with sigwaitinfo.
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &dfl, NULL);  // an ignored SIGCHLD would reap the command for us
    prctl(PR_SET_PDEATHSIG, SIGUSR2, 0, 0, 0);
    if (getppid() != parent) _exit(1);  // ledger died before the line above
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);  // orphans of the command stay below us
    pid_t self = getpid();
    pid_t command = raw_fork();
    if (command == 0) exec_command(path, argv, envp, out_w, err_w, report_w, self);
    if (command < 0) { report(report_w, REPORT_EXEC_ERROR, errno); _exit(127); }
    close_from(3, report_w);
    sigset_t wait_for;
    sigemptyset(&wait_for);
    int forwarded[] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) sigaddset(&wait_for, forwarded[i]);
    sigaddset(&wait_for, SIGCHLD);
    sigaddset(&wait_for, SIGUSR2);
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&wait_for, &info);
        if (sig < 0) continue;
        if (sig == SIGCHLD) {
            int status;
            pid_t w;
            while ((w = waitpid(-1, &status, WNOHANG)) > 0) {
                if (w == command) { report(report_w, REPORT_STATUS, status); _exit(0); }
            }
        } else if (sig == SIGUSR2) {
            if (getppid() != parent) { signal_tree(SIGKILL, 1); _exit(1); }
        } else if (info.si_pid == parent) {
            // Passed on by ledger. The same signal from a terminal (Ctrl-C) reached the command
            // directly, as it reached us: it is not sent a second time.
            signal_tree(sig, 0);
        }
    }
}

// ---- The spawner thread: forks for every caller, and lives as long as the process ----

typedef struct {
    const char *path;
    char *const *argv;
    char *const *envp;
    ledger_spawned result;
    int done;
} spawn_request;

static pthread_mutex_t caller_lock = PTHREAD_MUTEX_INITIALIZER, slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_changed = PTHREAD_COND_INITIALIZER;
static spawn_request *slot;
static pthread_once_t spawner_once = PTHREAD_ONCE_INIT;
static int spawner_error;

// A pipe whose write end is at descriptor 10 or above (so dup2 to 1, 2 and 3 cannot clobber it).
static int make_pipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0) return errno;
    int high = fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    if (high < 0) { int e = errno; close(fds[0]); close(fds[1]); return e; }
    close(fds[1]);
    fds[1] = high;
    return 0;
}

static void do_spawn(spawn_request *r) {
    int out[2], err[2], rep[2], e;
    memset(&r->result, 0, sizeof r->result);
    if ((e = make_pipe(out)) != 0) { r->result.error = e; return; }
    if ((e = make_pipe(err)) != 0) { close(out[0]); close(out[1]); r->result.error = e; return; }
    if ((e = make_pipe(rep)) != 0) { close(out[0]); close(out[1]); close(err[0]); close(err[1]); r->result.error = e; return; }
    pid_t parent = getpid();
    pid_t s = raw_fork();
    if (s == 0) supervise(r->path, r->argv, r->envp, out[1], err[1], rep[1], parent);
    e = errno;
    close(out[1]); close(err[1]); close(rep[1]);
    if (s < 0) { close(out[0]); close(err[0]); close(rep[0]); r->result.error = e; return; }
    r->result = (ledger_spawned){.supervisor = s, .stdout_fd = out[0], .stderr_fd = err[0], .report_fd = rep[0], .error = 0};
}

static void *spawner_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&slot_lock);
    for (;;) {
        while (slot == NULL || slot->done) pthread_cond_wait(&slot_changed, &slot_lock);
        do_spawn(slot);
        slot->done = 1;
        pthread_cond_broadcast(&slot_changed);
    }
    return NULL;
}

static void start_spawner(void) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);  // the thread, and so every child, starts with all blocked
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    spawner_error = pthread_create(&thread, &attr, spawner_main, NULL);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

ledger_spawned ledger_spawn(const char *path, char *const argv[], char *const envp[]) {
    pthread_once(&spawner_once, start_spawner);
    if (spawner_error) return (ledger_spawned){.supervisor = -1, .stdout_fd = -1, .stderr_fd = -1, .report_fd = -1, .error = spawner_error};
    spawn_request request = {.path = path, .argv = argv, .envp = envp, .done = 0};
    pthread_mutex_lock(&caller_lock);
    pthread_mutex_lock(&slot_lock);
    slot = &request;
    pthread_cond_broadcast(&slot_changed);
    while (!request.done) pthread_cond_wait(&slot_changed, &slot_lock);
    slot = NULL;
    pthread_mutex_unlock(&slot_lock);
    pthread_mutex_unlock(&caller_lock);
    return request.result;
}

int ledger_wait(pid_t supervisor, int report_fd, int *status, int *exec_error) {
    int own = 0;
    while (waitpid(supervisor, &own, 0) < 0) {
        if (errno != EINTR) { own = 0; break; }
    }
    *exec_error = 0;
    int got = 0, msg[2];
    for (;;) {
        ssize_t n = read(report_fd, msg, sizeof msg);
        if (n < 0 && errno == EINTR) continue;
        if (n != (ssize_t)sizeof msg) break;
        if (msg[0] == REPORT_EXEC_ERROR) *exec_error = msg[1];
        if (msg[0] == REPORT_STATUS) { *status = msg[1]; got = 1; }
    }
    close(report_fd);
    if (!got) { *status = own; return -1; }
    return 0;
}
#else
ledger_spawned ledger_spawn(const char *path, char *const argv[], char *const envp[]) {
    (void)path; (void)argv; (void)envp;
    return (ledger_spawned){.supervisor = -1, .stdout_fd = -1, .stderr_fd = -1, .report_fd = -1, .error = ENOSYS};
}

int ledger_wait(pid_t supervisor, int report_fd, int *status, int *exec_error) {
    (void)supervisor;
    if (report_fd >= 0) close(report_fd);
    *status = 0;
    *exec_error = ENOSYS;
    return -1;
}
#endif
