/* logprint.c: printing log events, shared by `dossier log` and `dossier
 * watch`: one line per event, or one JSON object per line. */
#include "logprint.h"
#include "payload.h"

#include <inttypes.h>
#include <string.h>

static const char *summary(const Dpb__Event *e, char *buf, size_t n)
{
	switch (e->payload_case) {
	case DPB__EVENT__PAYLOAD_ARTICLE:
		snprintf(buf, n, "%s", e->article->title[0] ? e->article->title :
			 e->article->url);
		break;
	case DPB__EVENT__PAYLOAD_ACTOR:
		snprintf(buf, n, "%s", e->actor->name);
		break;
	case DPB__EVENT__PAYLOAD_NAMES:
		snprintf(buf, n, "%s / %s", e->names->a, e->names->b);
		break;
	case DPB__EVENT__PAYLOAD_CLAIM:
		snprintf(buf, n, "%s %s: %s", e->claim->source, e->claim->cue,
			 e->claim->content);
		break;
	case DPB__EVENT__PAYLOAD_ENTRY:
		snprintf(buf, n, "%s: %s", e->entry->date, e->entry->text);
		break;
	case DPB__EVENT__PAYLOAD_INDICATOR:
		snprintf(buf, n, "%s %s", e->indicator->type, e->indicator->value);
		break;
	case DPB__EVENT__PAYLOAD_NOTE:
		snprintf(buf, n, "%s", e->note->text);
		break;
	case DPB__EVENT__PAYLOAD_ASSESSED:
	case DPB__EVENT__PAYLOAD_AMENDED:
	case DPB__EVENT__PAYLOAD_CURATED:
	DSR_PAYLOAD_NO_CASES:
		buf[0] = 0;
		break;
	}
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return buf;
}

static const char *kind(const Dpb__Event *e)
{
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field(&dpb__event__descriptor,
							(unsigned)e->payload_case);
	return f ? f->name : "unknown";
}

int event_print(uint64_t pos, const uint8_t *bytes, size_t len, dsr_buf *out)
{
	Dpb__Event *e = dpb__event__unpack(NULL, len, bytes);
	if (copts.json) {
		dsr_buf_printf(out, "{\"pos\":%" PRIu64 ",\"event\":", pos);
		if (e)
			json_msg(out, &e->base);
		else
			dsr_buf_puts(out, "null");
		dsr_buf_puts(out, "}\n");
	} else if (e) {
		char s[160];
		dsr_buf_printf(out, "%-8" PRIu64 " %s:%-6" PRIu64 " %-12s %-8s %s\n", pos,
			       hexs(e->origin.data, e->origin.len, 8), e->seq, e->author,
			       kind(e), summary(e, s, sizeof s));
	} else {
		dsr_buf_printf(out, "%-8" PRIu64 " (undecodable event of %zu bytes)\n", pos, len);
	}
	if (e)
		dpb__event__free_unpacked(e, NULL);
	return e ? 0 : -1;
}
