/* bench_extract.c: extraction throughput in MB/s on the sample corpus.
 *
 * Reads the articles of ../shared/corpus/sony-2014 at run time (from
 * $DSR_SHARED, else ../shared, ../../shared or ../../../shared from the
 * current directory) and measures, on one core:
 *   (a) the articles one by one, as the daemon ingests them, repeated
 *       until at least 50 MB have been extracted;
 *   (b) the corpus concatenated into one document of at least 50 MB.
 * Each figure is printed beside the target, 20 MB/s.  The
 * baseline is a plain pass over the same bytes (a checksum), measured in
 * the same run, so the ratio shows the cost of extraction itself.
 */
#include "extract.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TARGET_MBS 20.0
#define MIN_BYTES ((size_t)50 << 20)

struct doc {
	char *text;
	size_t len;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *corpus_dir(void)
{
	static char path[4096];
	const char *env = getenv("DSR_SHARED");
	const char *cands[] = { env, "../shared", "../../shared", "../../../shared" };
	for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
		struct stat st;
		if (!cands[i])
			continue;
		snprintf(path, sizeof path, "%s/corpus/sony-2014", cands[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return path;
	}
	return NULL;
}

static size_t load(const char *dir, struct doc *docs, size_t max)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(ents[i]->d_name);
		if (k < max && l > 4 && strcmp(ents[i]->d_name + l - 4, ".txt") == 0) {
			char p[4352];
			snprintf(p, sizeof p, "%s/%s", dir, ents[i]->d_name);
			FILE *f = fopen(p, "rb");
			if (f) {
				fseek(f, 0, SEEK_END);
				long sz = ftell(f);
				fseek(f, 0, SEEK_SET);
				docs[k].text = malloc((size_t)sz + 1);
				if (docs[k].text && fread(docs[k].text, 1, (size_t)sz, f) == (size_t)sz) {
					docs[k].len = (size_t)sz;
					k++;
				}
				fclose(f);
			}
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
	return k;
}

static unsigned long long checksum(const char *s, size_t n)
{
	unsigned long long h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void report(const char *what, size_t bytes, double wall, double cputime,
		   double base_mbs)
{
	double mb = (double)bytes / 1e6;
	double mbs = mb / cputime;
	printf("%-34s %7.1f MB in %6.2f s (cpu %6.2f s): %7.1f MB/s  target %.0f MB/s  %s"
	       "  (%.0fx the checksum baseline's time)\n",
	       what, mb, wall, cputime, mbs, TARGET_MBS, mbs >= TARGET_MBS ? "ok" : "BELOW",
	       base_mbs / mbs);
}

int main(void)
{
	const char *dir = corpus_dir();
	if (!dir) {
		fprintf(stderr, "bench_extract: sample corpus not found (set DSR_SHARED)\n");
		return 77;
	}
	struct doc docs[16];
	size_t nd = load(dir, docs, 16), corpus = 0;
	for (size_t i = 0; i < nd; i++)
		corpus += docs[i].len;
	if (!nd || !corpus) {
		fprintf(stderr, "bench_extract: no articles in %s\n", dir);
		return 1;
	}
	printf("corpus: %zu articles, %zu bytes, from %s\n", nd, corpus, dir);
	struct dsr_extract_meta meta = { "2014-12-17", NULL, NULL, NULL, NULL, NULL };

	/* baseline: one pass over the same bytes */
	unsigned long long sink = 0;
	size_t done = 0;
	double c0 = cpu();
	while (done < MIN_BYTES)
		for (size_t i = 0; i < nd; i++, done += docs[i - 1].len)
			sink ^= checksum(docs[i].text, docs[i].len);
	double base_mbs = (double)done / 1e6 / (cpu() - c0 + 1e-9);

	/* (a) article by article */
	done = 0;
	size_t facts = 0;
	double w0 = now();
	c0 = cpu();
	while (done < MIN_BYTES) {
		for (size_t i = 0; i < nd; i++) {
			dsr_extraction *x = NULL;
			if (dsr_extract((const uint8_t *)docs[i].text, docs[i].len, &meta, &x)) {
				fprintf(stderr, "bench_extract: extraction failed\n");
				return 1;
			}
			facts += x->nactors + x->nclaims + x->ntimes + x->nevents;
			dsr_extraction_free(x);
			done += docs[i].len;
		}
	}
	report("(a) article by article", done, now() - w0, cpu() - c0, base_mbs);

	/* (b) one document of at least 50 MB */
	size_t big = 0, cap = MIN_BYTES + corpus + 16;
	char *doc = malloc(cap);
	if (!doc)
		return 1;
	while (big < MIN_BYTES)
		for (size_t i = 0; i < nd; i++) {
			memcpy(doc + big, docs[i].text, docs[i].len);
			big += docs[i].len;
			doc[big++] = '\n';
			doc[big++] = '\n';
		}
	dsr_extraction *x = NULL;
	w0 = now();
	c0 = cpu();
	if (dsr_extract((const uint8_t *)doc, big, &meta, &x)) {
		fprintf(stderr, "bench_extract: extraction of the big document failed\n");
		return 1;
	}
	report("(b) one document", big, now() - w0, cpu() - c0, base_mbs);
	printf("facts: %zu per pass over the corpus; big document: %zu actors, %zu claims, "
	       "%zu times, %zu events\n", facts / (done / corpus), x->nactors, x->nclaims,
	       x->ntimes, x->nevents);
	dsr_extraction_free(x);
	free(doc);
	for (size_t i = 0; i < nd; i++)
		free(docs[i].text);
	return sink == 42 ? 2 : 0;
}
