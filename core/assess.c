/* assess.c: corroboration, contradiction and confidence of claims (see
 * assess.h and docs/curation.md). */
#include "assess.h"
#include "error.h"
#include "lexicon.h"
#include "query_int.h"
#include "view_fact.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the proposition lexicon ------------------------------------------- */

struct word {
	char w[32];
	uint32_t cls;              /* class number; 0 = stop word */
};

static struct word *words;
static size_t nwords;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int word_cmp(const void *a, const void *b)
{
	return strcmp(((const struct word *)a)->w, ((const struct word *)b)->w);
}

static void load(void)
{
	size_t len;
	const char *p = dsr_lexicon("propositions", &len);
	if (!p)
		return;
	size_t cap = 512;
	words = calloc(cap, sizeof *words);
	uint32_t cls = 0;
	const char *end = p + len;
	while (p < end && words) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (p < le && *p != '#') {
			bool stop = (size_t)(le - p) >= 5 && !strncmp(p, "_stop", 5);
			uint32_t c = stop ? 0 : ++cls;
			const char *q = stop ? p + 5 : p;
			while (q < le) {
				while (q < le && isspace((unsigned char)*q))
					q++;
				const char *ws = q;
				while (q < le && !isspace((unsigned char)*q))
					q++;
				size_t wl = (size_t)(q - ws);
				if (!wl || wl >= sizeof words->w)
					continue;
				if (nwords == cap) {
					struct word *nw = realloc(words, 2 * cap * sizeof *nw);
					if (!nw)
						return;
					words = nw;
					cap *= 2;
				}
				memcpy(words[nwords].w, ws, wl);
				words[nwords].w[wl] = 0;
				words[nwords].cls = c;
				nwords++;
			}
		}
		p = le + 1;
	}
	if (words && nwords)
		qsort(words, nwords, sizeof *words, word_cmp);
}

static const struct word *lookup(const char *w)
{
	struct word key;
	snprintf(key.w, sizeof key.w, "%s", w);
	return words ? bsearch(&key, words, nwords, sizeof *words, word_cmp) : NULL;
}

/* ---- keyword sets ------------------------------------------------------- */

typedef struct kwset {
	uint32_t v[64];
	size_t n;
} kwset;

static uint32_t fnv(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h | 0x80000000u;
}

static bool in_names(const char *w, char *const *names, size_t n)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i];
		while (*s) {
			while (*s && !isalpha((unsigned char)*s))
				s++;
			const char *b = s;
			while (*s && isalpha((unsigned char)*s))
				s++;
			if ((size_t)(s - b) == wl && !strncasecmp(b, w, wl))
				return true;
		}
	}
	return false;
}

static int u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void keywords(const char *text, char *const *about, size_t nabout, kwset *out)
{
	pthread_once(&once, load);
	out->n = 0;
	char w[32];
	const char *s = text ? text : "";
	while (*s && out->n < 64) {
		while (*s && !isalpha((unsigned char)*s))
			s++;
		size_t n = 0;
		while (*s && (isalpha((unsigned char)*s) || *s == '-')) {
			if (n + 1 < sizeof w)
				w[n++] = (char)tolower((unsigned char)*s);
			s++;
		}
		w[n] = 0;
		if (n < 3 || in_names(w, about, nabout))
			continue;
		const struct word *e = lookup(w);
		uint32_t k;
		if (e) {
			if (e->cls == 0)
				continue;
			k = e->cls;
		} else {
			/* A crude stem so "leaks"/"leaked" meet outside the
			 * lexicon too. */
			size_t l = strlen(w);
			if (l > 5 && !strcmp(w + l - 3, "ing"))
				w[l - 3] = 0;
			else if (l > 4 && !strcmp(w + l - 2, "ed"))
				w[l - 2] = 0;
			else if (l > 4 && w[l - 1] == 's')
				w[l - 1] = 0;
			k = fnv(w);
		}
		out->v[out->n++] = k;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, u32cmp);
	size_t o = 0;
	for (size_t i = 0; i < out->n; i++)
		if (!o || out->v[o - 1] != out->v[i])
			out->v[o++] = out->v[i];
	out->n = o;
}

static bool similar(const kwset *a, const kwset *b)
{
	if (!a->n || !b->n)
		return false;
	size_t i = 0, j = 0, both = 0;
	while (i < a->n && j < b->n) {
		if (a->v[i] == b->v[j]) {
			both++;
			i++;
			j++;
		} else if (a->v[i] < b->v[j]) {
			i++;
		} else {
			j++;
		}
	}
	size_t uni = a->n + b->n - both;
	return both * 2 >= uni;   /* Jaccard >= 1/2 */
}

bool dsr_same_proposition(const char *a, const char *b, char *const *about, size_t nabout)
{
	kwset ka, kb;
	keywords(a, about, nabout, &ka);
	keywords(b, about, nabout, &kb);
	return similar(&ka, &kb);
}

bool dsr_claim_is_attribution(const char *content)
{
	pthread_once(&once, load);
	const struct word *r = lookup("responsible");
	if (!r)
		return false;
	kwset k;
	keywords(content, NULL, 0, &k);
	for (size_t i = 0; i < k.n; i++)
		if (k.v[i] == r->cls)
			return true;
	return false;
}

/* ---- confidence --------------------------------------------------------- */

const char *dsr_likelihood(uint32_t c)
{
	if (c < 5)
		return "almost no chance";
	if (c < 20)
		return "very unlikely";
	if (c < 45)
		return "unlikely";
	if (c <= 55)
		return "roughly even chance";
	if (c < 80)
		return "likely";
	if (c < 95)
		return "very likely";
	return "almost certainly";
}

uint32_t dsr_confidence(const char *reliability, uint32_t credibility, int status,
			bool hedged, uint32_t sources, uint32_t contradicting)
{
	static const int cred[] = { 0, 90, 75, 55, 30, 10, 50 };
	int c;
	if (credibility >= 1 && credibility <= 6) {
		c = cred[credibility];
		if (reliability && *reliability) {
			static const int rel[] = { 5, 2, 0, -5, -10, 0 };
			int r = *reliability - 'A';
			if (r >= 0 && r <= 5)
				c += rel[r];
		}
	} else {
		c = hedged ? 40 : 60;
	}
	int more = sources > 1 ? 8 * (int)(sources - 1) : 0;
	c += more > 30 ? 30 : more;
	int less = 10 * (int)contradicting;
	c -= less > 30 ? 30 : less;
	if (status == DPB__CLAIM_STATUS__STATUS_CONFIRMED && c < 90)
		c = 90;
	if (status == DPB__CLAIM_STATUS__STATUS_DISPUTED && c > 30)
		c = 30;
	if (status == DPB__CLAIM_STATUS__STATUS_RETRACTED)
		c = 0;
	return c < 0 ? 0 : c > 100 ? 100 : (uint32_t)c;
}

/* ---- judging a claim ---------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, NUL-separated cluster keys of a claim's about names. */
static int about_clusters(dsr_rtxn *t, const Dpb__ClaimRecorded *c, dsr_buf *out)
{
	char **v = calloc(c->n_about + 1, sizeof *v);
	size_t n = 0;
	int rc = v ? 0 : -ENOMEM;
	for (size_t i = 0; !rc && i < c->n_about; i++) {
		dsr__keys mem = { DSR_BUF_INIT, 0 };
		char cl[DSR_NAME_KEY_MAX];
		if (dsr__actor_members(t, c->about[i], &mem, cl) == 0) {
			bool dup = false;
			for (size_t j = 0; j < n && !dup; j++)
				dup = !strcmp(v[j], cl);
			if (!dup && !(v[n++] = strdup(cl)))
				rc = -ENOMEM;
		}
		dsr_buf_free(&mem.b);
	}
	if (!rc && n)
		qsort(v, n, sizeof *v, cmp_str);
	out->len = 0;
	for (size_t i = 0; i < n; i++) {
		if (!rc && dsr_buf_append(out, v[i], strlen(v[i]) + 1))
			rc = -ENOMEM;
		free(v[i]);
	}
	free(v);
	return rc;
}

/* A set of strings, for counting distinct sources and publishers. */
typedef struct sset {
	char **v;
	size_t n, cap;
} sset;

static int sset_add(sset *s, const char *k)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], k))
			return 0;
	if (s->n == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 8;
		char **nv = realloc(s->v, nc * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = nc;
	}
	return (s->v[s->n++] = strdup(k)) ? 0 : -ENOMEM;
}

static void sset_free(sset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

int dsr__publisher(dsr_rtxn *t, ProtobufCBinaryData article, dsr_buf *out)
{
	out->len = 0;
	if (article.len != DSR_ID_LEN)
		return DSR_ENOTFOUND;
	MDB_val k = { DSR_ID_LEN, article.data }, v;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ARTICLE], &k, &v))
		return DSR_ENOTFOUND;
	Dpb__ArticleRec *r = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	if (!r)
		return DSR_ECORRUPT;
	int rc = r->article && r->article->publisher && *r->article->publisher
			 ? dsr_buf_puts(out, r->article->publisher) : DSR_ENOTFOUND;
	if (!rc)
		rc = dsr_buf_cstr(out);
	dpb__article_rec__free_unpacked(r, NULL);
	return rc;
}

/* Adds a claim of the proposition (with the claim's stance) to the counts. */
static int count_source(dsr_rtxn *t, const Dpb__ClaimRecorded *c, sset *sources,
			sset *pubs)
{
	dsr_buf pub = DSR_BUF_INIT, disp = DSR_BUF_INIT;
	bool has_pub = dsr__publisher(t, c->article, &pub) == 0;
	int rc = 0;
	if (has_pub)
		rc = sset_add(pubs, (char *)pub.data);
	if (!rc && c->source && *c->source) {
		dsr__keys mem = { DSR_BUF_INIT, 0 };
		char cl[DSR_NAME_KEY_MAX];
		if (dsr__actor_members(t, c->source, &mem, cl) == 0)
			rc = sset_add(sources, cl);
		dsr_buf_free(&mem.b);
	} else if (!rc && has_pub) {
		/* An unattributed report counts once per outlet. */
		dsr_buf_puts(&disp, "publisher:");
		dsr_buf_puts(&disp, (char *)pub.data);
		dsr_buf_cstr(&disp);
		rc = sset_add(sources, (char *)disp.data);
	}
	dsr_buf_free(&pub);
	dsr_buf_free(&disp);
	return rc;
}

int dsr_claim_judge(dsr_rtxn *t, const uint8_t id[16], const Dpb__Event *ev,
		    dsr_claim_judgement *out,
		    int (*related)(void *ctx, const uint8_t *id, bool same_stance),
		    void *ctx)
{
	const Dpb__ClaimRecorded *c = ev->claim;
	memset(out, 0, sizeof *out);
	sset sources = { 0 }, pubs = { 0 };
	dsr_buf mine = DSR_BUF_INIT, theirs = DSR_BUF_INIT;
	int rc = count_source(t, c, &sources, &pubs);
	if (!rc)
		rc = about_clusters(t, c, &mine);
	if (!rc && mine.len && c->n_about) {
		/* Candidates: claims about the first of its actors. */
		dsr__keys mem = { DSR_BUF_INIT, 0 };
		char cl[DSR_NAME_KEY_MAX];
		kwset kc;
		keywords(c->content, c->about, c->n_about, &kc);
		if (dsr__actor_members(t, c->about[0], &mem, cl) == 0) {
			const char *key = (const char *)mem.b.data;
			uint8_t *seen = NULL;
			size_t nseen = 0;
			for (size_t i = 0; !rc && i < mem.n; i++, key += strlen(key) + 1) {
				MDB_cursor *cur;
				if (mdb_cursor_open(t->txn, t->s->dbi[DSR__DB_V_CABOUT], &cur))
					break;
				MDB_val k = { strlen(key), (void *)key }, v;
				for (int r = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); !rc && r == 0;
				     r = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
					if (v.mv_size != 8 + DSR_ID_LEN)
						continue;
					const uint8_t *oid = (uint8_t *)v.mv_data + 8;
					if (!memcmp(oid, id, DSR_ID_LEN))
						continue;
					bool dup = false;
					for (size_t s = 0; s < nseen && !dup; s++)
						dup = !memcmp(seen + s * DSR_ID_LEN, oid, DSR_ID_LEN);
					if (dup)
						continue;
					uint8_t *ns = realloc(seen, (nseen + 1) * DSR_ID_LEN);
					if (!ns) {
						rc = -ENOMEM;
						break;
					}
					seen = ns;
					memcpy(seen + nseen++ * DSR_ID_LEN, oid, DSR_ID_LEN);
					Dpb__Event *oe;
					if (dsr__fact_winner(t->s, t->txn, DSR__DB_V_CLAIM, oid, &oe, NULL))
						continue;
					const Dpb__ClaimRecorded *o = oe->claim;
					kwset ko;
					if (oe->payload_case == DPB__EVENT__PAYLOAD_CLAIM &&
					    about_clusters(t, o, &theirs) == 0 &&
					    theirs.len == mine.len &&
					    !memcmp(theirs.data, mine.data, mine.len)) {
						keywords(o->content, o->about, o->n_about, &ko);
						if (similar(&kc, &ko)) {
							bool same = o->stance == c->stance;
							if (same) {
								out->corroborating++;
								rc = count_source(t, o, &sources, &pubs);
							} else {
								out->contradicting++;
							}
							if (!rc && related)
								rc = related(ctx, oid, same);
						}
					}
					dpb__event__free_unpacked(oe, NULL);
				}
				mdb_cursor_close(cur);
			}
			free(seen);
		}
		dsr_buf_free(&mem.b);
	}
	out->sources = (uint32_t)sources.n;
	out->publishers = (uint32_t)pubs.n;
	/* The analyst's grade and status, if any. */
	MDB_val k = { DSR_ID_LEN, (void *)id }, av;
	Dpb__AssessRec *a = NULL;
	if (mdb_get(t->txn, t->s->dbi[DSR__DB_V_ASSESS], &k, &av) == 0)
		a = dpb__assess_rec__unpack(NULL, av.mv_size, av.mv_data);
	out->confidence = dsr_confidence(a ? a->reliability : NULL, a ? a->credibility : 0,
					 a ? (int)a->status : 0, c->hedged,
					 out->sources ? out->sources : 1, out->contradicting);
	out->likelihood = dsr_likelihood(out->confidence);
	if (a)
		dpb__assess_rec__free_unpacked(a, NULL);
	sset_free(&sources);
	sset_free(&pubs);
	dsr_buf_free(&mine);
	dsr_buf_free(&theirs);
	return rc;
}
