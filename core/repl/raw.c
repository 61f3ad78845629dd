/* raw.c: raw events that a client hands in (Append{raw, heads}, as
 * `dossier import` sends them) pass the checks a peer's batches pass.
 * Holding the daemon's token lets a client write; it must not let it write
 * events in another origin's name, which would take that origin's seqs and
 * block its genuine events when they arrive by replication.  So a client's
 * events are stored only where a signature of their origin covers them,
 * exactly as batches are: one signed head per origin's run, a hash per
 * event (dsr_chain_check), and a link to the chain the store holds
 * (DSR_OP_LINK, checked again inside the write transaction). */
#include "repl.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LINK_LEN (DSR_ORIGIN_LEN + 8 + DSR_HASH_LEN)

/* One raw event, as sorted: by origin, then by its place in the request. */
struct item {
	const uint8_t *origin;
	uint64_t seq;
	const uint8_t *prev;
	size_t prev_len;
	size_t idx;
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = memcmp(x->origin, y->origin, DSR_ORIGIN_LEN);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The head to check a run of origin ending at (seq, hash) against: one
 * handed in whose hash is the run's (sorted heads[], binary search), else
 * the stored one at that seq.  Only one candidate is ever checked, so a
 * request full of bogus heads costs one signature check per run.
 * Returns 0, DSR_EUNSIGNED (no head at seq), DSR_EBADSIG (heads at seq,
 * none for this event), or a read error. */
static int cover(dsr_rtxn *t, const dsr_head *heads, size_t nheads,
		 const uint8_t *origin, uint64_t seq, const uint8_t hash[DSR_HASH_LEN],
		 dsr_head *out)
{
	size_t lo = 0, hi = nheads;
	dsr_head key;
	memcpy(key.origin, origin, DSR_ORIGIN_LEN);
	key.seq = seq;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (dsr_head_cmp(&heads[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool at_seq = false;
	for (; lo < nheads && dsr_head_cmp(&heads[lo], &key) == 0; lo++) {
		at_seq = true;
		if (memcmp(heads[lo].hash, hash, DSR_HASH_LEN) == 0) {
			*out = heads[lo];
			return 0;
		}
	}
	int rc = dsr_checkpoint_find(t, origin, seq, out);
	if (rc == 0 && out->seq == seq && memcmp(out->hash, hash, DSR_HASH_LEN) == 0)
		return 0;
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	return at_seq || (rc == 0 && out->seq == seq) ? DSR_EBADSIG : DSR_EUNSIGNED;
}

/* Whether every event of the run is stored already.  Returns 1, 0, or a
 * read error. */
static int all_stored(dsr_rtxn *t, const struct item *it, size_t m)
{
	for (size_t i = 0; i < m; i++) {
		uint64_t pos;
		int rc = dsr_log_find(t, it[i].origin, it[i].seq, &pos);
		if (rc == DSR_ENOTFOUND)
			return 0;
		if (rc)
			return rc;
	}
	return 1;
}

static void add_op(dsr_raw_plan *p, enum dsr_op_type type, uint32_t group,
		   const uint8_t *bytes, size_t len)
{
	p->ops[p->nops++] = (dsr_op){ .type = type, .group = group, .bytes = bytes, .len = len };
}

/* Plans one origin's run it[0..m): plain ops when it is all stored, else
 * the checked group.  `evp`, `lenp`: scratch for m pointers.  Returns 0
 * (the run planned or refused) or an error for the whole plan. */
static int plan_run(dsr_rtxn *t, const uint8_t *const *ev, const size_t *len,
		    const struct item *it, size_t m, const dsr_head *heads, size_t nheads,
		    bool atomic, const uint8_t **evp, size_t *lenp, dsr_raw_plan *p)
{
	int rc = all_stored(t, it, m);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		/* Nothing of it can be written: each op reports DSR_EDUP, or
		 * DSR_ECONFLICT for other bytes under a stored seq. */
		for (size_t i = 0; i < m; i++) {
			p->op[it[i].idx] = p->nops;
			add_op(p, DSR_OP_RAW, atomic ? 1 : 0, ev[it[i].idx], len[it[i].idx]);
		}
		return 0;
	}
	for (size_t i = 0; i < m; i++) {
		evp[i] = ev[it[i].idx];
		lenp[i] = len[it[i].idx];
	}
	uint8_t last[DSR_HASH_LEN];
	dsr_event_hash(evp[m - 1], lenp[m - 1], last);
	dsr_head h;
	int refuse = cover(t, heads, nheads, it[0].origin, it[m - 1].seq, last, &h);
	if (refuse != 0 && refuse != DSR_EUNSIGNED && refuse != DSR_EBADSIG)
		return refuse;
	if (!refuse)
		refuse = dsr_chain_check(&h, evp, lenp, m, NULL);
	if (refuse) {
		for (size_t i = 0; i < m; i++)
			p->refused[it[i].idx] = refuse;
		return 0;
	}
	/* As a peer's batch: link, events, head, checkpoint, one group.
	 * recs was sized for every run up front: these pointers stay valid. */
	uint32_t group = atomic ? 1 : ++p->ngroups;
	uint8_t *link = p->recs.data + p->recs.len;
	memcpy(link, it[0].origin, DSR_ORIGIN_LEN);
	dsr__put_be64(link + DSR_ORIGIN_LEN, it[0].seq - 1);
	memset(link + DSR_ORIGIN_LEN + 8, 0, DSR_HASH_LEN);
	if (it[0].prev_len == DSR_HASH_LEN)   /* empty for seq 1 (checked) */
		memcpy(link + DSR_ORIGIN_LEN + 8, it[0].prev, DSR_HASH_LEN);
	uint8_t *hb = link + LINK_LEN;
	dsr_head_encode(&h, hb);
	p->recs.len += LINK_LEN + DSR_HEAD_LEN;
	add_op(p, DSR_OP_LINK, group, link, LINK_LEN);
	for (size_t i = 0; i < m; i++) {
		p->op[it[i].idx] = p->nops;
		add_op(p, DSR_OP_RAW, group, evp[i], lenp[i]);
	}
	add_op(p, DSR_OP_HEAD, group, hb, DSR_HEAD_LEN);
	add_op(p, DSR_OP_CHECKPOINT, group, hb, DSR_HEAD_LEN);
	return 0;
}

int dsr_raw_plan_make(dsr_rtxn *t, const uint8_t *const *ev, const size_t *len,
		      size_t n, const dsr_head *heads, size_t nheads, bool atomic,
		      dsr_raw_plan *p)
{
	memset(p, 0, sizeof *p);
	struct item *it = malloc((n ? n : 1) * sizeof *it);
	dsr_head *hs = malloc((nheads ? nheads : 1) * sizeof *hs);
	const uint8_t **evp = malloc((n ? n : 1) * sizeof *evp);
	size_t *lenp = malloc((n ? n : 1) * sizeof *lenp);
	p->op = malloc((n ? n : 1) * sizeof *p->op);
	p->refused = calloc(n ? n : 1, sizeof *p->refused);
	int rc = -ENOMEM;
	if (!it || !hs || !evp || !lenp || !p->op || !p->refused)
		goto out;
	size_t k = 0, runs = 0;
	for (size_t i = 0; i < n; i++) {
		p->op[i] = SIZE_MAX;
		dsr_envelope e;
		if (len[i] == 0 || dsr_envelope_scan(ev[i], len[i], &e)) {
			p->refused[i] = DSR_EDECODE;
		} else if (e.origin_len != DSR_ORIGIN_LEN) {
			p->refused[i] = DSR_EINVAL;
		} else {
			it[k++] = (struct item){ e.origin, e.seq, e.prev, e.prev_len, i };
		}
	}
	qsort(it, k, sizeof *it, item_cmp);
	for (size_t i = 0; i < k; i++)
		if (i == 0 || memcmp(it[i].origin, it[i - 1].origin, DSR_ORIGIN_LEN))
			runs++;
	if (nheads)
		memcpy(hs, heads, nheads * sizeof *hs);
	qsort(hs, nheads, sizeof *hs, dsr_head_cmp);
	if (!(p->ops = calloc(k + 3 * runs + 1, sizeof *p->ops)) ||
	    dsr_buf_reserve(&p->recs, runs * (LINK_LEN + DSR_HEAD_LEN) + 1))
		goto out;
	rc = 0;
	for (size_t i = 0; i < k && !rc;) {
		size_t j = i + 1;
		while (j < k && !memcmp(it[j].origin, it[i].origin, DSR_ORIGIN_LEN))
			j++;
		rc = plan_run(t, ev, len, it + i, j - i, hs, nheads, atomic, evp, lenp, p);
		i = j;
	}
	if (atomic && p->nops)
		p->ngroups = 1;
out:
	free(it);
	free(hs);
	free(evp);
	free(lenp);
	if (rc)
		dsr_raw_plan_free(p);
	return rc;
}

void dsr_raw_plan_free(dsr_raw_plan *p)
{
	free(p->ops);
	free(p->op);
	free(p->refused);
	dsr_buf_free(&p->recs);
	memset(p, 0, sizeof *p);
}
