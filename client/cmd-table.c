/* cmd-table.c: every `dossier` subcommand, in the order --help lists them. */
#include "cmd.h"

#include <stddef.h>

extern const struct dsr_cmd cmd_ingest_entry;
extern const struct dsr_cmd cmd_extract_entry;
extern const struct dsr_cmd cmd_actors_entry;
extern const struct dsr_cmd cmd_actor_entry;
extern const struct dsr_cmd cmd_claims_entry;
extern const struct dsr_cmd cmd_attribution_entry;
extern const struct dsr_cmd cmd_timeline_entry;
extern const struct dsr_cmd cmd_articles_entry;
extern const struct dsr_cmd cmd_indicators_entry;
extern const struct dsr_cmd cmd_watch_entry;
extern const struct dsr_cmd cmd_log_entry;
extern const struct dsr_cmd cmd_status_entry;
extern const struct dsr_cmd cmd_sync_entry;
extern const struct dsr_cmd cmd_peers_entry;
extern const struct dsr_cmd cmd_bundle_entry;
extern const struct dsr_cmd cmd_merge_entry;
extern const struct dsr_cmd cmd_unmerge_entry;
extern const struct dsr_cmd cmd_distinct_entry;
extern const struct dsr_cmd cmd_name_entry;
extern const struct dsr_cmd cmd_confirm_entry;
extern const struct dsr_cmd cmd_dispute_entry;
extern const struct dsr_cmd cmd_retract_entry;
extern const struct dsr_cmd cmd_grade_entry;
extern const struct dsr_cmd cmd_proposition_entry;
extern const struct dsr_cmd cmd_entry_entry;
extern const struct dsr_cmd cmd_note_entry;
extern const struct dsr_cmd cmd_why_entry;
extern const struct dsr_cmd cmd_conflicts_entry;
extern const struct dsr_cmd cmd_export_entry;
extern const struct dsr_cmd cmd_import_entry;
extern const struct dsr_cmd cmd_web_entry;

const struct dsr_cmd *const dsr_cmd_table[] = {
	&cmd_ingest_entry,
	&cmd_extract_entry,
	&cmd_actors_entry,
	&cmd_actor_entry,
	&cmd_claims_entry,
	&cmd_attribution_entry,
	&cmd_timeline_entry,
	&cmd_articles_entry,
	&cmd_indicators_entry,
	/* curation, provenance and exports */
	&cmd_merge_entry,
	&cmd_unmerge_entry,
	&cmd_distinct_entry,
	&cmd_name_entry,
	&cmd_confirm_entry,
	&cmd_dispute_entry,
	&cmd_retract_entry,
	&cmd_grade_entry,
	&cmd_proposition_entry,
	&cmd_entry_entry,
	&cmd_note_entry,
	&cmd_why_entry,
	&cmd_conflicts_entry,
	&cmd_export_entry,
	&cmd_import_entry,
	&cmd_watch_entry,
	&cmd_log_entry,
	&cmd_status_entry,
	&cmd_web_entry,
	&cmd_sync_entry,
	&cmd_peers_entry,
	&cmd_bundle_entry,
	NULL,
};
