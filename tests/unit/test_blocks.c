/* test_blocks.c: the search index's postings packed in blocks
 * (core/store/blocks.c), checked against a plain sorted set of items:
 * after batches of inserts, overwrites and removals in random order, the
 * items read back are the set's, the blocks begin where the rule says and
 * nowhere else, the bytes are those of the same set written in one sorted
 * batch, and the cursor's find, seek and step agree with the set; blocks
 * that do not decode are refused. */
#include "test.h"
#include "error.h"
#include "store/api.h"
#include "base/api.h"

#include <lmdb.h>
#include <stdlib.h>
#include <string.h>

#define SUB DSR__BLOCK_SUB

static uint64_t rng = 0x243f6a8885a308d3ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* ---- the reference: a sorted set of (sub, value) per prefix -------------- */

struct item {
	uint8_t sub[SUB];
	uint32_t vlen;
	uint8_t *val;
};

struct set {
	struct item *v;
	size_t n, cap;
};

static long set_find(const struct set *s, const uint8_t *sub)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = memcmp(s->v[mid].sub, sub, SUB);
		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

static void set_put(struct set *s, const uint8_t *sub, const uint8_t *val, uint32_t vlen)
{
	long at = set_find(s, sub);
	if (at < 0) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->v = realloc(s->v, s->cap * sizeof *s->v);
			ASSERT(s->v);
		}
		size_t ins = (size_t)(-at - 1);
		memmove(&s->v[ins + 1], &s->v[ins], (s->n - ins) * sizeof *s->v);
		s->n++;
		at = (long)ins;
		memcpy(s->v[at].sub, sub, SUB);
		s->v[at].val = NULL;
	}
	free(s->v[at].val);
	s->v[at].val = malloc(vlen ? vlen : 1);
	ASSERT(s->v[at].val);
	memcpy(s->v[at].val, val, vlen);
	s->v[at].vlen = vlen;
}

static void set_del(struct set *s, const uint8_t *sub)
{
	long at = set_find(s, sub);
	if (at < 0)
		return;
	free(s->v[at].val);
	memmove(&s->v[at], &s->v[at + 1], (s->n - (size_t)at - 1) * sizeof *s->v);
	s->n--;
}

static void set_free(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].val);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- the store ----------------------------------------------------------------- */

static MDB_env *env;
static MDB_dbi db_a, db_b;

static void env_open(void)
{
	ASSERT_OK(mdb_env_create(&env));
	ASSERT_OK(mdb_env_set_maxdbs(env, 4));
	ASSERT_OK(mdb_env_set_mapsize(env, (size_t)1 << 30));
	ASSERT_OK(mdb_env_open(env, test_tmpdir(), MDB_NOSYNC, 0600));
	MDB_txn *txn;
	ASSERT_OK(mdb_txn_begin(env, NULL, 0, &txn));
	ASSERT_OK(mdb_dbi_open(txn, "a", MDB_CREATE, &db_a));
	ASSERT_OK(mdb_dbi_open(txn, "b", MDB_CREATE, &db_b));
	ASSERT_OK(mdb_txn_commit(txn));
}

static const char *const prefixes[] = { "alpha", "alphabet", "b", "zz" };
#define NPFX 4

static size_t pfx_of(int p, uint8_t *out)
{
	size_t n = strlen(prefixes[p]);
	memcpy(out, prefixes[p], n + 1);
	return n + 1;
}

/* A document's sub: a clock (8 bytes, big-endian) then 17 random bytes. */
static void make_sub(uint8_t sub[SUB], uint64_t clock)
{
	for (int i = 0; i < 8; i++)
		sub[i] = (uint8_t)(clock >> (56 - 8 * i));
	for (int i = 8; i < SUB; i++)
		sub[i] = (uint8_t)next_rand();
}

static uint32_t make_val(uint8_t *val)
{
	uint64_t r = next_rand() % 100;
	uint32_t n = r < 3 ? 3000 : r < 10 ? 256 + (uint32_t)(next_rand() % 200)
					  : 1 + (uint32_t)(next_rand() % 40);
	for (uint32_t i = 0; i < n; i++)
		val[i] = (uint8_t)next_rand();
	return n;
}

struct change {
	uint8_t sub[SUB];
	uint8_t val[3000];
	uint32_t vlen;
	bool tomb;
};

static int change_cmp(const void *a, const void *b)
{
	return memcmp(((const struct change *)a)->sub, ((const struct change *)b)->sub, SUB);
}

/* Applies ch[0 .. n) (sorted; a sub twice keeps the last) to prefix p of
 * table dbi in one transaction. */
static void apply(MDB_dbi dbi, int p, struct change *ch, size_t n)
{
	dsr__bchange *bc = calloc(n ? n : 1, sizeof *bc);
	ASSERT(bc);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && !memcmp(ch[i].sub, ch[i + 1].sub, SUB))
			continue;
		bc[m++] = (dsr__bchange){ ch[i].sub, ch[i].val, ch[i].vlen, ch[i].tomb };
	}
	uint8_t pfx[DSR__BLOCK_KEY_MAX];
	size_t plen = pfx_of(p, pfx);
	MDB_txn *txn;
	MDB_cursor *c;
	ASSERT_OK(mdb_txn_begin(env, NULL, 0, &txn));
	ASSERT_OK(mdb_cursor_open(txn, dbi, &c));
	ASSERT_OK(dsr__blocks_apply(c, pfx, plen, bc, m));
	mdb_cursor_close(c);
	ASSERT_OK(mdb_txn_commit(txn));
	free(bc);
}

/* The rule, restated: where the reference set's blocks begin. */
static bool starts(const struct set *s, size_t i)
{
	return i == 0 || s->v[i].vlen >= 256 || s->v[i - 1].vlen >= 256 ||
	       dsr__hash(s->v[i].sub, SUB) >> 60 == 0;
}

/* A read transaction and a cursor over prefix p of table dbi. */
static MDB_txn *read_prefix(MDB_dbi dbi, int p, dsr__bcur *bc, uint8_t *pfx, size_t *plen)
{
	*plen = pfx_of(p, pfx);
	MDB_txn *txn;
	ASSERT_OK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	ASSERT_OK(dsr__bcur_open(bc, txn, dbi, pfx, *plen));
	return txn;
}

/* Every item of prefix p read back newest first, and every record's key,
 * against the set. */
static void check_prefix(MDB_dbi dbi, int p, const struct set *s)
{
	uint8_t pfx[DSR__BLOCK_KEY_MAX];
	size_t plen;
	dsr__bcur bc;
	MDB_txn *txn = read_prefix(dbi, p, &bc, pfx, &plen);
	ASSERT_OK(dsr__bcur_find_back(&bc, NULL));
	size_t i = s->n;
	while (!bc.done) {
		ASSERT(i > 0);
		i--;
		const dsr__bitem *it = dsr__bcur_item(&bc);
		ASSERT_MEM(it->sub, s->v[i].sub, SUB);
		ASSERT_EQ(it->vlen, s->v[i].vlen);
		ASSERT_MEM(it->val, s->v[i].val, it->vlen);
		ASSERT_OK(dsr__bcur_prev(&bc));
	}
	ASSERT_EQ(i, 0);
	dsr__bcur_close(&bc);
	/* the records: one per start of the rule, keyed by it */
	MDB_cursor *c;
	ASSERT_OK(mdb_cursor_open(txn, dbi, &c));
	MDB_val k = { plen, pfx }, v;
	int r = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	size_t at = 0;
	for (; r == 0 && k.mv_size == plen + SUB && !memcmp(k.mv_data, pfx, plen);
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		while (at < s->n && !starts(s, at))
			at++;
		ASSERT(at < s->n);
		ASSERT_MEM((const uint8_t *)k.mv_data + plen, s->v[at].sub, SUB);
		at++;
	}
	while (at < s->n)
		ASSERT(!starts(s, at++));
	mdb_cursor_close(c);
	mdb_txn_abort(txn);
}

/* The cursor's find and seek against the set, from random places. */
static void check_seeks(MDB_dbi dbi, int p, const struct set *s)
{
	uint8_t pfx[DSR__BLOCK_KEY_MAX];
	size_t plen;
	dsr__bcur bc;
	MDB_txn *txn = read_prefix(dbi, p, &bc, pfx, &plen);
	for (int round = 0; round < 400 && s->n; round++) {
		/* from an item or just past it, or anywhere */
		uint8_t target[SUB];
		size_t pick = (size_t)(next_rand() % s->n);
		memcpy(target, s->v[pick].sub, SUB);
		if (round % 3 == 1)
			target[SUB - 1]++;   /* between items, mostly */
		else if (round % 3 == 2)
			make_sub(target, next_rand() % 100000);
		long at = set_find(s, target);
		long want = at >= 0 ? at : -at - 2;   /* the last item <= target */
		ASSERT_OK(dsr__bcur_find_back(&bc, target));
		ASSERT_EQ(bc.done, want < 0);
		if (want >= 0)
			ASSERT_MEM(dsr__bcur_sub(&bc), s->v[want].sub, SUB);
		/* from the newest, seeking back */
		ASSERT_OK(dsr__bcur_find_back(&bc, NULL));
		ASSERT_OK(dsr__bcur_seek_back(&bc, target));
		ASSERT_EQ(bc.done, want < 0);
		if (want >= 0)
			ASSERT_MEM(dsr__bcur_sub(&bc), s->v[want].sub, SUB);
		/* from a few items later, seeking back */
		if (want >= 0 && (size_t)want + 3 < s->n) {
			ASSERT_OK(dsr__bcur_find_back(&bc, s->v[want + 3].sub));
			ASSERT_OK(dsr__bcur_seek_back(&bc, target));
			ASSERT_MEM(dsr__bcur_sub(&bc), s->v[want].sub, SUB);
		}
	}
	dsr__bcur_close(&bc);
	mdb_txn_abort(txn);
}

/* Every record of one table, hashed with its key. */
static void records(MDB_dbi dbi, uint8_t out[32])
{
	MDB_txn *txn;
	ASSERT_OK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	MDB_cursor *c;
	ASSERT_OK(mdb_cursor_open(txn, dbi, &c));
	MDB_val k, v;
	uint64_t h[4] = { 1, 2, 3, 4 };
	size_t n = 0;
	for (int r = mdb_cursor_get(c, &k, &v, MDB_FIRST); r == 0;
	     r = mdb_cursor_get(c, &k, &v, MDB_NEXT), n++) {
		h[0] = h[0] * 31 + dsr__hash(k.mv_data, k.mv_size);
		h[1] = h[1] * 37 + dsr__hash(v.mv_data, v.mv_size);
		h[2] += k.mv_size;
		h[3] += v.mv_size;
	}
	ASSERT_INT(n, >, 0);
	memcpy(out, h, 32);
	mdb_cursor_close(c);
	mdb_txn_abort(txn);
}

static struct set sets[NPFX];

/* Batches of changes in random order: appends of new documents (most),
 * documents of the past, overwrites and removals; a plain record of
 * another kind between the prefixes ("\0" and a sub, as the stop maps). */
static void test_batches(void)
{
	env_open();
	{
		MDB_txn *txn;
		ASSERT_OK(mdb_txn_begin(env, NULL, 0, &txn));
		uint8_t k[1 + SUB];
		k[0] = 0;
		make_sub(k + 1, 5);
		MDB_val kv = { sizeof k, k }, vv = { 3, "map" };
		ASSERT_OK(mdb_put(txn, db_a, &kv, &vv, 0));
		ASSERT_OK(mdb_put(txn, db_b, &kv, &vv, 0));
		ASSERT_OK(mdb_txn_commit(txn));
	}
	uint64_t clock = 1000;
	size_t cap = 64;
	struct change *ch = malloc(cap * sizeof *ch);
	ASSERT(ch);
	size_t ops = 0, removed = 0, past = 0;
	for (int batch = 0; batch < 600; batch++) {
		int p = (int)(next_rand() % NPFX);
		struct set *s = &sets[p];
		size_t n = 1 + (size_t)(next_rand() % (batch % 10 == 0 ? 60 : 6));
		for (size_t i = 0; i < n; i++) {
			struct change *c = &ch[i];
			uint64_t r = next_rand() % 100;
			c->tomb = false;
			if (r < 60 || !s->n) {
				make_sub(c->sub, clock += 1 + next_rand() % 5);
			} else if (r < 75) {
				make_sub(c->sub, next_rand() % clock);
				past++;
			} else {
				memcpy(c->sub, s->v[next_rand() % s->n].sub, SUB);
				c->tomb = r >= 88;
			}
			c->vlen = c->tomb ? 0 : make_val(c->val);
		}
		/* stable: of a sub twice, the later wins, in the set as in
		 * the table */
		for (size_t i = 0; i < n; i++)
			if (ch[i].tomb)
				set_del(s, ch[i].sub), removed++;
			else
				set_put(s, ch[i].sub, ch[i].val, ch[i].vlen);
		for (size_t i = 1; i < n; i++)   /* insertion sort keeps ties in order */
			for (size_t j = i; j > 0 && change_cmp(&ch[j - 1], &ch[j]) > 0; j--) {
				struct change t = ch[j];
				ch[j] = ch[j - 1];
				ch[j - 1] = t;
			}
		apply(db_a, p, ch, n);
		ops += n;
		if (batch % 50 == 49)
			for (int q = 0; q < NPFX; q++)
				check_prefix(db_a, q, &sets[q]);
	}
	ASSERT_INT(removed, >, 100);
	ASSERT_INT(past, >, 100);
	size_t blocks = 0, items = 0;
	for (int q = 0; q < NPFX; q++) {
		check_prefix(db_a, q, &sets[q]);
		check_seeks(db_a, q, &sets[q]);
		items += sets[q].n;
		for (size_t i = 0; i < sets[q].n; i++)
			blocks += starts(&sets[q], i);
	}
	ASSERT_INT(items, >, 1000);
	ASSERT_INT(blocks * 4, <, items);   /* several items a block */
	/* the same sets in one sorted batch per prefix: the same bytes */
	for (int q = 0; q < NPFX; q++) {
		struct change *all = malloc((sets[q].n + 1) * sizeof *all);
		ASSERT(all);
		for (size_t i = 0; i < sets[q].n; i++) {
			memcpy(all[i].sub, sets[q].v[i].sub, SUB);
			memcpy(all[i].val, sets[q].v[i].val, sets[q].v[i].vlen);
			all[i].vlen = sets[q].v[i].vlen;
			all[i].tomb = false;
		}
		apply(db_b, q, all, sets[q].n);
		free(all);
	}
	uint8_t ha[32], hb[32];
	records(db_a, ha);
	records(db_b, hb);
	ASSERT_MEM(ha, hb, 32);
	/* removing every item leaves no record of the prefix */
	{
		struct set *s = &sets[2];
		struct change *all = malloc((s->n + 1) * sizeof *all);
		ASSERT(all);
		for (size_t i = 0; i < s->n; i++) {
			memcpy(all[i].sub, s->v[i].sub, SUB);
			all[i].tomb = true;
			all[i].vlen = 0;
		}
		apply(db_a, 2, all, s->n);
		free(all);
		struct set empty = { 0 };
		check_prefix(db_a, 2, &empty);
		for (int q = 0; q < NPFX; q++)
			if (q != 2)
				check_prefix(db_a, q, &sets[q]);
	}
	fprintf(stderr, "  %zu changes, %zu items in %zu blocks\n", ops, items, blocks);
	free(ch);
}

/* A record that does not decode is refused by the reader and the writer
 * alike, whatever its bytes; a whole block cut anywhere is one. */
static void test_corrupt(void)
{
	uint8_t pfx[DSR__BLOCK_KEY_MAX];
	size_t plen = pfx_of(3, pfx);   /* "zz": the table's last prefix */
	MDB_txn *txn;
	MDB_cursor *c;
	/* a block of three items, as written */
	ASSERT_OK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	dsr__bcur bc;
	ASSERT_OK(dsr__bcur_open(&bc, txn, db_a, pfx, plen));
	ASSERT_OK(dsr__bcur_find_back(&bc, NULL));
	ASSERT(!bc.done);
	uint8_t key[DSR__BLOCK_KEY_MAX];
	memcpy(key, pfx, plen);
	memcpy(key + plen, bc.b.v[0].sub, SUB);
	MDB_val k = { plen + SUB, key }, v;
	ASSERT_OK(mdb_get(txn, db_a, &k, &v));
	size_t len = v.mv_size;
	uint8_t *whole = malloc(len);
	ASSERT(whole);
	memcpy(whole, v.mv_data, len);
	/* where its items end: a cut there leaves a block of fewer items */
	bool *ends = calloc(len + 1, sizeof *ends);
	ASSERT(ends);
	size_t off = 0;
	for (size_t i = 0; i < bc.b.n; i++) {
		size_t shared = 0;
		while (i && shared < SUB && bc.b.v[i].sub[shared] == bc.b.v[i - 1].sub[shared])
			shared++;
		off += 1 + (i ? SUB - shared : 0) + bc.b.v[i].vlen;
		for (uint32_t l = bc.b.v[i].vlen; ; l >>= 7) {
			off++;
			if (l < 0x80)
				break;
		}
		ends[off] = true;
	}
	ASSERT_EQ(off, len);
	ASSERT_INT(bc.b.n, >=, 2);
	dsr__bcur_close(&bc);
	mdb_txn_abort(txn);
	for (size_t cut = 0; cut <= len; cut++) {
		for (int flip = 0; flip < 2; flip++) {
			if (flip && cut == len)
				continue;
			uint8_t *bytes = malloc(len + 1);
			ASSERT(bytes);
			memcpy(bytes, whole, len);
			size_t n = cut;
			if (flip) {   /* whole, one byte changed */
				n = len;
				bytes[cut] ^= 0xa5;
			}
			ASSERT_OK(mdb_txn_begin(env, NULL, 0, &txn));
			MDB_val nv = { n, bytes };
			ASSERT_OK(mdb_put(txn, db_a, &k, &nv, 0));
			ASSERT_OK(dsr__bcur_open(&bc, txn, db_a, pfx, plen));
			int r = dsr__bcur_find_back(&bc, key + plen);
			dsr__bcur_close(&bc);
			/* cut short: refused, unless between items; changed:
			 * refused or read as other items, never past the
			 * bytes */
			if (!flip)
				ASSERT_EQ(r, ends[cut] ? 0 : MDB_CORRUPTED);
			ASSERT(r == 0 || r == MDB_CORRUPTED);
			ASSERT_OK(mdb_cursor_open(txn, db_a, &c));
			uint8_t sub[SUB];
			memcpy(sub, key + plen, SUB);
			sub[SUB - 1] ^= 1;
			dsr__bchange one = { sub, (const uint8_t *)"x", 1, false };
			r = dsr__blocks_apply(c, pfx, plen, &one, 1);
			if (!flip)
				ASSERT_EQ(r, ends[cut] ? 0 : MDB_CORRUPTED);
			ASSERT(r == 0 || r == MDB_CORRUPTED);
			mdb_cursor_close(c);
			mdb_txn_abort(txn);
			free(bytes);
		}
	}
	free(whole);
	free(ends);
}

/* A block of a thousand items (none of whose keys begins a block but the
 * first), filed newest first in batches of ten: decoding and rewriting a
 * block larger than the room first made for it. */
static void test_long_block(void)
{
	struct set s = { 0 };
	static struct change ch[1000];
	size_t n = 0;
	for (uint64_t clock = 1; n < 1000; clock++) {
		make_sub(ch[n].sub, clock);
		if (n && dsr__hash(ch[n].sub, SUB) >> 60 == 0)
			continue;
		ch[n].vlen = 1 + (uint32_t)(next_rand() % 8);
		memset(ch[n].val, (int)n, ch[n].vlen);
		ch[n].tomb = false;
		n++;
	}
	/* "alphabet" (prefix 1) emptied first, then filled with these */
	for (size_t i = 0; i < sets[1].n; i++) {
		struct change del = { .tomb = true };
		memcpy(del.sub, sets[1].v[i].sub, SUB);
		apply(db_b, 1, &del, 1);
	}
	for (size_t i = 0; i < n; i += 10) {
		size_t from = n - i - 10;
		apply(db_b, 1, &ch[from], 10);
		for (size_t j = from; j < from + 10; j++)
			set_put(&s, ch[j].sub, ch[j].val, ch[j].vlen);
	}
	check_prefix(db_b, 1, &s);
	check_seeks(db_b, 1, &s);
	MDB_txn *txn;
	ASSERT_OK(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn));
	MDB_stat st;
	ASSERT_OK(mdb_stat(txn, db_b, &st));
	mdb_txn_abort(txn);
	ASSERT_INT(st.ms_overflow_pages, >, 0);   /* one record of some 20 KB */
	set_free(&s);
}

static const struct test_case cases[] = {
	TEST_CASE(batches),
	TEST_STEP(corrupt),
	TEST_STEP(long_block),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, cases);
	test_run();
	for (int q = 0; q < NPFX; q++)
		set_free(&sets[q]);
	if (env)
		mdb_env_close(env);
	puts("blocks: ok");
	return 0;
}
