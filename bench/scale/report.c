/* report.c: the figures of a run, as a table for people (stdout) and as a
 * JSON document for scripts (--json FILE), with the targets of issue 12
 * checked against them. */
#include "scale.h"

#include <inttypes.h>
#include <math.h>

/* The seconds a 16 MiB article may take to file, or may add to an
 * export: "in seconds", read as at most ten. */
#define SC_TARGET_BIG_S 10.0

/* n with thousands separators. */
static const char *num(uint64_t n, char *out)
{
	char tmp[32];
	int l = snprintf(tmp, sizeof tmp, "%" PRIu64, n), o = 0;
	for (int i = 0; i < l; i++) {
		if (i && (l - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o] = 0;
	return out;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

/* The export of the same format in the previous block, or NULL. */
static const struct sc_xres *prev_export(const struct sc_block *b, int f)
{
	if (!b->prev)
		return NULL;
	for (int i = 0; i < b->prev->nx; i++)
		if (!strcmp(b->prev->x[i].format, b->x[f].format))
			return &b->prev->x[i];
	return NULL;
}

static bool query_missed(const struct sc_qres *q)
{
	return q->errors || (q->target_ms > 0 && q->p99_ms > q->target_ms);
}

static bool export_missed(const struct sc_block *b, int f, double *tr, double *ar)
{
	const struct sc_xres *p = prev_export(b, f);
	*tr = *ar = NAN;
	if (b->x[f].err[0])
		return true;
	if (!p || p->err[0])
		return false;
	*tr = ratio(b->x[f].seconds, p->seconds);
	if (b->has_big) {
		/* Same articles plus one: the time the big article added. */
		return b->x[f].seconds - p->seconds > SC_TARGET_BIG_S;
	}
	*ar = ratio((double)b->articles, (double)b->prev->articles);
	return *tr > SC_TARGET_EXPORT * *ar;
}

void sc_report_block(FILE *f, const struct sc_block *b)
{
	char n1[32], n2[32], n3[32], n4[32], n5[32], n6[32];
	fprintf(f, "\n== %s ==\n", b->label);
	if (b->contended)
		fprintf(f, "NOTE: measured while dossierd may still be running an export that "
			"timed out earlier\n");
	if (b->has_ingest) {
		const struct sc_ingest *g = &b->ing;
		fprintf(f, "ingest %s -> %s: %s articles in %.1f s: %.0f articles/s "
			"(last tenth %.0f/s), %s events%s  [target >= %.0f/s: %s]\n",
			num(g->from, n1), num(g->to, n2), num(g->to - g->from, n3), g->seconds,
			g->rate, g->tail_rate, num(g->events, n4),
			g->dups || g->errors ? " (duplicates or errors: see stderr)" : "",
			SC_TARGET_INGEST, g->rate >= SC_TARGET_INGEST ? "ok" : "MISSED");
		uint64_t n = g->to - g->from;
		if (g->daemon_written >= 0 && n)
			fprintf(f, "ingest: dossierd wrote %.0f KB and used %.2f ms of CPU per article "
				"(%.0f MB, %.1f CPU s over the segment)\n",
				g->daemon_written / 1024 / (double)n, g->daemon_cpu * 1000 / (double)n,
				g->daemon_written / 1e6, g->daemon_cpu);
	}
	if (b->has_big) {
		const struct sc_one *o = &b->big;
		if (o->err[0])
			fprintf(f, "16 MiB article (%s bytes): NOT FILED after %.2f s: %s\n",
				num(o->bytes, n1), o->seconds, o->err);
		else
			fprintf(f, "16 MiB article (%s bytes) filed in %.2f s: %u events (%u actors, "
				"%u claims, %u entries)  [target <= %.0f s: %s]\n",
				num(o->bytes, n1), o->seconds, o->events, o->actors, o->claims,
				o->entries, SC_TARGET_BIG_S,
				o->seconds <= SC_TARGET_BIG_S ? "ok" : "MISSED");
	}
	const struct sc_status *s = &b->st;
	fprintf(f, "store: %s articles, %s events, %s actors (%s names), %s claims, "
		"%s timeline entries; %.1f MiB on disk; dossierd %.1f MiB resident\n",
		num(s->articles, n1), num(s->events, n2), num(s->actors, n3), num(s->names, n4),
		num(s->claims, n5), num(s->entries, n6), (double)s->file_bytes / (1 << 20),
		(double)s->rss_bytes / (1 << 20));
	if (b->nq) {
		if (b->lmdb.err[0])
			fprintf(f, "baseline: raw LMDB point read: none (%s)\n", b->lmdb.err);
		else
			fprintf(f, "baseline: raw LMDB point read (read txn + mdb_get of a random key "
				"of v.fact, %s reads over %s keys): p50 %.4f ms, p99 %.4f ms\n",
				num(b->lmdb.reads, n1), num(b->lmdb.keys, n2), b->lmdb.p50_ms,
				b->lmdb.p99_ms);
		fprintf(f, "baseline: service round trip (status): p50 %.3f ms, p99 %.3f ms\n",
			b->status_p50_ms, b->status_p99_ms);
		fprintf(f, "TOP, the most-mentioned of %s actors: %s (%s mentions in %s articles)\n",
			num(b->top.actors, n1), b->top.name, num(b->top.mentions, n2),
			num(b->top.articles, n3));
		fprintf(f, "\n%-36s %5s %9s %9s %6s %8s %8s %8s %10s\n", "query (page limit 100)",
			"runs", "p50 ms", "p99 ms", "rows", "KB", "p50/lmdb", "p99/lmdb", "target");
		for (size_t i = 0; i < b->nq; i++) {
			const struct sc_qres *q = &b->q[i];
			char tgt[32];
			if (q->errors)
				snprintf(tgt, sizeof tgt, "ERRORS");
			else if (q->target_ms > 0)
				snprintf(tgt, sizeof tgt, "%.0f %s", q->target_ms,
					 q->p99_ms <= q->target_ms ? "ok" : "MISSED");
			else
				snprintf(tgt, sizeof tgt, "-");
			fprintf(f, "%-36s %5u %9.3f %9.3f %6u %8.1f %8.0f %8.0f %10s\n", q->name,
				q->runs, q->p50_ms, q->p99_ms, q->rows, (double)q->bytes / 1024,
				ratio(q->p50_ms, b->lmdb.p50_ms), ratio(q->p99_ms, b->lmdb.p99_ms), tgt);
		}
		for (size_t i = 0; i < b->nq; i++) {
			const struct sc_qres *q = &b->q[i];
			if (q->subject[0] && strstr(q->name, "LARGEST"))
				fprintf(f, "  %s: %s\n", q->name, q->subject);
			if (q->errors)
				fprintf(f, "  %s: %u of %u runs failed: %s\n", q->name, q->errors,
					q->runs, q->err);
		}
		fprintf(f, "  (target: p99 <= %.0f ms where an answer holds <= 100 rows; "
			"<= %.0f ms for actor and claims --about on TOP; \"-\": more rows;\n"
			"   rows and KB: the largest answer)\n",
			SC_TARGET_SMALL_MS, SC_TARGET_TOP_MS);
	}
	if (b->nx) {
		fprintf(f, "\n%-8s %10s %10s %12s %14s %8s\n", "export", "seconds", "MB",
			b->has_big ? "x before" : "x prev time", b->has_big ? "" : "x prev articles",
			"target");
		for (int i = 0; i < b->nx; i++) {
			const struct sc_xres *x = &b->x[i];
			double tr, ar;
			bool missed = export_missed(b, i, &tr, &ar);
			if (x->err[0]) {
				fprintf(f, "%-8s %s after %.2f s: %s%s\n", x->format,
					x->timed_out ? "TIMED OUT" : "FAILED", x->seconds, x->err,
					x->contended ? " (contended)" : "");
				continue;
			}
			char t1[16] = "-", t2[16] = "";
			if (!isnan(tr))
				snprintf(t1, sizeof t1, "%.2f", tr);
			if (!isnan(ar))
				snprintf(t2, sizeof t2, "%.2f", ar);
			fprintf(f, "%-8s %10.3f %10.2f %12s %14s %8s%s\n", x->format, x->seconds,
				(double)x->bytes / 1e6, t1, t2,
				!prev_export(b, i) ? "-" : missed ? "MISSED" : "ok",
				x->contended ? "  (contended: a timed-out export was running)" : "");
		}
		if (b->has_big)
			fprintf(f, "  (target: the 16 MiB article adds <= %.0f s to an export)\n",
				SC_TARGET_BIG_S);
		else if (b->prev)
			fprintf(f, "  (target: time ratio <= %.1f x the article ratio)\n",
				SC_TARGET_EXPORT);
	}
	fflush(f);
}

int sc_report_misses(FILE *f, const struct sc_block *bs, size_t n)
{
	int misses = 0;
	char n1[32];
	fprintf(f, "\n== targets missed ==\n");
	for (size_t i = 0; i < n; i++) {
		const struct sc_block *b = &bs[i];
		if (b->has_ingest && b->ing.rate < SC_TARGET_INGEST) {
			fprintf(f, "%s: ingest %.0f articles/s < %.0f\n", b->label, b->ing.rate,
				SC_TARGET_INGEST);
			misses++;
		}
		if (b->has_big && (b->big.err[0] || b->big.seconds > SC_TARGET_BIG_S)) {
			fprintf(f, "%s: 16 MiB article %s in %.2f s\n", b->label,
				b->big.err[0] ? b->big.err : "filed", b->big.seconds);
			misses++;
		}
		for (size_t k = 0; k < b->nq; k++) {
			const struct sc_qres *q = &b->q[k];
			if (!query_missed(q))
				continue;
			if (q->errors)
				fprintf(f, "%s: %s: %u errors (%s)\n", b->label, q->name, q->errors, q->err);
			else
				fprintf(f, "%s: %s: p99 %.3f ms > %.0f ms (p50 %.3f ms, %u rows%s%s)\n",
					b->label, q->name, q->p99_ms, q->target_ms, q->p50_ms, q->rows,
					q->subject[0] ? "; " : "", q->subject);
			misses++;
		}
		for (int k = 0; k < b->nx; k++) {
			double tr, ar;
			if (!export_missed(b, k, &tr, &ar))
				continue;
			const struct sc_xres *x = &b->x[k];
			const struct sc_xres *p = prev_export(b, k);
			if (x->err[0])
				fprintf(f, "%s: export %s failed: %s\n", b->label, x->format, x->err);
			else if (b->has_big)
				fprintf(f, "%s: export %s took %.2f s, %.2f s more than without the "
					"article\n", b->label, x->format, x->seconds, x->seconds - p->seconds);
			else
				fprintf(f, "%s: export %s %.2f s vs %.2f s at %s articles: time x%.2f "
					"for articles x%.2f (> %.1f x)\n", b->label, x->format, x->seconds,
					p->seconds, num(b->prev->articles, n1), tr, ar, SC_TARGET_EXPORT);
			misses++;
		}
	}
	if (!misses)
		fprintf(f, "none\n");
	return misses;
}

static void jnum(dsr_buf *j, const char *key, double v)
{
	if (isnan(v) || isinf(v))
		dsr_buf_printf(j, "\"%s\":null", key);
	else
		dsr_buf_printf(j, "\"%s\":%.6g", key, v);
}

static void jstr(dsr_buf *j, const char *key, const char *v)
{
	dsr_buf_printf(j, "\"%s\":", key);
	dsr_buf_json_str(j, v, strlen(v));
}

static void json_block(dsr_buf *j, const struct sc_block *b)
{
	dsr_buf_puts(j, "{");
	jstr(j, "label", b->label);
	dsr_buf_printf(j, ",\"contended\":%s", b->contended ? "true" : "false");
	dsr_buf_printf(j, ",\"articles\":%" PRIu64, b->articles);
	if (b->has_ingest) {
		const struct sc_ingest *g = &b->ing;
		dsr_buf_printf(j, ",\"ingest\":{\"from\":%" PRIu64 ",\"to\":%" PRIu64
			       ",\"filed\":%" PRIu64 ",\"duplicates\":%" PRIu64 ",\"errors\":%" PRIu64
			       ",\"events\":%" PRIu64 ",", g->from, g->to, g->filed, g->dups,
			       g->errors, g->events);
		jnum(j, "seconds", g->seconds);
		dsr_buf_putc(j, ',');
		jnum(j, "articles_per_s", g->rate);
		dsr_buf_putc(j, ',');
		jnum(j, "last_tenth_articles_per_s", g->tail_rate);
		dsr_buf_putc(j, ',');
		jnum(j, "daemon_written_bytes", g->daemon_written >= 0 ? g->daemon_written : NAN);
		dsr_buf_putc(j, ',');
		jnum(j, "daemon_cpu_s", g->daemon_cpu >= 0 ? g->daemon_cpu : NAN);
		dsr_buf_printf(j, ",\"target_met\":%s}", g->rate >= SC_TARGET_INGEST ? "true" : "false");
	}
	if (b->has_big) {
		const struct sc_one *o = &b->big;
		dsr_buf_printf(j, ",\"big_article\":{\"bytes\":%zu,\"events\":%u,\"actors\":%u,"
			       "\"claims\":%u,\"entries\":%u,", o->bytes, o->events, o->actors,
			       o->claims, o->entries);
		jnum(j, "seconds", o->seconds);
		dsr_buf_putc(j, ',');
		jstr(j, "error", o->err);
		dsr_buf_puts(j, "}");
	}
	const struct sc_status *s = &b->st;
	dsr_buf_printf(j, ",\"store\":{\"articles\":%" PRIu64 ",\"events\":%" PRIu64
		       ",\"actors\":%" PRIu64 ",\"names\":%" PRIu64 ",\"claims\":%" PRIu64
		       ",\"entries\":%" PRIu64 ",\"file_bytes\":%" PRIu64 ",\"rss_bytes\":%" PRIu64 "}",
		       s->articles, s->events, s->actors, s->names, s->claims, s->entries,
		       s->file_bytes, s->rss_bytes);
	if (b->nq) {
		dsr_buf_puts(j, ",\"baseline\":{");
		jnum(j, "lmdb_p50_ms", b->lmdb.p50_ms);
		dsr_buf_putc(j, ',');
		jnum(j, "lmdb_p99_ms", b->lmdb.p99_ms);
		dsr_buf_printf(j, ",\"lmdb_reads\":%" PRIu64 ",\"lmdb_keys\":%" PRIu64 ",",
			       b->lmdb.reads, b->lmdb.keys);
		jstr(j, "lmdb_error", b->lmdb.err);
		dsr_buf_putc(j, ',');
		jnum(j, "status_p50_ms", b->status_p50_ms);
		dsr_buf_putc(j, ',');
		jnum(j, "status_p99_ms", b->status_p99_ms);
		dsr_buf_puts(j, "},\"top\":{");
		jstr(j, "name", b->top.name);
		dsr_buf_printf(j, ",\"mentions\":%" PRIu64 ",\"articles\":%zu,\"actors\":%zu}",
			       b->top.mentions, b->top.articles, b->top.actors);
		dsr_buf_puts(j, ",\"queries\":[");
		for (size_t i = 0; i < b->nq; i++) {
			const struct sc_qres *q = &b->q[i];
			dsr_buf_puts(j, i ? ",{" : "{");
			jstr(j, "query", q->name);
			dsr_buf_putc(j, ',');
			jstr(j, "subject", q->subject);
			dsr_buf_printf(j, ",\"runs\":%u,\"errors\":%u,", q->runs, q->errors);
			jnum(j, "p50_ms", q->p50_ms);
			dsr_buf_putc(j, ',');
			jnum(j, "p99_ms", q->p99_ms);
			dsr_buf_putc(j, ',');
			jnum(j, "max_ms", q->max_ms);
			dsr_buf_printf(j, ",\"rows\":%u,\"bytes\":%zu,", q->rows, q->bytes);
			jnum(j, "p50_vs_lmdb", ratio(q->p50_ms, b->lmdb.p50_ms));
			dsr_buf_putc(j, ',');
			jnum(j, "p99_vs_lmdb", ratio(q->p99_ms, b->lmdb.p99_ms));
			dsr_buf_putc(j, ',');
			jnum(j, "target_ms", q->target_ms > 0 ? q->target_ms : NAN);
			dsr_buf_printf(j, ",\"target_met\":%s", query_missed(q) ? "false" : "true");
			if (q->errors) {
				dsr_buf_putc(j, ',');
				jstr(j, "error", q->err);
			}
			dsr_buf_putc(j, '}');
		}
		dsr_buf_puts(j, "]");
	}
	if (b->nx) {
		dsr_buf_puts(j, ",\"exports\":[");
		for (int i = 0; i < b->nx; i++) {
			const struct sc_xres *x = &b->x[i];
			double tr, ar;
			bool missed = export_missed(b, i, &tr, &ar);
			dsr_buf_puts(j, i ? ",{" : "{");
			jstr(j, "format", x->format);
			dsr_buf_putc(j, ',');
			jnum(j, "seconds", x->seconds);
			dsr_buf_printf(j, ",\"bytes\":%" PRIu64 ",", x->bytes);
			jnum(j, b->has_big ? "time_vs_before" : "time_vs_prev", tr);
			dsr_buf_putc(j, ',');
			jnum(j, "articles_vs_prev", ar);
			dsr_buf_printf(j, ",\"target_met\":%s",
				       !prev_export(b, i) ? "null" : missed ? "false" : "true");
			dsr_buf_printf(j, ",\"timed_out\":%s,\"contended\":%s",
				       x->timed_out ? "true" : "false", x->contended ? "true" : "false");
			if (x->err[0]) {
				dsr_buf_putc(j, ',');
				jstr(j, "error", x->err);
			}
			dsr_buf_putc(j, '}');
		}
		dsr_buf_puts(j, "]");
	}
	dsr_buf_puts(j, "}");
}

int sc_report_json(const char *path, const struct sc_block *b, size_t n,
		   const char *config_json)
{
	dsr_buf j = DSR_BUF_INIT;
	dsr_buf_printf(&j, "{\"benchmark\":\"dossier.scale/1\",\"config\":%s,\"blocks\":[\n",
		       config_json);
	for (size_t i = 0; i < n; i++) {
		if (i)
			dsr_buf_puts(&j, ",\n");
		json_block(&j, &b[i]);
	}
	dsr_buf_puts(&j, "\n]}\n");
	FILE *f = fopen(path, "w");
	int rc = 0;
	if (!f || fwrite(j.data, 1, j.len, f) != j.len)
		rc = -1;
	if (f && fclose(f) != 0)
		rc = -1;
	dsr_buf_free(&j);
	return rc;
}
