/* request_kept.c: reads answered from the answers kept since the last
 * commit (answers.h), and reads that wait for the same one running.
 *
 * The key is the request as it is encoded with id 0; what is kept, the
 * Response's fields after its id, so that an answer is framed anew for
 * each request it answers.  Status (uptime, clients) and log ranges are
 * not kept.
 *
 * After a commit every kept answer is old, and the clients that were
 * reading them all ask again at once: sixty-four browsers on the same page
 * would run the same query sixty-four times, each on a thread of the pool,
 * and the last wait for all the others.  So a read that finds the same
 * query already running on the pool at the same version waits for its
 * answer instead (a "flight").  Its answer is one a query asked then would
 * read: the running query's snapshot began after that version was the
 * latest, and the store is still there.  If the running query fails
 * (its client left and cancelled it, say), each that waited is run for
 * itself. */
#include "server.h"
#include "logging.h"
#include "pbw.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct kwait {
	struct conn *c;
	Dpb__Request *rq;
	size_t reserve;            /* the budget its dispatch reserved */
	struct kwait *next;
};

struct kept {
	struct kept *next;
	uint64_t version;
	dsr_buf key;
	struct kwait *waiters, **tail;
};

bool answer_keepable(const Dpb__Request *rq)
{
	switch ((int)rq->body_case) {
	case DPB__REQUEST__BODY_ACTORS:
	case DPB__REQUEST__BODY_ACTOR:
	case DPB__REQUEST__BODY_CLAIMS:
	case DPB__REQUEST__BODY_TIMELINE:
	case DPB__REQUEST__BODY_ARTICLES:
	case DPB__REQUEST__BODY_ATTRIBUTION:
	case DPB__REQUEST__BODY_INDICATORS:
	case DPB__REQUEST__BODY_SEARCH:
		return true;
	default:
		return false;
	}
}

static void key_of(const Dpb__Request *rq, dsr_buf *key)
{
	Dpb__Request r = *rq;
	r.id = 0;
	size_t n = dpb__request__get_packed_size(&r);
	if (dsr_buf_reserve(key, n) < 0)
		abort();   /* a daemon may die on ENOMEM */
	key->len = dpb__request__pack(&r, key->data);
}

/* Where the fields after the id begin in a framed Response, or 0. */
static size_t after_id(const uint8_t *p, size_t n)
{
	size_t i = DSR_FRAME_HDR;
	if (n <= i + 1 || p[i] != 0x08)
		return 0;
	for (i++; i < n && i < DSR_FRAME_HDR + 12; i++)
		if (!(p[i] & 0x80))
			return i + 1;
	return 0;
}

static void kept_free(struct kept *k)
{
	dsr_buf_free(&k->key);
	free(k);
}

/* Sends the kept fields as the answer to rq on c, and ends the request. */
static void answer(struct conn *c, Dpb__Request *rq, size_t reserve, const uint8_t *v,
		   size_t n)
{
	dsr_buf out = DSR_BUF_INIT;
	pbw_response_raw(&out, rq->id, v, n);
	conn_send_buf(c, &out);
	dsr_buf_free(&out);
	dpb__request__free_unpacked(rq, NULL);
	/* Released before conn_request_done, which may take the connection's
	 * next request and its reservation. */
	budget_release(c, reserve);
	conn_request_done(c);
}

bool kept_ask(struct conn *c, Dpb__Request *rq, struct kept **lead)
{
	struct server *srv = c->srv;
	*lead = NULL;
	if (srv->cfg.no_answers || !answer_keepable(rq))
		return false;
	uint64_t now = dsr_store_version(srv->store);
	struct kept *k = xcalloc(1, sizeof *k);
	key_of(rq, &k->key);
	k->version = now;
	k->tail = &k->waiters;
	size_t n;
	const uint8_t *v = answers_get(&srv->answers, now, k->key.data, k->key.len, &n);
	if (v) {
		answer(c, rq, conn_take_reserve(c), v, n);
		kept_free(k);
		return true;
	}
	for (struct kept *f = srv->flights; now && f; f = f->next) {
		if (f->version != now || f->key.len != k->key.len ||
		    memcmp(f->key.data, k->key.data, k->key.len))
			continue;
		struct kwait *w = xcalloc(1, sizeof *w);
		w->c = c;
		w->rq = rq;
		w->reserve = conn_take_reserve(c);
		conn_ref(c);
		*f->tail = w;
		f->tail = &w->next;
		srv->answers.hits++;   /* answered by another's read */
		srv->answers.misses--;
		kept_free(k);
		return true;
	}
	*lead = k;
	return false;
}

void kept_fly(struct server *srv, struct kept *lead)
{
	lead->next = srv->flights;
	srv->flights = lead;
}

void kept_land(struct server *srv, struct kept *k, uint64_t version, const dsr_buf *out)
{
	if (!k)
		return;
	size_t at = out ? after_id(out->data, out->len) : 0;
	if (at)
		answers_put(&srv->answers, version, k->key.data, k->key.len, out->data + at,
			    out->len - at);
	for (struct kept **p = &srv->flights; *p; p = &(*p)->next)
		if (*p == k) {
			*p = k->next;
			break;
		}
	struct kwait *w = k->waiters;
	while (w) {
		struct kwait *next = w->next;
		if (at)
			answer(w->c, w->rq, w->reserve, out->data + at, out->len - at);
		else {
			/* Run for itself, with the budget it reserved. */
			size_t r0 = conn_take_reserve(w->c);
			w->c->reserve = w->reserve;
			req_query_run(w->c, w->rq, NULL);
			w->c->reserve += r0;
		}
		conn_unref(w->c);
		free(w);
		w = next;
	}
	kept_free(k);
}
