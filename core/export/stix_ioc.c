/* stix_ioc.c: the indicators of compromise in the STIX bundle.
 *
 * Each distinct indicator (dsr_q_indicators: type and value) becomes
 *
 *  - an address, domain, URL, e-mail address or file hash: the
 *    cyber-observable (ipv4-addr, ipv6-addr, domain-name, url, email-addr,
 *    file with its hash), whose id STIX 2.1 fixes (section 2.9: a version 5
 *    UUID in the STIX namespace of the canonical JSON of its id-contributing
 *    properties, so that every producer names it alike); an observed-data
 *    of it (first and last seen: its articles' times; how often: its
 *    occurrences); and an indicator whose STIX pattern matches it
 *    (`[ipv4-addr:value = '198.51.100.7']`, `[file:hashes.'SHA-256' =
 *    '...']`), valid from its first occurrence's event, "based-on" the
 *    observed-data (the spec's relationship for that pair) and "indicates"
 *    the campaigns of the attribution rows its articles carry and the
 *    intrusion-sets or threat-actors they are attributed to;
 *  - a CVE id: a vulnerability with its CVE external reference;
 *  - an ATT&CK technique id: an attack-pattern with its mitre-attack
 *    external reference;
 *  - a bitcoin address (no cyber-observable type of STIX 2.1 holds one): a
 *    note on the reports that give it.
 *
 * Each is in the object_refs of the reports of its articles (the first
 * DSR_ARTICLE_REFS an indicator lists).  Times come from the log: created
 * and modified from its articles' events, valid_from from the event of its
 * first occurrence. */
#include "export/stix.h"
#include "base/api.h"
#include "hlc.h"
#include "view/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The namespace of STIX 2.1's cyber-observable ids (section 2.9). */
static const uint8_t stix_ns[16] = { 0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
				     0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7 };

enum obj { O_SCO, O_VULN, O_TECHNIQUE, O_NOTE };

static const struct kind {
	const char *ours;     /* IndicatorSeen.type */
	enum obj obj;
	const char *sco;      /* the cyber-observable type */
	const char *hash;     /* a file's hash: its name in hashing-algorithm-ov */
	const char *path;     /* the pattern's object path after "sco:" */
} kinds[] = {
	{ "ipv4", O_SCO, "ipv4-addr", NULL, "value" },
	{ "ipv6", O_SCO, "ipv6-addr", NULL, "value" },
	{ "domain", O_SCO, "domain-name", NULL, "value" },
	{ "url", O_SCO, "url", NULL, "value" },
	{ "email", O_SCO, "email-addr", NULL, "value" },
	{ "md5", O_SCO, "file", "MD5", "hashes.MD5" },
	{ "sha1", O_SCO, "file", "SHA-1", "hashes.'SHA-1'" },
	{ "sha256", O_SCO, "file", "SHA-256", "hashes.'SHA-256'" },
	{ "sha512", O_SCO, "file", "SHA-512", "hashes.'SHA-512'" },
	{ "cve", O_VULN, NULL, NULL, NULL },
	{ "attack-technique", O_TECHNIQUE, NULL, NULL, NULL },
	{ "btc", O_NOTE, NULL, NULL, NULL },
};

/* s as a string of canonical JSON (RFC 8785): only '"', '\' and control
 * characters escaped, the short forms where JSON has them. */
static void jcs_str(dsr_buf *b, const char *s)
{
	dsr_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': dsr_buf_puts(b, "\\\""); break;
		case '\\': dsr_buf_puts(b, "\\\\"); break;
		case '\b': dsr_buf_puts(b, "\\b"); break;
		case '\f': dsr_buf_puts(b, "\\f"); break;
		case '\n': dsr_buf_puts(b, "\\n"); break;
		case '\r': dsr_buf_puts(b, "\\r"); break;
		case '\t': dsr_buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20)
				dsr_buf_printf(b, "\\u%04x", c);
			else
				dsr_buf_putc(b, (char)c);
		}
	}
	dsr_buf_putc(b, '"');
}

/* A STIX pattern's string literal: quoted, with '\'' and '\' escaped. */
static void pattern_str(dsr_buf *b, const char *s)
{
	dsr_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			dsr_buf_putc(b, '\\');
		dsr_buf_putc(b, *s);
	}
	dsr_buf_putc(b, '\'');
}

/* The observable's id-contributing properties as canonical JSON (keys in
 * order; a file's one hash), and its id. */
static void sco_id(char out[80], const struct kind *k, const char *value)
{
	dsr_buf j = DSR_BUF_INIT;
	if (k->hash) {
		dsr_buf_puts(&j, "{\"hashes\":{");
		jcs_str(&j, k->hash);
		dsr_buf_putc(&j, ':');
		jcs_str(&j, value);
		dsr_buf_puts(&j, "}}");
	} else {
		dsr_buf_puts(&j, "{\"value\":");
		jcs_str(&j, value);
		dsr_buf_putc(&j, '}');
	}
	char u[37];
	dsr__uuid5(u, stix_ns, j.data, j.len);
	snprintf(out, 80, "%s--%s", k->sco, u);
	dsr_buf_free(&j);
}

static int arow_cmp(const void *a, const void *b)
{
	const arow *x = a, *y = b;
	int c = memcmp(x->article, y->article, DSR_ID_LEN);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* A target of "indicates".  The link says no more than that the
 * indicator and the row share an article: its times are the indicator's
 * (a grade that moves the row's figures changes nothing it says). */
struct tgt {
	char id[80];
};

static int tgt_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tgt *)a)->id, ((const struct tgt *)b)->id);
}

/* "indicates": the campaigns of the rows its articles carry, and what
 * each campaign is attributed-to; each target once. */
static void indicates(stx *x, const Dpb__IndicatorInfo *d, const char *iid, const char *key,
		      times t)
{
	struct tgt *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < d->n_articles && !x->rc && x->narows; i++) {
		if (d->articles[i].len != DSR_ID_LEN)
			continue;
		arow k;
		memcpy(k.article, d->articles[i].data, DSR_ID_LEN);
		k.row = 0;
		size_t lo = 0, hi = x->narows;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (arow_cmp(&x->arows[mid], &k) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < x->narows && !memcmp(x->arows[lo].article, k.article, DSR_ID_LEN); lo++) {
			const row *w = &x->rows[x->arows[lo].row];
			for (int j = 0; j < 2 && (j == 0 || *w->agent); j++) {
				if (dsr__stix_grow((void **)&v, &cap, n, sizeof *v, 8)) {
					x->rc = -ENOMEM;
					break;
				}
				if (j == 0)
					dsr__stix_id2(v[n].id, "campaign", w->prop, "");
				else
					snprintf(v[n].id, sizeof v[n].id, "%s", w->agent);
				n++;
			}
		}
	}
	if (n)
		qsort(v, n, sizeof *v, tgt_cmp);
	for (size_t i = 0; !x->rc && i < n; i++) {
		while (i + 1 < n && !strcmp(v[i].id, v[i + 1].id))
			i++;
		char rid[80];
		dsr_buf k = DSR_BUF_INIT;
		dsr_buf_printf(&k, "indicates/%s/%s", key, v[i].id);
		dsr__stix_id(rid, "relationship", k.data, k.len);
		dsr_buf_free(&k);
		dsr__stix_relationship(x, rid, "indicates", iid, v[i].id, t, NULL,
				       "Given in an article that attributes the activity.");
		for (size_t a = 0; a < d->n_articles; a++)
			if (d->articles[a].len == DSR_ID_LEN)
				dsr__stix_add_ref(x, d->articles[a].data, rid, 0);
	}
	free(v);
}

/* The reports of its articles refer to id. */
static void refs(stx *x, const Dpb__IndicatorInfo *d, const char *id)
{
	for (size_t i = 0; i < d->n_articles; i++)
		if (d->articles[i].len == DSR_ID_LEN)
			dsr__stix_add_ref(x, d->articles[i].data, id, 0);
}

static void observable(stx *x, const Dpb__IndicatorInfo *d, const struct kind *k,
		       const char *key, size_t klen, times t, uint64_t seen_ms)
{
	dsr_buf *b = x->b;
	char sid[80], oid[80], iid[80], rid[80], first[40], last[40], from[40];
	sco_id(sid, k, d->value);
	/* the observable: no times, no creator (STIX 2.1 gives an SCO none) */
	dsr_buf_puts(b, x->nobj++ ? ",\n  {" : "\n  {");
	dsr_buf_printf(b, "\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\"", k->sco, sid);
	if (*x->marking)
		dsr_buf_printf(b, ",\"object_marking_refs\":[\"%s\"]", x->marking);
	if (k->hash) {
		dsr_buf_printf(b, ",\"hashes\":{\"%s\":", k->hash);
		dsr__stix_str(b, d->value);
		dsr_buf_putc(b, '}');
	} else {
		dsr_buf_puts(b, ",\"value\":");
		dsr__stix_str(b, d->value);
	}
	dsr_buf_putc(b, '}');

	dsr__stix_id(oid, "observed-data", key, klen);
	dsr__stix_begin(x, "observed-data", oid, t, x->maker);
	dsr_iso_time(t.first, first);
	dsr_iso_time(t.last > t.first ? t.last : t.first, last);
	dsr_buf_printf(b, ",\"first_observed\":\"%s\",\"last_observed\":\"%s\","
		       "\"number_observed\":%u,\"object_refs\":[\"%s\"]}", first, last,
		       d->occurrences ? d->occurrences : 1, sid);

	dsr__stix_id(iid, "indicator", key, klen);
	dsr__stix_begin(x, "indicator", iid, t, x->maker);
	dsr_buf tx = DSR_BUF_INIT;
	dsr_buf_printf(&tx, "%s %s", d->type, d->value);
	dsr_buf_cstr(&tx);
	dsr_buf_puts(b, ",\"name\":");
	dsr__stix_str(b, (char *)tx.data);
	tx.len = 0;
	dsr_buf_printf(&tx, "An indicator of compromise given in %u article(s), %u time(s).",
		       d->narticles, d->occurrences);
	dsr_buf_cstr(&tx);
	dsr_buf_puts(b, ",\"description\":");
	dsr__stix_str(b, (char *)tx.data);
	tx.len = 0;
	dsr_buf_printf(&tx, "[%s:%s = ", k->sco, k->path);
	pattern_str(&tx, d->value);
	dsr_buf_putc(&tx, ']');
	dsr_buf_cstr(&tx);
	dsr_buf_puts(b, ",\"pattern\":");
	dsr__stix_str(b, (char *)tx.data);
	dsr_buf_free(&tx);
	dsr_iso_time(seen_ms ? seen_ms : t.first, from);
	dsr_buf_printf(b, ",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\","
		       "\"valid_from\":\"%s\"}", from);

	dsr__stix_id(rid, "relationship", oid, strlen(oid));
	dsr__stix_relationship(x, rid, "based-on", iid, oid, t, NULL, NULL);
	refs(x, d, sid);
	refs(x, d, oid);
	refs(x, d, iid);
	refs(x, d, rid);
	indicates(x, d, iid, oid, t);
}

static void other(stx *x, const Dpb__IndicatorInfo *d, const struct kind *k, const char *key,
		  size_t klen, times t)
{
	dsr_buf *b = x->b;
	char id[80];
	switch (k->obj) {
	case O_VULN:
		dsr__stix_id(id, "vulnerability", key, klen);
		dsr__stix_begin(x, "vulnerability", id, t, x->maker);
		dsr_buf_puts(b, ",\"name\":");
		dsr__stix_str(b, d->value);
		dsr_buf_puts(b, ",\"external_references\":[{\"source_name\":\"cve\","
			     "\"external_id\":");
		dsr__stix_str(b, d->value);
		dsr_buf_puts(b, "}]}");
		break;
	case O_TECHNIQUE: {
		dsr__stix_id(id, "attack-pattern", key, klen);
		dsr__stix_begin(x, "attack-pattern", id, t, x->maker);
		dsr_buf_puts(b, ",\"name\":");
		dsr__stix_str(b, d->value);
		/* T1566.002 -> techniques/T1566/002/ */
		dsr_buf url = DSR_BUF_INIT;
		dsr_buf_puts(&url, "https://attack.mitre.org/techniques/");
		for (const char *p = d->value; *p; p++)
			dsr_buf_putc(&url, *p == '.' ? '/' : *p);
		dsr_buf_puts(&url, "/");
		dsr_buf_cstr(&url);
		dsr_buf_puts(b, ",\"external_references\":[{\"source_name\":\"mitre-attack\","
			     "\"external_id\":");
		dsr__stix_str(b, d->value);
		dsr_buf_puts(b, ",\"url\":");
		dsr__stix_str(b, (char *)url.data);
		dsr_buf_puts(b, "}]}");
		dsr_buf_free(&url);
		break;
	}
	case O_NOTE: {
		dsr__stix_id(id, "note", key, klen);
		dsr__stix_begin(x, "note", id, t, x->maker);
		dsr_buf_puts(b, ",\"abstract\":\"A bitcoin address\",\"content\":");
		dsr__stix_str(b, d->value);
		dsr_buf_puts(b, ",\"object_refs\":[");
		int n = 0;
		for (size_t i = 0; i < d->n_articles; i++) {
			if (d->articles[i].len != DSR_ID_LEN)
				continue;
			char rid[80];
			dsr__stix_id(rid, "report", d->articles[i].data, DSR_ID_LEN);
			dsr_buf_printf(b, "%s\"%s\"", n++ ? "," : "", rid);
		}
		if (!n)
			dsr_buf_printf(b, "\"%s\"", x->maker);
		dsr_buf_puts(b, "]}");
		break;
	}
	case O_SCO:
		return;
	}
	refs(x, d, id);
}

static int on_ioc(void *ctx, const Dpb__IndicatorInfo *d)
{
	stx *x = ctx;
	const struct kind *k = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds && !k; i++)
		if (!strcmp(kinds[i].ours, d->type))
			k = &kinds[i];
	if (!k || !*d->value)
		return 0;
	/* its times: its articles' events; valid from its first occurrence */
	times t = { 0, 0 };
	for (size_t i = 0; i < d->n_articles; i++)
		if (d->articles[i].len == DSR_ID_LEN)
			dsr__stix_times_join(&t, dsr__stix_article_times(x, d->articles[i].data));
	uint64_t seen = 0;
	Dpb__Event *ev;
	if (d->first.len == DSR_ID_LEN &&
	    dsr__fact_winner(x->t->s, x->t->txn, DSR__DB_V_INDICATOR, d->first.data, &ev,
			     NULL) == 0) {
		seen = DSR_HLC_MS(ev->hlc);
		dpb__event__free_unpacked(ev, NULL);
	}
	dsr__stix_times_ms(&t, seen);
	/* "type\0value": what names its objects */
	dsr_buf key = DSR_BUF_INIT;
	dsr_buf_puts(&key, d->type);
	dsr_buf_putc(&key, 0);
	dsr_buf_puts(&key, d->value);
	dsr_buf_cstr(&key);
	if (k->obj == O_SCO)
		observable(x, d, k, (char *)key.data, key.len, t, seen);
	else
		other(x, d, k, (char *)key.data, key.len, t);
	dsr_buf_free(&key);
	if (x->rc)
		return x->rc;
	return dsr__out_drain(x->o, false);
}

int dsr__stix_indicators(stx *x)
{
	if (x->narows)
		qsort(x->arows, x->narows, sizeof *x->arows, arow_cmp);
	int rc = dsr_q_indicators(x->t, NULL, NULL, NULL, NULL, on_ioc, x);
	return rc ? rc : x->rc;
}
