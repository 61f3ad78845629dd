/* attribution.c: `dossier attribution`: who is said to be behind each act,
 * by whom, how firmly, and who denies it — one row per attribution
 * proposition (view/prop.c), read from v.attr in the order of the
 * responsible actor's cluster key.  A row costs the distinct sources of its
 * proposition and at most DSR_ATTR_CLAIMS claim ids, whatever the number of
 * claims behind it. */
#include "query/impl.h"
#include "confidence.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v.attr keys: role(1) cluster \0 prop(16); v.psub: prop(16) type stance value */
#define ATTR_ALL 'a'
#define ATTR_RESP 'r'
#define ATTR_TARGET 't'

/* Source actors with how many claims each makes. */
struct strs {
	char **v;
	uint32_t *n_claims;
	size_t n, cap;
};

static int strs_add(struct strs *s, const char *p, size_t n, uint32_t claims)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		char **v = realloc(s->v, cap * sizeof *v);
		if (v)
			s->v = v;
		uint32_t *c = v ? realloc(s->n_claims, cap * sizeof *c) : NULL;
		if (!v || !c)
			return -ENOMEM;
		s->n_claims = c;
		s->cap = cap;
	}
	if (!(s->v[s->n] = strndup(p, n)))
		return -ENOMEM;
	s->n_claims[s->n++] = claims;
	return 0;
}

static void strs_free(struct strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->n_claims);
}

/* Most claims first, then by name. */
static void strs_sort(struct strs *s)
{
	for (size_t i = 1; i < s->n; i++)
		for (size_t j = i; j > 0; j--) {
			bool before = s->n_claims[j] > s->n_claims[j - 1] ||
				      (s->n_claims[j] == s->n_claims[j - 1] &&
				       strcmp(s->v[j], s->v[j - 1]) < 0);
			if (!before)
				break;
			char *tv = s->v[j];
			s->v[j] = s->v[j - 1];
			s->v[j - 1] = tv;
			uint32_t tn = s->n_claims[j];
			s->n_claims[j] = s->n_claims[j - 1];
			s->n_claims[j - 1] = tn;
		}
}

struct src_ctx {
	dsr_rtxn *t;
	struct strs *out;
	size_t plen;
};

/* A source cluster under the proposition: its display name. */
static int add_source(void *ctx, const MDB_val *k, const MDB_val *v)
{
	struct src_ctx *s = ctx;
	Dpb__PropSubRec *sub = dpb__prop_sub_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!sub)
		return DSR_ECORRUPT;
	uint32_t claims = sub->n;
	dpb__prop_sub_rec__free_unpacked(sub, NULL);
	dsr_buf b = DSR_BUF_INIT;
	size_t n = k->mv_size - s->plen;
	char cluster[DSR_NAME_KEY_MAX];
	if (n >= sizeof cluster)
		return 0;
	memcpy(cluster, (const char *)k->mv_data + s->plen, n);
	cluster[n] = 0;
	int rc = dsr__cluster_display(s->t, cluster, &b);
	if (rc == DSR_ENOTFOUND)
		rc = dsr_buf_puts(&b, cluster) || dsr_buf_cstr(&b) ? -ENOMEM : 0;
	if (!rc)
		rc = strs_add(s->out, (const char *)b.data, strlen((const char *)b.data), claims);
	dsr_buf_free(&b);
	return rc;
}

static int sources(dsr_rtxn *t, const uint8_t *prop, int stance, struct strs *out)
{
	uint8_t pfx[DSR_ID_LEN + 2];
	memcpy(pfx, prop, DSR_ID_LEN);
	pfx[DSR_ID_LEN] = 's';
	pfx[DSR_ID_LEN + 1] = (uint8_t)stance;
	struct src_ctx s = { t, out, sizeof pfx };
	int rc = dsr__scan_prefix(t, DSR__DB_V_PSUB, pfx, sizeof pfx, add_source, &s);
	if (!rc)
		strs_sort(out);
	return rc;
}

struct claim_ctx {
	ProtobufCBinaryData *ids;
	uint8_t (*store)[DSR_ID_LEN];
	size_t n;
};

static int add_claim(void *ctx, const MDB_val *k, const MDB_val *v)
{
	(void)k;
	struct claim_ctx *c = ctx;
	if (v->mv_size != 8 + DSR_ID_LEN)
		return 0;
	if (c->n == DSR_ATTR_CLAIMS)
		return 1;
	memcpy(c->store[c->n], (const uint8_t *)v->mv_data + 8, DSR_ID_LEN);
	c->ids[c->n].data = c->store[c->n];
	c->ids[c->n].len = DSR_ID_LEN;
	c->n++;
	return 0;
}

/* One row: the proposition's record and what it points to. */
static int row(dsr_rtxn *t, const uint8_t *prop, dsr_attr_fn fn, void *ctx)
{
	Dpb__PropRec *p = NULL;
	int rc = dsr__prop_get(t, prop, &p);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	Dpb__AttributionInfo a = DPB__ATTRIBUTION_INFO__INIT;
	dsr_buf resp = DSR_BUF_INIT, target = DSR_BUF_INIT;
	struct strs for_ = { 0 }, against = { 0 };
	ProtobufCBinaryData ids[DSR_ATTR_CLAIMS];
	uint8_t store[DSR_ATTR_CLAIMS][DSR_ID_LEN];
	struct claim_ctx cc = { ids, store, 0 };
	char first[16] = "";
	a.proposition.data = (uint8_t *)prop;
	a.proposition.len = DSR_ID_LEN;
	rc = dsr__cluster_display(t, p->responsible, &resp);
	if (rc == DSR_ENOTFOUND)
		rc = dsr_buf_puts(&resp, p->responsible) || dsr_buf_cstr(&resp) ? -ENOMEM : 0;
	if (!rc && p->target && *p->target) {
		rc = dsr__cluster_display(t, p->target, &target);
		if (rc == DSR_ENOTFOUND)
			rc = dsr_buf_puts(&target, p->target) || dsr_buf_cstr(&target) ? -ENOMEM : 0;
	}
	if (!rc)
		rc = sources(t, prop, 0, &for_);
	if (!rc)
		rc = sources(t, prop, 1, &against);
	if (!rc)
		rc = dsr__scan_dups(t, DSR__DB_V_PCLAIM, prop, DSR_ID_LEN, add_claim, &cc);
	if (!rc) {
		a.responsible = (char *)resp.data;
		a.responsible_key = p->responsible;
		a.target = target.data ? (char *)target.data : (char *)"";
		a.target_key = p->target;
		a.act = p->act;
		a.act_class = p->act_class;
		a.asserted_by = for_.v;
		a.n_asserted_by = for_.n;
		a.denied_by = against.v;
		a.n_denied_by = against.n;
		a.outlets = p->n_outlets > 0 ? p->outlets[0] : 0;
		a.claims = ids;
		a.n_claims = cc.n;
		a.nclaims = (p->n_claims > 0 ? p->claims[0] : 0) + (p->n_claims > 1 ? p->claims[1] : 0);
		if (p->first) {
			/* the sort key YYYYMMDDhhmm */
			uint64_t d = p->first / 10000;
			snprintf(first, sizeof first, "%04u-%02u-%02u", (unsigned)(d / 10000 % 10000),
				 (unsigned)(d / 100 % 100), (unsigned)(d % 100));
		}
		a.first_reported = first;
		uint64_t wf = p->n_weight > 0 ? p->weight[0] : 0;
		uint64_t wa = p->n_weight > 1 ? p->weight[1] : 0;
		a.confidence = dsr_prop_confidence(wf, wa);
		a.weight_for = wf;
		a.weight_against = wa;
		a.likelihood = (char *)dsr_likelihood(a.confidence);
		a.reports_for = p->n_reports > 0 ? p->reports[0] : 0;
		a.reports_against = p->n_reports > 1 ? p->reports[1] : 0;
		a.unattributed = p->n_unattributed > 0 && p->unattributed[0] > 0;
		rc = fn(ctx, &a);
	}
	strs_free(&for_);
	strs_free(&against);
	dsr_buf_free(&resp);
	dsr_buf_free(&target);
	dpb__prop_rec__free_unpacked(p, NULL);
	return rc;
}

int dsr_q_attribution(dsr_rtxn *t, const char *about, const dsr_page *pg, dsr_buf *next,
		      dsr_attr_fn fn, void *ctx)
{
	if (next)
		next->len = 0;
	/* the keys to walk: every row, or the rows of about's cluster as
	 * responsible actor, then as target */
	dsr_buf pfx[2] = { DSR_BUF_INIT, DSR_BUF_INIT };
	int npfx = 1, rc = 0;
	if (about) {
		dsr__keys mem = { DSR_BUF_INIT, 0 };
		char cluster[DSR_NAME_KEY_MAX];
		rc = dsr__actor_members(t, about, &mem, cluster);
		dsr_buf_free(&mem.b);
		if (rc)
			return rc;
		for (int i = 0; i < 2 && !rc; i++)
			if (dsr_buf_putc(&pfx[i], i ? ATTR_TARGET : ATTR_RESP) ||
			    dsr_buf_append(&pfx[i], cluster, strlen(cluster) + 1))
				rc = -ENOMEM;
		npfx = 2;
	} else if (dsr_buf_putc(&pfx[0], ATTR_ALL) || dsr_buf_putc(&pfx[0], 0)) {
		rc = -ENOMEM;
	}
	/* the cursor: which walk (1 byte), then the key to resume at */
	int from_walk = 0;
	const uint8_t *from = NULL;
	size_t from_len = 0;
	if (pg && pg->cursor_len > 1 && pg->cursor[0] < npfx) {
		from_walk = pg->cursor[0];
		from = pg->cursor + 1;
		from_len = pg->cursor_len - 1;
	}
	uint32_t sent = 0, limit = pg ? pg->limit : 0;
	MDB_cursor *cur = NULL;
	if (!rc)
		rc = dsr__mdb_err(mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_ATTR], &cur));
	for (int w = from_walk; !rc && w < npfx; w++) {
		MDB_val k, v;
		if (from && w == from_walk) {
			k.mv_data = (void *)from;
			k.mv_size = from_len;
		} else {
			k.mv_data = pfx[w].data;
			k.mv_size = pfx[w].len;
		}
		int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		bool stop = false;
		for (; !rc && r == 0 && k.mv_size == pfx[w].len + DSR_ID_LEN &&
		       !memcmp(k.mv_data, pfx[w].data, pfx[w].len);
		     r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
			const uint8_t *prop = (const uint8_t *)k.mv_data + pfx[w].len;
			/* a row where about is both responsible and target
			 * shows once */
			if (w == 1 && npfx == 2) {
				MDB_val k2, v2;
				uint8_t key[DSR_NAME_KEY_MAX + 2 + DSR_ID_LEN];
				size_t pl = pfx[0].len;
				memcpy(key, pfx[0].data, pl);
				memcpy(key + pl, prop, DSR_ID_LEN);
				k2.mv_data = key;
				k2.mv_size = pl + DSR_ID_LEN;
				if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ATTR], &k2, &v2) == 0)
					continue;
			}
			if (limit && sent == limit) {
				if (next && (dsr_buf_putc(next, (char)w) ||
					     dsr_buf_append(next, k.mv_data, k.mv_size)))
					rc = -ENOMEM;
				stop = true;
				break;
			}
			rc = row(t, prop, fn, ctx);
			sent++;
		}
		if (stop)
			break;
	}
	if (cur)
		mdb_cursor_close(cur);
	dsr_buf_free(&pfx[0]);
	dsr_buf_free(&pfx[1]);
	return rc;
}
