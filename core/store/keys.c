/* keys.c: how records are named in the tables: the v.fact key of a fact,
 * "a \0 b" composite keys, and the stamps by which views record events
 * (see store/api.h). */
#include "store/api.h"
#include "base/api.h"

#include <errno.h>
#include <string.h>

#define HALF (DSR_ID_LEN / 2)

void dsr__fkey(uint8_t out[DSR__FKEY_LEN], int db, const uint8_t id[DSR_ID_LEN])
{
	memcpy(out, id, HALF);
	out[HALF] = (uint8_t)(db - DSR__DB_COUNT);
	memcpy(out + HALF + 1, id + HALF, HALF);
}

bool dsr__fkey_parse(const MDB_val *k, int *db, uint8_t id[DSR_ID_LEN])
{
	const uint8_t *p = k->mv_data;
	if (k->mv_size != DSR__FKEY_LEN || p[HALF] >= DSR__DB_FACT_END - DSR__DB_COUNT)
		return false;
	*db = DSR__DB_COUNT + p[HALF];
	memcpy(id, p, HALF);
	memcpy(id + HALF, p + HALF + 1, HALF);
	return true;
}

int dsr__stamp_cmp(const dsr__stamp *a, const dsr__stamp *b)
{
	if (a->hlc != b->hlc)
		return a->hlc < b->hlc ? -1 : 1;
	if (a->origin != b->origin)
		return a->origin < b->origin ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

int dsr__stamp_cmp_pb(const dsr__stamp *a, const Dpb__Stamp *b)
{
	dsr__stamp s = dsr__stamp_from_pb(b);
	return dsr__stamp_cmp(a, &s);
}

void dsr__stamp_to_pb(const dsr__stamp *a, Dpb__Stamp *pb)
{
	dpb__stamp__init(pb);
	pb->hlc = a->hlc;
	pb->origin = a->origin;
	pb->seq = a->seq;
}

uint64_t dsr__origin8(const uint8_t *origin)
{
	return dsr__get_be64(origin);
}

dsr__stamp dsr__stamp_of(const Dpb__Event *ev)
{
	dsr__stamp s = { ev->hlc, dsr__origin8(ev->origin.data), ev->seq };
	return s;
}

dsr__stamp dsr__stamp_from_pb(const Dpb__Stamp *pb)
{
	dsr__stamp s = { pb->hlc, pb->origin, pb->seq };
	return s;
}

int dsr__key2(dsr_buf *k, const void *a, size_t alen, const void *b, size_t blen)
{
	k->len = 0;
	if (dsr_buf_reserve(k, alen + blen + 1))
		return -ENOMEM;
	memcpy(k->data, a, alen);
	k->data[alen] = 0;
	memcpy(k->data + alen + 1, b, blen);
	k->len = alen + 1 + blen;
	return 0;
}

void dsr__stamp_bytes(uint8_t out[24], const dsr__stamp *s)
{
	dsr__put_be64(out, s->hlc);
	dsr__put_be64(out + 8, s->origin);
	dsr__put_be64(out + 16, s->seq);
}
