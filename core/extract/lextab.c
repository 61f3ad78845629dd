/* lextab.c: builds the phrase table from the embedded lexicon files (see
 * lextab.h).  Each file has its own small line format, described at the top
 * of the file itself; the common shape is "alt|alt|... ; field ; field" with
 * '#' comments. */
#include "lextab.h"
#include "impl.h"
#include "model/api.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct dsr__lex {
	struct dsr__pool *A;
	/* interned words: id i (1-based) is wstr[i] */
	const char **wstr;
	uint32_t *wlen;
	size_t nw, wcap, lcap;
	uint32_t *wslot;      /* hash slots -> word id */
	size_t wslots;
	/* trie edges: (node << 32 | word) -> child */
	uint64_t *ekey;
	uint32_t *eval;
	size_t eslots, nedges;
	uint32_t nnodes;
	/* payloads, sorted by node once built */
	struct dsr__lexpay *pay;
	uint32_t *paynode;
	size_t npay, paycap;
	uint32_t *nodepay;    /* nnodes + 1 offsets into pay */
	uint64_t *nodemask;
	uint32_t *wnode;      /* per word: its node under the root, 0 if none */
	uint64_t *wfirst;     /* per word: types of all phrases starting with it */
	struct dsr__country *countries;
	size_t ncountries, ccap;
	struct dsr__gov *govs;
	size_t ngovs, gcap;
	const char **outlets;
	size_t noutlets, ocap;
	struct dsr__holiday *hols;
	size_t nhols, hcap;
	struct dsr__boiler *boil;
	size_t nboil, bcap;
	const char **acts;       /* act class names, by id */
	size_t nacts, acap;
	uint16_t *bidx;          /* "contains" patterns grouped by first byte */
	uint16_t bstart[257];
	uint32_t ascii[128];     /* word ids of one-character words */
};

size_t dsr__fold(const uint8_t *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint8_t b = s[i];
		if (o + 4 >= cap)
			return 0;
		if (b < 0x80) {
			out[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			i++;
		} else if (b == 0xc3 && i + 1 < n && s[i + 1] >= 0x80 &&
			   s[i + 1] <= 0x9e && s[i + 1] != 0x97) {
			/* Latin-1 capitals: U+00C0..U+00DE */
			out[o++] = (char)0xc3;
			out[o++] = (char)(s[i + 1] + 0x20);
			i += 2;
		} else if (b == 0xe2 && i + 2 < n && s[i + 1] == 0x80 &&
			   (s[i + 2] == 0x98 || s[i + 2] == 0x99)) {
			out[o++] = '\'';
			i += 3;
		} else if (b == 0xe2 && i + 2 < n && s[i + 1] == 0x80 &&
			   (s[i + 2] == 0x90 || s[i + 2] == 0x91)) {
			out[o++] = '-';
			i += 3;
		} else {
			out[o++] = (char)b;
			i++;
		}
	}
	out[o] = 0;
	return o;
}

uint32_t dsr__lex_word(const struct dsr__lex *L, const char *w, size_t n)
{
	if (!L->wslots)
		return 0;
	size_t mask = L->wslots - 1, h = (size_t)dsr__hash(w, n) & mask;
	for (;;) {
		uint32_t id = L->wslot[h];
		if (!id)
			return 0;
		if (L->wlen[id] == n && memcmp(L->wstr[id], w, n) == 0)
			return id;
		h = (h + 1) & mask;
	}
}

static int wslot_put(uint32_t *slots, size_t nslots, const char *w, size_t n,
		     uint32_t id)
{
	size_t mask = nslots - 1, h = (size_t)dsr__hash(w, n) & mask;
	while (slots[h])
		h = (h + 1) & mask;
	slots[h] = id;
	return 0;
}

static uint32_t intern(struct dsr__lex *L, const char *w, size_t n)
{
	uint32_t id = dsr__lex_word(L, w, n);
	if (id)
		return id;
	if ((L->nw + 2) * 2 > L->wslots) {
		size_t ns = L->wslots ? L->wslots * 2 : 1024;
		uint32_t *sl = calloc(ns, sizeof *sl);
		if (!sl)
			return 0;
		for (size_t i = 1; i <= L->nw; i++)
			wslot_put(sl, ns, L->wstr[i], strlen(L->wstr[i]), (uint32_t)i);
		free(L->wslot);
		L->wslot = sl;
		L->wslots = ns;
	}
	if (dsr_grow((void **)&L->wstr, &L->wcap, L->nw + 2, sizeof *L->wstr) ||
	    dsr_grow((void **)&L->wlen, &L->lcap, L->nw + 2, sizeof *L->wlen))
		return 0;
	char *copy = dsr__pool_strndup(L->A, w, n);
	if (!copy)
		return 0;
	L->nw++;
	L->wstr[L->nw] = copy;
	L->wlen[L->nw] = (uint32_t)n;
	wslot_put(L->wslot, L->wslots, copy, n, (uint32_t)L->nw);
	return (uint32_t)L->nw;
}

static size_t eslot(const struct dsr__lex *L, uint64_t key)
{
	size_t mask = L->eslots - 1;
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & mask;
	while (L->ekey[h] && L->ekey[h] != key)
		h = (h + 1) & mask;
	return h;
}

uint32_t dsr__lex_child(const struct dsr__lex *L, uint32_t node, uint32_t word)
{
	if (!word || !L->eslots)
		return 0;
	if (node == 0 && L->wnode)
		return word <= L->nw ? L->wnode[word] : 0;
	uint64_t key = ((uint64_t)node << 32) | word;
	size_t h = eslot(L, key);
	return L->ekey[h] ? L->eval[h] : 0;
}

static uint32_t make_child(struct dsr__lex *L, uint32_t node, uint32_t word)
{
	uint32_t c = dsr__lex_child(L, node, word);
	if (c)
		return c;
	if ((L->nedges + 1) * 2 > L->eslots) {
		size_t ns = L->eslots ? L->eslots * 2 : 2048;
		uint64_t *k = calloc(ns, sizeof *k);
		uint32_t *v = calloc(ns, sizeof *v);
		if (!k || !v) {
			free(k);
			free(v);
			return 0;
		}
		uint64_t *ok = L->ekey;
		uint32_t *ov = L->eval;
		size_t os = L->eslots;
		L->ekey = k;
		L->eval = v;
		L->eslots = ns;
		for (size_t i = 0; i < os; i++) {
			if (ok[i]) {
				size_t h = eslot(L, ok[i]);
				k[h] = ok[i];
				v[h] = ov[i];
			}
		}
		free(ok);
		free(ov);
	}
	uint64_t key = ((uint64_t)node << 32) | word;
	size_t h = eslot(L, key);
	L->ekey[h] = key;
	L->eval[h] = ++L->nnodes;
	L->nedges++;
	return L->nnodes;
}

/* Adds one phrase.  Returns 0, or -ENOMEM. */
static int add_phrase(struct dsr__lex *L, const char *p, size_t n, int type,
		      uint32_t id, int32_t val, uint16_t flags, bool casesens)
{
	struct dsr__tok *t = NULL;
	size_t nt = 0, bad = 0;
	uint64_t work = 0;
	if (dsr__tokenize((const uint8_t *)p, n, &t, &nt, &bad, &work))
		return -ENOMEM;
	struct dsr__lexpay pay = { (uint8_t)type, 0, flags, 0, 0, id, val };
	uint32_t node = 0;
	int rc = 0;
	size_t k = 0;
	for (size_t i = 0; i < nt; i++) {
		unsigned kind = dsr__kind(&t[i]);
		if (kind == DSR__T_QUOTE)
			continue;
		char f[64];
		size_t fl = dsr__fold((const uint8_t *)p + t[i].start,
				      t[i].end - t[i].start, f, sizeof f);
		if (!fl)
			goto done; /* too long to ever match */
		uint32_t w = intern(L, f, fl);
		if (!w || !(node = make_child(L, node, w))) {
			rc = -ENOMEM;
			goto done;
		}
		if (casesens && k < 16) {
			if (t[i].bits & DSR__TF_UPPER)
				pay.upmask |= (uint16_t)(1u << k);
			else if (t[i].bits & DSR__TF_CAP)
				pay.capmask |= (uint16_t)(1u << k);
		}
		k++;
	}
	if (k == 0 || k > 255)
		goto done;
	pay.ntok = (uint8_t)k;
	if (dsr_grow((void **)&L->pay, &L->paycap, L->npay + 1, sizeof *L->pay) ||
	    !(L->paynode = realloc(L->paynode, L->paycap * sizeof *L->paynode))) {
		rc = -ENOMEM;
		goto done;
	}
	L->pay[L->npay] = pay;
	L->paynode[L->npay] = node;
	L->npay++;
done:
	free(t);
	return rc;
}

/* ---- line parsing ---- */

struct field {
	const char *p;
	size_t n;
};

static void trim(struct field *f)
{
	while (f->n && (f->p[0] == ' ' || f->p[0] == '\t')) {
		f->p++;
		f->n--;
	}
	while (f->n && (f->p[f->n - 1] == ' ' || f->p[f->n - 1] == '\t' ||
			f->p[f->n - 1] == '\r'))
		f->n--;
}

/* Splits s[0..n) at sep into at most max fields; returns the count. */
static size_t split(const char *s, size_t n, char sep, struct field *out,
		    size_t max)
{
	size_t k = 0, a = 0;
	for (size_t i = 0; i <= n && k < max; i++) {
		if (i == n || s[i] == sep) {
			out[k].p = s + a;
			out[k].n = i - a;
			trim(&out[k]);
			k++;
			a = i + 1;
		}
	}
	return k;
}

typedef int (*line_fn)(struct dsr__lex *L, struct field *f, size_t nf,
		       int type, bool cs);

static int for_lines(struct dsr__lex *L, const char *file, line_fn fn,
		     int type, bool cs)
{
	size_t len;
	const char *s = dsr_lexicon(file, &len);
	if (!s)
		return 0; /* a missing lexicon is an empty one */
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != '\n')
			e++;
		struct field line = { s + i, e - i };
		trim(&line);
		/* '#' starts a comment at the line start or after a blank */
		for (size_t k = 0; k < line.n; k++) {
			if (line.p[k] == '#' && (k == 0 || line.p[k - 1] == ' ' ||
						 line.p[k - 1] == '\t')) {
				line.n = k;
				break;
			}
		}
		trim(&line);
		if (line.n) {
			struct field f[6];
			size_t nf = split(line.p, line.n, ';', f, 6);
			int rc = fn(L, f, nf, type, cs);
			if (rc)
				return rc;
		}
		i = e + 1;
	}
	return 0;
}

/* Adds every '|' alternative of field f. */
static int add_alts(struct dsr__lex *L, struct field f, int type, uint32_t id,
		    int32_t val, uint16_t flags, bool cs)
{
	/* every alternative, however many (a fixed array here once dropped
	 * all past the 64th: "University" was no organisation cue) */
	size_t start = 0;
	for (size_t i = 0; i <= f.n; i++) {
		if (i < f.n && f.p[i] != '|')
			continue;
		struct field a = { f.p + start, i - start };
		trim(&a);
		if (a.n && add_phrase(L, a.p, a.n, type, id, val, flags, cs))
			return -ENOMEM;
		start = i + 1;
	}
	return 0;
}

static char *first_alt(struct dsr__lex *L, struct field f)
{
	struct field a[1];
	if (!f.n || split(f.p, f.n, '|', a, 1) != 1)
		return NULL;
	return dsr__pool_strndup(L->A, a[0].p, a[0].n);
}

static int32_t field_int(struct field f)
{
	char buf[32];
	size_t n = f.n < sizeof buf - 1 ? f.n : sizeof buf - 1;
	memcpy(buf, f.p, n);
	buf[n] = 0;
	return (int32_t)strtol(buf, NULL, 10);
}

static bool field_is(struct field f, const char *w)
{
	return f.n == strlen(w) && strncasecmp(f.p, w, f.n) == 0;
}

/* "alt|alt" — a plain word list. */
static int l_plain(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)nf;
	return add_alts(L, f[0], type, 0, 0, 0, cs);
}

/* "alt|alt ; integer" */
static int l_valued(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	return add_alts(L, f[0], type, 0, nf > 1 ? field_int(f[1]) : 0, 0, cs);
}

static int kind_of(struct field f)
{
	static const char *const k[] = { "unspecified", "person", "organization",
		"government", "country", "group", "media", "other" };
	for (int i = 0; i < 8; i++)
		if (field_is(f, k[i]))
			return i;
	return 2;
}

/* "alt|alt ; kind" */
static int l_kinded(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	return add_alts(L, f[0], type, 0, nf > 1 ? kind_of(f[1]) : 2, 0, cs);
}

/* countries: "names ; adjectives ; peoples ; government name" */
static int l_country(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)type;
	if (dsr_grow((void **)&L->countries, &L->ccap, L->ncountries + 1,
		 sizeof *L->countries))
		return -ENOMEM;
	uint32_t id = (uint32_t)L->ncountries;
	struct dsr__country *c = &L->countries[id];
	c->name = first_alt(L, f[0]);
	c->adj = nf > 1 ? first_alt(L, f[1]) : NULL;
	c->gov = nf > 3 ? first_alt(L, f[3]) : NULL;
	if (!c->name)
		return 0;
	if (!c->gov) {
		const char *base = c->adj ? c->adj : c->name;
		size_t bl = strlen(base);
		char *g = dsr__pool_alloc(L->A, bl + 12);
		if (!g)
			return -ENOMEM;
		memcpy(g, base, bl);
		memcpy(g + bl, " government", 12);
		c->gov = g;
	}
	L->ncountries++;
	if (add_alts(L, f[0], DSR__L_COUNTRY, id, 0, 0, cs))
		return -ENOMEM;
	if (nf > 1 && add_alts(L, f[1], DSR__L_DEMONYM, id, 0, 0, cs))
		return -ENOMEM;
	if (nf > 2 && add_alts(L, f[2], DSR__L_PEOPLE, id, 0, 0, cs))
		return -ENOMEM;
	/* "the North Korean government" is the country too */
	if (add_phrase(L, c->gov, strlen(c->gov), DSR__L_COUNTRY, id, 1, 0, false))
		return -ENOMEM;
	return 0;
}

static int32_t country_named(struct dsr__lex *L, struct field f)
{
	for (size_t i = 0; i < L->ncountries; i++) {
		const char *n = L->countries[i].name;
		if (strlen(n) == f.n && memcmp(n, f.p, f.n) == 0)
			return (int32_t)i;
	}
	return -1;
}

/* government bodies: "names ; country" */
static int l_gov(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)type;
	if (dsr_grow((void **)&L->govs, &L->gcap, L->ngovs + 1, sizeof *L->govs))
		return -ENOMEM;
	uint32_t id = (uint32_t)L->ngovs;
	L->govs[id].name = first_alt(L, f[0]);
	L->govs[id].country = nf > 1 ? country_named(L, f[1]) : -1;
	if (!L->govs[id].name)
		return 0;
	L->ngovs++;
	return add_alts(L, f[0], DSR__L_GOV, id, 0, 0, cs);
}

static int l_outlet(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)type;
	(void)nf;
	if (dsr_grow((void **)&L->outlets, &L->ocap, L->noutlets + 1, sizeof *L->outlets))
		return -ENOMEM;
	uint32_t id = (uint32_t)L->noutlets;
	if (!(L->outlets[id] = first_alt(L, f[0])))
		return 0;
	L->noutlets++;
	return add_alts(L, f[0], DSR__L_OUTLET, id, 0, 0, cs);
}

static int wday_of(struct field f)
{
	static const char *const d[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	for (int i = 0; i < 7; i++)
		if (f.n >= 3 && strncasecmp(f.p, d[i], 3) == 0)
			return i + 1;
	return 0;
}

/* holidays: "names ; MM-DD" | "names ; N weekday MM" | "names ; easter OFFSET" */
static int l_holiday(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)type;
	if (nf < 2)
		return 0;
	if (dsr_grow((void **)&L->hols, &L->hcap, L->nhols + 1, sizeof *L->hols))
		return -ENOMEM;
	struct dsr__holiday *h = &L->hols[L->nhols];
	memset(h, 0, sizeof *h);
	struct field w[4];
	size_t nw = split(f[1].p, f[1].n, ' ', w, 4);
	if (nw == 1 && f[1].n == 5 && f[1].p[2] == '-') {
		h->rule = DSR__H_FIXED;
		h->month = (uint8_t)field_int((struct field){ f[1].p, 2 });
		h->day = (uint8_t)field_int((struct field){ f[1].p + 3, 2 });
	} else if (nw == 2 && field_is(w[0], "easter")) {
		h->rule = DSR__H_EASTER;
		h->n = (int8_t)field_int(w[1]);
	} else if (nw == 3 || nw == 4) {
		h->rule = DSR__H_NTH;
		h->n = (int8_t)field_int(w[0]);
		h->wday = (uint8_t)wday_of(w[1]);
		h->month = (uint8_t)field_int(w[2]);
		h->day = nw == 4 ? (uint8_t)field_int(w[3]) : 0; /* days after */
	} else {
		return 0;
	}
	if (!(h->name = first_alt(L, f[0])))
		return 0;
	uint32_t id = (uint32_t)L->nhols++;
	return add_alts(L, f[0], DSR__L_HOLIDAY, id, 0, 0, cs);
}

static uint16_t cue_flags(struct field f)
{
	uint16_t fl = 0;
	for (size_t i = 0; i < f.n; i++) {
		switch (f.p[i]) {
		case 'c': fl |= DSR__CUE_CLAUSE; break;
		case 'n': fl |= DSR__CUE_NP; break;
		case 'h': fl |= DSR__CUE_HEDGE; break;
		case 'd': fl |= DSR__CUE_DENY; break;
		case 'r': fl |= DSR__CUE_RECIP; break;
		case 'p': fl |= DSR__CUE_ING; break;
		case 'i': fl |= DSR__CUE_IMPERS; break;
		case 'a': fl |= DSR__CUE_ACCORDING; break;
		case 'q': fl |= DSR__CUE_QUOTE; break;
		case 'o': fl |= DSR__CUE_NOUN; break;
		default: break;
		}
	}
	return fl;
}

/* speech verbs: "forms ; flags" */
static int l_cue(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	return add_alts(L, f[0], type, 0, 0, nf > 1 ? cue_flags(f[1]) : 0, cs);
}

/* abbreviations: "forms ; e" (e: may also end a sentence) */
static int l_abbrev(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	uint16_t fl = nf > 1 && field_is(f[1], "e") ? 1 : 0;
	return add_alts(L, f[0], type, 0, 0, fl, cs);
}

static int32_t named_int(struct field f, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (field_is(f, names[i]))
			return i;
	return -1;
}

/* grammar: "words ; class" */
static int l_gram(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	static const char *const g[] = { "", "det", "prep", "conj", "but", "sub",
		"rel", "aux", "adv", "neg", "pron" };
	int32_t v = nf > 1 ? named_int(f[1], g, 11) : -1;
	if (v <= 0)
		return 0;
	return add_alts(L, f[0], type, 0, v, 0, cs);
}

/* time words: "phrases ; code ; parameter" */
static int l_timeword(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	static const char *const codes[] = { "", "day", "tonight", "ref", "part",
		"season", "rel", "mod", "ago", "every", "freq", "unit", "that",
		"weekend", "quarter", "noon", "ampm", "past", "same", "follow", "tz", "ordinal",
		"det", "vague", "lead" };
	static const char *const params[] = { "", "min", "hour", "day", "week",
		"month", "year", "decade" };
	if (nf < 2)
		return 0;
	int32_t code = named_int(f[1], codes, 25);
	if (code <= 0)
		return 0;
	int32_t val = 0;
	if (nf > 2) {
		int32_t p = named_int(f[2], params, 8);
		val = p > 0 ? p : field_int(f[2]);
	}
	return add_alts(L, f[0], type, (uint32_t)code, val, 0, cs);
}

/* tense: "phrases ; future|past" */
static int l_tense(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)type;
	if (nf < 2)
		return 0;
	int t = field_is(f[1], "future") ? DSR__L_FUTURE : DSR__L_PAST;
	return add_alts(L, f[0], t, 0, 0, 0, cs);
}

/* acts: "forms ; class ; n|v": the class names are the file's own */
static int l_act(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	if (nf < 2 || !f[1].n)
		return 0;
	uint32_t id = 0;
	while (id < L->nacts && !field_is(f[1], L->acts[id]))
		id++;
	if (id == L->nacts) {
		if (dsr_grow((void **)&L->acts, &L->acap, L->nacts + 1, sizeof *L->acts))
			return -ENOMEM;
		char *name = dsr__pool_strndup(L->A, f[1].p, f[1].n);
		if (!name)
			return -ENOMEM;
		L->acts[L->nacts++] = name;
	}
	uint16_t verb = nf > 2 && field_is(f[2], "v") ? 1 : 0;
	return add_alts(L, f[0], type, id, 0, verb, cs);
}

/* blame: "phrases ; agent|passive|link|self" */
static int l_blame(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	static const char *const roles[] = { "", "agent", "passive", "link", "either",
		"self" };
	int32_t role = nf > 1 ? named_int(f[1], roles, 6) : -1;
	if (role <= 0)
		return 0;
	uint16_t alone = nf > 2 && field_is(f[2], "alone") ? 1 : 0;
	return add_alts(L, f[0], type, 0, role, alone, cs);
}

/* event-status: "phrases ; planned|cancelled|said" */
static int l_status(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	static const char *const s[] = { "", "planned", "cancelled", "said" };
	int32_t v = nf > 1 ? named_int(f[1], s, 4) : -1;
	if (v <= 0)
		return 0;
	return add_alts(L, f[0], type, 0, v, 0, cs);
}

/* boilerplate: "prefix|contains|line ; text" */
static int l_boiler(struct dsr__lex *L, struct field *f, size_t nf, int type, bool cs)
{
	(void)type;
	(void)cs;
	if (nf < 2 || !f[1].n)
		return 0;
	if (dsr_grow((void **)&L->boil, &L->bcap, L->nboil + 1, sizeof *L->boil))
		return -ENOMEM;
	struct dsr__boiler *b = &L->boil[L->nboil];
	b->mode = field_is(f[0], "prefix") ? DSR__B_PREFIX :
		  field_is(f[0], "line") ? DSR__B_LINE : DSR__B_CONTAINS;
	char *t = dsr__pool_alloc(L->A, f[1].n * 2 + 8);
	if (!t)
		return -ENOMEM;
	b->len = dsr__fold((const uint8_t *)f[1].p, f[1].n, t, f[1].n * 2 + 8);
	b->text = t;
	if (b->len)
		L->nboil++;
	return 0;
}

/* ---- building ---- */

static const struct {
	const char *file;
	line_fn fn;
	int type;
	bool cs; /* case sensitive */
} files[] = {
	{ "countries", l_country, DSR__L_COUNTRY, true },
	{ "government-bodies", l_gov, DSR__L_GOV, true },
	{ "news-outlets", l_outlet, DSR__L_OUTLET, true },
	{ "places", l_plain, DSR__L_PLACE, true },
	{ "titles", l_plain, DSR__L_TITLE, false },
	{ "honorifics", l_plain, DSR__L_HONORIFIC, true },
	{ "collective-nouns", l_plain, DSR__L_COLLECTIVE, false },
	{ "organisation-cues", l_kinded, DSR__L_ORGCUE, false },
	{ "agent-nouns", l_plain, DSR__L_AGENT, false },
	{ "speech-verbs", l_cue, DSR__L_CUE, false },
	{ "hedges", l_plain, DSR__L_HEDGE, false },
	{ "denials", l_plain, DSR__L_DENIAL, false },
	{ "unattributed", l_plain, DSR__L_UNATTR, false },
	{ "months", l_valued, DSR__L_MONTH, true },
	{ "weekdays", l_valued, DSR__L_WEEKDAY, true },
	{ "holidays", l_holiday, DSR__L_HOLIDAY, true },
	{ "numbers", l_valued, DSR__L_NUMBER, false },
	{ "time-words", l_timeword, DSR__L_TIMEWORD, false },
	{ "common-words", l_plain, DSR__L_COMMON, false },
	{ "common-acronyms", l_plain, DSR__L_ACRONYM, true },
	{ "given-names", l_plain, DSR__L_GIVEN, true },
	{ "family-names-first", l_plain, DSR__L_FAMILYFIRST, true },
	{ "abbreviations", l_abbrev, DSR__L_ABBREV, false },
	{ "grammar", l_gram, DSR__L_GRAM, false },
	{ "work-nouns", l_plain, DSR__L_WORKNOUN, false },
	{ "name-introducers", l_plain, DSR__L_INTRO, false },
	{ "anaphora", l_kinded, DSR__L_ANAPHOR, false },
	{ "tense", l_tense, DSR__L_PAST, false },
	{ "designators", l_plain, DSR__L_DESIGNATOR, false },
	{ "acts", l_act, DSR__L_ACT, false },
	{ "blame", l_blame, DSR__L_BLAME, false },
	{ "event-status", l_status, DSR__L_STATUS, false },
	{ "party-context", l_plain, DSR__L_PARTYCTX, false },
	{ "labels", l_plain, DSR__L_LABEL, false },
	{ "boilerplate", l_boiler, 0, false },
};

static int index_extras(struct dsr__lex *L)
{
	for (int ch = 1; ch < 128; ch++) {
		char w[2] = { (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch), 0 };
		L->ascii[ch] = dsr__lex_word(L, w, 1);
	}
	L->bidx = calloc(L->nboil + 1, sizeof *L->bidx);
	if (!L->bidx)
		return -ENOMEM;
	uint16_t count[257] = { 0 };
	for (size_t i = 0; i < L->nboil; i++)
		if (L->boil[i].mode == DSR__B_CONTAINS)
			count[(uint8_t)L->boil[i].text[0] + 1]++;
	for (int k = 0; k < 256; k++)
		L->bstart[k + 1] = (uint16_t)(L->bstart[k] + count[k + 1]);
	uint16_t fill[256] = { 0 };
	for (size_t i = 0; i < L->nboil; i++) {
		if (L->boil[i].mode != DSR__B_CONTAINS)
			continue;
		uint8_t b = (uint8_t)L->boil[i].text[0];
		L->bidx[L->bstart[b] + fill[b]++] = (uint16_t)i;
	}
	return 0;
}

static int finish(struct dsr__lex *L)
{
	if (index_extras(L))
		return -ENOMEM;
	size_t nn = (size_t)L->nnodes + 1;
	L->nodepay = calloc(nn + 1, sizeof *L->nodepay);
	L->nodemask = calloc(nn, sizeof *L->nodemask);
	struct dsr__lexpay *sorted = malloc((L->npay + 1) * sizeof *sorted);
	if (!L->nodepay || !L->nodemask || !sorted) {
		free(sorted);
		return -ENOMEM;
	}
	for (size_t i = 0; i < L->npay; i++) {
		L->nodepay[L->paynode[i] + 1]++;
		L->nodemask[L->paynode[i]] |= 1ull << L->pay[i].type;
	}
	for (size_t i = 0; i < nn; i++)
		L->nodepay[i + 1] += L->nodepay[i];
	uint32_t *fill = calloc(nn, sizeof *fill);
	if (!fill) {
		free(sorted);
		return -ENOMEM;
	}
	/* stable: payloads keep their file order within a node */
	for (size_t i = 0; i < L->npay; i++) {
		uint32_t nd = L->paynode[i];
		sorted[L->nodepay[nd] + fill[nd]++] = L->pay[i];
	}
	free(fill);
	/* per word: its first-level node, and the types of every phrase that
	 * starts with it, so look-ups can give up after one array read */
	L->wnode = calloc(L->nw + 1, sizeof *L->wnode);
	L->wfirst = calloc(L->nw + 1, sizeof *L->wfirst);
	uint64_t *sub = calloc(nn, sizeof *sub);
	uint32_t *top = calloc(nn, sizeof *top);
	if (!L->wnode || !L->wfirst || !sub || !top) {
		free(sub);
		free(top);
		free(sorted);
		return -ENOMEM;
	}
	for (size_t i = 0; i < L->npay; i++)
		sub[L->paynode[i]] |= 1ull << L->pay[i].type;
	/* children have larger ids than their parents: walk edges to find
	 * each node's first-level ancestor, then fold masks upwards */
	for (size_t h = 0; h < L->eslots; h++) {
		if (!L->ekey[h])
			continue;
		uint32_t parent = (uint32_t)(L->ekey[h] >> 32), child = L->eval[h];
		uint32_t word = (uint32_t)L->ekey[h];
		if (parent == 0) {
			L->wnode[word] = child;
			top[child] = word;
		}
	}
	uint32_t *par = calloc(nn, sizeof *par);
	if (!par) {
		free(sub);
		free(top);
		free(sorted);
		return -ENOMEM;
	}
	for (size_t h = 0; h < L->eslots; h++)
		if (L->ekey[h])
			par[L->eval[h]] = (uint32_t)(L->ekey[h] >> 32);
	for (size_t nd = nn; nd-- > 1;) {
		uint32_t up = nd;
		while (par[up])
			up = par[up];
		L->wfirst[top[up]] |= sub[nd];
	}
	free(par);
	free(sub);
	free(top);
	free(L->pay);
	free(L->paynode);
	L->paynode = NULL;
	L->pay = sorted;
	return 0;
}

uint64_t dsr__lex_first(const struct dsr__lex *L, uint32_t word)
{
	return word && word <= L->nw && L->wfirst ? L->wfirst[word] : 0;
}

static void lex_free(struct dsr__lex *L)
{
	if (!L)
		return;
	free(L->wstr);
	free(L->wlen);
	free(L->wslot);
	free(L->ekey);
	free(L->eval);
	free(L->pay);
	free(L->paynode);
	free(L->nodepay);
	free(L->nodemask);
	free(L->wnode);
	free(L->wfirst);
	free(L->countries);
	free(L->govs);
	free(L->outlets);
	free(L->hols);
	free(L->boil);
	free(L->acts);
	free(L->bidx);
	dsr__pool_free(L->A);
	free(L);
}

static struct dsr__lex *the_lex;
static pthread_once_t the_once = PTHREAD_ONCE_INIT;

static void build(void)
{
	struct dsr__lex *L = calloc(1, sizeof *L);
	if (!L || !(L->A = dsr__pool_new()))
		goto fail;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (for_lines(L, files[i].file, files[i].fn, files[i].type, files[i].cs))
			goto fail;
	if (finish(L))
		goto fail;
	the_lex = L;
	return;
fail:
	lex_free(L);
}

const struct dsr__lex *dsr__lex_get(void)
{
	pthread_once(&the_once, build);
	return the_lex;
}

const struct dsr__lexpay *dsr__lex_pay(const struct dsr__lex *L,
				       uint32_t node, size_t *n)
{
	if (node > L->nnodes) {
		*n = 0;
		return NULL;
	}
	*n = L->nodepay[node + 1] - L->nodepay[node];
	return L->pay + L->nodepay[node];
}

uint64_t dsr__lex_mask(const struct dsr__lex *L, uint32_t node)
{
	return node <= L->nnodes ? L->nodemask[node] : 0;
}

const struct dsr__country *dsr__lex_country(const struct dsr__lex *L, uint32_t id)
{
	return id < L->ncountries ? &L->countries[id] : NULL;
}

const struct dsr__gov *dsr__lex_gov(const struct dsr__lex *L, uint32_t id)
{
	return id < L->ngovs ? &L->govs[id] : NULL;
}

const char *dsr__lex_outlet(const struct dsr__lex *L, uint32_t id)
{
	return id < L->noutlets ? L->outlets[id] : NULL;
}

const char *dsr__lex_act_class(const struct dsr__lex *L, uint32_t id)
{
	return id < L->nacts ? L->acts[id] : NULL;
}

const struct dsr__holiday *dsr__lex_holiday(const struct dsr__lex *L, uint32_t id)
{
	return id < L->nhols ? &L->hols[id] : NULL;
}

const struct dsr__boiler *dsr__lex_boiler(const struct dsr__lex *L, size_t *n)
{
	*n = L->nboil;
	return L->boil;
}

const uint16_t *dsr__lex_boiler_at(const struct dsr__lex *L, uint8_t b, size_t *n)
{
	*n = (size_t)(L->bstart[b + 1] - L->bstart[b]);
	return L->bidx + L->bstart[b];
}

uint32_t dsr__lex_ascii(const struct dsr__lex *L, uint8_t ch)
{
	return ch < 128 ? L->ascii[ch] : 0;
}
