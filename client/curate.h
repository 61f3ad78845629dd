/* curate.h: what the curation commands share (curate.c): appending an act,
 * finding the fact or actor it is about, and saying what was recorded.
 *
 * Every curation act is an ordinary event: the client builds the payload
 * and sends it with Append{local, atomic}; dossierd fills the envelope
 * (its origin, the next sequence number, the hybrid clock) and the author
 * the connection gave in its Hello (client_author()).  Nothing is edited in
 * place, so an act is undone by a later act, never by deleting one. */
#ifndef DOSSIER_CLIENT_CURATE_H
#define DOSSIER_CLIENT_CURATE_H

#include "client.h"
#include "cmd.h"
#include "factid.h"

/* Appends the payloads as one all-or-nothing group of local events.
 * Prints the daemon's error and returns an exit code; on success, *rs (when
 * not NULL) holds the AppendResult reply, freed by the caller. */
int curate_append(struct dcl *d, const char *cmd, Dpb__Event **evs, size_t n,
		  Dpb__Response **rs);

/* The claim, timeline entry or article whose id is `text` or begins with
 * it (at least 4 hex digits).  `want` is a DPB__TARGET_KIND__TARGET_* value,
 * or 0 for any; *kind (may be NULL) gets the kind found.  Prints why not
 * and returns DSR_EXIT_NOTFOUND (no such id), DSR_EXIT_USAGE (not hex, too
 * short, ambiguous, or the wrong kind of fact), or 0. */
int curate_resolve(struct dcl *d, const char *cmd, const char *text, int want,
		   uint8_t id[DSR_ID_LEN], int *kind);

/* curate_resolve on a connection of its own, for the options of list
 * commands (`claims --article ID`), which are read before connecting. */
int curate_resolve_open(const char *cmd, const char *text, int want,
			uint8_t id[DSR_ID_LEN]);

/* Like curate_resolve for any kind of fact, but silent when no id begins
 * with `text` (DSR_EXIT_NOTFOUND): `text` may then be an actor's name. */
int curate_try_resolve(struct dcl *d, const char *cmd, const char *text,
		       uint8_t id[DSR_ID_LEN], int *kind);

/* The actor named `name` (any of its names): *rs holds the ActorDetail
 * reply (free it).  Prints why not and returns DSR_EXIT_NOTFOUND, or 0. */
int curate_actor(struct dcl *d, const char *cmd, const char *name,
		 Dpb__Response **rs);

/* The claim as the views now hold it (status, grade, confidence), or NULL;
 * free with dpb__response__free_unpacked(*rs). */
const Dpb__ClaimInfo *curate_claim(struct dcl *d, const uint8_t id[DSR_ID_LEN],
				   Dpb__Response **rs);

/* Reports an append: "WHAT (by AUTHOR, event ORIGIN:SEQ)" on stdout, or
 * with --json one object {"act", "author", "events": [{origin, seq, pos}]}
 * plus `extra` (JSON members, "" or NULL for none). */
void curate_report(struct dcl *d, const char *act, const char *what,
		   const Dpb__Response *rs, const char *extra);

/* "asserted"/"denied", "confirmed", ... and the ICD 203 words: the claim's
 * standing in one line ("confidence 72 (likely), status disputed by bob"). */
const char *curate_claim_standing(const Dpb__ClaimInfo *c);

/* The option handler of commands whose one option is --note TEXT ('m'):
 * ctx is a const char ** that gets the text. */
int curate_note_opt(int c, const char *arg, void *ctx);

/* The shared bodies of merge/unmerge/distinct (judge.c) and of
 * confirm/dispute/retract (claim_status.c): a verdict or a status each. */
int judge_run(int argc, char **argv, int verdict);
int assess_run(int argc, char **argv, int status);

#endif
