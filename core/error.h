/* error.h: dossier's error codes and their messages.
 *
 * Every core function that can fail returns 0 (or a count) on success and a
 * negative code on failure: either a negated errno (-ENOMEM, -EIO, ...) or one
 * of the DSR_E* codes below, which live under -31000 so they never collide
 * with errno values or with LMDB's own range (-30800 .. -30999).  One table
 * generates the codes, dsr_strerror() and dsr_err_name().
 */
#ifndef DOSSIER_ERROR_H
#define DOSSIER_ERROR_H

#define DSR_ERRNO_MAP(XX)                                                       \
	XX(DUP, "event already stored (same origin, seq and bytes)")            \
	XX(CONFLICT, "another event is stored under this origin and seq")       \
	XX(CORRUPT, "stored data is corrupted")                                 \
	XX(DECODE, "malformed event encoding")                                  \
	XX(FORMAT, "event format version is newer than this replica's")         \
	XX(PAYLOAD, "event has no payload or one this replica does not know")   \
	XX(INVAL, "event is invalid")                                    \
	XX(NOTFOUND, "not found")                                               \
	XX(LOCKED, "the data directory is in use by another process")           \
	XX(MAPFULL, "the store's map is full and could not grow")               \
	XX(FRAME, "malformed frame")                                            \
	XX(TOOBIG, "frame or input larger than the limit")                      \
	XX(VERSION, "protocol version mismatch")                                \
	XX(AUTH, "authentication failed")                                       \
	XX(LMDB, "LMDB error")                                                  \
	XX(UTF8, "input is not valid UTF-8")                                    \
	XX(BADSIG, "signature or hash chain does not verify")                   \
	XX(GAP, "sequence gap")                                                 \
	XX(FORK, "origin forked: two different events claim one sequence number") \
	XX(UNSIGNED, "events not covered by a signed head of their origin")     \
	XX(LIMIT, "over a limit of the daemon (connections or memory)")

enum dsr__err_index {
#define XX(code, _) DSR__ERRIDX_##code,
	DSR_ERRNO_MAP(XX)
#undef XX
	DSR__ERRIDX_COUNT
};

/* DSR_EDUP = -31001, DSR_ECONFLICT = -31002, ... */
enum {
#define XX(code, _) DSR_E##code = -31001 - DSR__ERRIDX_##code,
	DSR_ERRNO_MAP(XX)
#undef XX
};

/* A static, human-readable message for any dossier or errno code. */
const char *dsr_strerror(int err);
/* The code's symbolic name ("DSR_ECONFLICT", "ENOMEM"). */
const char *dsr_err_name(int err);

#endif
