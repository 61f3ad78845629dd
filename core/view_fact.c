/* view_fact.c: helpers shared by the fact views (see view_fact.h). */
#include "view_fact.h"
#include "error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int dsr__supports_add(dsr__supports *out, Dpb__Stamp *const *old, size_t n_old,
		      const dsr__stamp *s)
{
	out->v = malloc((n_old + 1) * sizeof *out->v);
	if (!out->v)
		return -ENOMEM;
	dsr__stamp_to_pb(s, &out->fresh, out->origin);
	size_t o = 0;
	bool placed = false;
	for (size_t i = 0; i < n_old; i++) {
		if (!placed && dsr__stamp_cmp_pb(s, old[i]) < 0) {
			out->v[o++] = &out->fresh;
			placed = true;
		}
		out->v[o++] = old[i];
	}
	if (!placed)
		out->v[o++] = &out->fresh;
	out->n = o;
	return 0;
}

void dsr__supports_free(dsr__supports *sp)
{
	free(sp->v);
	sp->v = NULL;
}

int dsr__get_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessageDescriptor *desc, ProtobufCMessage **out)
{
	MDB_val v;
	int rc = dsr__get(w, db, key, klen, &v);
	if (rc)
		return rc;
	*out = protobuf_c_message_unpack(desc, NULL, v.mv_size, v.mv_data);
	return *out ? 0 : DSR_ECORRUPT;
}

int dsr__put_rec(dsr__wtx *w, int db, const void *key, size_t klen,
		 const ProtobufCMessage *m)
{
	uint8_t small[512];
	size_t n = protobuf_c_message_get_packed_size(m);
	uint8_t *p = n <= sizeof small ? small : malloc(n);
	if (!p)
		return -ENOMEM;
	protobuf_c_message_pack(m, p);
	int rc = dsr__put(w, db, key, klen, p, n);
	if (p != small)
		free(p);
	return rc;
}
