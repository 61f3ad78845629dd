// search.js: full-text search over articles and claims (GET
// /api/search?q=): words and "phrases", the hits highlighted from their
// byte offsets in each snippet.
import * as api from "./api.js";
import {h, link, shortId} from "./dom.js";
import {byteIndexes} from "./bytes.js";
import {showWhy} from "./why.js";

// The snippet with <mark> around each hit [start, end) (byte offsets).
export function marked(snippet, hits) {
	// A hit is [start, end] or {start, end}.
	const ranges = (hits || []).map((x) => (Array.isArray(x) ? x : [x.start || 0, x.end || 0]))
		.filter((x) => x[1] > x[0]).sort((a, b) => a[0] - b[0]);
	const idx = byteIndexes(snippet, ranges.flat());
	const out = [];
	let at = 0;
	for (const [bs, be] of ranges) {
		const s = idx.get(bs), e = idx.get(be);
		if (s < at) continue;
		out.push(snippet.slice(at, s), h("mark", {}, [snippet.slice(s, e)]));
		at = e;
	}
	out.push(snippet.slice(at));
	return out;
}

function result(it) {
	// A claim opens the reader at its span (fact=ID); a claim made by hand
	// has no article, and opens its provenance.
	const title = it.kind === "article"
		? link("article", {id: it.id}, it.title || shortId(it.id))
		: it.article ? link("article", {id: it.article, fact: it.id}, (it.source ? it.source + " in " : "") + (it.title || shortId(it.article)))
			: link("why", {id: it.id}, "claim " + shortId(it.id));
	return h("li", {class: "hit hit-" + it.kind}, [
		h("div", {}, [h("span", {class: "badge"}, [it.kind]), " ", title,
			it.kind === "claim" ? [" ", h("button", {type: "button", class: "linkish", on: {click: () => showWhy(it.id, "Why this claim")}}, ["why?"])] : null]),
		h("p", {class: "muted"}, [[it.publisher, it.published].filter(Boolean).join(", "), it.field && it.field !== "text" ? " · in the " + it.field : ""]),
		h("p", {class: "snippet"}, marked(it.snippet || it.text || "", it.hits)),
	]);
}

export async function render(root, p) {
	const q = p.q || "";
	const box = document.getElementById("searchq");
	if (box && box.value !== q) box.value = q;
	root.append(h("h1", {}, ["Search"]));
	if (!q) {
		root.append(h("p", {}, ["Type words, or a \"phrase in quotes\", in the search box."]));
		return;
	}
	const r = await api.page("search", {q, limit: 50});
	root.append(h("p", {class: "muted"}, [r.items.length + (r.next ? "+" : "") + (r.items.length === 1 ? " result for " : " results for "), h("strong", {}, [q])]),
		h("ol", {class: "hits"}, r.items.map(result)));
}
