/* confidence.c: a claim's confidence (0-100, as STIX has it) from its
 * grade, status, hedging, sources and contradictions, and the ICD 203 words
 * for it (see confidence.h and docs/curation.md). */
#include "confidence.h"

const char *dsr_likelihood(uint32_t c)
{
	if (c < 5)
		return "almost no chance";
	if (c < 20)
		return "very unlikely";
	if (c < 45)
		return "unlikely";
	if (c <= 55)
		return "roughly even chance";
	if (c < 80)
		return "likely";
	if (c < 95)
		return "very likely";
	return "almost certainly";
}

uint32_t dsr_confidence(const char *reliability, uint32_t credibility, int status,
			bool hedged, uint32_t sources, uint32_t contradicting)
{
	static const int cred[] = { 0, 90, 75, 55, 30, 10, 50 };
	int c;
	if (credibility >= 1 && credibility <= 6) {
		c = cred[credibility];
		if (reliability && *reliability) {
			static const int rel[] = { 5, 2, 0, -5, -10, 0 };
			int r = *reliability - 'A';
			if (r >= 0 && r <= 5)
				c += rel[r];
		}
	} else {
		c = hedged ? 40 : 60;
	}
	int more = sources > 1 ? 8 * (int)(sources - 1) : 0;
	c += more > 30 ? 30 : more;
	int less = 10 * (int)contradicting;
	c -= less > 30 ? 30 : less;
	if (status == DPB__CLAIM_STATUS__STATUS_CONFIRMED && c < 90)
		c = 90;
	if (status == DPB__CLAIM_STATUS__STATUS_DISPUTED && c > 30)
		c = 30;
	if (status == DPB__CLAIM_STATUS__STATUS_RETRACTED)
		c = 0;
	return c < 0 ? 0 : c > 100 ? 100 : (uint32_t)c;
}
