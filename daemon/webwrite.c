/* webwrite.c: the web API's curation writes (POST /api/NAME), as a table:
 * one row per act, naming the event payload the `dossier` command of the
 * same name writes, the JSON members it takes (the payload's field names)
 * and the fields the act fixes (merge's verdict, confirm's status).  The
 * payload goes out as an Append{local, atomic} on the session's local
 * connection (webbridge.c), so the event is the client's, written by the
 * writer and authored by the session's analyst.  Ids are full hex ids
 * (GET /api/resolve finds one from a prefix). */
#include "web.h"
#include "arena.h"
#include "error.h"
#include "factid.h"
#include "jsonparse.h"
#include "name.h"
#include "pbjson.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct api_write {
	const char *name;
	Dpb__Event__PayloadCase payload;
	const ProtobufCMessageDescriptor *desc;
	const char *members;        /* ",a,b," it takes */
	const char *required;       /* ",a,b," it needs */
	/* Sets what the act fixes. */
	void (*fix)(ProtobufCMessage *m);
};

static void same(ProtobufCMessage *m) { ((Dpb__NamesJudged *)m)->verdict = DPB__VERDICT__VERDICT_SAME; }
static void none(ProtobufCMessage *m) { ((Dpb__NamesJudged *)m)->verdict = DPB__VERDICT__VERDICT_NONE; }
static void distinct(ProtobufCMessage *m) { ((Dpb__NamesJudged *)m)->verdict = DPB__VERDICT__VERDICT_DISTINCT; }
static void confirmed(ProtobufCMessage *m) { ((Dpb__ClaimAssessed *)m)->status = DPB__CLAIM_STATUS__STATUS_CONFIRMED; }
static void disputed(ProtobufCMessage *m) { ((Dpb__ClaimAssessed *)m)->status = DPB__CLAIM_STATUS__STATUS_DISPUTED; }
static void retracted(ProtobufCMessage *m) { ((Dpb__ClaimAssessed *)m)->status = DPB__CLAIM_STATUS__STATUS_RETRACTED; }
static void nothing(ProtobufCMessage *m) { (void)m; }

static const struct api_write writes[] = {
	{ "merge", DPB__EVENT__PAYLOAD_NAMES, &dpb__names_judged__descriptor,
	  ",a,b,note,", ",a,b,", same },
	{ "unmerge", DPB__EVENT__PAYLOAD_NAMES, &dpb__names_judged__descriptor,
	  ",a,b,note,", ",a,b,", none },
	{ "distinct", DPB__EVENT__PAYLOAD_NAMES, &dpb__names_judged__descriptor,
	  ",a,b,note,", ",a,b,", distinct },
	{ "name", DPB__EVENT__PAYLOAD_CURATED, &dpb__actor_curated__descriptor,
	  ",name,preferred_name,kind,", ",name,", nothing },
	{ "confirm", DPB__EVENT__PAYLOAD_ASSESSED, &dpb__claim_assessed__descriptor,
	  ",claim,note,", ",claim,", confirmed },
	{ "dispute", DPB__EVENT__PAYLOAD_ASSESSED, &dpb__claim_assessed__descriptor,
	  ",claim,note,", ",claim,", disputed },
	{ "retract", DPB__EVENT__PAYLOAD_ASSESSED, &dpb__claim_assessed__descriptor,
	  ",claim,note,", ",claim,", retracted },
	/* A grade's note is a note on the claim in the same group, as
	 * `dossier grade` writes it (ClaimAssessed keeps a note only with a
	 * status). */
	{ "grade", DPB__EVENT__PAYLOAD_ASSESSED, &dpb__claim_assessed__descriptor,
	  ",claim,reliability,credibility,note,", ",claim,reliability,credibility,", nothing },
	/* Which proposition claims belong to, as `dossier proposition join /
	 * split / rule` places them: one event per claim of "claims" (or the
	 * one "claim"), in one group; "apart" sets the first apart and the
	 * others with it (place_claims). */
	{ "place", DPB__EVENT__PAYLOAD_ASSESSED, &dpb__claim_assessed__descriptor,
	  ",claim,claims,place,with,note,", ",place,", nothing },
	{ "entry", DPB__EVENT__PAYLOAD_AMENDED, &dpb__entry_amended__descriptor,
	  ",entry,date,precision,removed,restored,note,", ",entry,", nothing },
	{ "note", DPB__EVENT__PAYLOAD_NOTE, &dpb__note_added__descriptor,
	  ",target_kind,target_id,target_name,text,", ",target_kind,text,", nothing },
};

/* Whether ",name," is in the list. */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(list, name); p; p = strstr(p + 1, name))
		if (p[-1] == ',' && p[n] == ',')
			return true;
	return false;
}

static void on_appended(struct hconn *h, Dpb__Response *rs)
{
	if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		const char *code;
		int st = http_status_of(rs->error->code, &code);
		http_error(h, st, code, "%s", rs->error->message);
		return;
	}
	if (rs->body_case != DPB__RESPONSE__BODY_APPENDED) {
		http_error(h, 500, "internal", "an answer of an unexpected kind");
		return;
	}
	const Dpb__AppendResult *ar = rs->appended;
	for (size_t i = 0; i < ar->n_local; i++) {
		int st = ar->local[i]->status;
		if (st < 0 && st != DSR_EDUP) {
			const char *code;
			http_error(h, http_status_of(st, &code), code, "dossierd refused the %s: %s",
				   ar->n_local > 1 ? "acts (none was recorded)" : "act",
				   dsr_strerror(st));
			return;
		}
	}
	char origin[2 * DSR_ORIGIN_LEN + 1];
	dsr_hex(dsr_store_origin(h->w->srv->store), DSR_ORIGIN_LEN, origin);
	dsr_buf b = DSR_BUF_INIT;
	dsr_buf_puts(&b, "{\"ok\":true,\"act\":");
	dsr_buf_json_str(&b, h->act, strlen(h->act));
	dsr_buf_puts(&b, ",\"author\":");
	dsr_buf_json_str(&b, h->br_author, strlen(h->br_author));
	dsr_buf_puts(&b, ",\"events\":[");
	for (size_t i = 0; i < ar->n_local; i++)
		dsr_buf_printf(&b, "%s{\"origin\":\"%s\",\"seq\":%" PRIu64 ",\"pos\":%" PRIu64
			       ",\"status\":%d}", i ? "," : "", origin, ar->local[i]->seq,
			       ar->local[i]->pos, ar->local[i]->status);
	dsr_buf_puts(&b, "]}\n");
	http_respond(h, 200, "application/json", NULL, b.data, b.len);
	dsr_buf_free(&b);
}

/* Sets the payload's member of ev to m, by the descriptor: the oneof
 * member whose field number is the case (no switch to extend for a new
 * payload kind: the table's rows name theirs). */
static void put_payload(Dpb__Event *ev, Dpb__Event__PayloadCase pc, ProtobufCMessage *m)
{
	dpb__event__init(ev);
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field(&dpb__event__descriptor, (unsigned)pc);
	if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return;   /* left without a payload: the store refuses it */
	ev->payload_case = pc;
	*(ProtobufCMessage **)((char *)ev + f->offset) = m;
}

/* A write waiting for its names to be checked: like the client, the API
 * records a judgement or a curation only on names the knowledge base uses
 * (a verdict on a typo would be recorded for good and do nothing).  The
 * Actor queries go first, pipelined; the Append when all answered. */
struct pending {
	dsr_arena a;                /* the payloads' strings and ids */
	dsr_json *body;
	ProtobufCMessage *m;
	Dpb__Event ev[2], *evs[2], **many;
	Dpb__NoteAdded na;
	Dpb__Append ap;
	Dpb__Request req;
	const char *names[2];
	int nnames, got;
};

void webwrite_forget(struct hconn *h)
{
	struct pending *p = h->pending;
	if (!p)
		return;
	dsr_arena_release(&p->a);
	dsr_json_free(p->body);
	free(p);
	h->pending = NULL;
}

static void on_appended(struct hconn *h, Dpb__Response *rs);

static void on_checked(struct hconn *h, Dpb__Response *rs)
{
	struct pending *p = h->pending;
	if (!p)
		return;
	int k = rs->id >= h->want_first ? (int)(rs->id - h->want_first) : -1;
	if (k < 0 || k >= p->nnames)
		return;
	if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		const char *code;
		int st = http_status_of(rs->error->code, &code);
		if (rs->error->code == DSR_ENOTFOUND)
			http_error(h, 404, "no_actor", "no actor is named \"%.200s\": nothing was "
				   "recorded", p->names[k]);
		else
			http_error(h, st, code, "%s", rs->error->message);
		return;   /* next_request forgets p */
	}
	if (++p->got < p->nnames)
		return;
	http_ask(h, &p->req, on_appended);
}

#define PLACE_MAX 10000

/* POST /api/place: m holds place, with and note (and claim, if given);
 * the claims are "claims" (hex ids) or m's claim.  Fills evs (n_out). */
static int place_claims(const dsr_json *body, Dpb__ClaimAssessed *m, dsr_arena *a,
			Dpb__Event ***evs_out, size_t *n_out, char *err, size_t errn)
{
	const dsr_json *list = dsr_json_get(body, "claims");
	size_t n = 0;
	if (list) {
		if (list->type != DSR_JSON_ARRAY || dsr_json_get(body, "claim")) {
			snprintf(err, errn, "\"claims\" wants an array of claim ids (and no \"claim\")");
			return -EINVAL;
		}
		for (const dsr_json *c = list->child; c; c = c->next)
			n++;
	} else if (m->claim.len) {
		n = 1;
	}
	if (!n || n > PLACE_MAX) {
		snprintf(err, errn, "POST /api/place needs \"claim\" or \"claims\" (1 to %d)", PLACE_MAX);
		return -EINVAL;
	}
	if (m->place == DPB__PLACEMENT__PLACE_WITH && m->with.len != DSR_ID_LEN) {
		snprintf(err, errn, "\"place\": \"with\" needs \"with\", a claim id");
		return -EINVAL;
	}
	Dpb__ClaimAssessed *as = dsr_arena_alloc(a, n * sizeof *as);
	Dpb__Event *ev = dsr_arena_alloc(a, n * sizeof *ev);
	Dpb__Event **evs = dsr_arena_alloc(a, n * sizeof *evs);
	if (!as || !ev || !evs)
		return -ENOMEM;
	const dsr_json *c = list ? list->child : NULL;
	ProtobufCBinaryData first = { 0, NULL };
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		ProtobufCBinaryData id = m->claim;
		if (list) {
			uint8_t *b = dsr_arena_alloc(a, DSR_ID_LEN);
			if (!b)
				return -ENOMEM;
			if (c->type != DSR_JSON_STRING || c->len != 2 * DSR_ID_LEN ||
			    dsr_unhex(c->str, b, DSR_ID_LEN) < 0) {
				snprintf(err, errn, "\"claims\" holds something not a claim id");
				return -EINVAL;
			}
			id.data = b;
			id.len = DSR_ID_LEN;
			c = c->next;
		}
		if (!i)
			first = id;
		as[k] = *m;
		as[k].claim = id;
		/* split: the first apart, the others with it */
		if (m->place == DPB__PLACEMENT__PLACE_APART && i > 0) {
			as[k].place = DPB__PLACEMENT__PLACE_WITH;
			as[k].with = first;
		}
		if (as[k].place == DPB__PLACEMENT__PLACE_WITH && as[k].with.len == id.len &&
		    !memcmp(as[k].with.data, id.data, id.len))
			continue;   /* the target itself */
		dpb__event__init(&ev[k]);
		ev[k].payload_case = DPB__EVENT__PAYLOAD_ASSESSED;
		ev[k].assessed = &as[k];
		evs[k] = &ev[k];
		k++;
	}
	if (!k) {
		snprintf(err, errn, "nothing to place: the claims given are the target");
		return -EINVAL;
	}
	*evs_out = evs;
	*n_out = k;
	return 0;
}

bool webwrite_post(struct hconn *h, const char *name, const struct hp_req *rq)
{
	const struct api_write *row = NULL;
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++)
		if (!strcmp(writes[i].name, name))
			row = &writes[i];
	if (!row)
		return false;
	dsr_json *body = NULL;
	if (dsr_json_parse((const char *)rq->body.data, rq->body.len, &body) < 0 ||
	    body->type != DSR_JSON_OBJECT) {
		http_error(h, 400, "body", "POST /api/%s wants a JSON object (members %s)", name,
			   row->members);
		dsr_json_free(body);
		return true;
	}
	char err[300] = "";
	for (const dsr_json *m = body->child; m && !err[0]; m = m->next)
		if (!listed(row->members, m->key))
			snprintf(err, sizeof err, "POST /api/%s takes no member \"%.60s\" (it takes %s)",
				 name, m->key, row->members);
	char need[64];
	for (const char *p = row->required + 1; *p && !err[0]; p += strlen(need) + 1) {
		size_t n = strcspn(p, ",");
		snprintf(need, sizeof need, "%.*s", (int)n, p);
		if (!dsr_json_get(body, need))
			snprintf(err, sizeof err, "POST /api/%s needs the member \"%s\"", name, need);
	}
	/* Everything the Append needs lives on with the request (h->pending). */
	struct pending *p = xcalloc(1, sizeof *p);
	dsr_arena_init(&p->a);
	p->body = body;
	ProtobufCMessage *m = dsr_arena_alloc(&p->a, row->desc->sizeof_message);
	static const char *const skip_note[] = { "note", NULL };
	static const char *const skip_claims[] = { "claims", NULL };
	bool grade = !strcmp(row->name, "grade"), place = !strcmp(row->name, "place");
	Dpb__Event **many = NULL;
	size_t nmany = 0;
	if (!err[0] && m) {
		protobuf_c_message_init(row->desc, m);
		int r = dsr_json_to_msg(body, m, grade ? skip_note : place ? skip_claims : NULL,
					&p->a, err, sizeof err);
		if (!r && place)
			r = place_claims(body, (Dpb__ClaimAssessed *)m, &p->a, &many, &nmany, err,
					 sizeof err);
		if (r == -ENOMEM)
			snprintf(err, sizeof err, "out of memory");
	} else if (!m) {
		snprintf(err, sizeof err, "out of memory");
	}
	h->pending = p;   /* freed by next_request (webwrite_forget) */
	if (err[0]) {
		http_error(h, 400, "body", "%s", err);
		return true;
	}
	row->fix(m);
	p->m = m;
	p->many = many;
	p->evs[0] = &p->ev[0];
	p->evs[1] = &p->ev[1];
	put_payload(&p->ev[0], row->payload, m);
	size_t n = 1;
	const dsr_json *note = grade ? dsr_json_get(body, "note") : NULL;
	dpb__note_added__init(&p->na);
	if (note && note->type == DSR_JSON_STRING && note->len) {
		const Dpb__ClaimAssessed *ca = (const Dpb__ClaimAssessed *)m;
		p->na.target_kind = DPB__TARGET_KIND__TARGET_CLAIM;
		p->na.target_id = ca->claim;
		p->na.text = note->str;
		put_payload(&p->ev[1], DPB__EVENT__PAYLOAD_NOTE, &p->na.base);
		n = 2;
	}
	dpb__append__init(&p->ap);
	p->ap.local = many ? many : p->evs;
	p->ap.n_local = many ? nmany : n;
	p->ap.atomic = true;
	dpb__request__init(&p->req);
	p->req.body_case = DPB__REQUEST__BODY_APPEND;
	p->req.append = &p->ap;
	snprintf(h->act, sizeof h->act, "%s", row->name);
	/* The names the act is about must be an actor's. */
	if (row->payload == DPB__EVENT__PAYLOAD_NAMES) {
		const Dpb__NamesJudged *j = (const Dpb__NamesJudged *)m;
		char k1[DSR_NAME_KEY_MAX], k2[DSR_NAME_KEY_MAX];
		dsr_name_key(j->a, strlen(j->a), k1, sizeof k1);
		dsr_name_key(j->b, strlen(j->b), k2, sizeof k2);
		if (!k1[0] || !k2[0]) {
			http_error(h, 400, "body", "'%.200s' is not a name (it has no letters or "
				   "digits)", k1[0] ? j->b : j->a);
			return true;
		}
		if (!strcmp(k1, k2)) {
			http_error(h, 400, "body", "'%.200s' and '%.200s' are forms of one name: "
				   "they are always one actor", j->a, j->b);
			return true;
		}
		p->names[p->nnames++] = j->a;
		p->names[p->nnames++] = j->b;
	} else if (row->payload == DPB__EVENT__PAYLOAD_CURATED) {
		p->names[p->nnames++] = ((const Dpb__ActorCurated *)m)->name;
	} else if (row->payload == DPB__EVENT__PAYLOAD_NOTE &&
		   ((const Dpb__NoteAdded *)m)->target_kind == DPB__TARGET_KIND__TARGET_ACTOR) {
		p->names[p->nnames++] = ((const Dpb__NoteAdded *)m)->target_name;
	}
	if (!p->nnames) {
		http_ask(h, &p->req, on_appended);
		return true;
	}
	Dpb__QueryActor q[2];
	Dpb__Request r[2];
	for (int i = 0; i < p->nnames; i++) {
		dpb__query_actor__init(&q[i]);
		q[i].name = (char *)p->names[i];
		q[i].limit = 1;   /* only whether it is an actor */
		dpb__request__init(&r[i]);
		r[i].body_case = DPB__REQUEST__BODY_ACTOR;
		r[i].actor = &q[i];
	}
	if (http_ask(h, &r[0], on_checked) && p->nnames > 1)
		http_ask_more(h, &r[1]);
	return true;
}
