// why.js: a fact's provenance (GET /api/why?id=): every event behind it
// with its quote, and for a claim how its confidence comes about.
import * as api from "./api.js";
import {h, link, shortId} from "./dom.js";
import {openPanel} from "./panel.js";

function item(it) {
	const where = it.article ? [" in ", link("article", {id: it.article, start: it.span && it.span.start, end: it.span && it.span.end},
		(it.title || shortId(it.article)) + (it.publisher ? " (" + it.publisher + ")" : ""))] : [];
	return h("li", {class: "why-item act-" + it.act}, [
		h("div", {}, [h("strong", {}, [it.act]), " by ", it.author || "?", it.origin ? " · event " + shortId(it.origin) + ":" + it.seq : ""].concat(where)),
		it.quote ? h("blockquote", {class: "quote"}, [it.quote]) : null,
		it.detail && it.detail !== it.quote ? h("div", {class: "detail"}, [it.detail]) : null,
		it.note ? h("div", {class: "note"}, ["Note: ", it.note]) : null,
	]);
}

function reasoning(r) {
	if (!r) return null;
	return h("section", {class: "reasoning"}, [
		h("h3", {}, ["Confidence ", String(r.confidence), " (", r.likelihood || "", ")"]),
		r.weight_steps ? h("ul", {}, r.weight_steps.map((x) => h("li", {}, [x]))) : null,
		h("p", {}, ["For: ", String(r.reports_for), " reports (weight ", String(r.weight_for), "); against: ",
			String(r.reports_against), " (weight ", String(r.weight_against), ")"]),
		r.verdict ? h("p", {}, [r.verdict.join("; ")]) : null,
	]);
}

export async function whyNode(id) {
	const w = await api.get("why", {id});
	return h("div", {class: "why", "data-fact": id}, [
		reasoning(w.reasoning),
		h("ol", {class: "why-items"}, (w.items || []).map(item)),
		w.truncated ? h("p", {class: "muted"}, ["(more events than shown)"]) : null,
	]);
}

export async function showWhy(id, title) {
	const body = h("div", {}, [h("p", {class: "muted"}, ["Loading…"])]);
	openPanel(title || "Why " + shortId(id), body);
	try {
		body.replaceChildren(await whyNode(id));
	} catch (e) {
		body.replaceChildren(h("p", {class: "error", role: "alert"}, [e.message]));
	}
}

export async function render(root, params) {
	root.append(h("h1", {}, ["Why ", h("code", {}, [params.id || ""])]), await whyNode(params.id || ""));
}
