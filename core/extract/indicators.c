/* indicators.c: indicators of compromise in an article: IP addresses,
 * domains, URLs, e-mail addresses, file hashes, CVE ids, ATT&CK technique
 * ids and bitcoin addresses, as threat-intelligence reports write them.
 *
 * Reports "defang" what a reader might click: hxxp://evil[.]com,
 * 10.0.0[.]1, user[at]example(.)org.  The text is first refanged into a
 * copy (the replacements are few, so their places are kept in a short list
 * that maps offsets back to the text), then read in three linear passes:
 * URLs (at each "://"), e-mail addresses (at each '@'), then runs of the
 * characters the other kinds are made of, each run classified.  What a URL
 * or an address covers is not reported again on its own.
 *
 * Precision is what matters: a version (96.0.4664.110) is no address, an
 * abbreviation (U.S., e.g.) or a file name (invoice.pdf) no domain (a
 * domain ends in a real top-level domain: data/lexicon/tlds.txt), a number
 * no hash (a hash has the exact length of one and both digits and
 * letters), and a bitcoin address must pass its checksum.  Values are
 * normalised: domains, hashes and URL schemes and hosts in lower case,
 * CVE ids in upper case. */
#include "extract/impl.h"
#include "model/api.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- top-level domains ------------------------------------------------------ */

static char (*tlds)[16];
static size_t ntlds;
static pthread_once_t tld_once = PTHREAD_ONCE_INIT;

static int cmp16(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void tld_load(void)
{
	size_t len;
	const char *s = dsr_lexicon("tlds", &len);
	if (!s)
		return;
	size_t cap = 0;
	for (size_t i = 0; i < len; i++)
		cap += s[i] == ' ' || s[i] == '\n';
	tlds = calloc(cap + 1, sizeof *tlds);
	if (!tlds)
		return;
	for (size_t i = 0; i < len;) {
		if (s[i] == '#') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && !isspace((unsigned char)s[j]))
			j++;
		if (j - i < sizeof *tlds && ntlds < cap + 1) {
			memcpy(tlds[ntlds], s + i, j - i);
			tlds[ntlds++][j - i] = 0;
		}
		i = j;
	}
	qsort(tlds, ntlds, sizeof *tlds, cmp16);
}

static bool is_tld(const char *p, size_t n)
{
	char k[16];
	if (n == 0 || n >= sizeof k)
		return false;
	for (size_t i = 0; i < n; i++)
		k[i] = (char)tolower((unsigned char)p[i]);
	k[n] = 0;
	return ntlds && bsearch(k, tlds, ntlds, sizeof *tlds, cmp16) != NULL;
}

/* ---- refanging ------------------------------------------------------------- */

/* The refanged copy: norm[i] came from the text at map(i). */
struct refang {
	char *norm;
	size_t len;
	/* after each replacement: (offset in norm, offset in the text) */
	uint32_t (*pts)[2];
	size_t npts, cap;
};

static const struct {
	const char *from, *to;
} defang[] = {
	{ "[.]", "." }, { "(.)", "." }, { "{.}", "." }, { "[dot]", "." }, { "(dot)", "." },
	{ "[DOT]", "." }, { "[:]", ":" }, { "[://]", "://" }, { "[at]", "@" },
	{ "(at)", "@" }, { "[AT]", "@" }, { "[@]", "@" }, { "hxxps", "https" },
	{ "hxxp", "http" }, { "hXXps", "https" }, { "hXXp", "http" }, { "fxp", "ftp" },
};

static int refang_make(const uint8_t *t, size_t n, struct refang *r, uint64_t *work)
{
	r->norm = malloc(n + 1);
	if (!r->norm)
		return -ENOMEM;
	size_t o = 0;
	const size_t none = sizeof defang / sizeof *defang;
	for (size_t i = 0; i < n;) {
		/* a trigger: a bracket, or hx/hX/fx starting a word (hxxp, fxp) */
		uint8_t c = t[i];
		bool scheme = (c == 'h' || c == 'f') && i + 1 < n &&
			      (t[i + 1] == 'x' || t[i + 1] == 'X') &&
			      (i == 0 || !isalnum(t[i - 1]));
		size_t k = none;
		if (c == '[' || c == '(' || c == '{' || scheme)
			for (k = 0; k < none; k++) {
				size_t fl = strlen(defang[k].from);
				if (i + fl <= n && !memcmp(t + i, defang[k].from, fl))
					break;
			}
		/* hxxp only as a scheme: followed by ':' or a bracket */
		if (k < none && scheme) {
			size_t fl = strlen(defang[k].from);
			if (i + fl >= n || (t[i + fl] != ':' && t[i + fl] != '['))
				k = none;
		}
		if (k == none) {
			r->norm[o++] = (char)t[i++];
			continue;
		}
		size_t fl = strlen(defang[k].from), tl = strlen(defang[k].to);
		memcpy(r->norm + o, defang[k].to, tl);
		o += tl;
		i += fl;
		if (r->npts == r->cap) {
			size_t nc = r->cap ? 2 * r->cap : 16;
			void *p = realloc(r->pts, nc * sizeof *r->pts);
			if (!p)
				return -ENOMEM;
			r->pts = p;
			r->cap = nc;
		}
		r->pts[r->npts][0] = (uint32_t)o;
		r->pts[r->npts++][1] = (uint32_t)i;
	}
	*work += n;
	r->norm[o] = 0;
	r->len = o;
	return 0;
}

/* The text's offset of the refanged copy's offset x. */
static uint32_t refang_map(const struct refang *r, size_t x)
{
	size_t lo = 0, hi = r->npts;
	while (lo < hi) {   /* the last replacement ending at or before x */
		size_t mid = (lo + hi) / 2;
		if (r->pts[mid][0] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return (uint32_t)x;
	return r->pts[lo - 1][1] + (uint32_t)(x - r->pts[lo - 1][0]);
}

/* ---- the kinds --------------------------------------------------------------- */

struct found {
	size_t s, e;        /* in the refanged copy */
	const char *type;
	char *value;        /* malloc'd */
};

struct scan {
	const char *p;      /* the refanged copy */
	size_t n;
	bool *taken;        /* bytes a URL or address covers (NULL: none yet) */
	struct found *v;
	size_t nv, cap;
	uint64_t *work;
};

#define TAKEN(s, i) ((s)->taken && (s)->taken[i])

static int add(struct scan *s, size_t st, size_t e, const char *type, const char *val,
	       size_t vlen)
{
	if (s->nv == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 16;
		void *p = realloc(s->v, nc * sizeof *s->v);
		if (!p)
			return -ENOMEM;
		s->v = p;
		s->cap = nc;
	}
	char *v = malloc(vlen + 1);
	if (!v)
		return -ENOMEM;
	memcpy(v, val, vlen);
	v[vlen] = 0;
	s->v[s->nv++] = (struct found){ st, e, type, v };
	if (!s->taken && !(s->taken = calloc(s->n + 1, 1)))
		return -ENOMEM;
	memset(s->taken + st, 1, e - st);
	return 0;
}

static bool host_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.';
}

/* A host name at p[0..n): labels of letters, digits and hyphens, the last
 * a top-level domain, some label with a letter before it. */
static bool valid_domain(const char *p, size_t n)
{
	if (n < 4 || n > 253 || p[0] == '.' || p[0] == '-' || p[n - 1] == '.' || p[n - 1] == '-')
		return false;
	size_t dots = 0, last = 0, lab = 0;
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '.') {
			if (lab == 0 || p[i - 1] == '-' || (i + 1 < n && p[i + 1] == '-'))
				return false;
			dots++;
			last = i + 1;
			lab = 0;
			continue;
		}
		if (!isalnum((unsigned char)p[i]) && p[i] != '-')
			return false;
		if (++lab > 63)
			return false;
		if (isalpha((unsigned char)p[i]) && dots == 0)
			letter = true;
	}
	if (!dots || !letter || !is_tld(p + last, n - last))
		return false;
	/* a one-letter label inside ("will.i.am") is a name's, not a host's */
	for (size_t i = 1; i + 1 < last; i++)
		if (p[i - 1] == '.' && p[i + 1] == '.')
			return false;
	/* "end.It": a sentence run into the next, not a domain */
	bool tld_title = isupper((unsigned char)p[last]);
	for (size_t i = last + 1; i < n && tld_title; i++)
		tld_title = islower((unsigned char)p[i]);
	return !tld_title;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* URLs: at each "://", a scheme before and everything up to white space,
 * quotes or angle brackets after; trailing punctuation is the sentence's. */
static int urls(struct scan *s)
{
	static const char *const schemes[] = { "https", "http", "ftp", "sftp" };
	const char *p = s->p;
	for (size_t i = 0; i + 3 < s->n; i++) {
		(*s->work)++;
		if (p[i] != ':' || p[i + 1] != '/' || p[i + 2] != '/')
			continue;
		size_t st = i;
		while (st > 0 && isalpha((unsigned char)p[st - 1]) && i - st < 6)
			st--;
		bool ok = false;
		for (size_t k = 0; k < 4 && !ok; k++)
			ok = i - st == strlen(schemes[k]) && !strncasecmp(p + st, schemes[k], i - st);
		if (!ok || (st > 0 && isalnum((unsigned char)p[st - 1])))
			continue;
		size_t e = i + 3;
		while (e < s->n && !isspace((unsigned char)p[e]) && p[e] != '"' && p[e] != '<' &&
		       p[e] != '>' && p[e] != '\'' && (unsigned char)p[e] >= 0x20 &&
		       (unsigned char)p[e] < 0x80)
			e++;
		/* trailing punctuation, and a ')' that opens nowhere in it */
		for (;;) {
			if (e > i + 3 && strchr(".,;:!?]}", p[e - 1])) {
				e--;
				continue;
			}
			if (e > i + 3 && p[e - 1] == ')' && !memchr(p + i, '(', e - i)) {
				e--;
				continue;
			}
			break;
		}
		size_t h = i + 3, he = h;
		while (he < e && host_char(p[he]))
			he++;
		bool ipv4 = false;
		if (he > h) {
			struct in_addr a;
			char tmp[16];
			if (he - h < sizeof tmp) {
				memcpy(tmp, p + h, he - h);
				tmp[he - h] = 0;
				ipv4 = inet_pton(AF_INET, tmp, &a) == 1;
			}
		}
		if (!ipv4 && !valid_domain(p + h, he - h))
			continue;
		char *v = malloc(e - st + 1);
		if (!v)
			return -ENOMEM;
		memcpy(v, p + st, e - st);
		v[e - st] = 0;
		for (size_t k = 0; k < he - st; k++)   /* scheme and host */
			v[k] = (char)tolower((unsigned char)v[k]);
		int rc = add(s, st, e, "url", v, e - st);
		free(v);
		if (rc)
			return rc;
		i = e - 1;
	}
	return 0;
}

static bool local_char(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("._%+-", c));
}

/* E-mail addresses: at each '@' not inside a URL. */
static int emails(struct scan *s)
{
	const char *p = s->p;
	for (size_t i = 1; i + 1 < s->n; i++) {
		(*s->work)++;
		if (p[i] != '@' || TAKEN(s, i))
			continue;
		size_t st = i;
		while (st > 0 && local_char(p[st - 1]) && !TAKEN(s, st - 1))
			st--;
		while (st < i && (p[st] == '.' || p[st] == '-'))
			st++;
		size_t e = i + 1;
		while (e < s->n && host_char(p[e]))
			e++;
		while (e > i + 1 && (p[e - 1] == '.' || p[e - 1] == '-'))
			e--;
		if (st == i || i - st > 64 || !valid_domain(p + i + 1, e - i - 1))
			continue;
		char *v = malloc(e - st + 1);
		if (!v)
			return -ENOMEM;
		memcpy(v, p + st, e - st);
		v[e - st] = 0;
		lower(v + (i - st));
		int rc = add(s, st, e, "email", v, e - st);
		free(v);
		if (rc)
			return rc;
		i = e;
	}
	return 0;
}

static bool is_hex(const char *p, size_t n, bool *digit, bool *letter)
{
	*digit = *letter = false;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)p[i]))
			*digit = true;
		else if (isxdigit((unsigned char)p[i]))
			*letter = true;
		else
			return false;
	}
	return true;
}

/* ---- bitcoin ------------------------------------------------------------------ */

/* Base58Check (addresses starting 1 or 3): 25 bytes, the last 4 the first
 * 4 of SHA-256(SHA-256(the first 21)). */
static bool base58check(const char *p, size_t n)
{
	static const char alpha[] =
		"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	uint8_t b[25] = { 0 };
	for (size_t i = 0; i < n; i++) {
		const char *q = memchr(alpha, p[i], 58);
		if (!q)
			return false;
		unsigned carry = (unsigned)(q - alpha);
		for (int j = 24; j >= 0; j--) {
			carry += 58u * b[j];
			b[j] = (uint8_t)carry;
			carry >>= 8;
		}
		if (carry)
			return false;
	}
	uint8_t h1[32], h2[32];
	crypto_hash_sha256(h1, b, 21);
	crypto_hash_sha256(h2, h1, 32);
	return !memcmp(h2, b + 21, 4) && (b[0] == 0 || b[0] == 5);
}

/* Bech32 and bech32m (BIP 173, 350) with the human part "bc". */
static bool bech32(const char *p, size_t n)
{
	static const char cs[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
	static const uint32_t gen[] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd,
		0x2a1462b3 };
	if (n < 14 || n > 74 || strncasecmp(p, "bc1", 3))
		return false;
	uint32_t chk = 1;
	const char hrp[] = "bc";
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < (pass == 1 ? 1 : pass == 0 ? 2 : 2); i++) {
			uint32_t v = pass == 0 ? (uint32_t)hrp[i] >> 5 :
				     pass == 1 ? 0 : (uint32_t)hrp[i] & 31;
			uint32_t top = chk >> 25;
			chk = (chk & 0x1ffffff) << 5 ^ v;
			for (int k = 0; k < 5; k++)
				if (top >> k & 1)
					chk ^= gen[k];
		}
	for (size_t i = 3; i < n; i++) {
		const char *q = memchr(cs, tolower((unsigned char)p[i]), 32);
		if (!q)
			return false;
		uint32_t top = chk >> 25;
		chk = (chk & 0x1ffffff) << 5 ^ (uint32_t)(q - cs);
		for (int k = 0; k < 5; k++)
			if (top >> k & 1)
				chk ^= gen[k];
	}
	return chk == 1 || chk == 0x2bc830a3;
}

/* A name of two labels whose last is a file extension more often than a
 * country's domain in such reports (update.sh, setup.py, readme.md). */
static bool file_name(const char *v)
{
	static const char *const ext[] = { "py", "md", "sh", "pl", "ps", "rs", "so" };
	const char *dot = strchr(v, '.');
	if (!dot || strchr(dot + 1, '.'))
		return false;
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
		if (!strcmp(dot + 1, ext[i]))
			return true;
	return false;
}

/* ---- runs ------------------------------------------------------------------------ */

static bool run_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == ':';
}

/* One run of letters, digits, dots, hyphens and colons. */
static int classify(struct scan *s, size_t st, size_t e)
{
	const char *p = s->p;
	/* a sentence's full stop or colon is not part of it */
	while (e > st && (p[e - 1] == '.' || p[e - 1] == ':' || p[e - 1] == '-'))
		e--;
	while (st < e && (p[st] == '.' || p[st] == '-' || (p[st] == ':' && p[st + 1] != ':')))
		st++;
	size_t n = e - st;
	if (n < 4)
		return 0;
	for (size_t i = st; i < e; i++)
		if (TAKEN(s, i))
			return 0;
	char v[130];
	bool digit, letter;
	if ((n == 32 || n == 40 || n == 64 || n == 128) && is_hex(p + st, n, &digit, &letter) &&
	    digit && letter) {
		memcpy(v, p + st, n);
		v[n] = 0;
		lower(v);
		return add(s, st, e, n == 32 ? "md5" : n == 40 ? "sha1" : n == 64 ? "sha256" :
			   "sha512", v, n);
	}
	if (n <= 45 && memchr(p + st, ':', n)) {
		struct in6_addr a6;
		size_t colons = 0;
		memcpy(v, p + st, n);
		v[n] = 0;
		for (size_t i = 0; i < n; i++)
			colons += v[i] == ':';
		if ((colons >= 3 || strstr(v, "::")) && inet_pton(AF_INET6, v, &a6) == 1) {
			char out[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6, &a6, out, sizeof out);
			return add(s, st, e, "ipv6", out, strlen(out));
		}
		/* a host with a port: the host */
		const char *c = memchr(p + st, ':', n);
		size_t digits = 0;
		for (const char *q = c + 1; q < p + e && isdigit((unsigned char)*q); q++)
			digits++;
		if (colons != 1 || !digits || c + 1 + digits != p + e || c == p + st)
			return 0;
		e = (size_t)(c - p);
		n = e - st;
	}
	if (n <= 15 && isdigit((unsigned char)p[st])) {
		/* four numbers 0-255, not one of a longer dotted run (a version) */
		struct in_addr a;
		memcpy(v, p + st, n);
		v[n] = 0;
		bool lead0 = false;
		for (size_t i = 0; i + 1 < n; i++)
			lead0 |= v[i] == '0' && (i == 0 || v[i - 1] == '.') && isdigit((unsigned char)v[i + 1]);
		bool longer = (e < s->n && p[e] == '.' && e + 1 < s->n &&
			       isdigit((unsigned char)p[e + 1]));
		if (!lead0 && !longer && inet_pton(AF_INET, v, &a) == 1)
			return add(s, st, e, "ipv4", v, n);
		if (!memchr(v, '.', n) || lead0 || longer)
			return 0;
	}
	if (n >= 8 && n <= 30 && !strncasecmp(p + st, "CVE-", 4) && isdigit((unsigned char)p[st + 4])) {
		size_t i = st + 4, y = 0, d = 0;
		while (i < e && isdigit((unsigned char)p[i]))
			i++, y++;
		if (y == 4 && i < e && p[i] == '-') {
			for (i++; i < e && isdigit((unsigned char)p[i]); i++)
				d++;
			if (i == e && d >= 4 && d <= 7) {
				memcpy(v, p + st, n);   /* upper case, as CVE writes it */
				v[n] = 0;
				for (char *q = v; *q; q++)
					*q = (char)toupper((unsigned char)*q);
				return add(s, st, e, "cve", v, n);
			}
		}
		return 0;
	}
	if ((n == 5 || n == 9) && p[st] == 'T' && p[st + 1] == '1' &&
	    isdigit((unsigned char)p[st + 2]) && isdigit((unsigned char)p[st + 3]) &&
	    isdigit((unsigned char)p[st + 4]) &&
	    (n == 5 || (p[st + 5] == '.' && isdigit((unsigned char)p[st + 6]) &&
			isdigit((unsigned char)p[st + 7]) && isdigit((unsigned char)p[st + 8]))) &&
	    memcmp(p + st + 1, "1000", 4))   /* techniques are T1001 on; T1000 a robot */
		return add(s, st, e, "attack-technique", p + st, n);
	if (n >= 26 && n <= 35 && (p[st] == '1' || p[st] == '3') && base58check(p + st, n))
		return add(s, st, e, "btc", p + st, n);
	if (n >= 14 && n <= 74 && bech32(p + st, n)) {
		memcpy(v, p + st, n);
		v[n] = 0;
		lower(v);
		return add(s, st, e, "btc", v, n);
	}
	if (memchr(p + st, '.', n) && !memchr(p + st, ':', n) && n < sizeof v &&
	    valid_domain(p + st, n)) {
		memcpy(v, p + st, n);
		v[n] = 0;
		lower(v);
		if (file_name(v))
			return 0;
		return add(s, st, e, "domain", v, n);
	}
	return 0;
}

static int runs(struct scan *s)
{
	const char *p = s->p;
	for (size_t i = 0; i < s->n;) {
		(*s->work)++;
		if (!run_char(p[i]) || TAKEN(s, i)) {
			i++;
			continue;
		}
		size_t e = i;
		bool mark = false;   /* a digit, '.' or ':': a plain word is no indicator */
		while (e < s->n && run_char(p[e]) && !TAKEN(s, e)) {
			mark |= !isalpha((unsigned char)p[e]) && p[e] != '-';
			e++;
		}
		if (!mark) {
			i = e;
			continue;
		}
		/* a run glued to a slash, '@' or '_' is part of something else
		 * (a path, a handle, a file name) */
		bool glued = (i > 0 && (p[i - 1] == '/' || p[i - 1] == '@' || p[i - 1] == '_' ||
					p[i - 1] == '\\')) ||
			     (e < s->n && (p[e] == '@' || p[e] == '_' || p[e] == '\\' ||
					   (p[e] == '/' && e + 1 < s->n && isalnum((unsigned char)p[e + 1]))));
		if (!glued) {
			int rc = classify(s, i, e);
			if (rc)
				return rc;
		}
		i = e;
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	return x->s < y->s ? -1 : x->s > y->s;
}

int dsr__indicators(const uint8_t *text, size_t len, struct dsr__pool *out,
		    struct dsr_x_indicator **res, size_t *nres, uint64_t *work)
{
	pthread_once(&tld_once, tld_load);
	*res = NULL;
	*nres = 0;
	struct refang r = { 0 };
	struct scan s = { 0 };
	int rc = refang_make(text, len, &r, work);
	s.p = r.norm;
	s.n = r.len;
	s.work = work;
	if (!rc)
		rc = urls(&s);
	if (!rc)
		rc = emails(&s);
	if (!rc)
		rc = runs(&s);
	if (!rc && s.nv) {
		qsort(s.v, s.nv, sizeof *s.v, by_start);
		*res = dsr__pool_alloc(out, s.nv * sizeof **res);
		if (!*res)
			rc = -ENOMEM;
		for (size_t i = 0; !rc && i < s.nv; i++) {
			struct dsr_x_indicator *x = &(*res)[i];
			x->span.start = refang_map(&r, s.v[i].s);
			x->span.end = refang_map(&r, s.v[i].e);
			x->type = s.v[i].type;
			if (!(x->value = dsr__pool_strdup(out, s.v[i].value)))
				rc = -ENOMEM;
		}
		if (!rc)
			*nres = s.nv;
	}
	for (size_t i = 0; i < s.nv; i++)
		free(s.v[i].value);
	free(s.v);
	free(s.taken);
	free(r.norm);
	free(r.pts);
	return rc;
}
