/* confidence.c: the confidence (0-100, as STIX has it) that a proposition
 * is so, and the ICD 203 words for it (see confidence.h; docs/curation.md
 * gives the model and worked examples).
 *
 * Each independent report of a proposition weighs by who says it and how
 * firmly (and how the analysts graded it: view/prop.c); reports for it add
 * up, reports against it too.  Each side's total moves the figure from an
 * even chance by at most 45 points, with diminishing returns: one firm
 * official report is "likely" (68), five are "very likely" (91); a hedged,
 * unattributed report alone leaves it at about an even chance. */
#include "confidence.h"

/* 45 * (1 - e^(-w / 2000)), in whole points, in integer arithmetic so that
 * every machine gives the same figure: e^(-w/2000) in 16-bit fixed point,
 * a factor e^(-1/20) (62339/65536) per 100 units of weight. */
uint32_t dsr_confidence_pull(uint64_t w)
{
	uint64_t r = 65536;
	for (uint64_t k = 0; k < w / 100 && r; k++)
		r = r * 62339 / 65536;
	/* the rest of w, linearly: e^(-x) ~ 1 - x for x < 1/20 */
	r -= r * (w % 100) / 2000;
	return (uint32_t)((45 * (65536 - r) + 32768) / 65536);
}

uint32_t dsr_prop_confidence(uint64_t weight_for, uint64_t weight_against)
{
	int c = 50 + (int)dsr_confidence_pull(weight_for) - (int)dsr_confidence_pull(weight_against);
	return c < 1 ? 1 : c > 99 ? 99 : (uint32_t)c;
}

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
