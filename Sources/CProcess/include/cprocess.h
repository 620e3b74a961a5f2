// Process control that Swift cannot express: prctl (variadic) and a supervised fork/exec
// whose children die with `ledger` (docs/CLI.md §ledger run, docs/THREAT-MODEL.md).
#ifndef LEDGER_CPROCESS_H
#define LEDGER_CPROCESS_H

#include <sys/types.h>

/// Makes this process non-dumpable (prctl PR_SET_DUMPABLE 0): no core dumps, and no other
/// process of the same user may read /proc/PID/mem or /proc/PID/environ or ptrace it.
/// Elsewhere (macOS): no core dumps (RLIMIT_CORE 0). Returns 0, or errno.
int ledger_make_nondumpable(void);

/// 1 when this process is dumpable, 0 when not, -1 on error.
int ledger_is_dumpable(void);

/// 1 where ledger_spawn can supervise a command (Linux: prctl, /proc), 0 elsewhere, where
/// ledger_spawn fails with ENOSYS.
int ledger_can_spawn(void);

/// A started command: its supervisor and the read ends of its output pipes.
typedef struct {
    pid_t supervisor;  // > 0 when started
    int stdout_fd;     // read end of the command's standard output (close-on-exec)
    int stderr_fd;     // read end of its standard error
    int report_fd;     // read end of the supervisor's report (read after it exits)
    int error;         // errno when not started
} ledger_spawned;

/// Starts `path` with `argv` and `envp` (NULL-terminated), standard input inherited, its
/// output into two new pipes. A supervisor process sits between: it forwards SIGINT, SIGTERM
/// and SIGHUP to the command and everything it started, and when this process dies (even by
/// SIGKILL) it kills them all. The fork happens on one thread that lives as long as the
/// process, so the parent-death signal fires when the process dies, not a thread.
ledger_spawned ledger_spawn(const char *path, char *const argv[], char *const envp[]);

/// Waits for the supervisor and reads its report. Returns 0 with `*status` the command's
/// wait status (see waitpid), and `*exec_error` the errno of a failed exec (0 when it ran);
/// -1 when the supervisor died without a report (`*status` is then the supervisor's).
int ledger_wait(pid_t supervisor, int report_fd, int *status, int *exec_error);

/// Wait-status helpers (macros in C).
int ledger_wifexited(int status);
int ledger_wexitstatus(int status);
int ledger_wifsignaled(int status);
int ledger_wtermsig(int status);

#endif
