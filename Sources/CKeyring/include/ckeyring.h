// The Linux session keyring through its system calls (keyrings(7), keyctl(2)), for
// `ledger unlock` (docs/decisions/0018-unlock-agent.md). Swift cannot call the variadic
// syscall(2) itself. Every function returns -1 with errno set on failure, and -1 with ENOSYS
// on a system without keyrings.
#ifndef CKEYRING_H
#define CKEYRING_H
#include <stddef.h>
#include <stdint.h>

// The id of this process's session keyring, never creating one (0 in `create` semantics).
int32_t ckeyring_session_id(void);
// Writes the description of key `id` ("type;uid;gid;perm;description") into buf, NUL-ended;
// returns its length (which may exceed `size`).
long ckeyring_describe(int32_t id, char *buf, size_t size);
// Adds (or updates) a `user` key `description` with `payload` to keyring `keyring`; its id.
int32_t ckeyring_add(const char *description, const void *payload, size_t length, int32_t keyring);
// Sets a key's permissions (possessor only: 0x3f010000 style masks) and timeout in seconds.
long ckeyring_setperm(int32_t id, uint32_t perm);
long ckeyring_set_timeout(int32_t id, uint32_t seconds);
// Finds a `user` key by description in keyring `keyring` (and the keyrings linked to it).
int32_t ckeyring_search(int32_t keyring, const char *description);
// Reads a key's payload into buf; returns its full length.
long ckeyring_read(int32_t id, void *buf, size_t size);
// Makes a key unreadable at once.
long ckeyring_invalidate(int32_t id);
// Joins a new anonymous session keyring (for children that must not possess the caller's keys).
int32_t ckeyring_join_new_session(void);

#endif
