/* actor_rule.c: whether two names denote the same actor, and the blocking
 * keys that find the candidates (see actor_rule.h).
 *
 * Every rule has a key that both names of a matching pair emit, which is
 * what makes the blocking contract hold:
 *   rule                                   key
 *   equal identity keys (dsr_name_key)     "k" + key
 *   one lexicon entry                      "L" + entry
 *   acronym = initials of the other        "a" + letters / initials
 *   equal cores: the words less function   "d" + core
 *     words and (for non-persons)
 *     organisation designators
 *   one word of five letters or more off   "f"/"l" + word count + first
 *     by one letter, the rest equal          or last word
 *   "Department of X" = "X Department"     "s" + sorted words
 * A name's analysis depends only on its bytes and the compiled-in
 * lexicons, so the answer is the same on every machine.
 */
#include "actor_rule.h"
#include "name_rule.h"
#include "utf8.h"
#include "name.h"
#include "proto/event.pb-c.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool particle(const char *w)
{
	static const char *const p[] = { "of", "for", "the", "and", "de", "du",
		"da", "di", "del", "della", "la", "le", "van", "von", "der",
		"den", "al", "bin", "ibn", "y", "on", "in", "at", "a", "an" };
	size_t n = strlen(w);
	if (n > 5)
		return false;
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (p[i][0] == w[0] && strcmp(w, p[i]) == 0)
			return true;
	return false;
}

static bool designator(const struct dsr__lex *L, const char *w)
{
	uint32_t id = dsr__lex_word(L, w, strlen(w));
	uint32_t node = id ? dsr__lex_child(L, 0, id) : 0;
	return node && (dsr__lex_mask(L, node) >> DSR__L_DESIGNATOR & 1);
}

/* Words of a name: letters and digits lower-cased (ASCII and Latin-1),
 * apostrophes and periods dropped inside a word, a possessive 's and a
 * leading #/@ dropped, anything else separates. */
static void words(const char *s, struct dsr__name_info *in)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), i = 0;
	char cur[WLEN];
	size_t cl = 0;
	in->nw = 0;
	for (;;) {
		bool end = i >= n;
		uint8_t b = end ? ' ' : p[i];
		size_t adv = 1;
		char out[4];
		size_t ol = 0;
		bool sep = false, drop = false;
		if (b < 0x80) {
			if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
				out[ol++] = (char)(b | 0x20);
			else if (b >= '0' && b <= '9')
				out[ol++] = (char)b;
			else if (b == '\'' || b == '.')
				drop = true;
			else
				sep = true;
		} else {
			size_t a = dsr_utf8_valid_prefix(p + i, n - i);
			if (a == 0) {
				sep = true;
			} else {
				adv = a;
				if (a == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 &&
				    (p[i + 2] == 0x98 || p[i + 2] == 0x99)) {
					drop = true; /* typographic apostrophe */
				} else if (a == 3 && p[i] == 0xe2 && p[i + 1] == 0x80) {
					sep = true; /* dashes, spaces, quotes */
				} else if (a == 2 && p[i] == 0xc2) {
					sep = true; /* NBSP, Latin-1 punctuation */
				} else {
					char f[8];
					size_t fl = dsr__fold(p + i, a, f, sizeof f);
					memcpy(out, f, fl);
					ol = fl;
				}
			}
		}
		if (!drop && !sep && ol) {
			if (cl + ol < WLEN - 1) {
				memcpy(cur + cl, out, ol);
				cl += ol;
			}
		}
		if (sep || end) {
			/* a possessive: "Sony's" arrives as "sonys" when the
			 * apostrophe was dropped; look at the raw text instead */
			if (cl && in->nw < MAXW) {
				cur[cl] = 0;
				memcpy(in->w[in->nw++], cur, cl + 1);
			}
			cl = 0;
		}
		if (end)
			break;
		/* a possessive 's ends the word */
		if ((b == '\'' || (adv == 3 && p[i] == 0xe2)) && i + adv < n &&
		    (p[i + adv] == 's' || p[i + adv] == 'S') &&
		    (i + adv + 1 >= n || p[i + adv + 1] == ' ')) {
			i += adv + 1;
			if (cl && in->nw < MAXW) {
				cur[cl] = 0;
				memcpy(in->w[in->nw++], cur, cl + 1);
			}
			cl = 0;
			continue;
		}
		i += adv;
	}
	/* a leading "the" is not part of the name */
	if (in->nw > 1 && strcmp(in->w[0], "the") == 0) {
		memmove(in->w[0], in->w[1], (in->nw - 1) * WLEN);
		in->nw--;
	}
}

/* The lexicon entry the whole name is a form of: a country ("North
 * Korea", "DPRK", "the North Koreans", "North Korean government", "U.S.
 * officials"), a government body ("DHS", "U.S. Homeland Security") or an
 * outlet ("NBC"). */
static int lexicon(const struct dsr__lex *L, const char *s, struct dsr__name_info *in)
{
	struct dsr__tok *t = NULL;
	size_t nt = 0, bad = 0;
	uint64_t work = 0;
	if (dsr__tokenize((const uint8_t *)s, strlen(s), &t, &nt, &bad, &work))
		return -ENOMEM;
	struct dsr__ctx c;
	memset(&c, 0, sizeof c);
	c.text = (const uint8_t *)s;
	c.len = strlen(s);
	c.L = L;
	c.tok = t;
	c.ntok = nt;
	size_t k = 0;
	for (size_t i = 0; i < nt; i++) {
		unsigned kind = dsr__kind(&t[i]);
		if (kind == DSR__T_QUOTE)
			continue;
		char f[64];
		size_t fl = dsr__fold(c.text + t[i].start, t[i].end - t[i].start, f, sizeof f);
		t[i].word = fl ? dsr__lex_word(L, f, fl) : 0;
		t[k++] = t[i];
	}
	c.ntok = nt = k;
	size_t a = 0;
	if (nt > 1 && t[0].end - t[0].start == 3 &&
	    strncasecmp(s + t[0].start, "the", 3) == 0)
		a = 1;
	const struct dsr__lexpay *p;
	uint64_t names = (1ull << DSR__L_COUNTRY) | (1ull << DSR__L_PEOPLE) |
			 (1ull << DSR__L_GOV) | (1ull << DSR__L_OUTLET);
	size_t n = a < nt ? dsr__match(&c, a, nt, names, &p) : 0;
	if (n && a + n == nt) {
		in->lexclass = p->type == DSR__L_GOV ? 2 : p->type == DSR__L_OUTLET ? 3 : 1;
		in->lexid = p->id;
		goto done;
	}
	/* a country, then a government body or collective nouns */
	n = a < nt ? dsr__match(&c, a, nt, (1ull << DSR__L_COUNTRY) |
				(1ull << DSR__L_DEMONYM), &p) : 0;
	if (!n || a + n >= nt)
		goto done;
	uint32_t country = p->id;
	size_t j = a + n;
	size_t g = dsr__match(&c, j, nt, 1ull << DSR__L_GOV, &p);
	if (g && j + g == nt) {
		in->lexclass = 2;
		in->lexid = p->id;
		goto done;
	}
	bool coll = false;
	while (j < nt) {
		size_t q = dsr__match(&c, j, nt, 1ull << DSR__L_COLLECTIVE, &p);
		if (q) {
			j += q;
			coll = true;
		} else if (t[j].bits & DSR__TF_LOWER) {
			j++;
			coll = false;
		} else {
			break;
		}
	}
	if (j == nt && coll) {
		in->lexclass = 1;
		in->lexid = country;
	}
done:
	free(t);
	return 0;
}

int dsr__name_analyse(const char *s, struct dsr__name_info *in)
{
	const struct dsr__lex *L = dsr__lex_get();
	memset(in, 0, sizeof *in);
	in->klen = dsr_name_key(s, strlen(s), in->key, sizeof in->key);
	words(s, in);
	if (!L)
		return -ENOMEM;
	for (size_t i = 0; i < in->nw; i++) {
		in->fn[i] = particle(in->w[i]);
		in->des[i] = designator(L, in->w[i]);
	}
	/* an acronym: one word with no lower-case letter, 2 to 8 letters */
	if (in->nw == 1) {
		size_t letters = 0;
		bool lower = false;
		for (const char *q = s; *q; q++) {
			if (*q >= 'a' && *q <= 'z')
				lower = true;
			if ((*q >= 'A' && *q <= 'Z'))
				letters++;
		}
		in->acronym = !lower && letters >= 2 && letters <= 8 &&
			      strlen(in->w[0]) == letters;
	}
	return lexicon(L, s, in);
}

/* Initials of all words (all = true) or of the words that are not
 * function words. */
static size_t initials(const struct dsr__name_info *in, bool all, char *out)
{
	size_t n = 0;
	for (size_t i = 0; i < in->nw && n < 15; i++)
		if (all || !in->fn[i])
			out[n++] = in->w[i][0];
	out[n] = 0;
	return n;
}

/* The words that carry the name, joined: function words go, and for
 * organisations their designators too ("Sony Pictures Entertainment" and
 * "Sony" are both "sony"). */
static size_t core(const struct dsr__name_info *in, bool drop_designators, char *out, size_t cap)
{
	size_t o = 0, kept = 0;
	for (size_t i = 0; i < in->nw; i++) {
		if (in->fn[i] || (drop_designators && in->des[i]))
			continue;
		size_t l = strlen(in->w[i]);
		if (o + l + 2 >= cap)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, in->w[i], l);
		o += l;
		kept++;
	}
	out[o] = 0;
	return kept ? o : 0;
}

static bool edit1(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t x = la;
		la = lb;
		lb = x;
	}
	if (lb - la > 1)
		return false;
	size_t i = 0, j = 0, diff = 0;
	while (i < la && j < lb) {
		if (a[i] == b[j]) {
			i++;
			j++;
			continue;
		}
		if (++diff > 1)
			return false;
		if (la == lb)
			i++;
		j++;
	}
	return diff + (lb - j) + (la - i) <= 1;
}

/* Same word count, one word different by one letter (both words of five
 * letters or more, same first letter), the rest equal. */
static bool near(const struct dsr__name_info *a, const struct dsr__name_info *b)
{
	if (a->nw < 2 || a->nw != b->nw)
		return false;
	size_t diff = 0;
	for (size_t i = 0; i < a->nw; i++) {
		if (strcmp(a->w[i], b->w[i]) == 0)
			continue;
		if (++diff > 1 || strlen(a->w[i]) < 5 || strlen(b->w[i]) < 5 ||
		    a->w[i][0] != b->w[i][0] || !edit1(a->w[i], b->w[i]))
			return false;
	}
	return diff == 1;
}

static bool swap_word(const char *w)
{
	return strcmp(w, "department") == 0 || strcmp(w, "ministry") == 0;
}

/* "department justice" for both "Department of Justice" and "Justice
 * Department". */
static size_t sorted_words(const struct dsr__name_info *in, char *out, size_t cap)
{
	const char *v[MAXW];
	size_t n = 0;
	bool has = false;
	for (size_t i = 0; i < in->nw; i++) {
		if (in->fn[i])
			continue;
		has = has || swap_word(in->w[i]);
		v[n++] = in->w[i];
	}
	if (!has || n < 2)
		return 0;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);
		if (o + l + 2 >= cap)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, v[i], l);
		o += l;
	}
	out[o] = 0;
	return o;
}

static bool kinds_fit(int a, int b)
{
	if (a == DPB__ACTOR_KIND__KIND_UNSPECIFIED || b == DPB__ACTOR_KIND__KIND_UNSPECIFIED)
		return true;
	bool pa = a == DPB__ACTOR_KIND__KIND_PERSON, pb = b == DPB__ACTOR_KIND__KIND_PERSON;
	if (pa != pb)
		return false;
	bool ca = a == DPB__ACTOR_KIND__KIND_COUNTRY, cb = b == DPB__ACTOR_KIND__KIND_COUNTRY;
	if (ca && !(cb || b == DPB__ACTOR_KIND__KIND_GOVERNMENT))
		return false;
	if (cb && !(ca || a == DPB__ACTOR_KIND__KIND_GOVERNMENT))
		return false;
	return true;
}

static bool acronym_of(const struct dsr__name_info *acr, const struct dsr__name_info *full)
{
	char x[16];
	if (!acr->acronym || acr->lexclass || full->nw < 2)
		return false;
	const char *letters = acr->w[0];
	if (strlen(letters) < 3)
		return false; /* two letters match too much by chance */
	return (initials(full, true, x) && strcmp(x, letters) == 0) ||
	       (initials(full, false, x) >= 2 && strcmp(x, letters) == 0);
}

bool dsr__name_same(const struct dsr__name_info *a, int ka, const struct dsr__name_info *b,
		   int kb)
{
	if (!a->klen || !b->klen || !kinds_fit(ka, kb))
		return false;
	if (a->klen == b->klen && memcmp(a->key, b->key, a->klen) == 0)
		return true;
	if (a->lexclass && b->lexclass)
		return a->lexclass == b->lexclass && a->lexid == b->lexid;
	bool person = ka == DPB__ACTOR_KIND__KIND_PERSON || kb == DPB__ACTOR_KIND__KIND_PERSON;
	if (!person && (acronym_of(a, b) || acronym_of(b, a)))
		return true;
	char ca[256], cb[256];
	size_t la = core(a, !person, ca, sizeof ca), lb = core(b, !person, cb, sizeof cb);
	/* a bare surname never equals a full name: both must keep as many
	 * words for persons */
	if (la && la == lb && memcmp(ca, cb, la) == 0 && (!person || a->nw == b->nw))
		return true;
	if (near(a, b))
		return true;
	la = sorted_words(a, ca, sizeof ca);
	lb = sorted_words(b, cb, sizeof cb);
	return la && la == lb && memcmp(ca, cb, la) == 0;
}

bool dsr_actor_same(const char *a, int kind_a, const char *b, int kind_b)
{
	if (!a || !b || !*a || !*b)
		return false;
	struct dsr__name_info *x = malloc(2 * sizeof *x);
	if (!x)
		return false;
	/* evaluate in a fixed order so the answer cannot depend on the
	 * order of the arguments */
	bool swap = strcmp(a, b) > 0 || (strcmp(a, b) == 0 && kind_a > kind_b);
	/* out of memory: not the same (the rule cannot say) */
	if (dsr__name_analyse(swap ? b : a, &x[0]) || dsr__name_analyse(swap ? a : b, &x[1])) {
		free(x);
		return false;
	}
	bool r = dsr__name_same(&x[0], swap ? kind_b : kind_a, &x[1], swap ? kind_a : kind_b);
	free(x);
	return r;
}

struct keys {
	char k[DSR_ACTOR_MAX_BLOCKS][300];
	size_t len[DSR_ACTOR_MAX_BLOCKS];
	size_t n;
};

static void add_key(struct keys *ks, char tag, const char *s, size_t n)
{
	if (!n || ks->n >= DSR_ACTOR_MAX_BLOCKS || n > 290)
		return;
	char *k = ks->k[ks->n];
	k[0] = tag;
	k[1] = ':';
	memcpy(k + 2, s, n);
	for (size_t i = 0; i < ks->n; i++)
		if (ks->len[i] == n + 2 && memcmp(ks->k[i], k, n + 2) == 0)
			return;
	ks->len[ks->n++] = n + 2;
}

int dsr__name_blocks(const struct dsr__name_info *in,
		     int (*emit)(void *ctx, const char *key, size_t len), void *ctx)
{
	struct keys *ks = malloc(sizeof *ks);
	if (!ks)
		return -ENOMEM;
	ks->n = 0;
	char buf[300];
	size_t n;
	if (!in->klen)
		goto out;
	add_key(ks, 'k', in->key, in->klen);
	if (in->lexclass) {
		/* class and id as bytes: short, and no printf on this path */
		buf[0] = (char)('0' + in->lexclass);
		for (int k = 0; k < 4; k++)
			buf[1 + k] = (char)('A' + ((in->lexid >> (6 * k)) & 63));
		add_key(ks, 'L', buf, 5);
	}
	if (in->acronym && !in->lexclass)
		add_key(ks, 'a', in->w[0], strlen(in->w[0]));
	/* Two names with equal person cores (designators kept) also have
	 * equal organisation cores, so one key covers both modes; the person
	 * core stands in when the other is empty. */
	n = core(in, true, buf, sizeof buf);
	if (!n)
		n = core(in, false, buf, sizeof buf);
	if (in->nw >= 2) {
		char ib[16];
		add_key(ks, 'a', ib, initials(in, true, ib));
		if (initials(in, false, ib) >= 2)
			add_key(ks, 'a', ib, strlen(ib));
		add_key(ks, 'd', buf, n);
		for (int side = 0; side < 2; side++) {
			const char *w = in->w[side ? in->nw - 1 : 0];
			size_t l = strlen(w);
			buf[0] = (char)('0' + in->nw);
			memcpy(buf + 1, w, l);
			add_key(ks, side ? 'l' : 'f', buf, l + 1);
		}
		add_key(ks, 's', buf, sorted_words(in, buf, sizeof buf));
	} else {
		add_key(ks, 'd', buf, n);
	}
out:;
	int rc = 0;
	for (size_t i = 0; i < ks->n && rc >= 0; i++) {
		int r = emit(ctx, ks->k[i], ks->len[i]);
		if (r < 0)
			rc = r;
	}
	free(ks);
	return rc;
}

int dsr_actor_blocks(const char *name, int kind,
		     int (*emit)(void *ctx, const char *key, size_t len),
		     void *ctx)
{
	(void)kind;
	if (!name || !*name)
		return 0;
	struct dsr__name_info *in = malloc(sizeof *in);
	if (!in)
		return -ENOMEM;
	int rc = dsr__name_analyse(name, in);
	if (!rc)
		rc = dsr__name_blocks(in, emit, ctx);
	free(in);
	return rc;
}
