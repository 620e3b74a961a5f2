// See ckeyring.h.
#include "ckeyring.h"

#include <errno.h>

#ifdef __linux__
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int32_t ckeyring_session_id(void) { return (int32_t)syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0); }
long ckeyring_describe(int32_t id, char *buf, size_t size) { return syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, buf, size); }
int32_t ckeyring_add(const char *description, const void *payload, size_t length, int32_t keyring) {
    return (int32_t)syscall(SYS_add_key, "user", description, payload, length, keyring);
}
long ckeyring_setperm(int32_t id, uint32_t perm) { return syscall(SYS_keyctl, KEYCTL_SETPERM, id, perm); }
long ckeyring_set_timeout(int32_t id, uint32_t seconds) { return syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, id, seconds); }
int32_t ckeyring_search(int32_t keyring, const char *description) {
    return (int32_t)syscall(SYS_keyctl, KEYCTL_SEARCH, keyring, "user", description, 0);
}
long ckeyring_read(int32_t id, void *buf, size_t size) { return syscall(SYS_keyctl, KEYCTL_READ, id, buf, size); }
long ckeyring_invalidate(int32_t id) { return syscall(SYS_keyctl, KEYCTL_INVALIDATE, id); }
int32_t ckeyring_join_new_session(void) { return (int32_t)syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, (const char *)0); }
#else
int32_t ckeyring_session_id(void) { errno = ENOSYS; return -1; }
long ckeyring_describe(int32_t id, char *buf, size_t size) { (void)id; (void)buf; (void)size; errno = ENOSYS; return -1; }
int32_t ckeyring_add(const char *d, const void *p, size_t l, int32_t k) { (void)d; (void)p; (void)l; (void)k; errno = ENOSYS; return -1; }
long ckeyring_setperm(int32_t id, uint32_t perm) { (void)id; (void)perm; errno = ENOSYS; return -1; }
long ckeyring_set_timeout(int32_t id, uint32_t s) { (void)id; (void)s; errno = ENOSYS; return -1; }
int32_t ckeyring_search(int32_t k, const char *d) { (void)k; (void)d; errno = ENOSYS; return -1; }
long ckeyring_read(int32_t id, void *buf, size_t size) { (void)id; (void)buf; (void)size; errno = ENOSYS; return -1; }
long ckeyring_invalidate(int32_t id) { (void)id; errno = ENOSYS; return -1; }
int32_t ckeyring_join_new_session(void) { errno = ENOSYS; return -1; }
#endif
