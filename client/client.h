/* client.h: what the `dossier` commands share: options common to every
 * command, the connection to dossierd, and output (tables and JSON). */
#ifndef DOSSIER_CLIENT_CLIENT_H
#define DOSSIER_CLIENT_CLIENT_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "frame.h"
#include "pbjson.h"
#include "wire.h"

/* ---- opts.c: options every command takes ----------------------------- */

struct copts {
	const char *socket;      /* --socket, $DOSSIER_SOCKET */
	const char *connect;     /* --connect, $DOSSIER_CONNECT */
	const char *token_file;  /* --token-file, $DOSSIER_TOKEN_FILE */
	const char *author;      /* --author (see client_author) */
	bool json;               /* --json */
};

extern struct copts copts;

/* The text describing the common options, for each command's --help. */
extern const char copts_help[];

/* Parses argv with the command's own long options (`own`, ending in a zero
 * entry) plus the common ones; calls fn for each of the command's options.
 * fn returns 0, or an exit code to stop with.  On success *first_arg is the
 * index of the first operand.  Prints usage errors itself. */
int copts_parse(int argc, char **argv, const struct option *own,
		int (*fn)(int c, const char *arg, void *ctx), void *ctx,
		int *first_arg);

/* Parses a non-negative integer option; exits with DSR_EXIT_USAGE if bad. */
uint64_t copts_u64(const char *cmd, const char *opt, const char *s);

/* ---- author.c: who the analyst is ----------------------------------------- */

/* The analyst's name, recorded by dossierd on every event this client
 * writes: --author, else $DOSSIER_AUTHOR, else `author = NAME` in
 * $XDG_CONFIG_HOME/dossier/config (~/.config/dossier/config), else the login
 * name.  Never NULL; "" only when all of them are missing. */
const char *client_author(void);

/* ---- conn.c: the connection --------------------------------------------- */

struct dcl;

/* Connects (Unix socket or TCP, per copts and the environment) and says
 * hello.  Exits with DSR_EXIT_CONNECT, after a message, when it cannot. */
struct dcl *dcl_open(const char *cmd);
void dcl_close(struct dcl *d);
/* Sends a request with the next id (returned). */
uint64_t dcl_send(struct dcl *d, Dpb__Request *rq);
/* Like dcl_send, but returns 0 (after a message) when the connection
 * breaks, so a command can report what it had done. */
uint64_t dcl_send_soft(struct dcl *d, Dpb__Request *rq);
/* Reads the next response (blocking).  A connection-level Error or Goodbye
 * (id 0) is returned like any other.  Exits with DSR_EXIT_CONNECT if the
 * connection breaks. */
Dpb__Response *dcl_recv(struct dcl *d);
/* Like dcl_recv, but returns NULL (after a message) when the connection
 * breaks, so a command can report what it had done. */
Dpb__Response *dcl_recv_soft(struct dcl *d);
/* Sends and waits for the answer to it. */
Dpb__Response *dcl_call(struct dcl *d, Dpb__Request *rq);
/* Prints the error of a response ("dossier CMD: message") and returns the
 * matching exit code; returns DSR_EXIT_OK if rs is no error. */
int dcl_check(const char *cmd, const Dpb__Response *rs, int want_body);
/* The exit code for a dossier error code. */
int dcl_exit_code(int err);
int dcl_fd(const struct dcl *d);
/* The daemon's replica id (DSR_ORIGIN_LEN bytes), from its Welcome: the
 * origin of the events this connection appends. */
const uint8_t *dcl_origin(const struct dcl *d);

/* ---- JSON: core/pbjson.h, and util.c -------------------------------------- */

/* Appends `m` as a JSON object (core/pbjson.h: fields by their proto names,
 * enums as short lower-case names, bytes as hex but `text` fields as
 * strings, unset oneof members left out): what the web API serves too. */
static inline void json_msg(dsr_buf *b, const ProtobufCMessage *m)
{
	dsr_json_msg(b, m);
}
/* A short lower-case name for an enum value ("KIND_GROUP" -> "group"). */
static inline const char *enum_short(const ProtobufCEnumDescriptor *d, int value,
				     char *buf, size_t n)
{
	return dsr_enum_short(d, value, buf, n);
}
/* Writes b to stdout and empties it. */
void json_flush(dsr_buf *b);

/* ---- table.c: readable tables ------------------------------------------- */

struct table;

/* Columns are given as "NAME" or "NAME:W" where W caps the column's width
 * (longer cells end in an ellipsis). */
struct table *table_new(int ncols, const char *const *cols);
void table_add(struct table *t, ...);   /* ncols strings (NULL -> "") */
void table_print(struct table *t, FILE *f);
void table_free(struct table *t);

/* ---- errout.c: errors as JSON with --json ---------------------------------- */

/* Makes stderr a buffer that becomes JSON Lines on the real stderr at exit:
 * {"notice": ...} per line after success, one {"error": {...}} after a
 * failure, with the exit status (see errout.c). */
void errout_json_begin(void);
/* The command named in the JSON error. */
void errout_command(const char *name);
/* Whether stderr is being turned into JSON. */
bool errout_json(void);
/* Adds to the error's "candidates" (ambiguous ids, names near a typo);
 * nothing without --json. */
void errout_candidate(const char *s);

/* ---- util --------------------------------------------------------------- */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Hex of bytes into a static rotating buffer (for tables). */
const char *hexs(const uint8_t *p, size_t n, size_t max_chars);
/* Parses a hex article id (32 hex digits); returns 0 or -1. */
int parse_id(const char *s, uint8_t out[16]);

#endif
