/* texts.c: the corpus bench_scale files, and the variants made of it.
 *
 * A wire story is reprinted by many outlets over days and weeks; the
 * generated knowledge base files each text that way.  Article ids are a
 * hash of the text, so every variant ends with a trailer line of its own,
 * "ref. NNNNNNN": lower case (no name), a number of seven digits with
 * leading zeros (no year, no date), after a blank line (no sentence to
 * join).  Extracting every text of the shared corpora with and without it
 * gives the same actors, claims, times and dated entries. */
#include "scale.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "ingest.h"
#include "jsonparse.h"
#include "utf8.h"

const char *const sc_outlets[SC_NOUTLETS] = {
	"Associated Press", "Reuters", "Agence France-Presse", "NBC News",
	"CNN", "The New York Times", "The Washington Post", "BBC News",
	"The Guardian", "Los Angeles Times", "USA Today", "Bloomberg",
};

#define DEFAULT_DAY 16421      /* 2014-12-17 */
#define TRAILER_MAX 32
#define SPREAD_DAYS 35         /* reprints over five weeks */

void *sc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "bench_scale: out of memory\n");
		exit(1);
	}
	return p;
}

char *sc_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(sc_xmalloc(n), s, n);
}

void sc_hex(const uint8_t *p, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[p[i] >> 4];
		out[2 * i + 1] = d[p[i] & 15];
	}
	out[2 * n] = 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void sc_day_str(int day, char out[16])
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, 16, "%04u-%02u-%02u", (unsigned)(y + (m <= 2)) % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

/* A plausible date at s: YYYY-MM-DD or YYYYMMDD; -1 when there is none. */
static int date_at(const char *s)
{
	int y, m, d;
	if (isdigit((unsigned char)s[0]) && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	    s[4] == '-' && s[7] == '-') {
		/* as read */
	} else {
		for (int i = 0; i < 8; i++)
			if (!isdigit((unsigned char)s[i]))
				return -1;
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[4] - '0') * 10 + (s[5] - '0');
		d = (s[6] - '0') * 10 + (s[7] - '0');
	}
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return days_from_civil(y, m, d);
}

static int date_in_name(const char *name)
{
	for (const char *p = name; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > name && isdigit((unsigned char)p[-1])))
			continue;
		int day = date_at(p);
		if (day >= 0)
			return day;
	}
	return -1;
}

/* What ingest accepts (core/store/ingest.c): UTF-8 without control
 * characters but tab, LF and CR, with room left for the trailer. */
static bool text_ok(const uint8_t *p, size_t n)
{
	if (n == 0 || n > DSR_ARTICLE_MAX - TRAILER_MAX)
		return false;
	for (size_t i = 0; i < n;) {
		if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') || p[i] == 0x7f)
			return false;
		size_t l = dsr_utf8_valid_prefix(p + i, n - i);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	dsr_buf b = DSR_BUF_INIT;
	char chunk[65536];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (dsr_buf_append(&b, chunk, r) < 0 || b.len > DSR_ARTICLE_MAX) {
			dsr_buf_free(&b);
			fclose(f);
			return NULL;
		}
	}
	fclose(f);
	*len = b.len;
	return b.data ? b.data : sc_xmalloc(1);
}

/* The first line of the text when it reads as a headline: short, and at
 * the very start (a text that opens with blank lines has none). */
static char *first_line_title(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == '\n' || p[i] == '\r' || p[i] == ' '))
		i++;
	size_t e = i;
	while (e < n && p[e] != '\n' && p[e] != '\r')
		e++;
	if (i == e || e - i > 160 || i > 0)
		return sc_xstrdup("");
	char *t = sc_xmalloc(e - i + 1);
	memcpy(t, p + i, e - i);
	t[e - i] = 0;
	return t;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* gold.json's entry for file, or NULL. */
static const dsr_json *gold_doc(const dsr_json *gold, const char *file)
{
	const dsr_json *docs = gold ? dsr_json_get(gold, "docs") : NULL;
	if (!docs || docs->type != DSR_JSON_ARRAY)
		return NULL;
	for (const dsr_json *d = docs->child; d; d = d->next) {
		const dsr_json *f = dsr_json_get(d, "file");
		if (f && f->type == DSR_JSON_STRING && !strcmp(f->str, file))
			return d;
	}
	return NULL;
}

static const char *gold_str(const dsr_json *doc, const char *key)
{
	const dsr_json *v = doc ? dsr_json_get(doc, key) : NULL;
	return v && v->type == DSR_JSON_STRING ? v->str : NULL;
}

int sc_corpus_add(struct sc_corpus *c, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 5 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		if (dsr_grow((void **)&names, &cap, n + 1, sizeof *names) < 0)
			break;
		names[n++] = sc_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);

	char path[4096];
	snprintf(path, sizeof path, "%s/gold.json", dir);
	size_t glen = 0;
	uint8_t *graw = slurp(path, &glen);
	dsr_json *gold = NULL;
	if (graw && dsr_json_parse((const char *)graw, glen, &gold) < 0)
		gold = NULL;
	free(graw);

	int added = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		size_t len;
		uint8_t *text = slurp(path, &len);
		if (!text || !text_ok(text, len)) {
			fprintf(stderr, "bench_scale: skipping %s: empty, too big, or not "
				"valid UTF-8 text\n", path);
			free(text);
			c->skipped++;
			continue;
		}
		if (dsr_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v) < 0) {
			free(text);
			break;
		}
		const dsr_json *g = gold_doc(gold, names[i]);
		const char *pub = gold_str(g, "published");
		const char *title = gold_str(g, "title");
		struct sc_text *t = &c->v[c->n++];
		t->name = sc_xstrdup(names[i]);
		t->data = text;
		t->len = len;
		t->day = pub ? date_at(pub) : -1;
		if (t->day < 0)
			t->day = date_in_name(names[i]);
		if (t->day < 0)
			t->day = DEFAULT_DAY;
		t->title = title ? sc_xstrdup(title) : first_line_title(text, len);
		c->bytes += len;
		added++;
	}
	dsr_json_free(gold);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return added;
}

void sc_corpus_free(struct sc_corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].data);
		free(c->v[i].title);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

void sc_variant_make(const struct sc_corpus *c, uint64_t i, struct sc_variant *v)
{
	const struct sc_text *t = &c->v[i % c->n];
	uint64_t k = i / c->n;
	/* Outlets and days turn at different paces, so that a text's
	 * reprints meet every outlet on many days. */
	v->publisher = sc_outlets[(k * 5 + i % c->n) % SC_NOUTLETS];
	sc_day_str(t->day + (int)((k * 11 + i % 7) % SPREAD_DAYS), v->published);
	v->title = t->title;
	snprintf(v->name, sizeof v->name, "%.40s~%llu", t->name, (unsigned long long)k);
	v->text = sc_xmalloc(t->len + TRAILER_MAX);
	memcpy(v->text, t->data, t->len);
	size_t n = t->len;
	if (t->data[t->len - 1] != '\n')
		v->text[n++] = '\n';
	n += (size_t)snprintf((char *)v->text + n, TRAILER_MAX - 1, "\nref. %07llu\n",
			      (unsigned long long)(i + 1) % 10000000u);
	v->len = n;
}

void sc_variant_free(struct sc_variant *v)
{
	free(v->text);
	v->text = NULL;
}

uint8_t *sc_big_article(const struct sc_corpus *c, size_t max, size_t *len)
{
	uint8_t *p = sc_xmalloc(max);
	size_t n = 0;
	for (size_t i = 0;; i = (i + 1) % c->n) {
		const struct sc_text *t = &c->v[i];
		if (n + t->len + 2 > max) {
			/* The smallest text that still fits, so that the
			 * article ends just under max. */
			const struct sc_text *best = NULL;
			for (size_t j = 0; j < c->n; j++)
				if (n + c->v[j].len + 2 <= max && (!best || c->v[j].len > best->len))
					best = &c->v[j];
			if (!best)
				break;
			t = best;
		}
		memcpy(p + n, t->data, t->len);
		n += t->len;
		p[n++] = '\n';
		p[n++] = '\n';
	}
	*len = n;
	return p;
}
