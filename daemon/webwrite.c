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
	/* Which proposition a claim belongs to (`dossier proposition` writes
	 * one of these per claim of the propositions it joins or splits). */
	{ "place", DPB__EVENT__PAYLOAD_ASSESSED, &dpb__claim_assessed__descriptor,
	  ",claim,place,with,", ",claim,place,", nothing },
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

/* Sets the payload's member of ev to m. */
static void put_payload(Dpb__Event *ev, Dpb__Event__PayloadCase pc, ProtobufCMessage *m)
{
	dpb__event__init(ev);
	ev->payload_case = pc;
	switch (pc) {
	case DPB__EVENT__PAYLOAD_NAMES: ev->names = (Dpb__NamesJudged *)m; break;
	case DPB__EVENT__PAYLOAD_CURATED: ev->curated = (Dpb__ActorCurated *)m; break;
	case DPB__EVENT__PAYLOAD_ASSESSED: ev->assessed = (Dpb__ClaimAssessed *)m; break;
	case DPB__EVENT__PAYLOAD_AMENDED: ev->amended = (Dpb__EntryAmended *)m; break;
	case DPB__EVENT__PAYLOAD_NOTE: ev->note = (Dpb__NoteAdded *)m; break;
	case DPB__EVENT__PAYLOAD_ARTICLE:
	case DPB__EVENT__PAYLOAD_ACTOR:
	case DPB__EVENT__PAYLOAD_CLAIM:
	case DPB__EVENT__PAYLOAD_ENTRY:
	case DPB__EVENT__PAYLOAD_INDICATOR:
	case DPB__EVENT__PAYLOAD__NOT_SET:
	case _DPB__EVENT__PAYLOAD__CASE_IS_INT_SIZE:
		ev->payload_case = DPB__EVENT__PAYLOAD__NOT_SET;   /* no row names them */
		break;
	}
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
	dsr_arena a;
	dsr_arena_init(&a);
	ProtobufCMessage *m = dsr_arena_alloc(&a, row->desc->sizeof_message);
	static const char *const skip_note[] = { "note", NULL };
	bool grade = row->fix == nothing && row->payload == DPB__EVENT__PAYLOAD_ASSESSED &&
		     !strcmp(row->name, "grade");
	if (!err[0] && m) {
		protobuf_c_message_init(row->desc, m);
		int r = dsr_json_to_msg(body, m, grade ? skip_note : NULL, &a, err, sizeof err);
		if (r == -ENOMEM)
			snprintf(err, sizeof err, "out of memory");
	}
	if (err[0]) {
		http_error(h, 400, "body", "%s", err);
	} else {
		row->fix(m);
		Dpb__Event ev[2], *evs[2] = { &ev[0], &ev[1] };
		put_payload(&ev[0], row->payload, m);
		size_t n = 1;
		const dsr_json *note = grade ? dsr_json_get(body, "note") : NULL;
		Dpb__NoteAdded na = DPB__NOTE_ADDED__INIT;
		if (note && note->type == DSR_JSON_STRING && note->len) {
			const Dpb__ClaimAssessed *ca = (const Dpb__ClaimAssessed *)m;
			na.target_kind = DPB__TARGET_KIND__TARGET_CLAIM;
			na.target_id = ca->claim;
			na.text = note->str;
			put_payload(&ev[1], DPB__EVENT__PAYLOAD_NOTE, &na.base);
			n = 2;
		}
		Dpb__Append ap = DPB__APPEND__INIT;
		ap.local = evs;
		ap.n_local = n;
		ap.atomic = true;
		Dpb__Request req = DPB__REQUEST__INIT;
		req.body_case = DPB__REQUEST__BODY_APPEND;
		req.append = &ap;
		snprintf(h->act, sizeof h->act, "%s", row->name);
		http_ask(h, &req, on_appended);
	}
	dsr_arena_release(&a);
	dsr_json_free(body);
	return true;
}
