/* stix_obj.c: the pieces of the STIX writer's objects (ids, common
 * properties, dossier's extension), the lookups its files share (actors by
 * name and key, propositions, attribution rows, reports' references) and
 * the events behind a fact (dsr_q_why): their times, quotes and analysts.
 * export/stix.h lists them. */
#include "export/stix.h"
#include "base/api.h"
#include "hlc.h"
#include "error.h"
#include "query/api.h"
#include "view/api.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "type--uuid" derived from (type, key): a name-based UUID (version 5
 * layout) so the schema's pattern holds and ids are stable. */
void dsr__stix_id(char out[80], const char *type, const void *key, size_t klen)
{
	char u[37];
	dsr__uuid(u, type, key, klen);   /* jsonw.c: the MISP export's too */
	snprintf(out, 80, "%s--%s", type, u);
}

/* An id derived from 16 bytes of id and a word ("grade", "targets"). */
void dsr__stix_id2(char out[80], const char *type, const uint8_t id[DSR_ID_LEN],
		     const char *word)
{
	uint8_t k[DSR_ID_LEN + 32];
	size_t wl = strlen(word);
	if (wl > 32)
		wl = 32;
	memcpy(k, id, DSR_ID_LEN);
	memcpy(k + DSR_ID_LEN, word, wl);
	dsr__stix_id(out, type, k, DSR_ID_LEN + wl);
}

void dsr__stix_str(dsr_buf *b, const char *s)
{
	dsr_buf_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

void dsr__stix_times_ms(times *t, uint64_t ms)
{
	if (!ms)
		return;
	if (!t->first || ms < t->first)
		t->first = ms;
	if (ms > t->last)
		t->last = ms;
}

void dsr__stix_times_join(times *t, times u)
{
	dsr__stix_times_ms(t, u.first);
	dsr__stix_times_ms(t, u.last);
}

int dsr__stix_grow(void **v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? 2 * *cap : first;
	void *nv = realloc(*v, nc * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = nc;
	return 0;
}

/* The common properties of an object: type, id, times from `t` (created
 * the first, modified the last), its creator (NULL: none) and its
 * marking. */
void dsr__stix_begin(stx *x, const char *type, const char *id, times t, const char *creator)
{
	dsr_buf *b = x->b;
	char c[40], m[40];
	dsr_iso_time(t.first, c);
	dsr_iso_time(t.last > t.first ? t.last : t.first, m);
	dsr_buf_puts(b, x->nobj++ ? ",\n  {" : "\n  {");
	dsr_buf_printf(b, "\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\","
		       "\"created\":\"%s\",\"modified\":\"%s\"", type, id, c, m);
	if (creator)
		dsr_buf_printf(b, ",\"created_by_ref\":\"%s\"", creator);
	if (*x->marking)
		dsr_buf_printf(b, ",\"object_marking_refs\":[\"%s\"]", x->marking);
}

/* Opens the object's dossier extension: `"extensions":{EXT:{...` */
void dsr__stix_ext_open(stx *x)
{
	dsr_buf_printf(x->b, ",\"extensions\":{\"%s\":{\"extension_type\":\"property-extension\"",
		       x->ext);
}

void dsr__stix_ext_close(stx *x)
{
	dsr_buf_puts(x->b, "}}");
}

/* ,"name":"value" when value is not empty. */
void dsr__stix_prop_str(dsr_buf *b, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	dsr_buf_printf(b, ",\"%s\":", name);
	dsr__stix_str(b, v);
}

void dsr__stix_prop_strs(dsr_buf *b, const char *name, char **v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i] || !*v[i])
			continue;
		dsr_buf_printf(b, k++ ? "," : ",\"%s\":[", name);
		dsr__stix_str(b, v[i]);
	}
	if (k)
		dsr_buf_putc(b, ']');
}

void dsr__stix_prop_hex(dsr_buf *b, const char *name, ProtobufCBinaryData id)
{
	if (id.len != DSR_ID_LEN)
		return;
	char h[2 * DSR_ID_LEN + 1];
	dsr_hex(id.data, DSR_ID_LEN, h);
	dsr_buf_printf(b, ",\"%s\":\"%s\"", name, h);
}

void dsr__stix_add_ref(stx *x, const uint8_t *article, const char *id, uint64_t ms)
{
	if (dsr__stix_grow((void **)&x->refs, &x->caprefs, x->nrefs, sizeof *x->refs, 1024)) {
		x->rc = -ENOMEM;
		return;
	}
	ref *r = &x->refs[x->nrefs];
	memcpy(r->article, article, DSR_ID_LEN);
	r->at = (uint32_t)x->ids.len;
	r->ms = ms;
	r->h = 14695981039346656037ull;
	for (const char *p = id; *p; p++)
		r->h = (r->h ^ (uint8_t)*p) * 1099511628211ull;
	if (dsr_buf_append(&x->ids, id, strlen(id) + 1)) {
		x->rc = -ENOMEM;
		return;
	}
	x->nrefs++;
}

/* By article, then by the hash of the object's id (the same object's
 * references side by side), then in the order they were made. */
int dsr__stix_ref_cmp(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = memcmp(x->article, y->article, DSR_ID_LEN);
	if (c)
		return c;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

static int actor_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const actor_ref *)elem)->key);
}

actor_ref *dsr__stix_actor_by_key(stx *x, const char *key)
{
	return key && *key ? bsearch(key, x->actors, x->nactors, sizeof *x->actors,
				     actor_key_cmp) : NULL;
}

/* The actor a name belongs to: looked up once per distinct name. */
actor_ref *dsr__stix_actor_of(stx *x, const char *name)
{
	size_t lo = 0, hi = x->nnames;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(x->names[mid], name);
		if (!c)
			return x->name_actor[mid] ? &x->actors[x->name_actor[mid] - 1] : NULL;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	dsr__keys mem = { DSR_BUF_INIT, 0 };
	char cl[DSR_NAME_KEY_MAX];
	actor_ref *r = NULL;
	if (dsr__actor_members(x->t, name, &mem, cl) == 0)
		r = dsr__stix_actor_by_key(x, cl);
	dsr_buf_free(&mem.b);
	/* remember it, keeping the names sorted */
	if (x->nnames == x->capnames) {
		size_t nc = x->capnames ? 2 * x->capnames : 256;
		char **nn = realloc(x->names, nc * sizeof *nn);
		if (nn)
			x->names = nn;
		uint32_t *na = nn ? realloc(x->name_actor, nc * sizeof *na) : NULL;
		if (na)
			x->name_actor = na;
		if (!nn || !na)
			return r;
		x->capnames = nc;
	}
	char *copy = strdup(name);
	if (!copy)
		return r;
	memmove(x->names + lo + 1, x->names + lo, (x->nnames - lo) * sizeof *x->names);
	memmove(x->name_actor + lo + 1, x->name_actor + lo,
		(x->nnames - lo) * sizeof *x->name_actor);
	x->names[lo] = copy;
	x->name_actor[lo] = r ? (uint32_t)(r - x->actors) + 1 : 0;
	x->nnames++;
	return r;
}

static int on_why(void *ctx, const Dpb__WhyItem *w)
{
	facts *f = ctx;
	uint64_t ms = DSR_HLC_MS(w->hlc);
	/* Edits that lost change nothing exported; an analyst's note is an
	 * object of its own, which changes nothing else. */
	if (!strcmp(w->act, "lost"))
		return 0;
	if (!strcmp(w->act, "note")) {
		if (!w->detail || !*w->detail || w->origin.len != 32 ||
		    dsr__stix_grow((void **)&f->notes, &f->capnotes, f->nnotes, sizeof *f->notes, 4))
			return 0;
		anote *n = &f->notes[f->nnotes];
		memcpy(n->key, w->origin.data, 32);
		dsr__put_be64(n->key + 32, w->seq);
		n->ms = ms;
		n->author = strdup(w->author ? w->author : "");
		n->text = strdup(w->detail);
		if (!n->author || !n->text) {
			free(n->author);
			free(n->text);
			return -ENOMEM;
		}
		f->nnotes++;
		return 0;
	}
	dsr__stix_times_ms(&f->t, ms);
	if (!strcmp(w->act, "judged") || !strcmp(w->act, "curated")) {
		if (ms > f->curated)
			f->curated = ms;
	} else if (!strcmp(w->act, "placed")) {
		f->placed = ms;
	} else if (!strcmp(w->act, "graded") && !f->grader) {
		f->grader = strdup(w->author);
		f->graded = ms;
	} else if (!strcmp(w->act, "assessed") && !f->assessor) {
		f->assessor = strdup(w->author);
		f->assessed = ms;
	} else if (!strcmp(w->act, "extracted") && !f->quote && w->quote && *w->quote) {
		f->quote = strdup(w->quote);
	}
	return 0;
}

void dsr__stix_facts_free(facts *f)
{
	for (size_t i = 0; i < f->nnotes; i++) {
		free(f->notes[i].author);
		free(f->notes[i].text);
	}
	free(f->notes);
	free(f->quote);
	free(f->grader);
	free(f->assessor);
}

/* The events behind `what` (an id in hex, or an actor's name). */
int dsr__stix_facts_of(stx *x, const char *what, facts *f)
{
	memset(f, 0, sizeof *f);
	int rc = dsr_q_why_cached(x->t, what, x->wc, on_why, f);
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

int dsr__stix_acts_of(stx *x, const char *name, facts *f)
{
	memset(f, 0, sizeof *f);
	int rc = dsr_q_why_acts(x->t, name, on_why, f);
	return rc == DSR_ENOTFOUND ? 0 : rc;
}

static int on_article_times(void *ctx, const Dpb__ArticleInfo *a)
{
	stx *x = ctx;
	if (a->id.len != DSR_ID_LEN)
		return 0;
	if (dsr__stix_grow((void **)&x->arts, &x->caparts, x->narts, sizeof *x->arts, 256))
		return -ENOMEM;
	facts f;
	dsr__stix_facts_of_id(x, a->id, &f);
	dsr__stix_facts_free(&f);
	art_time *r = &x->arts[x->narts++];
	memcpy(r->id, a->id.data, DSR_ID_LEN);
	r->t = f.t;
	return x->rc;
}

static int art_cmp(const void *a, const void *b)
{
	return memcmp(((const art_time *)a)->id, ((const art_time *)b)->id, DSR_ID_LEN);
}

int dsr__stix_articles_read(stx *x)
{
	int rc = dsr_q_articles(x->t, NULL, NULL, on_article_times, x);
	if (!rc && x->narts)
		qsort(x->arts, x->narts, sizeof *x->arts, art_cmp);
	return rc;
}

times dsr__stix_article_times(stx *x, const uint8_t id[DSR_ID_LEN])
{
	art_time k;
	memcpy(k.id, id, DSR_ID_LEN);
	const art_time *r = x->narts ? bsearch(&k, x->arts, x->narts, sizeof *x->arts, art_cmp)
			    : NULL;
	return r ? r->t : (times){ 0, 0 };
}

void dsr__stix_facts_of_id(stx *x, ProtobufCBinaryData id, facts *f)
{
	char h[2 * DSR_ID_LEN + 1];
	memset(f, 0, sizeof *f);
	if (id.len != DSR_ID_LEN)
		return;
	dsr_hex(id.data, DSR_ID_LEN, h);
	int rc = dsr__stix_facts_of(x, h, f);
	if (rc)
		x->rc = rc;
}

static const char *const kind_words[] = { "unspecified", "person", "organization",
	"government", "country", "group", "media", "other" };

const char *dsr__stix_kind_word(int k)
{
	return kind_words[k >= 0 && k <= 7 ? k : 7];
}

/* ---- propositions: looked up by id ---------------------------------- */

int dsr__stix_prop_cmp(const void *a, const void *b)
{
	return memcmp(((const prop_time *)a)->id, ((const prop_time *)b)->id, DSR_ID_LEN);
}

const prop_time *dsr__stix_prop_of(stx *x, ProtobufCBinaryData id)
{
	if (id.len != DSR_ID_LEN || !x->nprops)
		return NULL;
	prop_time k;
	memcpy(k.id, id.data, DSR_ID_LEN);
	return bsearch(&k, x->props, x->nprops, sizeof *x->props, dsr__stix_prop_cmp);
}


/* A relationship of the campaign (`a`: its attribution row) or of a
 * threat-actor (a NULL). */
void dsr__stix_relationship(stx *x, const char *id, const char *type, const char *from,
			 const char *to, times t, const Dpb__AttributionInfo *a, const char *desc)
{
	dsr_buf *b = x->b;
	dsr__stix_begin(x, "relationship", id, t, x->maker);
	dsr_buf_printf(b, ",\"relationship_type\":\"%s\",\"source_ref\":\"%s\","
		       "\"target_ref\":\"%s\"", type, from, to);
	if (a)
		dsr_buf_printf(b, ",\"confidence\":%u", a->confidence);
	dsr__stix_prop_str(b, "description", desc);
	if (a) {
		dsr__stix_ext_open(x);
		dsr__stix_prop_hex(b, "proposition", a->proposition);
		dsr__stix_prop_str(b, "likelihood", a->likelihood);
		dsr_buf_printf(b, ",\"weight_for\":%llu,\"weight_against\":%llu,\"claims\":%u",
			       (unsigned long long)a->weight_for,
			       (unsigned long long)a->weight_against, a->nclaims);
		const prop_time *p = dsr__stix_prop_of(x, a->proposition);
		if (p)
			dsr_buf_printf(b, ",\"assessed_claims\":%u", p->assessed);
		dsr__stix_ext_close(x);
	}
	dsr_buf_putc(b, '}');
}

int dsr__stix_row_cmp(const void *a, const void *b)
{
	return memcmp(((const row *)a)->prop, ((const row *)b)->prop, DSR_ID_LEN);
}

const row *dsr__stix_row_of(stx *x, ProtobufCBinaryData id)
{
	if (id.len != DSR_ID_LEN || !x->nrows)
		return NULL;
	row k;
	memcpy(k.prop, id.data, DSR_ID_LEN);
	return bsearch(&k, x->rows, x->nrows, sizeof *x->rows, dsr__stix_row_cmp);
}
