/* webapi.c: the web API's reads (GET /api/NAME) and exports, as a table:
 * one row per call, naming the query parameters it takes (the `dossier`
 * command's long options) and building the Request that command sends.
 * The answer becomes JSON by the descriptors (core/pbjson.h): lists as
 * {"items": [...], "next": cursor}, each item exactly as `dossier NAME
 * --json` prints it; single answers as the object it prints.  A new query
 * is one row here (docs/web.md). */
#include "web.h"
#include "error.h"
#include "export.h"
#include "factid.h"
#include "pbjson.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a builder fills: the request, with its parts allocated here. */
struct qb {
	const struct hp_req *rq;
	Dpb__Request req;
	Dpb__Page page;
	union {
		Dpb__QueryActors actors;
		Dpb__QueryActor actor;
		Dpb__QueryClaims claims;
		Dpb__QueryTimeline timeline;
		Dpb__QueryArticles articles;
		Dpb__QueryLog log;
		Dpb__QueryStatus status;
		Dpb__QueryWhy why;
		Dpb__QueryConflicts conflicts;
		Dpb__QueryAttribution attribution;
		Dpb__QueryIndicators indicators;
		Dpb__Resolve resolve;
		Dpb__Export export_kb;
		Dpb__QuerySearch search;
	} q;
	/* Parameter values (decoded), each NUL-terminated. */
	char s[5][1024];
	uint8_t id[2][DSR_ID_LEN];
	uint8_t cursor[512];
	char err[300];
};

/* Query parameter `name` as a string (into slot), NULL when absent; sets
 * err when it is unreadable. */
static const char *str(struct qb *b, const char *name, int slot)
{
	int n = hp_param(b->rq->query, name, b->s[slot], sizeof b->s[slot]);
	if (n == -2)
		snprintf(b->err, sizeof b->err, "parameter %s is too long or badly escaped", name);
	return n >= 0 ? b->s[slot] : NULL;
}

/* A flag: present (empty, 1 or true) or not. */
static bool flag(struct qb *b, const char *name)
{
	char v[8];
	int n = hp_param(b->rq->query, name, v, sizeof v);
	if (n < 0)
		return false;
	if (n && strcmp(v, "1") && strcmp(v, "true")) {
		if (strcmp(v, "0") && strcmp(v, "false"))
			snprintf(b->err, sizeof b->err, "parameter %s is a flag: 1 or 0", name);
		return false;
	}
	return true;
}

static uint64_t num(struct qb *b, const char *name, uint64_t max)
{
	char v[24], *end;
	int n = hp_param(b->rq->query, name, v, sizeof v);
	if (n < 0)
		return 0;
	unsigned long long x = strtoull(v, &end, 10);
	if (!n || *end || v[0] == '-' || x > max) {
		snprintf(b->err, sizeof b->err, "parameter %s wants a number up to %" PRIu64, name,
			 max);
		return 0;
	}
	return x;
}

/* A full hex id (32 digits): ids by prefix are resolved with GET
 * /api/resolve first. */
static bool id(struct qb *b, const char *name, int slot, ProtobufCBinaryData *out)
{
	char v[80];
	int n = hp_param(b->rq->query, name, v, sizeof v);
	if (n < 0)
		return false;
	if (n != 2 * DSR_ID_LEN || dsr_unhex(v, b->id[slot], DSR_ID_LEN) < 0) {
		snprintf(b->err, sizeof b->err, "parameter %s wants a full id (%d hex digits; "
			 "GET /api/resolve?prefix= finds one)", name, 2 * DSR_ID_LEN);
		return false;
	}
	out->data = b->id[slot];
	out->len = DSR_ID_LEN;
	return true;
}

static void enum_param(struct qb *b, const char *name, const ProtobufCEnumDescriptor *d,
		       int *out)
{
	char v[64];
	int n = hp_param(b->rq->query, name, v, sizeof v);
	if (n >= 0 && dsr_enum_parse(d, v, out) < 0)
		snprintf(b->err, sizeof b->err, "parameter %s: '%s' is not one of its values", name, v);
}

static Dpb__Page *page(struct qb *b)
{
	dpb__page__init(&b->page);
	b->page.limit = (uint32_t)num(b, "limit", UINT32_MAX);
	char v[2 * sizeof b->cursor + 1];
	int n = hp_param(b->rq->query, "cursor", v, sizeof v);
	if (n > 0) {
		if (n % 2 || dsr_unhex(v, b->cursor, (size_t)n / 2) < 0)
			snprintf(b->err, sizeof b->err, "parameter cursor wants the hex of `next`");
		b->page.cursor.data = b->cursor;
		b->page.cursor.len = (size_t)n / 2;
	} else if (n == -2) {
		snprintf(b->err, sizeof b->err, "parameter cursor is too long");
	}
	return &b->page;
}

/* ---- the builders: one per call, as the `dossier` command builds it ---- */

static void b_status(struct qb *b)
{
	dpb__query_status__init(&b->q.status);
	b->q.status.digest = flag(b, "digest");
	b->req.body_case = DPB__REQUEST__BODY_STATUS;
	b->req.status = &b->q.status;
}

static void b_actors(struct qb *b)
{
	dpb__query_actors__init(&b->q.actors);
	int k = 0;
	enum_param(b, "kind", &dpb__actor_kind__descriptor, &k);
	b->q.actors.kind = k;
	b->q.actors.page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_ACTORS;
	b->req.actors = &b->q.actors;
}

static void b_actor(struct qb *b)
{
	dpb__query_actor__init(&b->q.actor);
	const char *name = str(b, "name", 0);
	if (!name && !b->err[0])
		snprintf(b->err, sizeof b->err, "parameter name is required");
	b->q.actor.name = (char *)(name ? name : "");
	b->q.actor.limit = (uint32_t)num(b, "limit", UINT32_MAX);
	b->req.body_case = DPB__REQUEST__BODY_ACTOR;
	b->req.actor = &b->q.actor;
}

static void b_claims(struct qb *b)
{
	Dpb__QueryClaims *q = &b->q.claims;
	dpb__query_claims__init(q);
	const char *s;
	q->about = (char *)((s = str(b, "about", 0)) ? s : "");
	q->by = (char *)((s = str(b, "by", 1)) ? s : "");
	int st = -1;
	enum_param(b, "stance", &dpb__stance__descriptor, &st);
	q->stance = st;
	bool hedged = flag(b, "hedged"), firm = flag(b, "firm");
	if (hedged && firm)
		snprintf(b->err, sizeof b->err, "hedged and firm exclude each other");
	q->hedged = hedged ? 1 : firm ? 0 : -1;
	id(b, "article", 0, &q->article);
	id(b, "proposition", 1, &q->proposition);
	q->page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_CLAIMS;
	b->req.claims = q;
}

static void b_timeline(struct qb *b)
{
	Dpb__QueryTimeline *q = &b->q.timeline;
	dpb__query_timeline__init(q);
	const char *s;
	q->from = (char *)((s = str(b, "from", 0)) ? s : "");
	q->to = (char *)((s = str(b, "to", 1)) ? s : "");
	q->actor = (char *)((s = str(b, "actor", 2)) ? s : "");
	id(b, "article", 0, &q->article);
	q->removed = flag(b, "removed");
	q->entries = flag(b, "entries");
	q->page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_TIMELINE;
	b->req.timeline = q;
}

static void b_articles(struct qb *b)
{
	dpb__query_articles__init(&b->q.articles);
	id(b, "id", 0, &b->q.articles.id);
	b->q.articles.page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_ARTICLES;
	b->req.articles = &b->q.articles;
}

static void b_log(struct qb *b)
{
	dpb__query_log__init(&b->q.log);
	b->q.log.from = num(b, "from", UINT64_MAX);
	uint64_t lim = num(b, "limit", 1000);
	b->q.log.limit = (uint32_t)(lim ? lim : 100);
	b->req.body_case = DPB__REQUEST__BODY_LOG;
	b->req.log = &b->q.log;
}

static void b_attribution(struct qb *b)
{
	dpb__query_attribution__init(&b->q.attribution);
	const char *s = str(b, "about", 0);
	b->q.attribution.about = (char *)(s ? s : "");
	b->q.attribution.page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_ATTRIBUTION;
	b->req.attribution = &b->q.attribution;
}

static void b_indicators(struct qb *b)
{
	dpb__query_indicators__init(&b->q.indicators);
	const char *s = str(b, "type", 0);
	b->q.indicators.type = (char *)(s ? s : "");
	id(b, "article", 0, &b->q.indicators.article);
	b->q.indicators.page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_INDICATORS;
	b->req.indicators = &b->q.indicators;
}

static void b_why(struct qb *b)
{
	dpb__query_why__init(&b->q.why);
	const char *s = str(b, "id", 0);
	if (!s && !b->err[0])
		snprintf(b->err, sizeof b->err, "parameter id is required (a fact's id, or an "
			 "actor's name)");
	b->q.why.what = (char *)(s ? s : "");
	b->req.body_case = DPB__REQUEST__BODY_WHY;
	b->req.why = &b->q.why;
}

static void b_conflicts(struct qb *b)
{
	dpb__query_conflicts__init(&b->q.conflicts);
	b->q.conflicts.all = flag(b, "all");
	Dpb__Page *pg = page(b);
	b->q.conflicts.limit = pg->limit;
	b->q.conflicts.cursor = pg->cursor;
	b->req.body_case = DPB__REQUEST__BODY_CONFLICTS;
	b->req.conflicts = &b->q.conflicts;
}

static void b_resolve(struct qb *b)
{
	dpb__resolve__init(&b->q.resolve);
	const char *s = str(b, "prefix", 0);
	if (!s && !b->err[0])
		snprintf(b->err, sizeof b->err, "parameter prefix is required");
	b->q.resolve.prefix = (char *)(s ? s : "");
	int k = 0;
	enum_param(b, "kind", &dpb__target_kind__descriptor, &k);
	b->q.resolve.kind = k;
	b->q.resolve.limit = (uint32_t)num(b, "limit", 100);
	b->req.body_case = DPB__REQUEST__BODY_RESOLVE;
	b->req.resolve = &b->q.resolve;
}

static void b_search(struct qb *b)
{
	dpb__query_search__init(&b->q.search);
	const char *s = str(b, "q", 0);
	if (!s && !b->err[0])
		snprintf(b->err, sizeof b->err, "parameter q is required (words, or a \"phrase\")");
	b->q.search.query = (char *)(s ? s : "");
	int k = 0;
	enum_param(b, "kind", &dpb__search_kind__descriptor, &k);
	b->q.search.kind = k;
	b->q.search.page = page(b);
	b->req.body_case = DPB__REQUEST__BODY_SEARCH;
	b->req.search = &b->q.search;
}

static void b_peers(struct qb *b)
{
	static Dpb__QueryPeers qp = DPB__QUERY_PEERS__INIT;
	b->req.body_case = DPB__REQUEST__BODY_PEERS;
	b->req.peers = &qp;
}

static void b_export(struct qb *b)
{
	dpb__export__init(&b->q.export_kb);
	const char *f = str(b, "format", 0), *tlp = str(b, "tlp", 1);
	b->q.export_kb.format = (char *)(f ? f : "json");
	b->q.export_kb.tlp = (char *)(tlp ? tlp : "");
	/* the brief's options (docs/brief.md) */
	const char *about = str(b, "about", 2), *act = str(b, "act", 3);
	b->q.export_kb.about = (char *)(about ? about : "");
	b->q.export_kb.act = (char *)(act ? act : "");
	const char *since = str(b, "since", 4);
	b->q.export_kb.since = (char *)(since ? since : "");
	b->q.export_kb.css = (char *)(flag(b, "page") ? "/api/brief.css" : "");
	b->q.export_kb.reader = flag(b, "page");
	b->req.body_case = DPB__REQUEST__BODY_EXPORT_KB;
	b->req.export_kb = &b->q.export_kb;
}

struct api_read {
	const char *name;
	const char *params;        /* the query parameters it takes, ",a,b," */
	void (*build)(struct qb *b);
};

static const struct api_read reads[] = {
	{ "status", ",digest,", b_status },
	{ "actors", ",kind,limit,cursor,", b_actors },
	{ "actor", ",name,limit,", b_actor },
	{ "claims", ",about,by,stance,hedged,firm,article,proposition,limit,cursor,", b_claims },
	{ "timeline", ",from,to,actor,article,removed,entries,limit,cursor,", b_timeline },
	{ "articles", ",id,limit,cursor,", b_articles },
	{ "log", ",from,limit,", b_log },
	{ "attribution", ",about,limit,cursor,", b_attribution },
	{ "indicators", ",type,article,limit,cursor,", b_indicators },
	{ "why", ",id,", b_why },
	{ "conflicts", ",all,limit,cursor,", b_conflicts },
	{ "resolve", ",prefix,kind,limit,", b_resolve },
	{ "peers", ",", b_peers },
	{ "export", ",format,tlp,about,act,since,page,", b_export },
	{ "search", ",q,kind,limit,cursor,", b_search },
	{ "article", ",id,", NULL },   /* get_article: four requests */
};

/* ---- answers ---------------------------------------------------------------- */

/* The message in a Response's body, and its field. */
static const ProtobufCMessage *body_of(const Dpb__Response *rs)
{
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field(&dpb__response__descriptor, rs->body_case);
	if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	return *(ProtobufCMessage *const *)((const char *)rs + f->offset);
}

/* Answers an Error response; true when rs was one. */
static bool answer_error(struct hconn *h, const Dpb__Response *rs)
{
	if (rs->body_case != DPB__RESPONSE__BODY_ERROR && rs->body_case != DPB__RESPONSE__BODY_GOODBYE)
		return false;
	if (rs->body_case == DPB__RESPONSE__BODY_GOODBYE) {
		http_error(h, 503, "unavailable", "%s", rs->goodbye->reason);
		return true;
	}
	const char *code;
	int st = http_status_of(rs->error->code, &code);
	http_error(h, st, code, "%s", rs->error->message);
	return true;
}

/* A log batch: each event as `dossier log --json` prints it. */
static void log_items(dsr_buf *b, const Dpb__LogBatch *lb)
{
	dsr_buf_puts(b, "{\"items\":[");
	uint64_t next = 0;
	for (size_t i = 0; i < lb->n_events; i++) {
		const Dpb__LogEvent *e = lb->events[i];
		if (i)
			dsr_buf_putc(b, ',');
		dsr_buf_printf(b, "{\"pos\":%" PRIu64 ",\"event\":", e->pos);
		Dpb__Event *ev = dpb__event__unpack(NULL, e->event.len, e->event.data);
		if (ev) {
			dsr_json_msg(b, &ev->base);
			dpb__event__free_unpacked(ev, NULL);
		} else {
			dsr_buf_puts(b, "null");
		}
		dsr_buf_putc(b, '}');
		next = e->pos + 1;
	}
	if (next && next < lb->end)
		dsr_buf_printf(b, "],\"next\":\"%" PRIu64 "\"}\n", next);
	else
		dsr_buf_puts(b, "],\"next\":null}\n");
}

/* A list answer: its one repeated message field as items, `next` as hex. */
static bool list_items(dsr_buf *b, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const ProtobufCFieldDescriptor *items = NULL, *next = NULL;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_MESSAGE)
			items = items ? items : f;
		else if (!strcmp(f->name, "next") && f->type == PROTOBUF_C_TYPE_BYTES)
			next = f;
	}
	if (!items || (!next && d != &dpb__resolved__descriptor))
		return false;
	const char *base = (const char *)m;
	size_t n = *(const size_t *)(base + items->quantifier_offset);
	ProtobufCMessage *const *v = *(ProtobufCMessage *const *const *)(base + items->offset);
	dsr_buf_puts(b, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			dsr_buf_putc(b, ',');
		dsr_json_msg(b, v[i]);
	}
	dsr_buf_puts(b, "],\"next\":");
	const ProtobufCBinaryData *nx = next ? (const void *)(base + next->offset) : NULL;
	if (nx && nx->len) {
		char *hex = xmalloc(2 * nx->len + 1);
		dsr_hex(nx->data, nx->len, hex);
		dsr_buf_printf(b, "\"%s\"", hex);
		free(hex);
	} else {
		dsr_buf_puts(b, "null");
	}
	dsr_buf_puts(b, "}\n");
	return true;
}

/* The answer to a read as JSON into out, with its HTTP status. */
static int render_read(const uint8_t *body, size_t len, dsr_buf *out)
{
	Dpb__Response *rs;
	const char *code = "internal", *msg = "an answer of an unexpected kind";
	int st = 500;
	if (dsr_wire_response(body, len, NULL, &rs) < 0) {
		rs = NULL;
		msg = "an answer that does not decode";
	} else if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		st = http_status_of(rs->error->code, &code);
		msg = rs->error->message;
	} else if (rs->body_case == DPB__RESPONSE__BODY_GOODBYE) {
		st = 503;
		code = "unavailable";
		msg = rs->goodbye->reason;
	} else if (body_of(rs)) {
		if (rs->body_case == DPB__RESPONSE__BODY_LOG) {
			log_items(out, rs->log);
		} else if (!list_items(out, body_of(rs))) {
			dsr_json_msg(out, body_of(rs));   /* status, actor, why: the object */
			dsr_buf_putc(out, '\n');
		}
		st = 200;
	}
	if (st != 200) {
		dsr_buf_puts(out, "{\"error\":");
		dsr_buf_json_str(out, msg, strlen(msg));
		dsr_buf_puts(out, ",\"code\":");
		dsr_buf_json_str(out, code, strlen(code));
		dsr_buf_puts(out, "}\n");
	}
	if (rs)
		dpb__response__free_unpacked(rs, NULL);
	return st;
}

/* Decoding an answer and writing its JSON is the web's own work, and the
 * loop's most costly part of a read: it runs on a thread of the pool,
 * beside the queries, and the loop only moves bytes. */
#define RENDER_INLINE (16u << 10)

struct render {
	uv_work_t work;
	struct hconn *h;
	uint8_t *body;
	size_t len;
	dsr_buf out;
	int status;
	uint64_t nreq;             /* the request it answers (hconn.nreq) */
	dsr_buf key;               /* kept by this key when it is 200 */
	uint64_t ver;
	/* Renders of the same read at the same version wait for the first:
	 * after a commit every browser on a page asks again at once. */
	struct render *next;       /* in `rendering`, or among the waiters */
	struct render *waiters;
};

static struct render *rendering;   /* running renders that others may join */

static void render_work(uv_work_t *w)
{
	struct render *r = w->data;
	r->status = render_read(r->body, r->len, &r->out);
}

static void render_after(uv_work_t *w, int status)
{
	struct render *r = w->data;
	struct hconn *h = r->h;
	for (struct render **p = &rendering; *p; p = &(*p)->next)
		if (*p == r) {
			*p = r->next;
			break;
		}
	if (status >= 0 && r->status == 200 && r->key.len)
		answers_put(&h->w->srv->web_answers, r->ver, r->key.data, r->key.len, r->out.data,
			    r->out.len);
	for (struct render *o = r->waiters, *next; o; o = next) {
		next = o->next;
		o->status = r->status;
		if (dsr_buf_append(&o->out, r->out.data, r->out.len) < 0)
			abort();
		dsr_buf_free(&o->key);   /* kept once, just above */
		render_after(&o->work, status);
	}
	dsr_buf_free(&r->key);
	if (http_unref(h) && h->st == H_WAIT && h->nreq == r->nreq) {
		if (status < 0)
			http_error(h, 503, "unavailable", "dossierd is shutting down");
		else
			http_respond_buf(h, r->status, "application/json", &r->out);
	}
	dsr_buf_free(&r->out);
	free(r->body);
	free(r);
}

static void on_read_answer(struct hconn *h, uint64_t id, const uint8_t *body, size_t len)
{
	(void)id;
	struct render *r = xcalloc(1, sizeof *r);
	r->work.data = r;
	r->h = h;
	r->body = xmalloc(len ? len : 1);
	memcpy(r->body, body, len);
	r->len = len;
	r->nreq = h->nreq;
	r->key = h->akey;
	r->ver = h->aver;
	h->akey = (dsr_buf)DSR_BUF_INIT;
	h->refs++;
	h->on_raw = NULL;   /* one answer */
	if (r->key.len) {
		for (struct render *o = rendering; o; o = o->next)
			if (o->ver == r->ver && o->key.len == r->key.len &&
			    !memcmp(o->key.data, r->key.data, r->key.len)) {
				r->next = o->waiters;
				o->waiters = r;
				return;
			}
	}
	/* A small answer costs less than the trip to a thread and back. */
	if (len < RENDER_INLINE ||
	    uv_queue_work(h->w->srv->loop, &r->work, render_work, render_after) < 0) {
		render_work(&r->work);
		render_after(&r->work, 0);
	} else if (r->key.len) {
		r->next = rendering;
		rendering = r;
	}
}

/* ---- exports: a stream of ExportChunk answers, sent as they come ----------- */

static const char *export_type(const char *format)
{
	if (!strcmp(format, "csv"))
		return "text/csv; charset=utf-8";
	if (!strcmp(format, "dot"))
		return "text/vnd.graphviz; charset=utf-8";
	if (!strcmp(format, "timesketch"))
		return "application/x-ndjson";
	/* the brief: a page, or Markdown */
	if (!strcmp(format, "brief_html") || !strcmp(format, "brief-html"))
		return "text/html; charset=utf-8";
	if (!strcmp(format, "brief_md") || !strcmp(format, "brief-md"))
		return "text/markdown; charset=utf-8";
	return "application/json";
}

static void on_export_chunk(struct hconn *h, Dpb__Response *rs)
{
	if (h->st == H_WAIT) {
		if (answer_error(h, rs))
			return;
		char extra[160] = "";
		const char *fmt = h->act[0] == '+' ? h->act + 1 : h->act;
		if (h->act[0] != '+')
			snprintf(extra, sizeof extra, "Content-Disposition: attachment; "
				 "filename=\"dossier.%s\"\r\n", fmt);
		http_stream_begin(h, 200, export_type(fmt), extra);
	}
	if (rs->body_case == DPB__RESPONSE__BODY_ERROR) {
		/* Failed midway: the browser sees a body cut short. */
		http_close(h, false);
		return;
	}
	if (rs->body_case != DPB__RESPONSE__BODY_EXPORT_CHUNK)
		return;
	http_stream_write(h, rs->export_chunk->data.data, rs->export_chunk->data.len);
	if (rs->export_chunk->last)
		http_stream_end(h);
	else if (h->wq_bytes > WEB_WQ_HIGH && h->br)
		bridge_pause(h->br, true);   /* on_written in http.c resumes it */
}

/* ---- GET /api/article: one article for the reader ------------------------------
 * Its metadata and stored text (QueryArticles with text), and the facts
 * drawn from it with their byte spans: its claims, its timeline entries
 * (each one, not one per group) and its indicators — four requests
 * pipelined on the bridge, answered as one object:
 *     {"article": {... "text": "..."}, "claims": [...], "entries": [...],
 *      "indicators": [...]}
 * A part that has more than one page holds the first 10,000 items and
 * "more": true is added. */

#define ARTICLE_PARTS 4

struct multi {
	int got;
	bool more;
	dsr_buf part[ARTICLE_PARTS];
};

static void multi_free(struct multi *m)
{
	for (int i = 0; i < ARTICLE_PARTS; i++)
		dsr_buf_free(&m->part[i]);
}

void webapi_forget(struct hconn *h)
{
	if (h->multi) {
		multi_free(h->multi);
		free(h->multi);
		h->multi = NULL;
	}
}

static void on_article_part(struct hconn *h, Dpb__Response *rs)
{
	struct multi *m = h->multi;
	if (!m)
		return;
	/* An answer given ends the request (next_request frees m); the
	 * later parts' ids are then no longer wanted. */
	if (answer_error(h, rs))
		return;
	int k = rs->id >= h->want_first ? (int)(rs->id - h->want_first) : -1;
	const ProtobufCMessage *body = body_of(rs);
	if (k < 0 || k >= ARTICLE_PARTS || !body)
		return;
	dsr_buf *b = &m->part[k];
	if (k == 0) {
		if (rs->body_case != DPB__RESPONSE__BODY_ARTICLES || rs->articles->n_articles != 1) {
			http_error(h, 404, "not_found", "no such article");
			return;
		}
		dsr_json_msg(b, &rs->articles->articles[0]->base);
	} else {
		/* {"items":[...],"next":...}: the array alone is kept. */
		dsr_buf tmp = DSR_BUF_INIT;
		list_items(&tmp, body);
		const char *p = (const char *)tmp.data;
		const char *a = strchr(p, '['), *z = strstr(p, "],\"next\":");
		if (a && z)
			dsr_buf_append(b, a, (size_t)(z - a) + 1);
		if (z && strncmp(z, "],\"next\":null", 13))
			m->more = true;
		dsr_buf_free(&tmp);
	}
	if (++m->got < ARTICLE_PARTS)
		return;
	static const char *const names[ARTICLE_PARTS] = { "article", "claims", "entries",
							  "indicators" };
	dsr_buf out = DSR_BUF_INIT;
	for (int i = 0; i < ARTICLE_PARTS; i++) {
		dsr_buf_printf(&out, "%s\"%s\":", i ? "," : "{", names[i]);
		if (m->part[i].len)
			dsr_buf_append(&out, m->part[i].data, m->part[i].len);
		else
			dsr_buf_puts(&out, i ? "[]" : "null");
	}
	if (m->more)
		dsr_buf_puts(&out, ",\"more\":true");
	dsr_buf_puts(&out, "}\n");
	http_respond(h, 200, "application/json", NULL, out.data, out.len);
	dsr_buf_free(&out);
}

static void get_article(struct hconn *h, struct qb *b)
{
	Dpb__QueryArticles qa = DPB__QUERY_ARTICLES__INIT;
	if (!id(b, "id", 0, &qa.id) && !b->err[0])
		snprintf(b->err, sizeof b->err, "parameter id is required");
	if (b->err[0]) {
		http_error(h, 400, "parameter", "%s", b->err);
		return;
	}
	qa.text = true;
	Dpb__Page pg = DPB__PAGE__INIT;
	pg.limit = 10000;
	Dpb__QueryClaims qc = DPB__QUERY_CLAIMS__INIT;
	qc.stance = qc.hedged = -1;
	qc.article = qa.id;
	qc.page = &pg;
	Dpb__QueryTimeline qt = DPB__QUERY_TIMELINE__INIT;
	qt.article = qa.id;
	qt.entries = true;
	qt.page = &pg;
	Dpb__QueryIndicators qi = DPB__QUERY_INDICATORS__INIT;
	qi.article = qa.id;
	qi.page = &pg;
	Dpb__Request r[ARTICLE_PARTS];
	for (int i = 0; i < ARTICLE_PARTS; i++)
		dpb__request__init(&r[i]);
	r[0].body_case = DPB__REQUEST__BODY_ARTICLES;
	r[0].articles = &qa;
	r[1].body_case = DPB__REQUEST__BODY_CLAIMS;
	r[1].claims = &qc;
	r[2].body_case = DPB__REQUEST__BODY_TIMELINE;
	r[2].timeline = &qt;
	r[3].body_case = DPB__REQUEST__BODY_INDICATORS;
	r[3].indicators = &qi;
	h->multi = xcalloc(1, sizeof(struct multi));
	if (!http_ask(h, &r[0], on_article_part))
		return;
	for (int i = 1; i < ARTICLE_PARTS; i++)
		if (!http_ask_more(h, &r[i]))
			return;
}

/* ---- the table's entry -------------------------------------------------------- */

/* ---- answers kept (answers.h): by the call's name and query string -------- */

/* Answers a read from the JSON kept at the store's version; true when it
 * did.  Otherwise the key is left in h for render_after to keep the
 * answer by. */
static bool answered_before(struct hconn *h, const char *name, const struct hp_req *rq,
			    const Dpb__Request *req)
{
	struct server *srv = h->w->srv;
	if (srv->cfg.no_answers || !answer_keepable(req))
		return false;
	dsr_buf_puts(&h->akey, name);
	dsr_buf_putc(&h->akey, '?');
	dsr_buf_puts(&h->akey, rq->query);
	h->aver = dsr_store_version(srv->store);
	size_t n;
	const uint8_t *v = answers_get(&srv->web_answers, h->aver, h->akey.data, h->akey.len, &n);
	if (!v)
		return false;
	dsr_buf out = DSR_BUF_INIT;
	if (dsr_buf_append(&out, v, n) < 0)
		abort();
	dsr_buf_reset(&h->akey);
	http_respond_buf(h, 200, "application/json", &out);
	dsr_buf_free(&out);
	return true;
}

struct pcheck {
	const char *allowed;
	char bad[64];
};

static int check_param(const char *name, size_t n, void *ctx)
{
	struct pcheck *p = ctx;
	char key[66];
	if (n + 2 < sizeof key) {
		key[0] = ',';
		memcpy(key + 1, name, n);
		key[n + 1] = ',';
		key[n + 2] = 0;
		if (strstr(p->allowed, key))
			return 0;
	}
	snprintf(p->bad, sizeof p->bad, "%.*s", (int)(n < 60 ? n : 60), name);
	return 1;
}

bool webapi_get(struct hconn *h, const char *name, const struct hp_req *rq)
{
	const struct api_read *row = NULL;
	for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++)
		if (!strcmp(reads[i].name, name))
			row = &reads[i];
	if (!row)
		return false;
	dsr_buf_reset(&h->akey);   /* kept only by the read that sets it */
	struct pcheck pc = { row->params, "" };
	if (hp_each_param(rq->query, check_param, &pc)) {
		http_error(h, 400, "parameter", "GET /api/%s takes no parameter '%s' (it takes %s)",
			   name, pc.bad, row->params);
		return true;
	}
	struct qb *b = xcalloc(1, sizeof *b);
	b->rq = rq;
	dpb__request__init(&b->req);
	if (!row->build) {
		get_article(h, b);
		free(b);
		return true;
	}
	row->build(b);
	if (b->err[0]) {
		http_error(h, 400, "parameter", "%s", b->err);
	} else if (b->req.body_case == DPB__REQUEST__BODY_EXPORT_KB) {
		if (dsr_export_format(b->q.export_kb.format) < 0) {
			http_error(h, 400, "parameter", "no export format '%s'", b->q.export_kb.format);
		} else {
			/* "+": shown in the browser (the brief as a page), not
			 * saved as a file */
			snprintf(h->act, sizeof h->act, "%s%s", b->q.export_kb.reader ? "+" : "",
				 b->q.export_kb.format);
			http_ask(h, &b->req, on_export_chunk);
		}
	} else if (!answered_before(h, name, rq, &b->req)) {
		h->row = row;
		http_ask_raw(h, &b->req, on_read_answer);
	}
	free(b);
	return true;
}
