/* brief_words.h: every word the brief writes of its own, in one table
 * (docs/brief.md): section titles, judgment templates, estimative phrases,
 * the names of kinds, precisions and grades.  Change the house style here;
 * no code holds wording.
 *
 * A row is (identifier, text).  In a template, {name} is filled by the
 * writer: plain text, text quoted from an article (set in quotation marks
 * by the format), citations ([Q3]) or another row's text. */
#ifndef DOSSIER_EXPORT_BRIEF_WORDS_H
#define DOSSIER_EXPORT_BRIEF_WORDS_H

#define DSR_BRIEF_WORDS(XX)                                                   \
	/* the title and the sections, in the order they come */                \
	XX(TITLE, "Incident brief")                                             \
	XX(TITLE_ABOUT, "Incident brief: {name}")                               \
	XX(TITLE_ACT, "Incident brief: {name}")                                 \
	XX(SEC_KEY, "Key judgments")                                            \
	XX(SEC_DISPUTED, "What is disputed")                                    \
	XX(SEC_TIMELINE, "Timeline of key events")                              \
	XX(SEC_ACTORS, "Actors")                                                \
	XX(SEC_NOTES, "Analysts' notes and grades")                             \
	XX(SEC_SOURCES, "Sources")                                              \
	XX(SEC_QUOTES, "Quotations cited")                                      \
	XX(SEC_ABOUT, "About this brief")                                       \
	/* key judgments: one sentence each */                                  \
	XX(KJ_ATTR, "We assess with {level} confidence that {estimate} "        \
	   "({confidence} of 100) that {responsible} was responsible for {act}, " \
	   "as {asserters} {assert} in {outlets}{cites_for}{denial}.")          \
	XX(KJ_STMT, "We assess with {level} confidence that {estimate} "        \
	   "({confidence} of 100) that {content}, as {asserters} {assert} in "  \
	   "{outlets}{cites_for}{denial}.")                                     \
	XX(DENIAL, ", while {deniers} {deny} it{cites_against}")                \
	XX(NO_DENIAL, ", and no source in the knowledge base denies it")        \
	/* what is disputed: both sides in one sentence */                      \
	XX(DISPUTE_ATTR, "Whether {responsible} was responsible for {act} is "  \
	   "disputed: {asserters} {assert} it{cites_for}, while {deniers} {deny} " \
	   "it{cites_against}.")                                                \
	XX(DISPUTE_STMT, "Whether {content} is disputed: {asserters} {assert} " \
	   "it{cites_for}, while {deniers} {deny} it, saying {counter}"         \
	   "{cites_against}.")                                                  \
	/* the timeline: one item per event */                                  \
	XX(EVENT, "{date} ({precision}){told}: {text}{cites}")                  \
	XX(EVENT_PLANNED, "{date} ({precision}, {planned}){told}: {text}{cites}") \
	XX(PLANNED, "still to come when reported on {published}")               \
	XX(REPORTED, "said or reported then")                                   \
	XX(CANCELLED, "planned for then and called off")                        \
	XX(TOLD_N, ", told by {n} articles")                                    \
	/* the actors: one item each */                                         \
	XX(ACTOR, "{name} ({kind}{aliases}): {roles}{cites}.")                  \
	XX(ALIASES, "; also {names}")                                           \
	XX(ROLE_RESPONSIBLE, "said to be responsible for {what}")               \
	XX(ROLE_TARGET, "the target of {what}")                                 \
	XX(ROLE_ASSERTS, "a source asserting {what}")                           \
	XX(ROLE_DENIES, "a source denying {what}")                              \
	XX(ROLE_EVENTS, "named in {what}")                                      \
	XX(ROLE_SEP, "; ")                                                      \
	XX(EVENTS_1, "one event of the timeline")                               \
	XX(EVENTS_N, "{n} events of the timeline")                              \
	XX(JUDGMENTS_1, "one judgment")                                         \
	XX(JUDGMENTS_N, "{n} judgments")                                        \
	/* analysts' notes and grades */                                        \
	XX(NOTE_CLAIM, "{author} noted on a claim by {source}: {text}{cites}.") \
	XX(NOTE_ENTRY, "{author} noted on the event of {date}: {text}{cites}.") \
	XX(NOTE_ACTOR, "{author} noted on {name}: {text}{cites}.")              \
	XX(NOTE_ARTICLE, "{author} noted on the report by {name}: {text}{cites}.") \
	XX(GRADE, "{author} graded the claim by {source} {grade} "              \
	   "({reliability}, {credibility}): {text}{cites}.")                    \
	XX(STATUS_CONFIRMED, "{author} confirmed the claim by {source}{why}: "  \
	   "{text}{cites}.")                                                    \
	XX(STATUS_DISPUTED, "{author} disputed the claim by {source}{why}: "    \
	   "{text}{cites}.")                                                    \
	XX(STATUS_RETRACTED, "{author} retracted the claim by {source}{why}: "  \
	   "{text}{cites}.")                                                    \
	XX(STATUS_WHY, " ({note})")                                             \
	/* sources, quotations and the colophon */                              \
	XX(SOURCE, "{outlet}, {date}: {title}")                                 \
	XX(QUOTE, "{source}, bytes {start}-{end} of article {article}, {kind} " \
	   "{fact}: {text}")                                                    \
	XX(QUOTE_CLAIM, "claim")                                                \
	XX(QUOTE_ENTRY, "timeline entry")                                       \
	XX(MADE_FROM, "Made from {events} events of {replicas} ({vector}), "    \
	   "whose views digest to {digest}.")                                   \
	XX(REPLICAS_1, "one replica")                                           \
	XX(REPLICAS_N, "{n} replicas")                                          \
	XX(SCOPE_ABOUT, "It covers what concerns {name}.")                      \
	XX(SCOPE_ACT, "It covers what concerns {name}.")                        \
	XX(SCOPE_SINCE, "It covers reports published and events dated from "    \
	   "{date}.")                                                           \
	XX(SCOPE_CUT, "Key judgments: the {shown} of {all} with the highest "   \
	   "confidence.")                                                       \
	XX(LEGEND_WORDS, "Estimative words follow ICD 203: almost no chance "   \
	   "(0-4 of 100), very unlikely (5-19), unlikely (20-44), roughly even " \
	   "chance (45-55), likely (56-79), very likely (80-94), almost "       \
	   "certainly (95-100).")                                               \
	XX(LEGEND_LEVELS, "Confidence is high when at least three independent " \
	   "reports in three outlets say so, an analyst confirmed or graded "   \
	   "reliable one of them and no report denies it; moderate when at "    \
	   "least two reports in two outlets say so; low otherwise.")           \
	XX(LEGEND_CITES, "Each [Qn] cites a quotation below: the bytes of an "  \
	   "article that the claim or event was drawn from (dossier why ID).")  \
	/* estimative phrases, one per ICD 203 expression (dsr_likelihood) */   \
	XX(EST_NO_CHANCE, "there is almost no chance")                          \
	XX(EST_VERY_UNLIKELY, "it is very unlikely")                            \
	XX(EST_UNLIKELY, "it is unlikely")                                      \
	XX(EST_EVEN, "there is a roughly even chance")                          \
	XX(EST_LIKELY, "it is likely")                                          \
	XX(EST_VERY_LIKELY, "it is very likely")                                \
	XX(EST_CERTAIN, "it is almost certain")                                 \
	XX(LEVEL_LOW, "low")                                                    \
	XX(LEVEL_MODERATE, "moderate")                                          \
	XX(LEVEL_HIGH, "high")                                                  \
	/* lists and agreement */                                               \
	XX(AND, " and ")                                                        \
	XX(COMMA, ", ")                                                         \
	XX(UNATTRIBUTED, "reports without a named source")                      \
	XX(ASSERT_1, "asserts")                                                 \
	XX(ASSERT_N, "assert")                                                  \
	XX(DENY_1, "denies")                                                    \
	XX(DENY_N, "deny")                                                      \
	XX(OUTLETS_1, "one outlet")                                             \
	XX(OUTLETS_N, "{n} outlets")                                            \
	XX(THE, "the ")                                                         \
	XX(DETERMINERS, "the a an its their this that these those his her")     \
	XX(NO_TITLE, "(untitled)")                                              \
	XX(NO_DATE, "undated")                                                  \
	XX(NO_OUTLET, "unknown outlet")                                         \
	XX(NO_AUTHOR, "an analyst")                                             \
	/* kinds of actors (ActorKind) */                                       \
	XX(KIND_0, "actor")                                                     \
	XX(KIND_1, "person")                                                    \
	XX(KIND_2, "organisation")                                              \
	XX(KIND_3, "government")                                                \
	XX(KIND_4, "country")                                                   \
	XX(KIND_5, "group")                                                     \
	XX(KIND_6, "news outlet")                                               \
	XX(KIND_7, "actor")                                                     \
	/* precisions of dates (Precision) */                                   \
	XX(PREC_0, "date")                                                      \
	XX(PREC_1, "time of day")                                               \
	XX(PREC_2, "day")                                                       \
	XX(PREC_3, "week")                                                      \
	XX(PREC_4, "month")                                                     \
	XX(PREC_5, "season")                                                    \
	XX(PREC_6, "quarter")                                                   \
	XX(PREC_7, "year")                                                      \
	XX(PREC_8, "decade")                                                    \
	XX(PREC_9, "century")                                                   \
	XX(PREC_10, "relative to the report")                                   \
	/* the Admiralty scale */                                               \
	XX(REL_A, "completely reliable")                                        \
	XX(REL_B, "usually reliable")                                           \
	XX(REL_C, "fairly reliable")                                            \
	XX(REL_D, "not usually reliable")                                       \
	XX(REL_E, "unreliable")                                                 \
	XX(REL_F, "reliability cannot be judged")                               \
	XX(REL_NONE, "reliability not graded")                                  \
	XX(CRED_0, "credibility not graded")                                    \
	XX(CRED_1, "confirmed by other sources")                                \
	XX(CRED_2, "probably true")                                             \
	XX(CRED_3, "possibly true")                                             \
	XX(CRED_4, "doubtful")                                                  \
	XX(CRED_5, "improbable")                                                \
	XX(CRED_6, "truth cannot be judged")

enum dsr__bw {
#define XX(id, text) DSR__BW_##id,
	DSR_BRIEF_WORDS(XX)
#undef XX
	DSR__BW_COUNT
};

/* The text of a row. */
extern const char *const dsr__brief_words[DSR__BW_COUNT];

#endif
