// actor.js: one actor: its names, what it says and what is said about it,
// its timeline, and the acts on it (preferred name, merge, split, note).
import * as api from "./api.js";
import {h, link} from "./dom.js";
import {claimCard} from "./claimcard.js";
import {articleMap} from "./claims.js";
import * as curate from "./curate.js";

export async function render(root, p) {
	const LIMIT = 50;
	const [r, articles] = await Promise.all([api.get("actor", {name: p.name, limit: LIMIT}), articleMap()]);
	const a = r.actor;
	const go = (v) => {
		if (v.preferred) location.hash = "#/actor?name=" + encodeURIComponent(v.preferred);
	};
	root.append(
		h("h1", {}, [a.name, " ", h("span", {class: "kind"}, [a.kind])]),
		h("p", {}, ["Also known as: ", a.aliases.length ? a.aliases.join(" · ") : "—"]),
		h("p", {class: "muted"}, [String(a.mentions), " mentions in ", String(a.articles.length), " articles"]),
		h("details", {class: "tools", open: true}, [
			h("summary", {}, ["Curate this actor"]),
			curate.form("name", "Set name", [
				{name: "preferred", label: "Preferred name", value: a.name, size: 20},
				{name: "kind", label: "Kind", options: curate.KINDS, value: a.kind},
			], {name: a.name}, go),
			curate.form("merge", "Merge", [{name: "b", label: "Same actor as", placeholder: "another actor's name", size: 20, required: true},
				{name: "note", label: "Note", size: 16}], {a: a.name}),
			a.aliases.length ? curate.form("distinct", "Split off", [{name: "b", label: "Name that is another actor", options: a.aliases}], {a: a.name}) : null,
			a.aliases.length ? curate.form("unmerge", "Undo merge", [{name: "b", label: "Merged name", options: a.aliases}], {a: a.name}) : null,
			curate.form("note", "Add note", [{name: "text", label: "Note", size: 30, required: true}], {target: "actor", id: a.name}),
		]),
		h("h2", {}, ["Says (" + r.by.length + (r.by.length >= LIMIT ? "+" : "") + ")"]),
		h("div", {class: "claims"}, r.by.map((c) => claimCard(c, articles))),
		r.by.length >= LIMIT ? h("p", {}, [link("claims", {by: a.name}, "All claims by " + a.name)]) : null,
		h("h2", {}, ["Said about it (" + r.about.length + (r.about.length >= LIMIT ? "+" : "") + ")"]),
		h("div", {class: "claims"}, r.about.map((c) => claimCard(c, articles))),
		r.about.length >= LIMIT ? h("p", {}, [link("claims", {about: a.name}, "All claims about " + a.name)]) : null,
		h("h2", {}, ["Timeline"]),
		h("ul", {}, (r.timeline || []).map((e) => h("li", {}, [h("strong", {}, [e.date]), " ", e.text, " — ",
			link("article", {id: e.article, start: e.span && e.span.start, end: e.span && e.span.end}, "source")]))),
		h("p", {}, [link("claims", {about: a.name}, "All claims about " + a.name), " · ",
			link("timeline", {actor: a.name}, "Timeline of " + a.name)]),
	);
}
