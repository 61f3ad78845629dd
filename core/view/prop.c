/* prop.c: propositions — claims that state the same thing — kept in the
 * views as claims arrive, with what queries need of them (docs/curation.md).
 *
 * A claim's proposition is decided by a key, never by comparing it with
 * other claims:
 *   attribution  a claim with a frame (the extractor's responsible actor,
 *                act class and target): the act class and the clusters of
 *                the responsible actor and of the target.  Asserting and
 *                denying claims of it are one proposition;
 *   statement    any other claim: the clusters of the actors it is about
 *                and its wording (model/wording.c: synonym classes of its
 *                significant words).  A claim without significant words is
 *                a proposition of its own.
 * A report is a (source cluster, wording) pair: a wire story reprinted by
 * ten outlets is one report, so corroboration counts reports, not copies.
 *
 * Each claim's contribution — proposition, stance, report, source, outlet,
 * publication date, weight, act phrase — is recorded (v.cprop) when it is
 * added and taken back exactly when anything it was computed from changes:
 * the claim's winning event, its assessment (weight), its article's
 * metadata (outlet, date), or the cluster of a name it uses.  Those are
 * queued during the batch and worked out at its end, after clustering, so
 * every contribution reflects the final clusters.  The proposition record
 * (v.prop) and its distinct values (v.psub) are counts over contributions,
 * so the views stay a function of the set of events.
 *
 * Tables: v.prop (PropRec), v.psub (distinct values with their counts),
 * v.pclaim (claims of a proposition), v.cprop (a claim's contribution),
 * v.attr (attribution rows by responsible actor and target), v.pwait
 * (claims filed before their article). */
#include "view/impl.h"
#include "base/api.h"
#include "error.h"
#include "model/api.h"
#include "name.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define KIND_ATTR 1
#define KIND_STMT 2

/* v.psub types */
#define SUB_REPORT 'r'   /* report(8) -> PropSubRec {claims, heaviest} */
#define SUB_WEIGHT 'w'   /* report(8) claim(16) -> weight (4 BE) */
#define SUB_SOURCE 's'   /* source cluster -> PropSubRec {claims} */
#define SUB_OUTLET 'o'   /* publisher -> PropSubRec {claims} */
#define SUB_DATE 'd'     /* date(8) claim(16) -> "" (asserting claims) */
#define SUB_ACT 'a'      /* act phrase -> PropSubRec {claims} */

/* v.attr roles */
#define ATTR_ALL 'a'
#define ATTR_RESP 'r'
#define ATTR_TARGET 't'

#define OUTLET_MAX 200

/* What one claim adds to its proposition, before it is recorded. */
struct contrib {
	uint8_t prop[DSR_ID_LEN];
	int kind;
	uint32_t stance;
	uint64_t report;
	char source[DSR_NAME_KEY_MAX];
	char outlet[OUTLET_MAX + 1];
	uint64_t date;
	uint32_t weight;
	const char *act;
	uint64_t hlc;
	/* the proposition's identity, for a new PropRec */
	const char *act_class;
	char resp[DSR_NAME_KEY_MAX], target[DSR_NAME_KEY_MAX];
	dsr_buf about;           /* statement: sorted cluster keys, NUL-separated */
	Dpb__Event *held;        /* another claim's event the identity points into */
};

/* ---- clusters of names ---------------------------------------------------- */

/* The cluster key of a name: its node's cluster, or its own key while the
 * node has none yet (a name new in this batch: clustering at the end of
 * the batch sets it, and queues the claims again if it differs).  Empty
 * when the name has no key. */
static int cluster_of(dsr__wtx *w, const char *name, char out[DSR_NAME_KEY_MAX])
{
	out[0] = 0;
	if (!name || !*name || !dsr_name_key(name, strlen(name), out, DSR_NAME_KEY_MAX))
		return 0;
	Dpb__NodeRec *n = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_NODE, out, strlen(out), &dpb__node_rec__descriptor,
			      (ProtobufCMessage **)&n);
	if (rc == DSR_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (n->cluster && *n->cluster && strlen(n->cluster) < DSR_NAME_KEY_MAX)
		strcpy(out, n->cluster);
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- what a claim contributes ---------------------------------------------- */

static void id_of(uint8_t out[DSR_ID_LEN], const void *p, size_t n)
{
	crypto_generichash(out, DSR_ID_LEN, p, n, NULL, 0);
}

/* The rule's key of a claim (cl, with its significant words kw): the
 * proposition's identity into k (kind, act class, actors' clusters) and its
 * key into km. */
static int rule_key(dsr__wtx *w, const uint8_t claim_id[DSR_ID_LEN],
		    const Dpb__ClaimRecorded *cl, const dsr__kwset *kw, struct contrib *k,
		    dsr_buf *km)
{
	int rc = 0;
	bool framed = cl->responsible && *cl->responsible && cl->act_class && *cl->act_class;
	if (framed) {
		k->kind = KIND_ATTR;
		k->act_class = cl->act_class;
		k->act = cl->act;
		if ((rc = cluster_of(w, cl->responsible, k->resp)) ||
		    (rc = cluster_of(w, cl->target, k->target))) {
			framed = false;
		} else if (!k->resp[0]) {
			framed = false;
		} else if (dsr_buf_putc(km, 'A') || dsr_buf_append(km, k->act_class, strlen(k->act_class) + 1) ||
			   dsr_buf_append(km, k->resp, strlen(k->resp) + 1) ||
			   dsr_buf_append(km, k->target, strlen(k->target) + 1)) {
			rc = -ENOMEM;
		}
	}
	if (!rc && !framed) {
		k->kind = KIND_STMT;
		k->act_class = NULL;
		k->act = NULL;
		k->resp[0] = k->target[0] = 0;
		km->len = 0;
		/* the about clusters, sorted, without repeats */
		char **v = calloc(cl->n_about + 1, sizeof *v);
		char (*keys)[DSR_NAME_KEY_MAX] = calloc(cl->n_about + 1, sizeof *keys);
		size_t nv = 0;
		rc = v && keys ? 0 : -ENOMEM;
		for (size_t i = 0; !rc && i < cl->n_about; i++) {
			rc = cluster_of(w, cl->about[i], keys[i]);
			if (!rc && keys[i][0])
				v[nv++] = keys[i];
		}
		if (!rc && nv)
			qsort(v, nv, sizeof *v, str_cmp);
		for (size_t i = 0; !rc && i < nv; i++)
			if ((i == 0 || strcmp(v[i], v[i - 1])) &&
			    dsr_buf_append(&k->about, v[i], strlen(v[i]) + 1))
				rc = -ENOMEM;
		free(v);
		free(keys);
		if (!rc && kw->n) {
			if (dsr_buf_putc(km, 'S') || dsr_buf_append(km, k->about.data, k->about.len) ||
			    dsr_buf_putc(km, 0))
				rc = -ENOMEM;
			for (size_t i = 0; !rc && i < kw->n; i++) {
				uint8_t b[4];
				dsr__put_be32(b, kw->v[i]);
				rc = dsr_buf_append(km, b, 4) ? -ENOMEM : 0;
			}
		} else if (!rc) {
			/* nothing to match it by: a proposition of its own (its
			 * identity in the key, as in every key: the record a key
			 * names never changes) */
			if (dsr_buf_putc(km, 'C') || dsr_buf_append(km, claim_id, DSR_ID_LEN) ||
			    dsr_buf_append(km, k->about.data, k->about.len))
				rc = -ENOMEM;
		}
	}
	return rc;
}

/* ---- the analysts' placements ---------------------------------------------- */

/* Where the analysts placed a claim (v.assess): a DPB__PLACEMENT__ value
 * and, for PLACE_WITH, the claim it is with. */
static int placement_of(dsr__wtx *w, const uint8_t id[DSR_ID_LEN], int *place,
			uint8_t with[DSR_ID_LEN])
{
	Dpb__AssessRec *as = NULL;
	*place = DPB__PLACEMENT__PLACE_UNSET;
	int rc = dsr__get_rec(w, DSR__DB_V_ASSESS, id, DSR_ID_LEN, &dpb__assess_rec__descriptor,
			      (ProtobufCMessage **)&as);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	*place = as->place;
	if (as->place == DPB__PLACEMENT__PLACE_WITH && as->place_with.len == DSR_ID_LEN)
		memcpy(with, as->place_with.data, DSR_ID_LEN);
	else if (as->place == DPB__PLACEMENT__PLACE_WITH)
		*place = DPB__PLACEMENT__PLACE_UNSET;
	return 0;
}

/* The claim whose rule decides claim c's proposition: follows "with"
 * placements for at most PLACE_DEPTH steps; a cycle of them ends at its
 * least claim.  *apart: that claim was placed apart.  A function of the
 * placements alone, so every replica ends at the same claim. */
#define PLACE_DEPTH 8
static int chain_end(dsr__wtx *w, const uint8_t c[DSR_ID_LEN], uint8_t end[DSR_ID_LEN],
		     bool *apart)
{
	uint8_t seen[PLACE_DEPTH + 1][DSR_ID_LEN];
	size_t n = 0;
	memcpy(seen[n++], c, DSR_ID_LEN);
	*apart = false;
	for (;;) {
		const uint8_t *cur = seen[n - 1];
		int place;
		uint8_t with[DSR_ID_LEN];
		int rc = placement_of(w, cur, &place, with);
		if (rc)
			return rc;
		if (place != DPB__PLACEMENT__PLACE_WITH || n > PLACE_DEPTH) {
			*apart = place == DPB__PLACEMENT__PLACE_APART;
			memcpy(end, cur, DSR_ID_LEN);
			return 0;
		}
		for (size_t i = 0; i < n; i++) {
			if (memcmp(seen[i], with, DSR_ID_LEN))
				continue;
			const uint8_t *m = seen[i];
			for (size_t j = i + 1; j < n; j++)
				if (memcmp(seen[j], m, DSR_ID_LEN) < 0)
					m = seen[j];
			memcpy(end, m, DSR_ID_LEN);
			return 0;
		}
		memcpy(seen[n++], with, DSR_ID_LEN);
	}
}

/* The analysts' placement of the claim, over the rule's key: the
 * identity and key of the proposition of the claim its placements end at
 * (its rule's, or one of its own when placed apart).  When that claim is
 * not known yet, the claim keeps its rule's (its arrival queues it again). */
static int placed_key(dsr__wtx *w, const uint8_t claim_id[DSR_ID_LEN], struct contrib *k,
		      dsr_buf *km)
{
	uint8_t end[DSR_ID_LEN];
	bool apart;
	int rc = chain_end(w, claim_id, end, &apart);
	if (rc)
		return rc;
	bool found = true;
	if (memcmp(end, claim_id, DSR_ID_LEN)) {
		Dpb__Event *de = NULL;
		rc = dsr__fact_winner(w->s, w->txn, DSR__DB_V_CLAIM, end, &de, NULL);
		found = rc == 0 && de->payload_case == DPB__EVENT__PAYLOAD_CLAIM;
		if (rc == DSR_ENOTFOUND)
			rc = 0;
		if (found) {
			struct contrib kd;
			memset(&kd, 0, sizeof kd);
			kd.about = (dsr_buf)DSR_BUF_INIT;
			dsr__kwset kw;
			dsr__keywords(de->claim->content, de->claim->about, de->claim->n_about, &kw);
			dsr_buf kmd = DSR_BUF_INIT;
			if (!(rc = rule_key(w, end, de->claim, &kw, &kd, &kmd))) {
				k->kind = kd.kind;
				k->act_class = kd.act_class;
				memcpy(k->resp, kd.resp, sizeof k->resp);
				memcpy(k->target, kd.target, sizeof k->target);
				dsr_buf t = k->about;
				k->about = kd.about;
				kd.about = t;
				t = *km;
				*km = kmd;
				kmd = t;
				k->held = de;          /* act_class points into it */
				de = NULL;
			}
			dsr_buf_free(&kd.about);
			dsr_buf_free(&kmd);
		}
		if (de)
			dpb__event__free_unpacked(de, NULL);
	}
	if (!rc && apart && found) {
		/* the claim's own, with the identity it takes: when that
		 * changes (the actors' clusters), so does the key */
		const char *ac = k->act_class ? k->act_class : "";
		km->len = 0;
		if (dsr_buf_putc(km, 'P') || dsr_buf_append(km, end, DSR_ID_LEN) ||
		    dsr_buf_putc(km, (char)k->kind) || dsr_buf_append(km, ac, strlen(ac) + 1) ||
		    dsr_buf_append(km, k->resp, strlen(k->resp) + 1) ||
		    dsr_buf_append(km, k->target, strlen(k->target) + 1) ||
		    dsr_buf_append(km, k->about.data, k->about.len))
			rc = -ENOMEM;
	}
	if (k->kind != KIND_ATTR)
		k->act = NULL;
	return rc;
}

static void contrib_free(struct contrib *k)
{
	dsr_buf_free(&k->about);
	if (k->held)
		dpb__event__free_unpacked(k->held, NULL);
	k->held = NULL;
}

static int contrib_of(dsr__wtx *w, const uint8_t claim_id[DSR_ID_LEN], const Dpb__Event *ev,
		      struct contrib *k)
{
	const Dpb__ClaimRecorded *cl = ev->claim;
	memset(k, 0, sizeof *k);
	k->about = (dsr_buf)DSR_BUF_INIT;
	k->stance = cl->stance == DPB__STANCE__STANCE_DENIES ? 1 : 0;
	k->hlc = ev->hlc;
	int rc = cluster_of(w, cl->source, k->source);
	if (rc)
		return rc;
	/* its article: outlet and date */
	Dpb__ArticleRec *ar = NULL;
	if (cl->article.len == DSR_ID_LEN) {
		rc = dsr__get_rec(w, DSR__DB_V_ARTICLE, cl->article.data, DSR_ID_LEN,
				  &dpb__article_rec__descriptor, (ProtobufCMessage **)&ar);
		if (rc && rc != DSR_ENOTFOUND)
			return rc;
		rc = 0;
		if (ar && ar->article) {
			if (ar->article->publisher)
				snprintf(k->outlet, sizeof k->outlet, "%s", ar->article->publisher);
			if (ar->article->published && *ar->article->published) {
				uint64_t d = dsr__date_sortkey(ar->article->published);
				k->date = d < 999999999999ull ? d : 0;
			}
		}
	}
	dsr__kwset kw;
	dsr__keywords(cl->content, cl->about, cl->n_about, &kw);
	dsr_buf km = DSR_BUF_INIT;
	rc = rule_key(w, claim_id, cl, &kw, k, &km);
	if (!rc)
		rc = placed_key(w, claim_id, k, &km);
	if (!rc)
		id_of(k->prop, km.data, km.len);
	/* the report: who says it, in what words */
	if (!rc) {
		km.len = 0;
		if (dsr_buf_append(&km, k->source, strlen(k->source) + 1))
			rc = -ENOMEM;
		for (size_t i = 0; !rc && i < kw.n; i++) {
			uint8_t b[4];
			dsr__put_be32(b, kw.v[i]);
			rc = dsr_buf_append(&km, b, 4) ? -ENOMEM : 0;
		}
		if (!rc && !kw.n)
			rc = dsr_buf_append(&km, claim_id, DSR_ID_LEN) ? -ENOMEM : 0;
		if (!rc) {
			uint8_t h[8];
			crypto_generichash(h, sizeof h, km.data, km.len, NULL, 0);
			k->report = dsr__get_be64(h);
		}
	}
	dsr_buf_free(&km);
	/* its weight */
	Dpb__AssessRec *as = NULL;
	if (!rc) {
		rc = dsr__get_rec(w, DSR__DB_V_ASSESS, claim_id, DSR_ID_LEN,
				  &dpb__assess_rec__descriptor, (ProtobufCMessage **)&as);
		if (rc == DSR_ENOTFOUND)
			rc = 0, as = NULL;
	}
	if (!rc) {
		bool self = k->kind == KIND_ATTR && k->stance == 1 && k->source[0] &&
			    !strcmp(k->source, k->resp);
		k->weight = dsr__claim_weight(cl, as, self, NULL);
	}
	if (rc)
		contrib_free(k);
	return rc;
}

/* ---- v.psub ------------------------------------------------------------------ */

static int sub_key(dsr_buf *b, const uint8_t prop[DSR_ID_LEN], int type, uint32_t stance,
		   const void *v, size_t n, const void *v2, size_t n2)
{
	b->len = 0;
	if (dsr_buf_append(b, prop, DSR_ID_LEN) || dsr_buf_putc(b, (char)type) ||
	    dsr_buf_putc(b, (char)stance) || (n && dsr_buf_append(b, v, n)) ||
	    (n2 && dsr_buf_append(b, v2, n2)))
		return -ENOMEM;
	return 0;
}

/* Adds delta to the count of a distinct value; *fresh tells whether it
 * appeared (1), went (-1) or neither (0).  For a report, weight is the
 * claim's and *heaviest gets the change of its heaviest claim's weight
 * (on removal the caller recomputes it when the heaviest went). */
static int sub_count(dsr__wtx *w, const dsr_buf *key, int delta, uint32_t weight,
		     int *fresh, int64_t *heaviest, bool *was_max)
{
	Dpb__PropSubRec *old = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_PSUB, key->data, key->len,
			      &dpb__prop_sub_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	Dpb__PropSubRec r = DPB__PROP_SUB_REC__INIT;
	if (old) {
		r.n = old->n;
		r.max = old->max;
	}
	*fresh = 0;
	if (heaviest)
		*heaviest = 0;
	if (was_max)
		*was_max = false;
	if (delta > 0) {
		r.n++;
		*fresh = r.n == 1;
		if (heaviest && weight > r.max) {
			*heaviest = (int64_t)weight - r.max;
			r.max = weight;
		}
	} else {
		if (!r.n)
			return DSR_ECORRUPT;
		r.n--;
		*fresh = r.n == 0 ? -1 : 0;
		if (was_max)
			*was_max = weight == r.max;
		if (heaviest && r.n == 0) {
			*heaviest = -(int64_t)r.max;
			r.max = 0;
		}
	}
	if (r.n == 0)
		return dsr__del(w, DSR__DB_V_PSUB, key->data, key->len);
	return dsr__put_rec(w, DSR__DB_V_PSUB, key->data, key->len, &r.base);
}

/* Scans the v.psub keys under prefix; fn gets each key's rest and value. */
static int sub_scan(dsr__wtx *w, const dsr_buf *pfx,
		    int (*fn)(void *ctx, const uint8_t *rest, size_t n, const MDB_val *v),
		    void *ctx)
{
	int rc = dsr__kv_flush(w);
	MDB_cursor *cur;
	if (!rc)
		rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[DSR__DB_V_PSUB], &cur));
	if (rc)
		return rc;
	MDB_val k = { pfx->len, pfx->data }, v;
	int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
	while (!rc && r == 0 && k.mv_size >= pfx->len && !memcmp(k.mv_data, pfx->data, pfx->len)) {
		rc = fn(ctx, (const uint8_t *)k.mv_data + pfx->len, k.mv_size - pfx->len, &v);
		if (rc > 0)
			break;
		r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(cur);
	return rc > 0 ? 0 : rc;
}

struct maxw {
	uint32_t max;
};

static int max_weight(void *ctx, const uint8_t *rest, size_t n, const MDB_val *v)
{
	struct maxw *m = ctx;
	(void)rest;
	(void)n;
	if (v->mv_size == 4) {
		uint32_t x = dsr__get_be32(v->mv_data);
		if (x > m->max)
			m->max = x;
	}
	return 0;
}

struct firstd {
	uint64_t first;
};

static int first_date(void *ctx, const uint8_t *rest, size_t n, const MDB_val *v)
{
	struct firstd *f = ctx;
	(void)v;
	if (n >= 8)
		f->first = dsr__get_be64(rest);
	return 1;  /* keys are in date order: the first is the earliest */
}

struct bestact {
	dsr_buf phrase;
	uint32_t n;
	int rc;
};

static int best_act(void *ctx, const uint8_t *rest, size_t n, const MDB_val *v)
{
	struct bestact *b = ctx;
	Dpb__PropSubRec *r = dpb__prop_sub_rec__unpack(NULL, v->mv_size, v->mv_data);
	if (!r)
		return DSR_ECORRUPT;
	/* most claims, ties to the smallest phrase: keys come in byte order */
	if (r->n > b->n) {
		b->phrase.len = 0;
		if (dsr_buf_append(&b->phrase, rest, n) || dsr_buf_cstr(&b->phrase))
			b->rc = -ENOMEM;
		b->n = r->n;
	}
	dpb__prop_sub_rec__free_unpacked(r, NULL);
	return b->rc;
}

/* ---- v.attr ---------------------------------------------------------------- */

static int attr_key(dsr_buf *b, int role, const char *cluster, const uint8_t prop[DSR_ID_LEN])
{
	b->len = 0;
	if (dsr_buf_putc(b, (char)role) || dsr_buf_append(b, cluster, strlen(cluster) + 1) ||
	    dsr_buf_append(b, prop, DSR_ID_LEN))
		return -ENOMEM;
	return 0;
}

static int attr_rows(dsr__wtx *w, const Dpb__PropRec *p, const uint8_t prop[DSR_ID_LEN],
		     bool add)
{
	dsr_buf k = DSR_BUF_INIT;
	int rc = 0;
	struct {
		int role;
		const char *cluster;
	} rows[3] = { { ATTR_ALL, "" }, { ATTR_RESP, p->responsible },
		      { ATTR_TARGET, p->target } };
	for (int i = 0; !rc && i < 3; i++) {
		if (i && (!rows[i].cluster || !*rows[i].cluster))
			continue;
		rc = attr_key(&k, rows[i].role, rows[i].cluster, prop);
		if (!rc)
			rc = add ? dsr__put(w, DSR__DB_V_ATTR, k.data, k.len, "", 0)
				 : dsr__del(w, DSR__DB_V_ATTR, k.data, k.len);
	}
	dsr_buf_free(&k);
	return rc;
}

/* ---- adding and taking back --------------------------------------------------- */

/* The PropRec's per-stance arrays always have two entries. */
static void two(uint32_t **v, size_t *n, uint32_t store[2])
{
	store[0] = *n > 0 ? (*v)[0] : 0;
	store[1] = *n > 1 ? (*v)[1] : 0;
	*v = store;
	*n = 2;
}

static void two64(uint64_t **v, size_t *n, uint64_t store[2])
{
	store[0] = *n > 0 ? (*v)[0] : 0;
	store[1] = *n > 1 ? (*v)[1] : 0;
	*v = store;
	*n = 2;
}

struct arrays {
	uint32_t claims[2], reports[2], sources[2], outlets[2], unattr[2];
	uint64_t weight[2];
	char *about[256];
};

/* Applies one claim's contribution (c, with delta +1 or -1) to its
 * proposition; `k` carries the identity of a new proposition. */
static int apply(dsr__wtx *w, const uint8_t claim_id[DSR_ID_LEN], const Dpb__ClaimPropRec *c,
		 const struct contrib *k, int delta)
{
	const uint8_t *prop = c->prop.data;
	Dpb__PropRec *old = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_PROP, prop, DSR_ID_LEN, &dpb__prop_rec__descriptor,
			      (ProtobufCMessage **)&old);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	if (!old && delta < 0)
		return DSR_ECORRUPT;
	Dpb__PropRec r = DPB__PROP_REC__INIT;
	struct arrays A;
	if (old) {
		r = *old;
		r.base = (ProtobufCMessage)PROTOBUF_C_MESSAGE_INIT(&dpb__prop_rec__descriptor);
	} else {
		r.kind = (uint32_t)k->kind;
		r.act_class = (char *)(k->act_class ? k->act_class : "");
		r.responsible = (char *)k->resp;
		r.target = (char *)k->target;
		size_t na = 0;
		for (size_t off = 0; off < k->about.len && na < 256;
		     off += strlen((char *)k->about.data + off) + 1)
			A.about[na++] = (char *)k->about.data + off;
		r.about = A.about;
		r.n_about = na;
	}
	two(&r.claims, &r.n_claims, A.claims);
	two(&r.reports, &r.n_reports, A.reports);
	two(&r.sources, &r.n_sources, A.sources);
	two(&r.outlets, &r.n_outlets, A.outlets);
	two(&r.unattributed, &r.n_unattributed, A.unattr);
	two64(&r.weight, &r.n_weight, A.weight);
	uint32_t st = c->stance ? 1 : 0;
	if (delta < 0 && !r.claims[st])
		return DSR_ECORRUPT;
	r.claims[st] += (uint32_t)delta;
	dsr_buf key = DSR_BUF_INIT;
	int fresh;
	int64_t heavy;
	bool was_max;
	uint8_t rep[8], cid[DSR_ID_LEN], wb[4];
	dsr__put_be64(rep, c->report);
	memcpy(cid, claim_id, DSR_ID_LEN);
	/* the report, and its heaviest claim */
	rc = sub_key(&key, prop, SUB_REPORT, st, rep, 8, NULL, 0);
	if (!rc)
		rc = sub_count(w, &key, delta, c->weight, &fresh, &heavy, &was_max);
	if (!rc) {
		r.reports[st] += (uint32_t)fresh;
		r.weight[st] += (uint64_t)heavy;
		rc = sub_key(&key, prop, SUB_WEIGHT, st, rep, 8, cid, DSR_ID_LEN);
	}
	if (!rc && delta > 0) {
		dsr__put_be32(wb, c->weight);
		rc = dsr__put(w, DSR__DB_V_PSUB, key.data, key.len, wb, 4);
	} else if (!rc) {
		rc = dsr__del(w, DSR__DB_V_PSUB, key.data, key.len);
		if (!rc && was_max && !fresh) {
			/* the heaviest claim of the report went: the next */
			struct maxw m = { 0 };
			dsr_buf pfx = DSR_BUF_INIT;
			rc = sub_key(&pfx, prop, SUB_WEIGHT, st, rep, 8, NULL, 0);
			if (!rc)
				rc = sub_scan(w, &pfx, max_weight, &m);
			dsr_buf_free(&pfx);
			if (!rc && m.max != c->weight) {
				r.weight[st] -= c->weight - m.max;
				Dpb__PropSubRec s = DPB__PROP_SUB_REC__INIT;
				Dpb__PropSubRec *cur = NULL;
				rc = sub_key(&key, prop, SUB_REPORT, st, rep, 8, NULL, 0);
				if (!rc)
					rc = dsr__get_rec(w, DSR__DB_V_PSUB, key.data, key.len,
							  &dpb__prop_sub_rec__descriptor,
							  (ProtobufCMessage **)&cur);
				if (!rc) {
					s.n = cur->n;
					s.max = m.max;
					rc = dsr__put_rec(w, DSR__DB_V_PSUB, key.data, key.len,
							  &s.base);
				}
			}
		}
	}
	/* the source and the outlet */
	if (!rc && (!c->source || !*c->source)) {
		if (delta < 0 && !r.unattributed[st])
			rc = DSR_ECORRUPT;
		else
			r.unattributed[st] += (uint32_t)delta;
	}
	if (!rc && c->source && *c->source) {
		rc = sub_key(&key, prop, SUB_SOURCE, st, c->source, strlen(c->source), NULL, 0);
		if (!rc)
			rc = sub_count(w, &key, delta, 0, &fresh, NULL, NULL);
		if (!rc)
			r.sources[st] += (uint32_t)fresh;
	}
	if (!rc && c->outlet && *c->outlet) {
		rc = sub_key(&key, prop, SUB_OUTLET, st, c->outlet, strlen(c->outlet), NULL, 0);
		if (!rc)
			rc = sub_count(w, &key, delta, 0, &fresh, NULL, NULL);
		if (!rc)
			r.outlets[st] += (uint32_t)fresh;
	}
	/* the earliest report asserting it */
	if (!rc && st == 0 && c->date) {
		uint8_t d[8];
		dsr__put_be64(d, c->date);
		rc = sub_key(&key, prop, SUB_DATE, 0, d, 8, cid, DSR_ID_LEN);
		if (!rc && delta > 0) {
			rc = dsr__put(w, DSR__DB_V_PSUB, key.data, key.len, "", 0);
			if (!r.first || c->date < r.first)
				r.first = c->date;
		} else if (!rc) {
			rc = dsr__del(w, DSR__DB_V_PSUB, key.data, key.len);
			if (!rc && c->date == r.first) {
				struct firstd f = { 0 };
				dsr_buf pfx = DSR_BUF_INIT;
				rc = sub_key(&pfx, prop, SUB_DATE, 0, NULL, 0, NULL, 0);
				if (!rc)
					rc = sub_scan(w, &pfx, first_date, &f);
				dsr_buf_free(&pfx);
				r.first = f.first;
			}
		}
	}
	/* the act as most claims write it */
	struct bestact ba = { DSR_BUF_INIT, 0, 0 };
	if (!rc && c->act && *c->act) {
		rc = sub_key(&key, prop, SUB_ACT, 0, c->act, strlen(c->act), NULL, 0);
		Dpb__PropSubRec *cur = NULL;
		if (!rc) {
			rc = sub_count(w, &key, delta, 0, &fresh, NULL, NULL);
		}
		if (!rc && delta > 0) {
			rc = dsr__get_rec(w, DSR__DB_V_PSUB, key.data, key.len,
					  &dpb__prop_sub_rec__descriptor, (ProtobufCMessage **)&cur);
			if (!rc && (cur->n > r.act_n ||
				    (cur->n == r.act_n && (!r.act || strcmp(c->act, r.act) < 0)))) {
				r.act = c->act;
				r.act_n = cur->n;
			}
		} else if (!rc && r.act && !strcmp(r.act, c->act)) {
			dsr_buf pfx = DSR_BUF_INIT;
			rc = sub_key(&pfx, prop, SUB_ACT, 0, NULL, 0, NULL, 0);
			if (!rc)
				rc = sub_scan(w, &pfx, best_act, &ba);
			if (!rc)
				rc = ba.rc;
			dsr_buf_free(&pfx);
			r.act = ba.n ? (char *)ba.phrase.data : (char *)"";
			r.act_n = ba.n;
		}
	}
	/* its claims */
	if (!rc)
		rc = dsr__index(w, DSR__DB_V_PCLAIM, prop, DSR_ID_LEN, c->hlc, claim_id, delta);
	if (!rc) {
		if (r.claims[0] + r.claims[1] == 0) {
			rc = dsr__del(w, DSR__DB_V_PROP, prop, DSR_ID_LEN);
			if (!rc && r.kind == KIND_ATTR)
				rc = attr_rows(w, &r, prop, false);
		} else {
			rc = dsr__put_rec(w, DSR__DB_V_PROP, prop, DSR_ID_LEN, &r.base);
			if (!rc && !old && r.kind == KIND_ATTR)
				rc = attr_rows(w, &r, prop, true);
		}
	}
	dsr_buf_free(&ba.phrase);
	dsr_buf_free(&key);
	return rc;
}

/* The claim's contribution as recorded: takes it back, or adds it and
 * records it. */
static int withdraw(dsr__wtx *w, const uint8_t claim_id[DSR_ID_LEN])
{
	Dpb__ClaimPropRec *c = NULL;
	int rc = dsr__get_rec(w, DSR__DB_V_CPROP, claim_id, DSR_ID_LEN,
			      &dpb__claim_prop_rec__descriptor, (ProtobufCMessage **)&c);
	if (rc == DSR_ENOTFOUND)
		return 0;
	if (!rc)
		rc = apply(w, claim_id, c, NULL, -1);
	if (!rc)
		rc = dsr__del(w, DSR__DB_V_CPROP, claim_id, DSR_ID_LEN);
	return rc;
}

static void to_rec(const struct contrib *k, Dpb__ClaimPropRec *c)
{
	dpb__claim_prop_rec__init(c);
	c->prop.data = (uint8_t *)k->prop;
	c->prop.len = DSR_ID_LEN;
	c->stance = k->stance;
	c->report = k->report;
	c->source = (char *)k->source;
	c->outlet = (char *)k->outlet;
	c->date = k->date;
	c->weight = k->weight;
	c->act = (char *)(k->act ? k->act : "");
	c->hlc = k->hlc;
}

static bool same(const Dpb__ClaimPropRec *a, const Dpb__ClaimPropRec *b)
{
	return a->prop.len == b->prop.len && !memcmp(a->prop.data, b->prop.data, a->prop.len) &&
	       a->stance == b->stance && a->report == b->report && !strcmp(a->source, b->source) &&
	       !strcmp(a->outlet, b->outlet) && a->date == b->date && a->weight == b->weight &&
	       !strcmp(a->act, b->act) && a->hlc == b->hlc;
}

/* Works the claim's contribution out from its winning event ev and the
 * views as they stand, and replaces the recorded one when it differs. */
static int refresh(dsr__wtx *w, const uint8_t claim_id[DSR_ID_LEN], const Dpb__Event *ev)
{
	struct contrib k;
	int rc = contrib_of(w, claim_id, ev, &k);
	if (rc)
		return rc;
	Dpb__ClaimPropRec now;
	to_rec(&k, &now);
	Dpb__ClaimPropRec *old = NULL;
	rc = dsr__get_rec(w, DSR__DB_V_CPROP, claim_id, DSR_ID_LEN,
			  &dpb__claim_prop_rec__descriptor, (ProtobufCMessage **)&old);
	if (rc == DSR_ENOTFOUND)
		rc = 0, old = NULL;
	if (!rc && (!old || !same(old, &now))) {
		if (old)
			rc = apply(w, claim_id, old, NULL, -1);
		if (!rc)
			rc = apply(w, claim_id, &now, &k, 1);
		if (!rc)
			rc = dsr__put_rec(w, DSR__DB_V_CPROP, claim_id, DSR_ID_LEN, &now.base);
	}
	contrib_free(&k);
	return rc;
}

/* A sorted set of claim ids as the value of key (16 bytes) in table db:
 * adds (delta > 0) or removes id. */
static int idset_edit(dsr__wtx *w, int db, const uint8_t key[DSR_ID_LEN],
		      const uint8_t id[DSR_ID_LEN], int delta)
{
	MDB_val v;
	int rc = dsr__get(w, db, key, DSR_ID_LEN, &v);
	if (rc && rc != DSR_ENOTFOUND)
		return rc;
	dsr_buf b = DSR_BUF_INIT;
	if (!rc && dsr_buf_append(&b, v.mv_data, v.mv_size - v.mv_size % DSR_ID_LEN))
		return -ENOMEM;
	size_t n = b.len / DSR_ID_LEN, at = 0;
	while (at < n && memcmp(b.data + at * DSR_ID_LEN, id, DSR_ID_LEN) < 0)
		at++;
	bool have = at < n && !memcmp(b.data + at * DSR_ID_LEN, id, DSR_ID_LEN);
	rc = 0;
	if (delta > 0 && !have) {
		if (dsr_buf_reserve(&b, DSR_ID_LEN)) {
			dsr_buf_free(&b);
			return -ENOMEM;
		}
		memmove(b.data + (at + 1) * DSR_ID_LEN, b.data + at * DSR_ID_LEN,
			(n - at) * DSR_ID_LEN);
		memcpy(b.data + at * DSR_ID_LEN, id, DSR_ID_LEN);
		b.len += DSR_ID_LEN;
		rc = dsr__put(w, db, key, DSR_ID_LEN, b.data, b.len);
	} else if (delta < 0 && have) {
		memmove(b.data + at * DSR_ID_LEN, b.data + (at + 1) * DSR_ID_LEN,
			(n - at - 1) * DSR_ID_LEN);
		b.len -= DSR_ID_LEN;
		rc = b.len ? dsr__put(w, db, key, DSR_ID_LEN, b.data, b.len)
			   : dsr__del(w, db, key, DSR_ID_LEN);
	}
	dsr_buf_free(&b);
	return rc;
}

/* A claim filed before its article: its outlet and date come when the
 * article does (v.pwait). */
static int wait_for_article(dsr__wtx *w, const Dpb__ClaimRecorded *cl, int delta)
{
	if (cl->article.len != DSR_ID_LEN)
		return 0;
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_ARTICLE, cl->article.data, DSR_ID_LEN, &v);
	if (rc != DSR_ENOTFOUND)
		return rc;
	return idset_edit(w, DSR__DB_V_PWAIT, cl->article.data, cl->id.data, delta);
}

/* The claims placed with claim id (v.placewith) go into ids. */
static int dependents(dsr__wtx *w, const uint8_t id[DSR_ID_LEN], dsr_buf *ids)
{
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_PLACEWITH, id, DSR_ID_LEN, &v);
	if (rc)
		return rc == DSR_ENOTFOUND ? 0 : rc;
	return dsr_buf_append(ids, v.mv_data, v.mv_size - v.mv_size % DSR_ID_LEN) ? -ENOMEM : 0;
}

/* ---- entry points (view/impl.h) ----------------------------------------------- */

int dsr__prop_claim(dsr__wtx *w, const Dpb__Event *ev, int delta)
{
	const uint8_t *id = ev->claim->id.data;
	int rc = wait_for_article(w, ev->claim, delta);
	if (rc)
		return rc;
	/* the claims placed with it follow it */
	if ((rc = dependents(w, id, &w->prop_claims)))
		return rc;
	if (delta < 0)
		return withdraw(w, id);
	return refresh(w, id, ev);
}

int dsr__prop_place(dsr__wtx *w, const uint8_t claim[DSR_ID_LEN], const uint8_t *old_with,
		    const uint8_t *new_with)
{
	int rc = 0;
	if (old_with)
		rc = idset_edit(w, DSR__DB_V_PLACEWITH, old_with, claim, -1);
	if (!rc && new_with)
		rc = idset_edit(w, DSR__DB_V_PLACEWITH, new_with, claim, 1);
	if (!rc)
		rc = dsr__prop_requeue_claim(w, claim);
	return rc;
}

int dsr__prop_requeue_claim(dsr__wtx *w, const uint8_t id[DSR_ID_LEN])
{
	return dsr_buf_append(&w->prop_claims, id, DSR_ID_LEN) ? -ENOMEM : 0;
}

int dsr__prop_requeue_name(dsr__wtx *w, const char *key)
{
	return dsr_buf_append(&w->prop_names, key, strlen(key) + 1) ? -ENOMEM : 0;
}

int dsr__prop_article(dsr__wtx *w, const uint8_t article[DSR_ID_LEN], bool first)
{
	if (!first)
		return dsr_buf_append(&w->prop_articles, article, DSR_ID_LEN) ? -ENOMEM : 0;
	/* the claims that came before it */
	MDB_val v;
	int rc = dsr__get(w, DSR__DB_V_PWAIT, article, DSR_ID_LEN, &v);
	if (rc == DSR_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (dsr_buf_append(&w->prop_claims, v.mv_data, v.mv_size - v.mv_size % DSR_ID_LEN))
		return -ENOMEM;
	return dsr__del(w, DSR__DB_V_PWAIT, article, DSR_ID_LEN);
}

static int id_cmp(const void *a, const void *b)
{
	return memcmp(a, b, DSR_ID_LEN);
}

static int gather_item(void *ctx, const MDB_val *v)
{
	dsr_buf *b = ctx;
	if (v->mv_size != 8 + DSR_ID_LEN)
		return 0;
	return dsr_buf_append(b, (uint8_t *)v->mv_data + 8, DSR_ID_LEN) ? -ENOMEM : 0;
}

/* The claim ids under key in an index table (flushed). */
static int gather(dsr__wtx *w, int db, const char *key, dsr_buf *out)
{
	MDB_cursor *cur;
	int rc = dsr__mdb_err(mdb_cursor_open(w->txn, w->s->dbi[db], &cur));
	if (rc)
		return rc;
	/* every stance and hedging of the name (dsr__claim_key) */
	for (int f = 0; !rc && f < 4; f++) {
		char ck[DSR__CLAIM_KEY_MAX];
		MDB_val k = { dsr__claim_key(ck, key, f & 2, f & 1), ck }, v;
		for (int r = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); !rc && r == 0;
		     r = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP))
			rc = gather_item(out, &v);
	}
	mdb_cursor_close(cur);
	return rc;
}

static int gather_fact(void *ctx, const uint8_t id[DSR_ID_LEN], const MDB_val *v)
{
	(void)v;
	return dsr_buf_append(ctx, id, DSR_ID_LEN) ? -ENOMEM : 0;
}

int dsr__prop_finish(dsr__wtx *w)
{
	if (!w->prop_claims.len && !w->prop_articles.len && !w->prop_names.len)
		return 0;
	int rc = dsr__kv_flush(w);
	dsr_buf ids = w->prop_claims;
	w->prop_claims = (dsr_buf)DSR_BUF_INIT;
	/* the claims naming a name whose cluster changed */
	for (size_t off = 0; !rc && off < w->prop_names.len;) {
		const char *key = (const char *)w->prop_names.data + off;
		off += strlen(key) + 1;
		rc = gather(w, DSR__DB_V_CABOUT, key, &ids);
		if (!rc)
			rc = gather(w, DSR__DB_V_CSRC, key, &ids);
	}
	/* the claims of an article whose metadata changed */
	for (size_t off = 0; !rc && off + DSR_ID_LEN <= w->prop_articles.len; off += DSR_ID_LEN)
		rc = dsr__fscan(w->s, w->txn, DSR__DB_V_CLAIM, NULL,
				w->prop_articles.data + off, gather_fact, &ids);
	w->prop_names.len = 0;
	w->prop_articles.len = 0;
	/* and the claims placed with any of them, and with those, ... */
	size_t n = ids.len / DSR_ID_LEN;
	if (!rc && n)
		qsort(ids.data, n, DSR_ID_LEN, id_cmp);
	for (size_t i = 0, sorted = n; !rc && i < ids.len / DSR_ID_LEN; i++) {
		dsr_buf dep = DSR_BUF_INIT;
		rc = dependents(w, ids.data + i * DSR_ID_LEN, &dep);
		for (size_t j = 0; !rc && j < dep.len / DSR_ID_LEN; j++) {
			const uint8_t *d = dep.data + j * DSR_ID_LEN;
			bool have = bsearch(d, ids.data, sorted, DSR_ID_LEN, id_cmp) != NULL;
			for (size_t m = sorted; !have && m < ids.len / DSR_ID_LEN; m++)
				have = !memcmp(ids.data + m * DSR_ID_LEN, d, DSR_ID_LEN);
			if (!have && dsr_buf_append(&ids, d, DSR_ID_LEN))
				rc = -ENOMEM;
		}
		dsr_buf_free(&dep);
	}
	n = ids.len / DSR_ID_LEN;
	if (!rc && n)
		qsort(ids.data, n, DSR_ID_LEN, id_cmp);
	for (size_t i = 0; !rc && i < n; i++) {
		const uint8_t *id = ids.data + i * DSR_ID_LEN;
		if (i && !memcmp(id, id - DSR_ID_LEN, DSR_ID_LEN))
			continue;
		Dpb__Event *ev = NULL;
		rc = dsr__fact_winner(w->s, w->txn, DSR__DB_V_CLAIM, id, &ev, NULL);
		if (rc == DSR_ENOTFOUND) {
			rc = 0;
			continue;
		}
		if (!rc && ev->payload_case == DPB__EVENT__PAYLOAD_CLAIM)
			rc = refresh(w, id, ev);
		dpb__event__free_unpacked(ev, NULL);
	}
	dsr_buf_free(&ids);
	return rc;
}
