/* cmd.h: the table of `dossier` subcommands.
 *
 * Each subcommand lives in its own file, client/cmd-NAME.c, and defines one
 * `const struct dsr_cmd cmd_NAME_entry`; cmd-table.c lists them.  exec()
 * gets argv with argv[0] = the command name and returns a process exit code
 * (see the DSR_EXIT_* values, documented in `dossier --help`).
 */
#ifndef DOSSIER_CLIENT_CMD_H
#define DOSSIER_CLIENT_CMD_H

enum {
	DSR_EXIT_OK = 0,
	DSR_EXIT_ERROR = 1,     /* the request failed (the daemon said why) */
	DSR_EXIT_USAGE = 2,     /* bad command line */
	DSR_EXIT_CONNECT = 3,   /* could not reach or authenticate to dossierd */
	DSR_EXIT_NOTFOUND = 4,  /* the thing asked for does not exist */
	DSR_EXIT_INPUT = 5,     /* an input file could not be read or is invalid */
};

struct dsr_cmd {
	const char *name;
	const char *usage;      /* one line: arguments after the name */
	const char *summary;    /* one line for `dossier --help` */
	const char *help;       /* full text for `dossier NAME --help` */
	/* More of the help, made at run time from a table of the core (the
	 * export formats): printed after `help`.  May be NULL. */
	void (*help_more)(void);
	int (*exec)(int argc, char **argv);
};

extern const struct dsr_cmd *const dsr_cmd_table[];

/* Prints the command's --help text to stdout. */
void dsr_cmd_help(const struct dsr_cmd *cmd);

#endif
