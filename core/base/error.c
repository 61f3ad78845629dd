/* error.c: messages and names for dossier's error codes (see error.h). */
#include "error.h"

#include <string.h>

const char *dsr_strerror(int err)
{
	switch (err) {
#define XX(code, msg) case DSR_E##code: return msg;
	DSR_ERRNO_MAP(XX)
#undef XX
	default:
		break;
	}
	if (err < 0 && err > -4096)
		return strerror(-err);
	return err == 0 ? "success" : "unknown error";
}

const char *dsr_err_name(int err)
{
	switch (err) {
#define XX(code, _) case DSR_E##code: return "DSR_E" #code;
	DSR_ERRNO_MAP(XX)
#undef XX
	default:
		break;
	}
	if (err < 0 && err > -4096) {
		const char *n = strerrorname_np(-err);
		return n ? n : "EUNKNOWN";
	}
	return err == 0 ? "OK" : "EUNKNOWN";
}
