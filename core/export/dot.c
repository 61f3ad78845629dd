/* dot.c: the actor-claim graph as Graphviz DOT: actors as nodes, each
 * claim an edge from its source to the actors it is about. */
#include "export/impl.h"
#include "error.h"
#include "query.h"
#include "query/api.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct cx {
	dsr_rtxn *t;
	dsr__out *o;
	dsr_buf *b;               /* &o->b */
	dsr__namecache *names;    /* each name's actor, looked up once */
};

static void dot_str(dsr_buf *b, const char *s)
{
	dsr_buf_putc(b, '"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			dsr_buf_putc(b, '\\');
		if (*s == '\n') {
			dsr_buf_puts(b, "\\n");
			continue;
		}
		dsr_buf_putc(b, *s);
	}
	dsr_buf_putc(b, '"');
}

static int on_actor(void *ctx, const Dpb__ActorInfo *a)
{
	struct cx *c = ctx;
	static const char *const shape[] = { "ellipse", "ellipse", "box", "house",
		"doubleoctagon", "diamond", "note", "ellipse" };
	dsr_buf_puts(c->b, "  ");
	dot_str(c->b, a->key);
	dsr_buf_puts(c->b, " [label=");
	dot_str(c->b, a->name);
	dsr_buf_printf(c->b, ", shape=%s];\n", shape[a->kind <= 7 ? a->kind : 0]);
	return dsr__out_drain(c->o, false);
}

static int on_claim(void *ctx, const Dpb__ClaimInfo *cl)
{
	struct cx *c = ctx;
	if (!cl->source || !*cl->source || !cl->n_about)
		return 0;
	const char *src = dsr__namecache_cluster(c->t, c->names, cl->source);
	if (!src)
		return 0;
	for (size_t i = 0; i < cl->n_about; i++) {
		const char *to = dsr__namecache_cluster(c->t, c->names, cl->about[i]);
		if (!to || !strcmp(src, to))
			continue;
		/* The cue, cut to 60 bytes on a character boundary. */
		const char *cue = cl->cue && *cl->cue ? cl->cue : "says";
		size_t n = strlen(cue);
		if (n > 60)
			for (n = 60; n && ((unsigned char)cue[n] & 0xc0) == 0x80; n--)
				;
		char label[80];
		snprintf(label, sizeof label, "%.*s%s", (int)n, cue,
			 cl->stance ? " (denies)" : "");
		dsr_buf_puts(c->b, "  ");
		dot_str(c->b, src);
		dsr_buf_puts(c->b, " -> ");
		dot_str(c->b, to);
		dsr_buf_puts(c->b, " [label=");
		dot_str(c->b, label);
		dsr_buf_printf(c->b, ", color=%s, style=%s];\n", cl->stance ? "red" : "black",
			       cl->hedged ? "dashed" : "solid");
	}
	return dsr__out_drain(c->o, false);
}

int dsr__export_dot(dsr_rtxn *t, uint64_t now_ms, dsr__out *o)
{
	dsr_buf *out = &o->b;
	struct cx c = { t, o, out, dsr__namecache_new() };
	if (!c.names)
		return -ENOMEM;
	dsr_buf_puts(out, "digraph dossier {\n  graph [rankdir=LR, fontname=\"sans\"];\n"
			  "  node [fontname=\"sans\"];\n  edge [fontname=\"sans\", fontsize=9];\n");
	int rc = dsr_q_actors(t, 0, 0, NULL, NULL, on_actor, &c);
	dsr_claim_filter f = DSR_CLAIM_FILTER_ANY;
	if (!rc)
		rc = dsr_q_claims(t, &f, NULL, NULL, on_claim, &c);
	dsr_buf_puts(out, "}\n");
	dsr__namecache_free(c.names);
	return rc;
}
