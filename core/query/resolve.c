/* resolve.c: which claims, timeline entries and articles have an id
 * that begins with some hex digits, so that people may type a unique
 * prefix of the 32-digit ids the queries print (like git's short hashes).
 *
 * The facts are keyed by id (with the kind spliced in, see store/api.h), so
 * each lookup is a range scan from the prefix's bytes: it costs the number of
 * matches (of every kind), not the size of the table.
 * An odd number of digits scans by the whole bytes and checks the last
 * nibble on each key. */
#include "query/impl.h"
#include "error.h"
#include "factid.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

/* Calls fn for each key of db from the prefix's lower bound on while its
 * hex begins with the prefix: keys are sorted, so the matches are one run. */
static int scan(dsr_rtxn *t, int db, int kind, const char *hex, size_t nhex,
		uint32_t limit, uint32_t *found, bool *more, dsr_resolve_fn fn, void *ctx)
{
	uint8_t low[DSR_ID_LEN] = { 0 };
	size_t lowlen = (nhex + 1) / 2;
	char full[2 * DSR_ID_LEN + 1];
	memcpy(full, hex, nhex);
	if (nhex % 2)
		full[nhex] = '0';
	full[2 * lowlen] = 0;     /* dsr_unhex wants exactly 2 * lowlen digits */
	if (dsr_unhex(full, low, lowlen))
		return -EINVAL;
	/* The facts live in v.fact under keys with their kind spliced in
	 * after 8 bytes: seek there, then read each key back as an id. */
	uint8_t low_key[DSR__FKEY_LEN];
	dsr__fkey(low_key, db, low);
	MDB_cursor *c;
	int rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_FACT], &c));
	if (rc)
		return rc;
	MDB_val k = { lowlen <= DSR_ID_LEN / 2 ? lowlen : lowlen + 1, low_key }, v;
	for (int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc && r == 0;
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		int kdb;
		uint8_t id[DSR_ID_LEN];
		if (!dsr__fkey_parse(&k, &kdb, id))
			continue;
		char h[2 * DSR_ID_LEN + 1];
		dsr_hex(id, DSR_ID_LEN, h);
		if (memcmp(h, hex, nhex) != 0)
			break;
		if (kdb != db)
			continue;
		if (limit && *found == limit) {
			*more = true;
			break;
		}
		(*found)++;
		rc = fn(ctx, id, kind);
	}
	mdb_cursor_close(c);
	return rc;
}

int dsr_q_resolve(dsr_rtxn *t, const char *prefix, int kind, uint32_t limit,
		  bool *more, dsr_resolve_fn fn, void *ctx)
{
	char hex[2 * DSR_ID_LEN + 1];
	size_t n = strlen(prefix);
	if (n == 0 || n > 2 * DSR_ID_LEN)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)prefix[i]))
			return -EINVAL;
		hex[i] = (char)tolower((unsigned char)prefix[i]);
	}
	hex[n] = 0;
	static const struct { int db, kind; } tables[] = {
		{ DSR__DB_V_CLAIM, DPB__TARGET_KIND__TARGET_CLAIM },
		{ DSR__DB_V_ENTRY, DPB__TARGET_KIND__TARGET_ENTRY },
		{ DSR__DB_V_ARTICLE, DPB__TARGET_KIND__TARGET_ARTICLE },
		/* a withdrawn article can still be restored, or asked why */
		{ DSR__DB_V_WARTICLE, DPB__TARGET_KIND__TARGET_ARTICLE },
	};
	uint32_t found = 0;
	bool over = false;
	int rc = 0;
	for (size_t i = 0; !rc && !over && i < sizeof tables / sizeof tables[0]; i++)
		if (!kind || kind == tables[i].kind)
			rc = scan(t, tables[i].db, tables[i].kind, hex, n, limit, &found,
				  &over, fn, ctx);
	if (more)
		*more = over;
	return rc;
}
