/* cmd-table.c: every `dossier` subcommand, in the order --help lists them. */
#include "cmd.h"

#include <stddef.h>

extern const struct dsr_cmd cmd_extract_entry;

const struct dsr_cmd *const dsr_cmd_table[] = {
	&cmd_extract_entry,
	NULL,
};
