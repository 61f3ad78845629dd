/* pbjson.h: protobuf-c messages as JSON and back, by their descriptors
 * (core/wire/pbjson.c, core/wire/jsonpb.c).
 *
 * The JSON is the one every `dossier X --json` prints and the daemon's web
 * API serves (docs/web.md): fields by their proto names, enums as short
 * lower-case names ("group", "denies"), bytes as hex (but fields named
 * `text`, which hold UTF-8, as strings), unset oneof members and unset
 * sub-messages left out. */
#ifndef DOSSIER_PBJSON_H
#define DOSSIER_PBJSON_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "jsonparse.h"

/* Appends `m` as a JSON object to b. */
void dsr_json_msg(dsr_buf *b, const ProtobufCMessage *m);

/* A short lower-case name for an enum value ("KIND_GROUP" -> "group"),
 * written into buf (n bytes); the number when the value has no name. */
const char *dsr_enum_short(const ProtobufCEnumDescriptor *d, int value, char *buf,
			   size_t n);

/* The enum value whose short name (as dsr_enum_short gives it) is `name`.
 * Returns 0 and sets *value, or -1 when there is none. */
int dsr_enum_parse(const ProtobufCEnumDescriptor *d, const char *name, int *value);

/* Fills the scalar fields of `m` (already initialised, of descriptor
 * m->descriptor) from the members of the JSON object `obj`, named as
 * dsr_json_msg names them: strings from strings (UTF-8), bytes from hex
 * strings (or, for `text` fields, strings), enums from short names,
 * integers from numbers in range, bools from true/false.  Members named in
 * `skip` (a NULL-terminated list, or NULL) are left alone for the caller.
 * Strings and bytes are copied into `a` and live as long as it does.
 * Sub-messages, repeated fields and unknown members are refused.
 * Returns 0, or -EINVAL with a sentence in err (errn bytes) naming the
 * member; -ENOMEM. */
int dsr_json_to_msg(const dsr_json *obj, ProtobufCMessage *m, const char *const *skip,
		    dsr_arena *a, char *err, size_t errn);

#endif
