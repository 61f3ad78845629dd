/* stix_claims.c: the claims in the STIX bundle.  A first pass gathers the
 * times, claim counts and support of every proposition; the second writes
 * each claim as a note (its quote, who says it with what cue, stance and
 * hedging, its proposition's figures) and each analyst's grade or status
 * as an opinion and each analyst's note as a note, created by the
 * analyst's identity, and gathers what each report refers to.  Last come the analysts' identities.  docs/export.md
 * has the mapping. */
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

/* ---- propositions: the times behind them ---------------------------- */

/* The actors whose clusters a claim points at: its source and what it is
 * about; a judgement on them changes the claim's references and its
 * proposition's independent sources. */
static uint64_t claim_actors_curated(stx *x, const Dpb__ClaimInfo *c)
{
	uint64_t ms = 0;
	const actor_ref *r = c->source && *c->source ? dsr__stix_actor_of(x, c->source) : NULL;
	if (r && r->curated > ms)
		ms = r->curated;
	for (size_t i = 0; i < c->n_about; i++) {
		r = dsr__stix_actor_of(x, c->about[i]);
		if (r && r->curated > ms)
			ms = r->curated;
	}
	return ms;
}

/* First pass over the claims: each proposition's times, from every event
 * behind its claims (a grade of one changes the confidence of all). */
int dsr__stix_claim_times(void *ctx, const Dpb__ClaimInfo *c)
{
	stx *x = ctx;
	if (c->proposition.len != DSR_ID_LEN)
		return 0;
	facts f;
	dsr__stix_facts_of_id(x, c->id, &f);
	dsr__stix_times_ms(&f.t, claim_actors_curated(x, c));
	dsr__stix_facts_free(&f);
	if (dsr__stix_grow((void **)&x->props, &x->capprops, x->nprops, sizeof *x->props, 256))
		return -ENOMEM;
	prop_time *p = &x->props[x->nprops++];
	memcpy(p->id, c->proposition.data, DSR_ID_LEN);
	p->t = f.t;
	p->nclaims = 1;
	p->assessed = c->credibility || (c->reliability && *c->reliability) ||
		      c->status != DPB__CLAIM_STATUS__STATUS_NONE;
	return x->rc;
}

/* Sorts the propositions and folds each one's claims into one entry. */
void dsr__stix_props_fold(stx *x)
{
	if (!x->nprops)
		return;
	qsort(x->props, x->nprops, sizeof *x->props, dsr__stix_prop_cmp);
	size_t n = 0;
	for (size_t i = 0; i < x->nprops; i++) {
		if (n && !memcmp(x->props[n - 1].id, x->props[i].id, DSR_ID_LEN)) {
			dsr__stix_times_join(&x->props[n - 1].t, x->props[i].t);
			x->props[n - 1].nclaims++;
			x->props[n - 1].assessed += x->props[i].assessed;
		} else {
			x->props[n++] = x->props[i];
		}
	}
	x->nprops = n;
}

static int on_prop_reasoning(void *ctx, const Dpb__Reasoning *r)
{
	prop_time *p = ctx;
	p->weight_for = r->weight_for;
	p->weight_against = r->weight_against;
	return 0;
}

/* Each proposition's support, read once per proposition. */
int dsr__stix_props_weigh(stx *x)
{
	for (size_t i = 0; i < x->nprops; i++) {
		int rc = dsr_q_reasoning(x->t, x->props[i].id, on_prop_reasoning, &x->props[i]);
		if (rc && rc != DSR_ENOTFOUND)
			return rc;
	}
	return 0;
}

/* A proposition's support and claims, if known: what its events change
 * (a reprint changes no other figure). */
static void prop_weights(dsr_buf *b, const prop_time *p)
{
	if (p)
		dsr_buf_printf(b, ",\"weight_for\":%llu,\"weight_against\":%llu,"
			       "\"proposition_claims\":%u,\"assessed_claims\":%u",
			       (unsigned long long)p->weight_for,
			       (unsigned long long)p->weight_against, p->nclaims, p->assessed);
}

/* ---- claims: notes and opinions -------------------------------------- */

static void analyst_id(char out[80], const char *name)
{
	char k[300];
	snprintf(k, sizeof k, "analyst/%s", name);
	dsr__stix_id(out, "identity", k, strlen(k));
}

static void analyst_saw(stx *x, const char *name, uint64_t ms)
{
	size_t lo = 0, hi = x->nanalysts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(x->analysts[mid].name, name);
		if (!c) {
			if (ms < x->analysts[mid].first)
				x->analysts[mid].first = ms;
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	char *copy = strdup(name);
	if (!copy || dsr__stix_grow((void **)&x->analysts, &x->capanalysts, x->nanalysts,
			  sizeof *x->analysts, 8)) {
		free(copy);
		x->rc = -ENOMEM;
		return;
	}
	memmove(x->analysts + lo + 1, x->analysts + lo, (x->nanalysts - lo) * sizeof *x->analysts);
	x->analysts[lo] = (analyst){ copy, ms };
	x->nanalysts++;
}

void dsr__stix_analyst_notes(stx *x, const facts *f, const char *id)
{
	dsr_buf *b = x->b;
	for (size_t i = 0; i < f->nnotes; i++) {
		const anote *n = &f->notes[i];
		const char *who = *n->author ? n->author : "unknown";
		char nid[80], aid[80];
		dsr__stix_id(nid, "note", n->key, sizeof n->key);
		analyst_id(aid, who);
		analyst_saw(x, who, n->ms);
		dsr__stix_begin(x, "note", nid, (times){ n->ms, n->ms }, aid);
		dsr_buf_puts(b, ",\"abstract\":");
		char abs[300];
		snprintf(abs, sizeof abs, "%s's note", who);
		dsr__stix_str(b, abs);
		dsr_buf_puts(b, ",\"content\":");
		dsr__stix_str(b, n->text);
		dsr_buf_puts(b, ",\"authors\":[");
		dsr__stix_str(b, who);
		dsr_buf_printf(b, "],\"object_refs\":[\"%s\"]}", id);
	}
}

/* An analyst's opinion of a claim: its grade (credibility on the
 * Admiralty scale) or its status (confirmed, disputed, retracted). */
static void opinion(stx *x, const Dpb__ClaimInfo *c, const char *note, const char *word,
		    const char *who, uint64_t ms)
{
	dsr_buf *b = x->b;
	static const char *const by_cred[] = { "neutral", "strongly-agree", "agree", "neutral",
		"disagree", "strongly-disagree", "neutral" };
	static const char *const cred_words[] = { "", "confirmed by other sources",
		"probably true", "possibly true", "doubtful", "improbable", "truth cannot be judged" };
	static const char *const rel_words[] = { "completely reliable", "usually reliable",
		"fairly reliable", "not usually reliable", "unreliable",
		"reliability cannot be judged" };
	static const char *const by_status[] = { "neutral", "strongly-agree", "disagree",
		"strongly-disagree" };
	static const char *const status_words[] = { "none", "confirmed", "disputed", "retracted" };
	bool grade = !strcmp(word, "grade");
	unsigned cred = c->credibility <= 6 ? c->credibility : 0;
	unsigned st = c->status >= 0 && c->status <= 3 ? (unsigned)c->status : 0;
	char id[80], aid[80];
	dsr__stix_id2(id, "opinion", c->id.data, word);
	analyst_id(aid, who && *who ? who : "unknown");
	analyst_saw(x, who && *who ? who : "unknown", ms);
	dsr__stix_begin(x, "opinion", id, (times){ ms, ms }, aid);
	dsr_buf text = DSR_BUF_INIT;
	if (grade) {
		int r = c->reliability && *c->reliability >= 'A' && *c->reliability <= 'F'
			? *c->reliability - 'A' : 5;
		dsr_buf_printf(&text, "Graded %s%u: source %s, information %s.", c->reliability,
			       c->credibility, rel_words[r], cred_words[cred]);
	} else {
		dsr_buf_printf(&text, "The claim is %s", status_words[st]);
		if (c->status_note && *c->status_note)
			dsr_buf_printf(&text, ": %s", c->status_note);
		dsr_buf_putc(&text, '.');
	}
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"explanation\":");
	dsr__stix_str(b, (char *)text.data);
	dsr_buf_free(&text);
	dsr_buf_puts(b, ",\"authors\":[");
	dsr__stix_str(b, who && *who ? who : "unknown");
	dsr_buf_printf(b, "],\"object_refs\":[\"%s\"],\"opinion\":\"%s\"", note,
		       grade ? by_cred[cred] : by_status[st]);
	dsr__stix_ext_open(x);
	dsr__stix_prop_hex(b, "claim", c->id);
	if (grade) {
		dsr__stix_prop_str(b, "reliability", c->reliability);
		if (cred)
			dsr_buf_printf(b, ",\"credibility\":%u", cred);
	} else {
		dsr_buf_printf(b, ",\"status\":\"%s\"", status_words[st]);
		dsr__stix_prop_str(b, "status_note", c->status_note);
	}
	dsr__stix_ext_close(x);
	dsr_buf_putc(b, '}');
}

/* A claim: a note on what it is about, quoting its article. */
int dsr__stix_claim(void *ctx, const Dpb__ClaimInfo *c)
{
	stx *x = ctx;
	dsr_buf *b = x->b;
	if (c->id.len != DSR_ID_LEN)
		return 0;
	facts f;
	dsr__stix_facts_of_id(x, c->id, &f);
	if (x->rc) {
		dsr__stix_facts_free(&f);
		return x->rc;
	}
	/* Its own events, its actors' clusters, and its proposition's events
	 * (its confidence and counts are the proposition's). */
	times t = f.t;
	uint64_t ref_ms = f.placed;
	dsr__stix_times_ms(&t, claim_actors_curated(x, c));
	const prop_time *p = dsr__stix_prop_of(x, c->proposition);
	if (p)
		dsr__stix_times_ms(&t, p->t.last);
	char nid[80], rid[80];
	dsr__stix_id2(nid, "note", c->id.data, "");
	bool art = c->article.len == DSR_ID_LEN;
	if (art)
		dsr__stix_id(rid, "report", c->article.data, c->article.len);
	dsr__stix_begin(x, "note", nid, t, x->maker);
	dsr_buf text = DSR_BUF_INIT;
	const char *who = c->source_actor && *c->source_actor ? c->source_actor
			  : c->source && *c->source ? c->source : "Unattributed";
	dsr_buf_printf(&text, "%s%s%s: %s%s", who, c->cue && *c->cue ? " " : "",
		       c->cue ? c->cue : "", c->content,
		       c->hedged ? " (hedged)" : "");
	dsr_buf_cstr(&text);
	dsr_buf_puts(b, ",\"abstract\":");
	dsr__stix_str(b, (char *)text.data);
	dsr_buf_free(&text);
	dsr_buf_puts(b, ",\"content\":");
	dsr__stix_str(b, f.quote && *f.quote ? f.quote : c->content && *c->content ? c->content : who);
	/* what it is about, and the report it is in */
	dsr_buf_puts(b, ",\"object_refs\":[");
	int n = 0;
	const actor_ref *seen[16];
	size_t nseen = 0;
	for (size_t i = 0; i < c->n_about && nseen < 16; i++) {
		const actor_ref *r = dsr__stix_actor_of(x, c->about[i]);
		bool dup = !r;
		for (size_t j = 0; j < nseen && !dup; j++)
			dup = seen[j] == r;
		if (dup)
			continue;
		seen[nseen++] = r;
		dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", r->id);
	}
	if (art)
		dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", rid);
	if (!n)
		dsr_buf_printf(b, "\"%s\"", x->maker);
	dsr_buf_puts(b, "]");
	dsr_buf_printf(b, ",\"confidence\":%u", c->confidence <= 100 ? c->confidence : 100);
	if (art) {
		char ah[2 * DSR_ID_LEN + 1];
		dsr_hex(c->article.data, DSR_ID_LEN, ah);
		dsr_buf_puts(b, ",\"external_references\":[{\"source_name\":");
		dsr__stix_str(b, c->publisher && *c->publisher ? c->publisher : "article");
		dsr_buf_printf(b, ",\"external_id\":\"%s\"", ah);
		if (c->span)
			dsr_buf_printf(b, ",\"description\":\"bytes %u-%u of the article\"",
				       c->span->start, c->span->end);
		dsr_buf_puts(b, "}]");
	}
	dsr__stix_ext_open(x);
	dsr__stix_prop_hex(b, "claim", c->id);
	dsr__stix_prop_hex(b, "article", c->article);
	if (c->span)
		dsr_buf_printf(b, ",\"span\":[%u,%u]", c->span->start, c->span->end);
	dsr__stix_prop_str(b, "source", c->source);
	dsr__stix_prop_str(b, "source_actor", c->source_actor);
	const actor_ref *src = c->source && *c->source ? dsr__stix_actor_of(x, c->source) : NULL;
	if (src)
		dsr_buf_printf(b, ",\"source_ref\":\"%s\"", src->id);
	dsr__stix_prop_str(b, "cue", c->cue);
	dsr__stix_prop_str(b, "claim_text", c->content);
	dsr_buf_printf(b, ",\"stance\":\"%s\",\"hedged\":%s",
		       c->stance == DPB__STANCE__STANCE_DENIES ? "denies" : "asserts",
		       c->hedged ? "true" : "false");
	dsr__stix_prop_hex(b, "proposition", c->proposition);
	dsr__stix_prop_str(b, "likelihood", c->likelihood);
	dsr_buf_printf(b, ",\"sources\":%u,\"corroborating\":%u,\"contradicting\":%u", c->sources,
		       c->corroborating, c->contradicting);
	prop_weights(b, p);
	dsr__stix_ext_close(x);
	dsr_buf_putc(b, '}');
	if (c->credibility || (c->reliability && *c->reliability))
		opinion(x, c, nid, "grade", f.grader, f.graded);
	if (c->status != DPB__CLAIM_STATUS__STATUS_NONE)
		opinion(x, c, nid, "status", f.assessor, f.assessed);
	dsr__stix_analyst_notes(x, &f, nid);
	if (art) {
		dsr__stix_add_ref(x, c->article.data, nid, ref_ms);
		const row *w = dsr__stix_row_of(x, c->proposition);
		if (w) {
			if (dsr__stix_grow((void **)&x->arows, &x->caparows, x->narows,
					   sizeof *x->arows, 64)) {
				x->rc = -ENOMEM;
			} else {
				arow *ar = &x->arows[x->narows++];
				memcpy(ar->article, c->article.data, DSR_ID_LEN);
				ar->row = (uint32_t)(w - x->rows);
			}
			char id[80];
			dsr__stix_id2(id, "campaign", w->prop, "");
			dsr__stix_add_ref(x, c->article.data, id, ref_ms);
			dsr__stix_id2(id, "relationship", w->prop, "attributed-to");
			dsr__stix_add_ref(x, c->article.data, id, ref_ms);
			if (w->targets) {
				dsr__stix_id2(id, "relationship", w->prop, "targets");
				dsr__stix_add_ref(x, c->article.data, id, ref_ms);
			}
			if (*w->resp)
				dsr__stix_add_ref(x, c->article.data, w->resp, ref_ms);
		}
	}
	dsr__stix_facts_free(&f);
	if (x->rc)
		return x->rc;
	return dsr__out_drain(x->o, false);
}

int dsr__stix_analysts(stx *x)
{
	dsr_buf *b = x->b;
	for (size_t i = 0; i < x->nanalysts; i++) {
		char id[80];
		analyst_id(id, x->analysts[i].name);
		dsr__stix_begin(x, "identity", id, (times){ x->analysts[i].first, x->analysts[i].first },
		      x->maker);
		dsr_buf_puts(b, ",\"name\":");
		dsr__stix_str(b, x->analysts[i].name);
		dsr_buf_puts(b, ",\"identity_class\":\"individual\",\"roles\":[\"analyst\"]}");
		int rc = dsr__out_drain(x->o, false);
		if (rc)
			return rc;
	}
	return 0;
}
