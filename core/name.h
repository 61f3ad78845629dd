/* name.h: the identity key of an actor name.
 *
 * Two names with the same key are one node of the actor graph: the key
 * ignores case, punctuation, spaces, a leading "the" and typographic quote
 * and dash variants, so "G.O.P.", "GOP" and "#GOP" share the key "gop", and
 * "Kim Jong-un" and "Kim Jong Un" share "kimjongun".  Fact ids of actor
 * mentions are derived from it, so this function is part of the format:
 * changing it changes ids (bump the format version if you must).
 */
#ifndef DOSSIER_NAME_H
#define DOSSIER_NAME_H

#include <stddef.h>

#define DSR_NAME_KEY_MAX 256

/* Writes the key of name[0..len) to out (always NUL-terminated, truncated to
 * cap - 1 bytes at a code point boundary) and returns its length.  A name
 * made only of punctuation has the empty key. */
size_t dsr_name_key(const char *name, size_t len, char *out, size_t cap);

#endif
