/* kbjson.c: "dossier.export/1" — the knowledge base as JSON with
 * provenance, plus its event log and the signed heads that cover it, for
 * import (import.c reads it back; docs/export.md). */
#include "export/impl.h"
#include "extract.h"
#include "hlc.h"
#include "confidence.h"
#include "model/api.h"
#include "error.h"
#include "jsonparse.h"
#include "query.h"
#include "query/api.h"
#include "repl.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void jstr(dsr_buf *b, const char *s)
{
	dsr_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

static void jhex(dsr_buf *b, const uint8_t *p, size_t n)
{
	char h[2 * 64 + 1];
	if (n > 64)
		n = 64;
	dsr_hex(p, n, h);
	jstr(b, h);
}

static void jnames(dsr_buf *b, char **v, size_t n)
{
	dsr_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		jstr(b, v[i]);
	}
	dsr_buf_putc(b, ']');
}

static const char *kind_word(int k)
{
	static const char *const names[] = { "unspecified", "person", "organization",
		"government", "country", "group", "media", "other" };
	return k >= 0 && k <= 7 ? names[k] : "other";
}

static const char *status_word(int s)
{
	static const char *const w[] = { "none", "confirmed", "disputed", "retracted" };
	return s >= 0 && s <= 3 ? w[s] : "none";
}

typedef struct ex {
	dsr_rtxn *t;
	dsr__out *o;
	dsr_buf *b;            /* &o->b */
	int n;
	int rc;
	dsr_why_cache *wc;     /* articles read for quotes, across facts */
	dsr__rows *rows;       /* the timeline: put out in date order */
} ex;

static int on_article(void *ctx, const Dpb__ArticleInfo *a)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->n++ ? ",\n  {" : "\n  {");
	dsr_buf_puts(b, "\"id\":");
	jhex(b, a->id.data, a->id.len);
	dsr_buf_puts(b, ",\"title\":");
	jstr(b, a->title);
	dsr_buf_puts(b, ",\"publisher\":");
	jstr(b, a->publisher);
	dsr_buf_puts(b, ",\"url\":");
	jstr(b, a->url);
	dsr_buf_puts(b, ",\"published\":");
	jstr(b, a->published);
	dsr_buf_printf(b, ",\"bytes\":%u,\"actors\":%u,\"claims\":%u,\"entries\":%u}", a->bytes,
		       a->actors, a->claims, a->entries);
	return dsr__out_drain(x->o, false);
}

static int on_actor(void *ctx, const Dpb__ActorInfo *a)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->n++ ? ",\n  {" : "\n  {");
	dsr_buf_puts(b, "\"key\":");
	jstr(b, a->key);
	dsr_buf_puts(b, ",\"name\":");
	jstr(b, a->name);
	dsr_buf_printf(b, ",\"kind\":\"%s\",\"aliases\":", kind_word(a->kind));
	jnames(b, a->aliases, a->n_aliases);
	dsr_buf_printf(b, ",\"mentions\":%llu,\"articles\":[", (unsigned long long)a->mentions);
	for (size_t i = 0; i < a->n_articles; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		jhex(b, a->articles[i].data, a->articles[i].len);
	}
	dsr_buf_puts(b, "]}");
	return dsr__out_drain(x->o, false);
}

/* Provenance items of a fact, as a JSON array. */
static int on_why(void *ctx, const Dpb__WhyItem *w)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->n++ ? ",{" : "{");
	dsr_buf_puts(b, "\"act\":");
	jstr(b, w->act);
	dsr_buf_puts(b, ",\"author\":");
	jstr(b, w->author);
	char t[40];
	dsr_iso_time(w->hlc >> 16, t);
	dsr_buf_printf(b, ",\"time\":\"%s\",\"origin\":", t);
	jhex(b, w->origin.data, w->origin.len);
	dsr_buf_printf(b, ",\"seq\":%llu", (unsigned long long)w->seq);
	if (w->article.len) {
		dsr_buf_puts(b, ",\"article\":");
		jhex(b, w->article.data, w->article.len);
		dsr_buf_puts(b, ",\"publisher\":");
		jstr(b, w->publisher);
	}
	if (w->span)
		dsr_buf_printf(b, ",\"span\":[%u,%u]", w->span->start, w->span->end);
	if (w->quote && *w->quote) {
		dsr_buf_puts(b, ",\"quote\":");
		jstr(b, w->quote);
	}
	if (w->detail && *w->detail) {
		dsr_buf_puts(b, ",\"detail\":");
		jstr(b, w->detail);
	}
	dsr_buf_putc(b, '}');
	return 0;
}

static int provenance(ex *x, const uint8_t *id, size_t n)
{
	char hex[2 * DSR_ID_LEN + 1];
	dsr_hex(id, n, hex);
	ex sub = { x->t, x->o, x->b, 0, 0, NULL, NULL };
	dsr_buf_puts(x->b, ",\"provenance\":[");
	int rc = dsr_q_why_cached(x->t, hex, x->wc, on_why, &sub);
	dsr_buf_putc(x->b, ']');
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

static int on_claim(void *ctx, const Dpb__ClaimInfo *c)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->n++ ? ",\n  {" : "\n  {");
	dsr_buf_puts(b, "\"id\":");
	jhex(b, c->id.data, c->id.len);
	dsr_buf_puts(b, ",\"article\":");
	jhex(b, c->article.data, c->article.len);
	dsr_buf_puts(b, ",\"publisher\":");
	jstr(b, c->publisher);
	dsr_buf_puts(b, ",\"source\":");
	if (c->source && *c->source)
		jstr(b, c->source);
	else
		dsr_buf_puts(b, "null");
	dsr_buf_puts(b, ",\"source_actor\":");
	jstr(b, c->source_actor);
	dsr_buf_puts(b, ",\"cue\":");
	jstr(b, c->cue);
	dsr_buf_puts(b, ",\"content\":");
	jstr(b, c->content);
	dsr_buf_printf(b, ",\"stance\":\"%s\",\"hedged\":%s,\"about\":",
		       c->stance ? "denies" : "asserts", c->hedged ? "true" : "false");
	jnames(b, c->about, c->n_about);
	if (c->span)
		dsr_buf_printf(b, ",\"span\":[%u,%u]", c->span->start, c->span->end);
	dsr_buf_printf(b, ",\"status\":\"%s\",\"reliability\":", status_word(c->status));
	jstr(b, c->reliability);
	dsr_buf_printf(b, ",\"credibility\":%u,\"confidence\":%u,\"likelihood\":", c->credibility,
		       c->confidence);
	jstr(b, c->likelihood);
	dsr_buf_printf(b, ",\"sources\":%u,\"publishers\":%u,\"corroborating\":%u,"
		       "\"contradicting\":%u", c->sources, c->publishers, c->corroborating,
		       c->contradicting);
	if (c->proposition.len) {
		dsr_buf_puts(b, ",\"proposition\":");
		jhex(b, c->proposition.data, c->proposition.len);
	}
	if (c->responsible && *c->responsible) {
		dsr_buf_puts(b, ",\"frame\":{\"responsible\":");
		jstr(b, c->responsible);
		dsr_buf_puts(b, ",\"act\":");
		jstr(b, c->act);
		dsr_buf_puts(b, ",\"act_class\":");
		jstr(b, c->act_class);
		dsr_buf_puts(b, ",\"target\":");
		jstr(b, c->target);
		dsr_buf_putc(b, '}');
	}
	int rc = provenance(x, c->id.data, c->id.len);
	dsr_buf_putc(b, '}');
	return rc ? rc : dsr__out_drain(x->o, false);
}

static int on_entry(void *ctx, const Dpb__EntryInfo *e)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	size_t start = b->len;
	dsr_buf_puts(b, "\n  {");
	dsr_buf_puts(b, "\"id\":");
	jhex(b, e->id.data, e->id.len);
	static const char *const prec[] = { "", "time", "day", "week", "month", "season",
		"quarter", "year", "decade", "century", "ref" };
	dsr_buf_puts(b, ",\"date\":");
	jstr(b, e->date);
	dsr_buf_printf(b, ",\"precision\":\"%s\",\"status\":\"%s\"",
		       prec[e->precision <= 10 ? e->precision : 0], dsr_event_status_name(e->status));
	dsr_buf_puts(b, ",\"text\":");
	jstr(b, e->text);
	dsr_buf_puts(b, ",\"actors\":");
	jnames(b, e->actors, e->n_actors);
	dsr_buf_puts(b, ",\"article\":");
	jhex(b, e->article.data, e->article.len);
	if (e->span)
		dsr_buf_printf(b, ",\"span\":[%u,%u]", e->span->start, e->span->end);
	dsr_buf_printf(b, ",\"removed\":%s", e->removed ? "true" : "false");
	if (e->group.len) {
		/* the timeline group: entries of any article telling the same event */
		dsr_buf_puts(b, ",\"group\":");
		jhex(b, e->group.data, e->group.len);
		dsr_buf_printf(b, ",\"group_articles\":%u", e->narticles);
	}
	int rc = provenance(x, e->id.data, e->id.len);
	dsr_buf_putc(b, '}');
	/* the row goes to the rows, to be put out in date order */
	if (!rc && e->id.len == DSR_ID_LEN)
		rc = dsr__rows_add(x->rows, dsr__date_sortkey(e->date), e->id.data, b->data + start,
				   b->len - start);
	b->len = start;
	return rc;
}

static int on_indicator(void *ctx, const Dpb__IndicatorInfo *d)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->n++ ? ",\n  {" : "\n  {");
	dsr_buf_puts(b, "\"type\":");
	jstr(b, d->type);
	dsr_buf_puts(b, ",\"value\":");
	jstr(b, d->value);
	dsr_buf_printf(b, ",\"occurrences\":%u,\"narticles\":%u,\"articles\":[", d->occurrences,
		       d->narticles);
	for (size_t i = 0; i < d->n_articles; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		jhex(b, d->articles[i].data, d->articles[i].len);
	}
	dsr_buf_puts(b, "],\"first\":");
	jhex(b, d->first.data, d->first.len);
	int rc = provenance(x, d->first.data, d->first.len);
	dsr_buf_putc(b, '}');
	return rc ? rc : dsr__out_drain(x->o, false);
}

static int on_conflict(void *ctx, const Dpb__ConflictInfo *c)
{
	ex *x = ctx;
	dsr_buf *b = x->b;
	dsr_buf_puts(b, x->n++ ? ",\n  {" : "\n  {");
	dsr_buf_puts(b, "\"target\":");
	jstr(b, c->target);
	dsr_buf_puts(b, ",\"field\":");
	jstr(b, c->field);
	dsr_buf_puts(b, ",\"lost\":");
	jstr(b, c->value);
	dsr_buf_puts(b, ",\"author\":");
	jstr(b, c->author);
	dsr_buf_puts(b, ",\"current\":");
	jstr(b, c->current);
	dsr_buf_puts(b, ",\"current_author\":");
	jstr(b, c->current_author);
	dsr_buf_putc(b, '}');
	return dsr__out_drain(x->o, false);
}

static int events(dsr_rtxn *t, dsr__out *o)
{
	dsr_buf *b = &o->b, scratch = DSR_BUF_INIT;
	uint64_t end = dsr_log_end(t);
	int rc = 0;
	for (uint64_t pos = 1; !rc && pos < end; pos++) {
		const uint8_t *p;
		size_t n;
		/* an event at a time: a large one's pieces in scratch */
		if ((rc = dsr_log_get_into(t, pos, &scratch, &p, &n)))
			break;
		size_t bl = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
		if (dsr_buf_reserve(b, bl + 16)) {
			rc = -ENOMEM;
			break;
		}
		dsr_buf_puts(b, pos > 1 ? ",\n  \"" : "\n  \"");
		sodium_bin2base64((char *)b->data + b->len, bl, p, n,
				  sodium_base64_VARIANT_ORIGINAL);
		b->len += bl - 1;
		dsr_buf_putc(b, '"');
		rc = dsr__out_drain(o, false);
	}
	dsr_buf_free(&scratch);
	return rc;
}

/* ---- signed heads ---------------------------------------------------------
 * An importer's daemon stores a client's events only up to a signed head
 * of their origin (repl.h, dsr_raw_plan_make), and a request is at most a
 * frame: so the export carries heads at which the importer can cut each
 * origin's events into requests.  For our own origins we sign them now,
 * where a sync would cut our batches (DSR_REPL_BATCH_EVENTS or _BYTES, a
 * bigger event alone); for others we pass on what the origins signed: the
 * checkpoints we keep and the newest head. */

static int put_head(dsr_buf *b, int *n, const dsr_head *h)
{
	uint8_t enc[DSR_HEAD_LEN];
	char b64[sodium_base64_ENCODED_LEN(DSR_HEAD_LEN, sodium_base64_VARIANT_ORIGINAL)];
	dsr_head_encode(h, enc);
	sodium_bin2base64(b64, sizeof b64, enc, sizeof enc, sodium_base64_VARIANT_ORIGINAL);
	dsr_buf_puts(b, (*n)++ ? ",\n  \"" : "\n  \"");
	dsr_buf_puts(b, b64);
	return dsr_buf_putc(b, '"');
}

static int sign_at(dsr_rtxn *t, const uint8_t *origin, uint64_t seq, const uint8_t sk[64],
		   dsr_buf *b, int *n)
{
	dsr_head h;
	memcpy(h.origin, origin, DSR_ORIGIN_LEN);
	h.seq = seq;
	int rc = dsr_event_hash_at(t, origin, seq, h.hash);
	if (rc)
		return rc;
	dsr_head_sign(&h, sk);
	return put_head(b, n, &h);
}

/* Our own origin's events 1..e->seq, cut into runs. */
static int own_heads(dsr_rtxn *t, const dsr_vv_entry *e, const uint8_t sk[64], dsr_buf *b,
		     int *n)
{
	uint64_t count = 0;
	size_t bytes = 0;
	dsr_buf scratch = DSR_BUF_INIT;   /* a large event's pieces, one at a time */
	for (uint64_t seq = 1; seq <= e->seq; seq++) {
		uint64_t pos;
		const uint8_t *p;
		size_t len;
		int rc = dsr_log_find(t, e->origin, seq, &pos);
		if (!rc)
			rc = dsr_log_get_into(t, pos, &scratch, &p, &len);
		if (rc) {
			dsr_buf_free(&scratch);
			return rc;
		}
		if (count && (count == DSR_REPL_BATCH_EVENTS || bytes + len > DSR_REPL_BATCH_BYTES)) {
			if ((rc = sign_at(t, e->origin, seq - 1, sk, b, n))) {
				dsr_buf_free(&scratch);
				return rc;
			}
			count = 0;
			bytes = 0;
		}
		count++;
		bytes += len;
	}
	dsr_buf_free(&scratch);
	return sign_at(t, e->origin, e->seq, sk, b, n);
}

typedef struct hx {
	dsr_rtxn *t;
	dsr_buf *b;
	int n;
} hx;

static int origin_heads(void *ctx, const dsr_vv_entry *e)
{
	hx *x = ctx;
	/* A forked origin's events are neither accepted nor passed on
	 * (docs/replication.md): without heads, no importer takes them. */
	if (dsr_quarantined(x->t, e->origin, NULL, NULL))
		return 0;
	uint8_t sk[64];
	int rc = dsr_own_key(x->t, e->origin, sk);
	if (rc == 0) {
		rc = own_heads(x->t, e, sk, x->b, &x->n);
		sodium_memzero(sk, sizeof sk);
		return rc;
	}
	if (rc != DSR_ENOTFOUND)
		return rc;
	for (uint64_t from = 1;;) {
		dsr_head h;
		rc = dsr_checkpoint_find(x->t, e->origin, from, &h);
		if (rc)
			return rc == DSR_ENOTFOUND ? 0 : rc;
		put_head(x->b, &x->n, &h);
		from = h.seq + 1;
	}
}

int dsr__export_json(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	dsr_buf *b = &o->b;
	char when[40];
	dsr_iso_time(now_ms, when);
	dsr_buf_puts(b, "{\"schema\":\"dossier.export/1\",\"exported_at\":");
	jstr(b, when);
	dsr_buf_puts(b, ",\"exported_by\":");
	jhex(b, dsr_store_origin(t->s), DSR_ORIGIN_LEN);
	dsr__rows rows = { 0 };
	ex x = { t, o, b, 0, 0, dsr_why_cache_new(), &rows };
	if (!x.wc)
		return -ENOMEM;
	dsr_claim_filter cf = DSR_CLAIM_FILTER_ANY;
	/* every entry as stored, put out in date order (rows.c) */
	dsr_entry_filter ef = { NULL, NULL, NULL, NULL, true, true, true };
	int rc;
	dsr_buf_puts(b, ",\n\"articles\":[");
	rc = dsr_q_articles(t, NULL, NULL, on_article, &x);
	dsr_buf_puts(b, "],\n\"actors\":[");
	x.n = 0;
	if (!rc)
		rc = dsr_q_actors(t, 0, DSR_ALL_ARTICLES, NULL, NULL, on_actor, &x);
	dsr_buf_puts(b, "],\n\"claims\":[");
	x.n = 0;
	if (!rc)
		rc = dsr_q_claims(t, &cf, NULL, NULL, on_claim, &x);
	dsr_buf_puts(b, "],\n\"timeline\":[");
	x.n = 0;
	if (!rc)
		rc = dsr_q_timeline(t, &ef, NULL, NULL, on_entry, &x);
	if (!rc)
		rc = dsr__rows_put(&rows, ",", o);
	dsr__rows_free(&rows);
	dsr_buf_puts(b, "],\n\"indicators\":[");
	x.n = 0;
	if (!rc)
		rc = dsr_q_indicators(t, NULL, NULL, NULL, NULL, on_indicator, &x);
	dsr_buf_puts(b, "],\n\"conflicts\":[");
	x.n = 0;
	if (!rc)
		rc = dsr_q_conflicts(t, true, NULL, NULL, on_conflict, &x);
	dsr_buf_puts(b, "],\n\"heads\":[");
	hx h = { t, b, 0 };
	if (!rc)
		rc = dsr_vv_each(t, origin_heads, &h);
	dsr_buf_puts(b, "],\n\"events\":[");
	if (!rc)
		rc = events(t, o);
	dsr_buf_puts(b, "]}\n");
	dsr_why_cache_free(x.wc);
	return rc;
}
