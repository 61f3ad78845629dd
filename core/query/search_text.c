/* search_text.c: the text of a search result (query/search.h): its
 * document read back, the query's hits found as its words go by, and the
 * snippet around the first of them with the hits' offsets in it. */
#include "query/search.h"
#include "view/api.h"
#include "base/api.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- the text of a document ------------------------------------------------ */

void dsr__sdoc_free(struct doc *d)
{
	if (d->ev)
		dpb__event__free_unpacked(d->ev, NULL);
	if (d->art)
		dpb__article_rec__free_unpacked(d->art, NULL);
	d->ev = NULL;
	d->art = NULL;
	dsr_buf_free(&d->text);
}

static int article_rec(dsr_rtxn *t, const uint8_t *id, Dpb__ArticleRec **out)
{
	MDB_val v;
	int rc = dsr__fget(t->s, t->txn, DSR__DB_V_ARTICLE, id, &v);
	if (rc)
		return rc;
	*out = dpb__article_rec__unpack(NULL, v.mv_size, v.mv_data);
	return *out && (*out)->article && (*out)->n_supports ? 0 : DSR_ECORRUPT;
}

int dsr__sdoc_load(dsr_rtxn *t, char kind, const uint8_t *id, struct doc *d)
{
	d->ev = NULL;
	d->art = NULL;
	d->text = (dsr_buf)DSR_BUF_INIT;
	int rc;
	if (kind == DSR__SEARCH_CLAIM) {
		rc = dsr__fact_winner(t->s, t->txn, DSR__DB_V_CLAIM, id, &d->ev, NULL);
		if (!rc && d->ev->payload_case != DPB__EVENT__PAYLOAD_CLAIM)
			rc = DSR_ECORRUPT;
		if (!rc && d->ev->claim->article.len == DSR_ID_LEN &&
		    article_rec(t, d->ev->claim->article.data, &d->art) != 0)
			d->art = NULL;   /* a claim may come before its article */
	} else {
		rc = article_rec(t, id, &d->art);
		if (!rc && !d->art->text_at) {
			Dpb__Stamp *w = d->art->supports[d->art->n_supports - 1];
			dsr__stamp st = dsr__stamp_from_pb(w);
			rc = dsr__event_by_stamp(t->s, t->txn, &st, &d->ev);
			if (rc == DSR_ENOTFOUND)
				rc = DSR_ECORRUPT;
			if (!rc && d->ev->payload_case != DPB__EVENT__PAYLOAD_ARTICLE)
				rc = DSR_ECORRUPT;
		}
	}
	if (rc)
		dsr__sdoc_free(d);
	return rc;
}

/* A document's two fields, as the index numbered them. */
void dsr__sdoc_fields(char kind, const struct doc *d, const uint8_t **f, size_t *l)
{
	if (kind == DSR__SEARCH_CLAIM) {
		f[0] = (const uint8_t *)d->ev->claim->content;
		l[0] = strlen(d->ev->claim->content);
		f[1] = (const uint8_t *)d->ev->claim->source;
		l[1] = strlen(d->ev->claim->source);
	} else if (d->ev) {
		f[0] = (const uint8_t *)d->ev->article->title;
		l[0] = strlen(d->ev->article->title);
		f[1] = d->ev->article->text.data;
		l[1] = d->ev->article->text.len;
	} else {
		f[0] = (const uint8_t *)d->art->article->title;
		l[0] = strlen(d->art->article->title);
		f[1] = d->text.data;
		l[1] = d->text.len;
	}
}

/* Finding the query's hits in a field as its words go by: the last words
 * in a ring; a group hits where its last word arrives (a phrase's words
 * have consecutive positions). */
struct scan {
	const struct query *q;
	dsr__word ring[DSR_SEARCH_TERMS_MAX];
	size_t seen;
	struct spans *out;        /* the hits, or NULL: only which groups */
	uint32_t groups;          /* a bit per group that hit */
	uint32_t hits;
	uint32_t all;             /* every group's bit */
	uint32_t stop_past;       /* with out: stop at a word starting past
				   * this many bytes after the first hit */
};

static bool same_term(const dsr__word *w, const struct qterm *t)
{
	return w->len == t->len && !memcmp(w->term, t->term, t->len);
}

static int scan_word(void *ctx, const dsr__word *w)
{
	struct scan *sc = ctx;
	const struct query *q = sc->q;
	if (sc->out && sc->out->n && w->start > sc->out->v[0].start + sc->stop_past)
		return 1;
	sc->ring[sc->seen % DSR_SEARCH_TERMS_MAX] = *w;
	sc->seen++;
	for (size_t g = 0; g < q->ng; g++) {
		const struct qgroup *gr = &q->g[g];
		if (sc->seen < gr->n || !same_term(w, &q->t[gr->first + gr->n - 1]))
			continue;
		size_t at = sc->seen - gr->n;
		bool ok = true;
		for (size_t k = 0; k + 1 < gr->n && ok; k++)
			ok = same_term(&sc->ring[(at + k) % DSR_SEARCH_TERMS_MAX], &q->t[gr->first + k]);
		if (!ok)
			continue;
		sc->groups |= 1u << g;
		sc->hits++;
		if (!sc->out)
			continue;
		struct spans *o = sc->out;
		if (dsr_grow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v))
			return -ENOMEM;
		o->v[o->n++] = (struct span){ sc->ring[at % DSR_SEARCH_TERMS_MAX].start, w->end };
	}
	return 0;
}

static int span_cmp(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? -1 : a->end > b->end;
}

/* The hits in one field, in text order, up to the snippet's reach. */
int dsr__sfield_hits(const struct query *q, const uint8_t *f, size_t l, struct spans *out,
		      uint32_t stop_past)
{
	struct scan sc;
	sc.q = q;
	sc.seen = 0;
	sc.out = out;
	sc.groups = 0;
	sc.all = (1u << q->ng) - 1;
	sc.stop_past = stop_past;
	out->n = 0;
	int rc = dsr__words(f, l, 0, scan_word, &sc, NULL);
	if (rc < 0)
		return rc;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, span_cmp);
	return 0;
}

/* An article's text is read 64 KiB first, then four times as much each
 * time, until the first hit and the snippet's reach after it are in; the
 * margin keeps a word cut at the part's end out of that reach. */
#define TEXT_PART (64u << 10)
#define TEXT_MARGIN 4096u

int dsr__sdoc_hits(dsr_rtxn *t, const struct query *q, struct doc *d, int i,
		   const uint8_t **f, size_t *l, struct spans *out, uint32_t stop_past)
{
	if (i == 0 || d->ev)
		return dsr__sfield_hits(q, f[i], l[i], out, stop_past);
	size_t total = d->art->bytes, want = TEXT_PART;
	dsr__stamp st = dsr__stamp_from_pb(d->art->supports[d->art->n_supports - 1]);
	for (;;) {
		if (want > total)
			want = total;
		if (d->text.len < want) {
			int rc = dsr__event_slice(t->s, t->txn, &st, d->art->text_at + d->text.len,
						  want - d->text.len, &d->text);
			if (rc)
				return rc == DSR_ENOTFOUND ? DSR_ECORRUPT : rc;
			if (d->text.len != want)
				return DSR_ECORRUPT;
		}
		f[1] = d->text.data;
		l[1] = d->text.len;
		int rc = dsr__sfield_hits(q, f[1], l[1], out, stop_past);
		if (rc || want == total)
			return rc;
		if (out->n && (size_t)out->v[0].end + stop_past + TEXT_MARGIN <= want)
			return 0;
		want = want > total / 4 ? total : want * 4;
	}
}

/* ---- a result ------------------------------------------------------------------ */

static const char ellipsis[] = "\xe2\x80\xa6";

/* The snippet of field f around its first hit: whole words, line breaks
 * made spaces, an ellipsis where it is cut; the hits in it. */
int dsr__ssnippet(const uint8_t *f, size_t l, const struct spans *sp, dsr_buf *out,
		   Dpb__Span **hits, size_t *nhits)
{
	size_t a = 0, b = l;
	uint32_t first = sp->n ? sp->v[0].start : 0;
	if (first > SNIPPET_BEFORE) {
		a = first - SNIPPET_BEFORE;
		while (a < first && f[a] != ' ' && f[a] != '\n')
			a++;
		if (a < first)
			a++;
		else   /* no space: a character's first byte */
			for (a = first - SNIPPET_BEFORE; (f[a] & 0xc0) == 0x80; a++)
				;
	}
	if (l - a > SNIPPET_LEN) {
		/* back from a + SNIPPET_LEN (or the first hit's end) to a
		 * space, but not into the first hit; a word's end and a space
		 * are characters' boundaries */
		size_t end0 = sp->n ? sp->v[0].end : a;
		size_t min = end0 > a + SNIPPET_LEN ? end0 : a + SNIPPET_LEN;
		b = min;
		while (b < l && b > end0 && f[b] != ' ' && f[b] != '\n')
			b--;
		if (b == a)   /* no hit and no space: cut inside a word */
			for (b = min; b < l && (f[b] & 0xc0) == 0x80; b++)
				;
	}
	int rc = 0;
	size_t lead = 0;
	if (a > 0) {
		rc = dsr_buf_append(out, ellipsis, 3);
		lead = 3;
	}
	for (size_t i = a; i < b && !rc; i++) {
		uint8_t c = f[i] == '\n' || f[i] == '\r' || f[i] == '\t' ? ' ' : f[i];
		rc = dsr_buf_append(out, &c, 1);
	}
	if (!rc && b < l)
		rc = dsr_buf_append(out, ellipsis, 3);
	if (!rc)
		rc = dsr_buf_cstr(out);
	*nhits = 0;
	for (size_t i = 0; i < sp->n && !rc; i++) {
		if (sp->v[i].start < a || sp->v[i].end > b)
			continue;
		hits[*nhits] = malloc(sizeof **hits);
		if (!hits[*nhits]) {
			rc = -ENOMEM;
			break;
		}
		dpb__span__init(hits[*nhits]);
		hits[*nhits]->start = (uint32_t)(sp->v[i].start - a + lead);
		hits[*nhits]->end = (uint32_t)(sp->v[i].end - a + lead);
		(*nhits)++;
	}
	return rc;
}

/* Hits that overlap, or that only spaces part ("North Korea" searched as
 * two words), become one. */
void dsr__smerge_hits(const uint8_t *f, struct spans *sp)
{
	size_t o = 0;
	for (size_t i = 0; i < sp->n; i++) {
		if (o) {
			struct span *p = &sp->v[o - 1];
			uint32_t k = p->end;
			while (k < sp->v[i].start && f[k] == ' ')
				k++;
			if (k >= sp->v[i].start) {
				if (sp->v[i].end > p->end)
					p->end = sp->v[i].end;
				continue;
			}
		}
		sp->v[o++] = sp->v[i];
	}
	sp->n = o;
}
