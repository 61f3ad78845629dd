/* import_batch.c: an export's events cut into Append requests (see
 * import_batch.h).  The daemon stores a client's events of an origin only
 * as a run that ends at a signed head of that origin, and a request is at
 * most a frame; so per origin the events are cut into parts that each end
 * at a head the export carries, and parts are packed into requests.  The
 * export signs its own origins' heads where a sync would cut a batch (at
 * most 8 MiB apart) and passes on the checkpoints others signed, so parts
 * normally fit a request with room to spare. */
#include "import_batch.h"
#include "client.h"
#include "repl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Bytes an event or a head adds to a request: itself, a tag and a length. */
#define EV_COST(len) ((len) + 8)
#define HEAD_COST (DSR_HEAD_LEN + 8)

/* An event as sorted: by origin (those that do not decode last), then in
 * document order, which is each origin's seq order in an export. */
struct key {
	const uint8_t *origin;
	uint64_t seq;
	size_t idx;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	if (!x->origin != !y->origin)
		return x->origin ? -1 : 1;
	int c = x->origin ? memcmp(x->origin, y->origin, DSR_ORIGIN_LEN) : 0;
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static bool same_origin(const uint8_t *a, const uint8_t *b)
{
	return a && b ? !memcmp(a, b, DSR_ORIGIN_LEN) : a == b;
}

struct cut {
	const struct imp *im;
	size_t max_events, max_bytes;
	imp_send_fn send;
	void *ctx;
	/* The request being filled. */
	size_t *idx, n;
	dsr_head *h;
	size_t nh, caph, bytes;
	const uint8_t *last_origin;   /* of its last part */
};

static int flush(struct cut *c)
{
	int rc = c->n ? c->send(c->ctx, c->idx, c->n, c->h, c->nh) : 0;
	c->n = c->nh = c->bytes = 0;
	c->last_origin = NULL;
	return rc;
}

static void put_event(struct cut *c, size_t idx)
{
	c->idx[c->n++] = idx;
	c->bytes += EV_COST(c->im->len[idx]);
}

static void put_head(struct cut *c, const dsr_head *h)
{
	if (c->nh == c->caph) {
		c->caph = c->caph ? 2 * c->caph : 64;
		c->h = xrealloc(c->h, c->caph * sizeof *c->h);
	}
	c->h[c->nh++] = *h;
	c->bytes += HEAD_COST;
}

/* A part bigger than a request, split: only its last request can carry
 * the head, so the daemon refuses the others (unless it holds them). */
static int add_split(struct cut *c, const struct key *k, size_t n, const dsr_head *h)
{
	int rc = flush(c);
	for (size_t i = 0; i < n && !rc; i++) {
		size_t cost = EV_COST(c->im->len[k[i].idx]);
		if (c->n && (c->n == c->max_events ||
			     c->bytes + cost + (h ? HEAD_COST : 0) > c->max_bytes))
			rc = flush(c);
		put_event(c, k[i].idx);
	}
	if (!rc && h)
		put_head(c, h);
	return rc ? rc : flush(c);
}

/* Adds one origin's part k[0..n) ending at head h (NULL: none; origin
 * NULL: events that do not decode). */
static int add_part(struct cut *c, const struct key *k, size_t n, const uint8_t *origin,
		    const dsr_head *h)
{
	size_t bytes = h ? HEAD_COST : 0;
	for (size_t i = 0; i < n; i++)
		bytes += EV_COST(c->im->len[k[i].idx]);
	if (n > c->max_events || bytes > c->max_bytes)
		return add_split(c, k, n, h);
	/* The daemon takes a request's events of one origin as one run to
	 * one head: a part without a head must not follow a part with one. */
	bool same = origin && same_origin(origin, c->last_origin);
	int rc = 0;
	if (c->n + n > c->max_events || c->bytes + bytes > c->max_bytes || (!h && same))
		rc = flush(c);
	for (size_t i = 0; i < n; i++)
		put_event(c, k[i].idx);
	if (h)
		put_head(c, h);
	c->last_origin = origin;
	return rc;
}

static const dsr_head *find_head(const dsr_head *hs, size_t nh, const uint8_t *origin,
				 uint64_t seq)
{
	dsr_head key;
	memcpy(key.origin, origin, DSR_ORIGIN_LEN);
	key.seq = seq;
	return bsearch(&key, hs, nh, sizeof *hs, dsr_head_cmp);
}

int imp_batches(const struct imp *im, size_t max_events, size_t max_bytes,
		imp_send_fn send, void *ctx)
{
	struct key *k = xcalloc(im->n + 1, sizeof *k);
	dsr_head *hs = xcalloc(im->nh + 1, sizeof *hs);
	struct cut c = { .im = im, .max_events = max_events, .max_bytes = max_bytes,
			 .send = send, .ctx = ctx, .idx = xcalloc(max_events + 1, sizeof *c.idx) };
	for (size_t i = 0; i < im->n; i++) {
		dsr_envelope e;
		bool ok = !dsr_envelope_scan(im->ev[i], im->len[i], &e) &&
			  e.origin_len == DSR_ORIGIN_LEN;
		k[i] = (struct key){ ok ? e.origin : NULL, ok ? e.seq : 0, i };
	}
	qsort(k, im->n, sizeof *k, key_cmp);
	if (im->nh)
		memcpy(hs, im->heads, im->nh * sizeof *hs);
	qsort(hs, im->nh, sizeof *hs, dsr_head_cmp);
	int rc = 0;
	for (size_t i = 0; i < im->n && !rc;) {
		const uint8_t *o = k[i].origin;
		size_t j = i + 1;
		while (j < im->n && same_origin(o, k[j].origin))
			j++;
		size_t start = i;
		for (size_t x = i; o && x < j && !rc; x++) {
			const dsr_head *h = find_head(hs, im->nh, o, k[x].seq);
			if (h) {
				rc = add_part(&c, k + start, x + 1 - start, o, h);
				start = x + 1;
			}
		}
		if (!rc && start < j)
			rc = add_part(&c, k + start, j - start, o, NULL);
		i = j;
	}
	if (!rc)
		rc = flush(&c);
	free(c.idx);
	free(c.h);
	free(hs);
	free(k);
	return rc;
}
