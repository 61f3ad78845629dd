/* author.c: who the analyst is.  dossierd records the name the client gives
 * in its Hello on every event the connection writes (docs/protocol.md), so
 * each curation act names its analyst.  The name comes, first found, from
 * --author, $DOSSIER_AUTHOR, the config file, or the login name: a flag for
 * one command, the environment for a session, the file for a person's
 * machine, and the login as the fallback that is always there. */
#include "client.h"

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* $XDG_CONFIG_HOME/dossier/config, else ~/.config/dossier/config. */
static FILE *open_config(void)
{
	char path[4200];
	const char *x = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (x && *x)
		snprintf(path, sizeof path, "%s/dossier/config", x);
	else if (home && *home)
		snprintf(path, sizeof path, "%s/.config/dossier/config", home);
	else
		return NULL;
	return fopen(path, "r");
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	/* "author = \"Ann Lee\"": the quotes are not part of the name. */
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s[n - 1] = 0;
		s++;
	}
	return s;
}

/* The value of `author = ...` in the config file: lines of `key = value`,
 * '#' starting a comment line; other keys are left for other settings. */
static char *config_author(void)
{
	FILE *f = open_config();
	if (!f)
		return NULL;
	char line[1024], *found = NULL;
	while (!found && fgets(line, sizeof line, f)) {
		char *k = trim(line);
		if (*k == '#' || !*k)
			continue;
		char *eq = strchr(k, '=');
		if (!eq)
			continue;
		*eq = 0;
		char *v = trim(eq + 1);   /* once: trim() edits in place */
		if (strcmp(trim(k), "author") == 0 && *v)
			found = xstrdup(v);
	}
	fclose(f);
	return found;
}

const char *client_author(void)
{
	static char *cached;
	if (cached)
		return cached;
	const char *e;
	if (copts.author && *copts.author)
		return cached = xstrdup(copts.author);
	if ((e = getenv("DOSSIER_AUTHOR")) && *e)
		return cached = xstrdup(e);
	if ((cached = config_author()))
		return cached;
	if ((e = getenv("USER")) && *e)
		return cached = xstrdup(e);
	struct passwd *pw = getpwuid(geteuid());
	return cached = xstrdup(pw && pw->pw_name ? pw->pw_name : "");
}
