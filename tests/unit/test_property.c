/* test_property.c: views are a function of the set of events.  A few
 * thousand mixed events (every payload kind, several origins, the same
 * facts extracted twice and differently, concurrent analyst edits) are
 * applied in 100+ random orders and random batch sizes to fresh stores;
 * every store must end with the same digest, equal to the digest after a
 * rebuild from the log, and give the same brief, byte for byte (the brief
 * is made from the views: docs/brief.md). */
#include "test.h"
#include "evgen.h"
#include "error.h"
#include "export.h"
#include "store.h"

#include <stdlib.h>

#define NEVENTS 3000
#define NPERM 100

static void digest(dsr_store *s, uint8_t out[DSR_HASH_LEN])
{
	dsr_rtxn *t;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_store_digest(t, out));
	dsr_rtxn_end(t);
}

/* The brief in both formats, one after the other. */
static void brief(dsr_store *s, dsr_buf *out)
{
	dsr_rtxn *t;
	out->len = 0;
	ASSERT_OK(dsr_rtxn_begin(s, &t));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_BRIEF_MD, 0, out));
	ASSERT_OK(dsr_export(t, DSR_EXPORT_BRIEF_HTML, 0, out));
	dsr_rtxn_end(t);
}

static void apply_order(dsr_store *s, const evgen_list *l, const size_t *order,
			uint64_t *rng)
{
	dsr_op *ops = calloc(l->n, sizeof *ops);
	for (size_t i = 0; i < l->n;) {
		size_t n = 1 + evgen_rand(rng) % 300;
		if (n > l->n - i)
			n = l->n - i;
		for (size_t j = 0; j < n; j++) {
			ops[j].type = DSR_OP_RAW;
			ops[j].bytes = l->ev[order[i + j]].data;
			ops[j].len = l->ev[order[i + j]].len;
		}
		int r = dsr_store_apply(s, ops, n, 0);
		for (size_t j = 0; j < n && r != (int)n; j++)
			if (ops[j].status && ops[j].status != DSR_EDUP)
				fprintf(stderr, "op %zu of the batch: %s\n", j,
					test_strerror(ops[j].status));
		ASSERT_EQ(r, (int)n);
		i += n;
	}
	free(ops);
}

static int nperm = NPERM;

static void test_permutations(void)
{
	evgen_list l = { 0 };
	ASSERT_OK(evgen_mixed(&l, NEVENTS, 4, 2014));
	size_t *order = malloc(l.n * sizeof *order);
	uint8_t first[DSR_HASH_LEN], d[DSR_HASH_LEN];
	dsr_buf first_brief = DSR_BUF_INIT, b = DSR_BUF_INIT;
	uint64_t rng = 42;
	for (int p = 0; p < nperm; p++) {
		for (size_t i = 0; i < l.n; i++)
			order[i] = i;
		if (p > 0) /* the first run is in generation order */
			for (size_t i = l.n - 1; i > 0; i--) {
				size_t j = evgen_rand(&rng) % (i + 1);
				size_t t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		char dir[512];
		snprintf(dir, sizeof dir, "%s/perm%d", test_tmpdir(), p);
		dsr_store *s;
		dsr_store_opts o = { DSR_STORE_NOSYNC, 0 };
		ASSERT_OK(dsr_store_open(&s, dir, &o));
		apply_order(s, &l, order, &rng);
		digest(s, d);
		brief(s, &b);
		if (p == 0) {
			memcpy(first, d, sizeof d);
			ASSERT_OK(dsr_buf_append(&first_brief, b.data, b.len));
			/* a brief of something: judgments or events, and sources */
			ASSERT_OK(dsr_buf_cstr(&first_brief));
			ASSERT(strstr((char *)first_brief.data, "## Sources") != NULL);
			dsr_rtxn *t;
			dsr_store_stats st;
			ASSERT_OK(dsr_rtxn_begin(s, &t));
			ASSERT_OK(dsr_store_stats_get(t, &st));
			dsr_rtxn_end(t);
			printf("events %llu articles %llu actors %llu names %llu claims %llu "
			       "entries %llu notes %llu\n",
			       (unsigned long long)st.events, (unsigned long long)st.articles,
			       (unsigned long long)st.actors, (unsigned long long)st.names,
			       (unsigned long long)st.claims, (unsigned long long)st.entries,
			       (unsigned long long)st.notes);
			ASSERT_EQ(st.events, NEVENTS);
		} else if (memcmp(first, d, sizeof d) != 0) {
			TEST_FAIL("permutation %d gives a different digest", p);
		} else if (b.len != first_brief.len || memcmp(b.data, first_brief.data, b.len)) {
			TEST_FAIL("permutation %d gives a different brief (%zu bytes, not %zu)", p,
				  b.len, first_brief.len);
		}
		if (p % 10 == 0) {
			ASSERT_OK(dsr_store_rebuild(s));
			digest(s, d);
			if (memcmp(first, d, sizeof d) != 0)
				TEST_FAIL("rebuild after permutation %d differs", p);
			brief(s, &b);
			if (b.len != first_brief.len || memcmp(b.data, first_brief.data, b.len))
				TEST_FAIL("the brief after a rebuild (permutation %d) differs", p);
		}
		dsr_store_close(s);
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			TEST_FAIL("cannot remove %s", dir);
	}
	printf("property: %d orders of %zu events, one digest, one brief of %zu bytes\n",
	       nperm, l.n, first_brief.len);
	dsr_buf_free(&first_brief);
	dsr_buf_free(&b);
	free(order);
	evgen_list_free(&l);
}

static const struct test_case cases[] = {
	TEST_CASE(permutations),
};

/* test_property [N] [--list | CASE...]: N orders instead of NPERM. */
int main(int argc, char **argv)
{
	if (argc > 1 && argv[1][0] >= '0' && argv[1][0] <= '9') {
		nperm = atoi(argv[1]);
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	TEST_ARGS(argc, argv, cases);
	test_run();
	return 0;
}
