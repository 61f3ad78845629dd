/* webfiles.h: the files of daemon/web/, built into dossierd by
 * scripts/embed-web.cmake (the generated webfiles.c in the build folder). */
#ifndef DOSSIERD_WEBFILES_H
#define DOSSIERD_WEBFILES_H

#include <stddef.h>

struct web_file {
	const char *path;           /* "/index.html" */
	const unsigned char *data;
	size_t len;
	const char *etag;           /* quoted, from the bytes' SHA-256 */
};

/* Ends with a row whose path is NULL. */
extern const struct web_file web_files[];

#endif
