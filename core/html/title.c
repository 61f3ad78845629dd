/* title.c: the article's headline is its title, not its text: an h1 or h2
 * whose words are (nearly all) the title's is marked HF_TITLE, and text.c
 * leaves it out. */
#include "impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Lowercase ASCII letters and digits, and every byte of a non-ASCII
 * character, make words; anything else separates them. */
static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

size_t dsr__hmissing(const char *a, const char *b, size_t *total)
{
	size_t miss = 0;
	*total = 0;
	for (const char *p = a; *p;) {
		if (!word_byte((unsigned char)*p)) {
			p++;
			continue;
		}
		size_t l = 0;
		while (word_byte((unsigned char)p[l]))
			l++;
		*total += l;
		bool found = false;
		for (const char *q = b; *q && !found;) {
			if (!word_byte((unsigned char)*q)) {
				q++;
				continue;
			}
			size_t m = 0;
			while (word_byte((unsigned char)q[m]))
				m++;
			found = m == l && strncasecmp(p, q, l) == 0;
			q += m;
		}
		miss += found ? 0 : l;
		p += l;
	}
	return miss;
}

int dsr__htitle_marks(struct hdoc *d, const char *title)
{
	if (!title || !*title)
		return 0;
	size_t tl = strlen(title);
	if (tl > 1000) /* no headline is that long: not worth the comparisons */
		return 0;
	dsr_buf b = DSR_BUF_INIT;
	int marked = 0;
	for (size_t i = 0; i < d->n && marked < 2; i++) {
		struct hnode *h = &d->v[i];
		const char *t = (const char *)h->node->name;
		if (h->kind != HK_HEADING || (h->flags & HF_REMOVED) ||
		    (strcasecmp(t, "h1") && strcasecmp(t, "h2")) || h->text > 2 * tl + 16)
			continue;
		dsr_buf_reset(&b);
		if (dsr__htext(d, h->node, 4 * tl + 64, false, &b) || dsr_buf_cstr(&b)) {
			dsr_buf_free(&b);
			return -ENOMEM;
		}
		size_t ht, tt;
		size_t hm = dsr__hmissing((const char *)b.data, title, &ht);
		size_t tm = dsr__hmissing(title, (const char *)b.data, &tt);
		/* the heading's words are the title's, and it says most of it */
		if (ht && hm * 4 <= ht && tm * 2 <= tt) {
			h->flags |= HF_TITLE;
			marked++;
		}
	}
	dsr_buf_free(&b);
	return 0;
}
