// bytes.js: the daemon gives spans as UTF-8 byte offsets; JavaScript
// strings are indexed in UTF-16 code units.  Converts offsets in one walk.

// Returns a Map from each byte offset asked for to its UTF-16 index in
// text (an offset inside a character maps to that character's start; one
// past the end maps to text.length).
export function byteIndexes(text, offsets) {
	const want = Array.from(new Set(offsets)).sort((a, b) => a - b);
	const out = new Map();
	let b = 0;
	let k = 0;
	let i = 0;
	while (k < want.length && i < text.length) {
		const c = text.codePointAt(i);
		const len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		while (k < want.length && want[k] < b + len) {
			out.set(want[k], i);
			k++;
		}
		b += len;
		i += c >= 0x10000 ? 2 : 1;
	}
	for (; k < want.length; k++) out.set(want[k], text.length);
	return out;
}

// The UTF-16 substring of text between two byte offsets.
export function byteSlice(text, start, end) {
	const m = byteIndexes(text, [start, end]);
	return text.slice(m.get(start), m.get(end));
}
