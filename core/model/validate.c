/* validate.c: structural and content-id checks on events (see validate.h). */
#include "validate.h"
#include "base/api.h"
#include "payload.h"
#include "error.h"
#include "name.h"
#include "utf8.h"

#include <string.h>

static bool str_ok(const char *s, size_t max)
{
	if (!s)
		return true;
	size_t n = strnlen(s, max + 1);
	return n <= max && dsr_utf8_valid((const uint8_t *)s, n);
}

static bool span_ok(const Dpb__Span *sp)
{
	return !sp || sp->start <= sp->end;
}

static bool id_ok(ProtobufCBinaryData b)
{
	return b.len == DSR_ID_LEN;
}

static bool article_ok(ProtobufCBinaryData b)
{
	return b.len == 0 || b.len == DSR_ID_LEN;
}

static bool kind_ok(int k)
{
	return k >= 0 && k <= DPB__ACTOR_KIND__KIND_OTHER;
}

static bool precision_ok(int p)
{
	return p >= 0 && p <= DPB__PRECISION__PRECISION_REF;
}

static bool names_ok(char **v, size_t n, size_t max_n)
{
	if (n > max_n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!str_ok(v[i], DSR_NAME_MAX))
			return false;
	return true;
}

static bool name_has_key(const char *name)
{
	char key[DSR_NAME_KEY_MAX];
	return name && dsr_name_key(name, strlen(name), key, sizeof key) > 0;
}

/* The id a span-anchored fact must have. */
static bool span_id_ok(const char *kind, const Dpb__Event *ev,
		       ProtobufCBinaryData id, ProtobufCBinaryData article,
		       const Dpb__Span *span)
{
	uint8_t want[DSR_ID_LEN];
	if (!id_ok(id))
		return false;
	if (article.len)
		dsr_span_fact_id(kind, article.data, span ? span->start : 0,
				 span ? span->end : 0, want);
	else
		dsr_event_fact_id(kind, ev->origin.data, ev->seq, want);
	return memcmp(want, id.data, DSR_ID_LEN) == 0;
}

bool dsr_lang_tag_ok(const char *s)
{
	if (!s || !*s)
		return true;
	/* BCP 47's shape: letters, digits and hyphens, a letter first */
	size_t n = strnlen(s, DSR_LANG_MAX + 1);
	if (n > DSR_LANG_MAX || !((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-') || (c == '-' && (i + 1 == n || s[i + 1] == '-')))
			return false;
	}
	return true;
}

static int valid_article(const Dpb__Event *ev)
{
	uint8_t want[DSR_ID_LEN];
	const Dpb__ArticleFiled *a = ev->article;
	if (!id_ok(a->id) || !str_ok(a->title, DSR_TEXT_MAX) ||
	    !str_ok(a->publisher, DSR_NAME_MAX) ||
	    !str_ok(a->url, DSR_TEXT_MAX) || !str_ok(a->published, 64) ||
	    !str_ok(a->extractor, DSR_NAME_MAX) || !str_ok(a->byline, DSR_NAME_MAX) ||
	    !dsr_lang_tag_ok(a->lang))
		return DSR_EINVAL;
	dsr_article_id(a->text.data, a->text.len, want);
	return memcmp(want, a->id.data, DSR_ID_LEN) ? DSR_EINVAL : 0;
}

static int valid_actor(const Dpb__Event *ev)
{
	uint8_t want[DSR_ID_LEN];
	const Dpb__ActorMentioned *m = ev->actor;
	if (!id_ok(m->id) || !article_ok(m->article) ||
	    !str_ok(m->name, DSR_NAME_MAX) || !name_has_key(m->name) ||
	    !kind_ok(m->kind) || !names_ok(m->aliases, m->n_aliases, 256))
		return DSR_EINVAL;
	for (size_t i = 0; i < m->n_mentions; i++)
		if (!span_ok(m->mentions[i]))
			return DSR_EINVAL;
	if (m->article.len)
		dsr_actor_fact_id(m->article.data, m->name, want);
	else
		dsr_event_fact_id("actor", ev->origin.data, ev->seq, want);
	return memcmp(want, m->id.data, DSR_ID_LEN) ? DSR_EINVAL : 0;
}

static int valid_names(const Dpb__Event *ev)
{
	const Dpb__NamesJudged *j = ev->names;
	if (!str_ok(j->a, DSR_NAME_MAX) || !str_ok(j->b, DSR_NAME_MAX) ||
	    !name_has_key(j->a) || !name_has_key(j->b) ||
	    j->verdict < 0 || j->verdict > DPB__VERDICT__VERDICT_DISTINCT ||
	    !str_ok(j->note, DSR_TEXT_MAX))
		return DSR_EINVAL;
	return 0;
}

static int valid_claim(const Dpb__Event *ev)
{
	const Dpb__ClaimRecorded *c = ev->claim;
	if (!article_ok(c->article) || !str_ok(c->source, DSR_NAME_MAX) ||
	    !str_ok(c->cue, DSR_NAME_MAX) ||
	    !str_ok(c->content, DSR_TEXT_MAX) ||
	    c->stance < 0 || c->stance > DPB__STANCE__STANCE_DENIES ||
	    !names_ok(c->about, c->n_about, 256) || !span_ok(c->span) ||
	    !span_ok(c->source_span) || !span_ok(c->cue_span) ||
	    !span_ok(c->content_span) || !kind_ok(c->source_kind) ||
	    !str_ok(c->responsible, DSR_NAME_MAX) || !str_ok(c->act, DSR_TEXT_MAX) ||
	    !str_ok(c->act_class, DSR_NAME_MAX) || !str_ok(c->target, DSR_NAME_MAX) ||
	    !span_ok(c->act_span) ||
	    (c->responsible && *c->responsible && !name_has_key(c->responsible)) ||
	    (c->target && *c->target && !name_has_key(c->target)))
		return DSR_EINVAL;
	return span_id_ok("claim", ev, c->id, c->article, c->span) ? 0 : DSR_EINVAL;
}

static int valid_assessed(const Dpb__Event *ev)
{
	const Dpb__ClaimAssessed *a = ev->assessed;
	if (!id_ok(a->claim) || a->status < 0 ||
	    a->status > DPB__CLAIM_STATUS__STATUS_RETRACTED ||
	    a->credibility > 6 || !str_ok(a->note, DSR_TEXT_MAX) ||
	    a->place < 0 || a->place > DPB__PLACEMENT__PLACE_WITH)
		return DSR_EINVAL;
	/* with a claim, and only with another one */
	if ((a->place == DPB__PLACEMENT__PLACE_WITH) != (a->with.len != 0) ||
	    (a->with.len && (!id_ok(a->with) ||
			     !memcmp(a->with.data, a->claim.data, DSR_ID_LEN))))
		return DSR_EINVAL;
	if (a->reliability && a->reliability[0] &&
	    (a->reliability[1] || a->reliability[0] < 'A' || a->reliability[0] > 'F'))
		return DSR_EINVAL;
	return 0;
}

static int valid_entry(const Dpb__Event *ev)
{
	const Dpb__EntryRecorded *e = ev->entry;
	if (!article_ok(e->article) || !str_ok(e->date, 64) ||
	    !e->date || !e->date[0] || !precision_ok(e->precision) ||
	    !str_ok(e->text, DSR_TEXT_MAX) ||
	    !names_ok(e->actors, e->n_actors, 256) || !span_ok(e->span) ||
	    !span_ok(e->time_span) || e->status < DPB__EVENT_STATUS__EVENT_HAPPENED ||
	    e->status > DPB__EVENT_STATUS__EVENT_CANCELLED)
		return DSR_EINVAL;
	return span_id_ok("entry", ev, e->id, e->article, e->span) ? 0 : DSR_EINVAL;
}

/* The kinds of indicator (extract.h, struct dsr_x_indicator). */
static bool indicator_type_ok(const char *t)
{
	static const char *const types[] = { "ipv4", "ipv6", "domain", "url", "email", "md5",
		"sha1", "sha256", "sha512", "cve", "attack-technique", "btc" };
	for (size_t i = 0; t && i < sizeof types / sizeof *types; i++)
		if (!strcmp(t, types[i]))
			return true;
	return false;
}

static int valid_indicator(const Dpb__Event *ev)
{
	const Dpb__IndicatorSeen *d = ev->indicator;
	if (!article_ok(d->article) || d->article.len != DSR_ID_LEN ||
	    !indicator_type_ok(d->type) || !str_ok(d->value, DSR_INDICATOR_MAX) ||
	    !d->value || !d->value[0] || !d->span || !span_ok(d->span))
		return DSR_EINVAL;
	return span_id_ok("indicator", ev, d->id, d->article, d->span) ? 0 : DSR_EINVAL;
}

static int valid_amended(const Dpb__Event *ev)
{
	const Dpb__EntryAmended *a = ev->amended;
	if (!id_ok(a->entry) || !str_ok(a->date, 64) ||
	    !precision_ok(a->precision) || !str_ok(a->note, DSR_TEXT_MAX) ||
	    (a->removed && a->restored))
		return DSR_EINVAL;
	return 0;
}

static int valid_note(const Dpb__Event *ev)
{
	const Dpb__NoteAdded *n = ev->note;
	if (n->target_kind < DPB__TARGET_KIND__TARGET_ACTOR ||
	    n->target_kind > DPB__TARGET_KIND__TARGET_ARTICLE ||
	    !str_ok(n->target_name, DSR_NAME_MAX) ||
	    !str_ok(n->text, DSR_TEXT_MAX))
		return DSR_EINVAL;
	if (n->target_kind == DPB__TARGET_KIND__TARGET_ACTOR
		    ? !name_has_key(n->target_name) : !id_ok(n->target_id))
		return DSR_EINVAL;
	return 0;
}

static int valid_curated(const Dpb__Event *ev)
{
	const Dpb__ActorCurated *c = ev->curated;
	if (!str_ok(c->name, DSR_NAME_MAX) || !name_has_key(c->name) ||
	    !str_ok(c->preferred_name, DSR_NAME_MAX) || !kind_ok(c->kind))
		return DSR_EINVAL;
	return 0;
}

/* The most entries one correction dates again (an article's entries are
 * far fewer: one per dated clause). */
#define DATES_MAX 100000

static int valid_article_curated(const Dpb__Event *ev)
{
	const Dpb__ArticleCurated *c = ev->article_curated;
	bool meta = (c->title && *c->title) || (c->publisher && *c->publisher) ||
		    (c->url && *c->url) || (c->published && *c->published);
	if (!id_ok(c->article) || !str_ok(c->title, DSR_TEXT_MAX) ||
	    !str_ok(c->publisher, DSR_NAME_MAX) || !str_ok(c->url, DSR_TEXT_MAX) ||
	    !str_ok(c->published, 64) || !str_ok(c->note, DSR_TEXT_MAX) ||
	    (c->withdrawn && c->restored) || (!meta && !c->withdrawn && !c->restored) ||
	    c->n_dates > DATES_MAX || (c->n_dates && !(c->published && *c->published)))
		return DSR_EINVAL;
	int y, m, d;
	if (c->published && *c->published && !dsr__parse_date(c->published, &y, &m, &d))
		return DSR_EINVAL;
	/* the entries it dates are the article's: their ids begin with its */
	for (size_t i = 0; i < c->n_dates; i++) {
		const Dpb__EntryDate *e = c->dates[i];
		if (!id_ok(e->entry) || memcmp(e->entry.data, c->article.data, DSR_ID_LEN / 2) ||
		    !e->date || !*e->date || !str_ok(e->date, 64) || !precision_ok(e->precision))
			return DSR_EINVAL;
	}
	return 0;
}

static int check_payload(const Dpb__Event *ev)
{
	switch (ev->payload_case) {
#define XX(CASE, field, factid) \
	case DPB__EVENT__PAYLOAD_##CASE: return valid_##field(ev);
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	return DSR_EPAYLOAD;
}

int dsr_event_validate(const Dpb__Event *ev)
{
	if (ev->format > DSR_FORMAT_VERSION)
		return DSR_EFORMAT;
	if (ev->format == 0 || ev->origin.len != DSR_ORIGIN_LEN || ev->seq == 0 ||
	    (ev->seq == 1 ? ev->prev.len != 0 : ev->prev.len != DSR_HASH_LEN) ||
	    !str_ok(ev->author, DSR_AUTHOR_MAX))
		return DSR_EINVAL;
	return check_payload(ev);
}

int dsr_event_decode_with(const uint8_t *p, size_t n, ProtobufCAllocator *pa,
			  Dpb__Event **out)
{
	Dpb__Event *ev = dpb__event__unpack(pa, n, p);
	if (!ev)
		return DSR_EDECODE;
	int rc = dsr_event_validate(ev);
	if (rc) {
		dpb__event__free_unpacked(ev, pa);
		return rc;
	}
	*out = ev;
	return 0;
}

int dsr_event_decode(const uint8_t *p, size_t n, Dpb__Event **out)
{
	return dsr_event_decode_with(p, n, NULL, out);
}

const char *dsr_payload_name(int c)
{
	switch ((Dpb__Event__PayloadCase)c) {
#define XX(CASE, field, factid) \
	case DPB__EVENT__PAYLOAD_##CASE: return #field;
	DSR_PAYLOADS(XX)
#undef XX
	DSR_PAYLOAD_NO_CASES:
		break;
	}
	return "unknown";
}
