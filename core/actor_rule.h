/* actor_rule.h: the pure rule that decides whether two actor names, from
 * any two articles, denote the same actor.
 *
 * The views build the actor graph from it: for each name they ask
 * dsr_actor_blocks() for its blocking keys, look up the names that share a
 * key, add an edge where dsr_actor_same() says so, and take connected
 * components.  Because the rule depends on nothing but its arguments and the
 * compiled-in lexicons, every replica clusters the same set of names the
 * same way, whatever order the articles arrived in.
 *
 * What counts as the same (docs/extractor.md has the details):
 *  - equal identity keys (dsr_name_key): "Kim Jong Un" / "Kim Jong-un",
 *    "G.O.P." / "GOP" / "#GOP";
 *  - forms of one lexicon entry: "DHS" / "Department of Homeland Security",
 *    "North Korean government" / "North Korea", "NBC" / "NBC News";
 *  - an acronym and a name whose initials it spells: "FBI" / "Federal Bureau
 *    of Investigation", "GOP" / "Guardians of Peace";
 *  - spelling variants: the same words but for one function word ("Guardians
 *    for Peace") or one letter in one word of five or more letters ("Steve
 *    Carell" / "Steve Carrell");
 *  - organisation short forms: one name is the other less organisation
 *    designators, keeping its first word ("Sony" / "Sony Pictures" /
 *    "Sony Pictures Entertainment" / "Sony Entertainment").
 * And what never is: two different entries of one lexicon ("North Korea" /
 * "South Korea"), a person and a non-person, or a surname alone and a full
 * name (within an article the extractor links those; across articles a bare
 * surname is too weak).
 */
#ifndef DOSSIER_ACTOR_RULE_H
#define DOSSIER_ACTOR_RULE_H

#include <stdbool.h>
#include <stddef.h>

/* True when the two names (with DPB__ACTOR_KIND__* kinds; KIND_UNSPECIFIED
 * matches any kind) denote the same actor.  Symmetric and deterministic:
 * same answer on every machine, whatever order it is asked in.  NULL or
 * empty names are never the same as anything; nor is anything when memory
 * runs out (the rule cannot say). */
bool dsr_actor_same(const char *a, int kind_a, const char *b, int kind_b);

/* Blocking keys of a name: calls emit() once per distinct key.  Contract
 * (tested): whenever dsr_actor_same(a,ka,b,kb) is true, a and b share at
 * least one key, whatever the kinds.  Keys do not depend on kind, are short
 * byte strings (no NUL) and there are at most DSR_ACTOR_MAX_BLOCKS per name.
 * Returns 0, -ENOMEM, or the first negative value emit returned. */
#define DSR_ACTOR_MAX_BLOCKS 8
int dsr_actor_blocks(const char *name, int kind,
		     int (*emit)(void *ctx, const char *key, size_t len),
		     void *ctx);

#endif
