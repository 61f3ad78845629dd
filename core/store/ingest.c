/* ingest.c: an article and its extraction become one group of events (see
 * ingest.h).  Every field is copied into malloc'd memory so each event can
 * be released with protobuf-c's free_unpacked. */
#include "ingest.h"
#include "base/api.h"
#include "error.h"
#include "name.h"
#include "utf8.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Copies p[0..n) as a valid UTF-8 C string of at most max bytes: bytes
 * that are not part of a well-formed sequence become '?', and a cut never
 * splits a character. */
static char *dup_utf8(const uint8_t *p, size_t n, size_t max)
{
	char *s = malloc((n < max ? n : max) + 1);
	if (!s)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t l = p[i] ? dsr_utf8_valid_prefix(p + i, n - i) : 0;
		if (l == 0) {
			if (o + 1 > max)
				break;
			s[o++] = '?';
			i++;
			continue;
		}
		if (o + l > max)
			break;
		memcpy(s + o, p + i, l);
		o += l;
		i += l;
	}
	s[o] = 0;
	return s;
}

static char *dup_str(const char *s, size_t max)
{
	return dup_utf8((const uint8_t *)(s ? s : ""), s ? strlen(s) : 0, max);
}

static char *dup_span(const uint8_t *text, size_t len, dsr_span sp, size_t max)
{
	if (sp.start > sp.end || sp.end > len)
		return dup_str("", max);
	return dup_utf8(text + sp.start, sp.end - sp.start, max);
}

static Dpb__Span *new_span(dsr_span sp)
{
	Dpb__Span *s = malloc(sizeof *s);
	if (s) {
		dpb__span__init(s);
		s->start = sp.start;
		s->end = sp.end;
	}
	return s;
}

static bool has_key(const char *name)
{
	char key[DSR_NAME_KEY_MAX];
	return name && dsr_name_key(name, strlen(name), key, sizeof key) > 0;
}

/* Copies names that have an identity key, skipping repeats. */
static char **dup_names(char *const *v, size_t n, size_t *out_n)
{
	char **o = calloc(n + 1, sizeof *o);
	*out_n = 0;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!has_key(v[i]))
			continue;
		bool seen = false;
		for (size_t j = 0; j < *out_n && !seen; j++)
			seen = strcmp(o[j], v[i]) == 0;
		if (seen)
			continue;
		if (!(o[*out_n] = dup_str(v[i], DSR_NAME_MAX)))
			break;
		(*out_n)++;
	}
	return o;
}

static int push(dsr_ingest *in, Dpb__Event *ev, size_t cap)
{
	if (in->nevents >= cap) {
		dpb__event__free_unpacked(ev, NULL);
		return -ENOMEM;
	}
	in->events[in->nevents++] = ev;
	return 0;
}

/* A new event (in *ev) and its payload of `size` bytes, returned for the
 * caller to initialise and hang on the event; both or neither (NULL). */
static void *new_event(size_t size, Dpb__Event **ev)
{
	*ev = malloc(sizeof **ev);
	void *payload = *ev ? malloc(size) : NULL;
	if (!payload) {
		free(*ev);
		return NULL;
	}
	dpb__event__init(*ev);
	return payload;
}

/* Queues ev when everything it holds was allocated (ok); else frees it. */
static int push_if(dsr_ingest *in, Dpb__Event *ev, bool ok, size_t cap)
{
	if (ok)
		return push(in, ev, cap);
	dpb__event__free_unpacked(ev, NULL);
	return -ENOMEM;
}

static int add_article(dsr_ingest *in, const uint8_t *text, size_t len,
		       const struct dsr_extract_meta *m, size_t cap)
{
	Dpb__Event *ev;
	Dpb__ArticleFiled *a = new_event(sizeof *a, &ev);
	if (!a)
		return -ENOMEM;
	dpb__article_filed__init(a);
	ev->payload_case = DPB__EVENT__PAYLOAD_ARTICLE;
	ev->article = a;
	a->id.data = malloc(DSR_ID_LEN);
	a->text.data = malloc(len ? len : 1);
	a->title = dup_str(m ? m->title : NULL, DSR_TEXT_MAX);
	a->publisher = dup_str(m ? m->publisher : NULL, DSR_NAME_MAX);
	a->url = dup_str(m ? m->url : NULL, DSR_TEXT_MAX);
	/* the date given, or the one the article's first lines give when none
	 * was (or none understood): relative dates were resolved against it */
	const dsr_extraction *x = in->x;
	bool dateline = x && x->published_from && !strcmp(x->published_from, "dateline");
	a->published = dup_str(dateline ? x->published : m ? m->published : NULL, 64);
	a->extractor = dup_str(DSR_EXTRACTOR_NAME, DSR_NAME_MAX);
	a->byline = dup_str(m ? m->byline : NULL, DSR_NAME_MAX);
	a->lang = dup_str(m && dsr_lang_tag_ok(m->lang) ? m->lang : NULL, DSR_LANG_MAX);
	bool ok = a->id.data && a->text.data && a->title && a->publisher && a->url &&
		  a->published && a->extractor && a->byline && a->lang;
	if (ok) {
		memcpy(a->id.data, in->article_id, DSR_ID_LEN);
		a->id.len = DSR_ID_LEN;
		memcpy(a->text.data, text, len);
		a->text.len = len;
	}
	return push_if(in, ev, ok, cap);
}

static ProtobufCBinaryData article_ref(const dsr_ingest *in)
{
	ProtobufCBinaryData d = { DSR_ID_LEN, malloc(DSR_ID_LEN) };
	if (d.data)
		memcpy(d.data, in->article_id, DSR_ID_LEN);
	else
		d.len = 0;
	return d;
}

/* Actors whose names share an identity key would share a fact id: they
 * are filed as one mention event, with every alias and mention. */
static int add_actors(dsr_ingest *in, const dsr_extraction *x, size_t cap)
{
	char ki[DSR_NAME_KEY_MAX], kj[DSR_NAME_KEY_MAX];
	bool *done = calloc(x->nactors + 1, sizeof *done);
	if (!done)
		return -ENOMEM;
	int rc = 0;
	for (size_t i = 0; !rc && i < x->nactors; i++) {
		const struct dsr_x_actor *a = &x->actors[i];
		if (done[i] || !has_key(a->name))
			continue;
		dsr_name_key(a->name, strlen(a->name), ki, sizeof ki);
		size_t nal = a->naliases, nsp = a->nmentions;
		for (size_t j = i + 1; j < x->nactors; j++) {
			dsr_name_key(x->actors[j].name, strlen(x->actors[j].name), kj, sizeof kj);
			if (!strcmp(ki, kj)) {
				nal += 1 + x->actors[j].naliases;
				nsp += x->actors[j].nmentions;
			}
		}
		char **al = malloc((nal + 1) * sizeof *al);
		size_t n_al = 0, n_sp = 0;
		Dpb__Span **sp = malloc((nsp + 1) * sizeof *sp);
		Dpb__Event *ev;
		Dpb__ActorMentioned *m = al && sp ? new_event(sizeof *m, &ev) : NULL;
		if (!m) {
			free(al);
			free(sp);
			rc = -ENOMEM;
			break;
		}
		for (size_t j = i; j < x->nactors; j++) {
			const struct dsr_x_actor *b = &x->actors[j];
			if (j > i) {
				dsr_name_key(b->name, strlen(b->name), kj, sizeof kj);
				if (strcmp(ki, kj))
					continue;
				done[j] = true;
				al[n_al++] = b->name;
			}
			for (size_t k = 0; k < b->naliases; k++)
				al[n_al++] = b->aliases[k];
			for (size_t k = 0; k < b->nmentions; k++)
				if (b->mentions[k].start <= b->mentions[k].end &&
				    b->mentions[k].end <= in->x_len)
					sp[n_sp++] = new_span(b->mentions[k]);
		}
		dpb__actor_mentioned__init(m);
		ev->payload_case = DPB__EVENT__PAYLOAD_ACTOR;
		ev->actor = m;
		m->article = article_ref(in);
		m->name = dup_str(a->name, DSR_NAME_MAX);
		m->kind = a->kind >= 0 && a->kind <= DPB__ACTOR_KIND__KIND_OTHER
				  ? (Dpb__ActorKind)a->kind : DPB__ACTOR_KIND__KIND_OTHER;
		m->aliases = dup_names(al, n_al, &m->n_aliases);
		free(al);
		m->mentions = sp;
		m->n_mentions = n_sp;
		bool ok = m->name && m->aliases && m->article.data;
		for (size_t k = 0; k < n_sp; k++)
			ok = ok && sp[k];
		rc = push_if(in, ev, ok, cap);
	}
	free(done);
	return rc;
}

/* Claims and entries are named by their span, so each span is filed
 * once: true (and the span's hash remembered) for a valid span not yet
 * taken, false for one outside the text or already taken.  A set, not a
 * list searched each time: a 16 MiB article has tens of thousands of
 * claims. */
static bool take_span(struct dsr__hset *seen, dsr_span sp, size_t len, int *rc)
{
	if (sp.start > sp.end || sp.end > len)
		return false;
	uint32_t k[2] = { sp.start, sp.end };
	size_t before = seen->n;
	*rc = dsr__hset_add(seen, dsr__hash(k, sizeof k));
	return *rc == 0 && seen->n > before;
}

static int add_claims(dsr_ingest *in, const uint8_t *text, size_t len,
		      const dsr_extraction *x, size_t cap)
{
	struct dsr__hset seen;
	int rc = dsr__hset_init(&seen, x->nclaims);
	for (size_t i = 0; !rc && i < x->nclaims; i++) {
		const struct dsr_x_claim *c = &x->claims[i];
		if (!take_span(&seen, c->span, len, &rc))
			continue;
		Dpb__Event *ev;
		Dpb__ClaimRecorded *r = new_event(sizeof *r, &ev);
		if (!r) {
			rc = -ENOMEM;
			break;
		}
		dpb__claim_recorded__init(r);
		ev->payload_case = DPB__EVENT__PAYLOAD_CLAIM;
		ev->claim = r;
		r->article = article_ref(in);
		r->source = dup_str(c->source && has_key(c->source) ? c->source : "", DSR_NAME_MAX);
		r->cue = dup_span(text, len, c->cue_span, DSR_NAME_MAX);
		r->content = dup_span(text, len, c->content_span, DSR_TEXT_MAX);
		r->stance = c->stance ? DPB__STANCE__STANCE_DENIES : DPB__STANCE__STANCE_ASSERTS;
		r->hedged = c->hedged;
		r->about = dup_names(c->about, c->nabout, &r->n_about);
		r->span = new_span(c->span);
		r->source_span = new_span(c->source_span);
		r->cue_span = new_span(c->cue_span);
		r->content_span = new_span(c->content_span);
		r->source_kind = (Dpb__ActorKind)c->source_kind;
		bool frame = c->responsible && has_key(c->responsible) && c->act && c->act_class;
		r->responsible = dup_str(frame ? c->responsible : "", DSR_NAME_MAX);
		r->act = dup_str(frame ? c->act : "", DSR_TEXT_MAX);
		r->act_class = dup_str(frame ? c->act_class : "", DSR_NAME_MAX);
		r->target = dup_str(frame && c->target && has_key(c->target) ? c->target : "",
				    DSR_NAME_MAX);
		r->act_span = frame ? new_span(c->act_span) : NULL;
		rc = push_if(in, ev, r->article.data && r->source && r->cue && r->content &&
				     r->about && r->span && r->source_span && r->cue_span &&
				     r->content_span && r->responsible && r->act &&
				     r->act_class && r->target && (!frame || r->act_span), cap);
	}
	dsr__hset_free(&seen);
	return rc;
}

static int add_entries(dsr_ingest *in, const uint8_t *text, size_t len,
		       const dsr_extraction *x, size_t cap)
{
	struct dsr__hset seen;
	int rc = dsr__hset_init(&seen, x->nevents);
	for (size_t i = 0; !rc && i < x->nevents; i++) {
		const struct dsr_x_event *e = &x->events[i];
		if (!e->date || !*e->date || strlen(e->date) > 64 ||
		    !take_span(&seen, e->span, len, &rc))
			continue;
		Dpb__Event *ev;
		Dpb__EntryRecorded *r = new_event(sizeof *r, &ev);
		if (!r) {
			rc = -ENOMEM;
			break;
		}
		dpb__entry_recorded__init(r);
		ev->payload_case = DPB__EVENT__PAYLOAD_ENTRY;
		ev->entry = r;
		r->article = article_ref(in);
		r->date = dup_str(e->date, 64);
		r->precision = e->precision >= 0 && e->precision <= DPB__PRECISION__PRECISION_REF
				       ? (Dpb__Precision)e->precision : DPB__PRECISION__PRECISION_UNSPECIFIED;
		r->text = dup_span(text, len, e->span, DSR_TEXT_MAX);
		r->actors = dup_names(e->actors, e->nactors, &r->n_actors);
		r->span = new_span(e->span);
		dsr_span ts = { 0, 0 };
		if (e->time >= 0 && (size_t)e->time < x->ntimes)
			ts = x->times[e->time].span;
		r->time_span = new_span(ts);
		r->status = e->status >= DPB__EVENT_STATUS__EVENT_HAPPENED &&
					    e->status <= DPB__EVENT_STATUS__EVENT_CANCELLED
				    ? (Dpb__EventStatus)e->status : DPB__EVENT_STATUS__EVENT_HAPPENED;
		rc = push_if(in, ev, r->article.data && r->date && r->text && r->actors &&
				     r->span && r->time_span, cap);
	}
	dsr__hset_free(&seen);
	return rc;
}

/* Indicators of compromise: spans are distinct (the extractor's never
 * overlap); a value too long to store whole is left out, not cut. */
static int add_indicators(dsr_ingest *in, size_t len, const dsr_extraction *x, size_t cap)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < x->nindicators; i++) {
		const struct dsr_x_indicator *d = &x->indicators[i];
		if (d->span.start >= d->span.end || d->span.end > len ||
		    strlen(d->value) > DSR_INDICATOR_MAX)
			continue;
		Dpb__Event *ev;
		Dpb__IndicatorSeen *r = new_event(sizeof *r, &ev);
		if (!r) {
			rc = -ENOMEM;
			break;
		}
		dpb__indicator_seen__init(r);
		ev->payload_case = DPB__EVENT__PAYLOAD_INDICATOR;
		ev->indicator = r;
		r->article = article_ref(in);
		r->type = dup_str(d->type, 32);
		r->value = dup_str(d->value, DSR_INDICATOR_MAX);
		r->span = new_span(d->span);
		rc = push_if(in, ev, r->article.data && r->type && r->value && r->span, cap);
	}
	return rc;
}

/* Text an article may hold: UTF-8, and no control characters but tab,
 * line feed and carriage return (so no NUL, no binary). */
static int check_text(const uint8_t *p, size_t n)
{
	if (n > DSR_ARTICLE_MAX)
		return DSR_ETOOBIG;
	for (size_t i = 0; i < n;) {
		uint8_t c = p[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return DSR_EUTF8;
		if (c == 0x7f)
			return DSR_EUTF8;
		size_t l = dsr_utf8_valid_prefix(p + i, n - i);
		if (l == 0)
			return DSR_EUTF8;
		i += l;
	}
	return 0;
}

int dsr_ingest_build(const uint8_t *text, size_t len,
		     const struct dsr_extract_meta *meta, dsr_ingest **out)
{
	int rc = check_text(text, len);
	if (rc)
		return rc;
	dsr_ingest *in = calloc(1, sizeof *in);
	if (!in)
		return -ENOMEM;
	in->x_len = len;
	dsr_article_id(text, len, in->article_id);
	if ((rc = dsr_extract(text, len, meta, &in->x)))
		goto fail;
	dsr_extraction *x = in->x;
	size_t cap = 1 + x->nactors + x->nclaims + x->nevents + x->nindicators;
	in->events = calloc(cap, sizeof *in->events);
	if (!in->events) {
		rc = -ENOMEM;
		goto fail;
	}
	if ((rc = add_article(in, text, len, meta, cap)) ||
	    (rc = add_actors(in, x, cap)) ||
	    (rc = add_claims(in, text, len, x, cap)) ||
	    (rc = add_entries(in, text, len, x, cap)) ||
	    (rc = add_indicators(in, len, x, cap)))
		goto fail;
	*out = in;
	return 0;
fail:
	dsr_ingest_free(in);
	return rc;
}

void dsr_ingest_free(dsr_ingest *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nevents; i++)
		dpb__event__free_unpacked(in->events[i], NULL);
	free(in->events);
	dsr_extraction_free(in->x);
	free(in);
}

void dsr_ingest_ops(const dsr_ingest *in, dsr_op *ops, uint32_t group,
		    const char *author)
{
	for (size_t i = 0; i < in->nevents; i++) {
		memset(&ops[i], 0, sizeof ops[i]);
		ops[i].type = DSR_OP_LOCAL;
		ops[i].group = group;
		ops[i].event = in->events[i];
		ops[i].author = author;
	}
}

bool dsr_ingest_known(dsr_rtxn *t, const uint8_t id[DSR_ID_LEN])
{
	return dsr_q_article_exists(t, id);
}
