/* cmd-table.c: every `dossier` subcommand, in the order --help lists them. */
#include "cmd.h"

#include <stddef.h>

extern const struct dsr_cmd cmd_ingest_entry;
extern const struct dsr_cmd cmd_extract_entry;
extern const struct dsr_cmd cmd_actors_entry;
extern const struct dsr_cmd cmd_actor_entry;
extern const struct dsr_cmd cmd_claims_entry;
extern const struct dsr_cmd cmd_timeline_entry;
extern const struct dsr_cmd cmd_articles_entry;
extern const struct dsr_cmd cmd_watch_entry;
extern const struct dsr_cmd cmd_log_entry;
extern const struct dsr_cmd cmd_status_entry;
extern const struct dsr_cmd cmd_sync_entry;
extern const struct dsr_cmd cmd_peers_entry;
extern const struct dsr_cmd cmd_bundle_entry;

const struct dsr_cmd *const dsr_cmd_table[] = {
	&cmd_ingest_entry,
	&cmd_extract_entry,
	&cmd_actors_entry,
	&cmd_actor_entry,
	&cmd_claims_entry,
	&cmd_timeline_entry,
	&cmd_articles_entry,
	&cmd_watch_entry,
	&cmd_log_entry,
	&cmd_status_entry,
	&cmd_sync_entry,
	&cmd_peers_entry,
	&cmd_bundle_entry,
	NULL,
};
