// reader.js: an article's text with the facts extracted from it
// highlighted from their byte spans (actors, times, claims); a click on a
// highlight lists the facts there, each with its provenance (why).
import * as api from "./api.js";
import {h, link, shortId} from "./dom.js";
import {byteIndexes} from "./bytes.js";
import {openPanel} from "./panel.js";
import {whyNode} from "./why.js";

const KIND = {actor: "actor", mention: "actor", name: "actor", claim: "claim", entry: "time", time: "time", timex: "time"};

function spanOf(f) {
	if (f.span) return [f.span.start, f.span.end];
	return [f.start, f.end];
}

// The facts of the answer, whatever list they come in: [{kind, id, start,
// end, label}] with kind one of actor, time, claim.
export function factsOf(r) {
	const out = [];
	const add = (kind, list, label) => {
		if (!Array.isArray(list)) return;   // (the article's counts share some names)
		for (const f of list) {
			const [start, end] = spanOf(f);
			if (start === undefined || end === undefined || end <= start) continue;
			out.push({kind: KIND[f.kind || kind] || kind, id: f.id || f.actor || f.name, start, end,
				label: f.label || label(f), fact: f});
		}
	};
	add("claim", r.facts, (f) => f.text || f.content || f.name || "");
	// The article's actors as the extractor filed them (ActorMentioned: a
	// name with every span it takes in the text), one highlight a span.
	const named = (r.mentions || r.actors || []).flatMap((f) => Array.isArray(f.mentions)
		? f.mentions.map((m) => ({actor: f.name, name: f.name, start: m.start, end: m.end}))
		: [f]);
	add("actor", named, (f) => f.actor || f.name || f.text || "");
	add("time", r.entries || r.timeline || r.times, (f) => f.date || f.value || f.text || "");
	add("claim", r.claims, (f) => f.content || f.text || "");
	return out;
}

function describe(f) {
	const what = {actor: "Actor", time: "Time", claim: "Claim"}[f.kind] || f.kind;
	const body = h("div", {class: "fact"});
	const whyBtn = h("button", {type: "button", class: "linkish"}, ["why?"]);
	whyBtn.addEventListener("click", async () => {
		whyBtn.disabled = true;
		try {
			body.append(await whyNode(f.kind === "actor" ? (f.fact.actor || f.label) : f.id));
		} catch (e) {
			body.append(h("p", {class: "error", role: "alert"}, [e.message]));
		}
	});
	const label = f.kind === "actor" ? link("actor", {name: f.fact.actor || f.label}, f.label) : f.label;
	body.append(h("p", {}, [h("strong", {}, [what + ": "]), label, " ", f.fact.date ? "(" + f.fact.date + ") " : "", whyBtn]));
	return body;
}

// Names as whole words in text: the UTF-8 byte spans of each occurrence.
function nameSpans(text, names) {
	const enc = new TextEncoder();
	const out = [];
	const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
	for (const [name, actor] of names) {
		if (name.length < 2) continue;
		const re = new RegExp("(^|[^\\p{L}\\p{N}])(" + esc(name) + ")(?![\\p{L}\\p{N}])", "gu");
		let m;
		while ((m = re.exec(text))) {
			const s = enc.encode(text.slice(0, m.index + m[1].length)).length;
			out.push({kind: "actor", actor, name, start: s, end: s + enc.encode(m[2]).length});
		}
	}
	return out;
}

// The article and its facts.  GET /api/article gives the text and the
// facts with their spans; where it leaves some out, the claims and the
// entries of the article come from their lists, and the actors are found
// by the names those facts give them.
async function load(id) {
	let r;
	try {
		r = await api.get("article", {id});
	} catch (e) {
		// A daemon without GET /api/article: the metadata alone.
		if (e.status !== 404) throw e;
		r = await api.get("articles", {id});
	}
	if (r.items) r = r.items[0];
	if (r.article && !r.id) r = Object.assign({}, r.article, r);
	const text = r.text || "";
	const has = (x) => Array.isArray(x);
	if (!has(r.facts) && !has(r.claims)) r.claims = await api.all("claims", {article: id}, 5000);
	if (!has(r.facts) && !has(r.entries) && !has(r.timeline)) r.entries = await api.all("timeline", {article: id, entries: true}, 5000);
	if (!has(r.facts) && !has(r.mentions) && !has(r.actors)) {
		const names = new Map();
		for (const c of r.claims || []) {
			if (c.source_actor) names.set(c.source, c.source_actor);
			for (const a of c.about || []) if (!names.has(a)) names.set(a, a);
			if (c.responsible) names.set(c.responsible, c.responsible);
			if (c.target) names.set(c.target, c.target);
		}
		for (const e of r.entries || []) for (const a of e.actors || []) if (!names.has(a)) names.set(a, a);
		names.delete("");
		r.mentions = nameSpans(text, names);
	}
	return r;
}

export async function render(root, params) {
	let p = params;
	const r = await load(p.id);
	const art = r;
	const text = r.text || "";
	const facts = factsOf(r);
	// fact=ID: open at that fact's span.
	if (p.fact && p.start === undefined) {
		const f = facts.find((x) => x.id === p.fact);
		if (f) {
			p = Object.assign({}, p, {start: f.start, end: f.end});
		}
	}
	const idx = byteIndexes(text, facts.flatMap((f) => [f.start, f.end]).concat(
		p.start !== undefined ? [+p.start, +p.end] : []));
	for (const f of facts) {
		f.s = idx.get(f.start);
		f.e = idx.get(f.end);
	}
	const target = p.start !== undefined ? [idx.get(+p.start), idx.get(+p.end)] : null;
	const cuts = new Set([0, text.length]);
	for (const f of facts) {
		cuts.add(f.s);
		cuts.add(f.e);
	}
	if (target) {
		cuts.add(target[0]);
		cuts.add(target[1]);
	}
	const bounds = Array.from(cuts).sort((a, b) => a - b);
	const body = h("div", {class: "article-text"});
	for (let i = 0; i + 1 < bounds.length; i++) {
		const a = bounds[i], b = bounds[i + 1];
		const here = facts.filter((f) => f.s <= a && f.e >= b);
		const inTarget = target && target[0] <= a && target[1] >= b;
		const piece = text.slice(a, b);
		if (!here.length && !inTarget) {
			body.append(piece);
			continue;
		}
		const kinds = Array.from(new Set(here.map((f) => f.kind))).sort();
		const sp = h("span", {class: kinds.map((k) => "hl-" + k).join(" ") + (inTarget ? " target" : ""),
			"data-kinds": kinds.join(" ")}, [piece]);
		if (here.length) {
			sp.setAttribute("role", "button");
			sp.setAttribute("tabindex", "0");
			sp.title = here.map((f) => f.kind + ": " + f.label).join("\n");
			const open = () => openPanel("In this passage", h("div", {}, here.map(describe)));
			sp.addEventListener("click", open);
			sp.addEventListener("keydown", (ev) => {
				if (ev.key === "Enter" || ev.key === " ") {
					ev.preventDefault();
					open();
				}
			});
		}
		body.append(sp);
	}
	const n = (k) => facts.filter((f) => f.kind === k).length;
	root.append(
		h("h1", {}, [art.title || shortId(art.id)]),
		h("p", {class: "muted"}, [art.publisher || "", art.published ? " · published " + art.published : "",
			art.url ? [" · ", h("a", {href: art.url, rel: "noreferrer"}, [art.url])] : "", " · ", String(text.length), " characters"]),
		h("p", {class: "legend-line"}, [
			h("span", {class: "hl-actor"}, ["actor"]), " " + n("actor") + " · ",
			h("span", {class: "hl-time"}, ["time"]), " " + n("time") + " · ",
			h("span", {class: "hl-claim"}, ["claim"]), " " + n("claim") + " — select a highlight for its facts and why",
		]),
		body,
		h("p", {}, [link("claims", {}, "All claims"), " · ", link("timeline", {article: art.id}, "This article's timeline")]),
	);
}

export function shown(root) {
	const t = root.querySelector(".target");
	if (t) t.scrollIntoView({block: "center"});
}
