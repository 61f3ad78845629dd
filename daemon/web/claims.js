// claims.js: every claim in full, filterable by actor (about, by), stance,
// firmness, status, proposition and the article's date.
import * as api from "./api.js";
import {h, route} from "./dom.js";
import {claimCard} from "./claimcard.js";
import {onChange} from "./live.js";

const STATUSES = ["", "none", "confirmed", "disputed", "retracted"];

// The articles by id (titles and dates for the claims), kept until the
// knowledge base changes.
let articles = null;
onChange(() => {
	articles = null;
});

export async function articleMap() {
	if (!articles) {
		articles = (async () => {
			const m = new Map();
			for (const a of await api.all("articles", {}, 3000)) m.set(a.id, a);
			return m;
		})();
		articles.catch(() => {
			articles = null;
		});
	}
	return articles;
}

function filters(p) {
	const inp = (name, label, ph) => h("label", {}, [h("span", {}, [label]), h("input", {name, value: p[name] || "", placeholder: ph || "", size: 14})]);
	const sel = (name, label, opts) => h("label", {}, [h("span", {}, [label]),
		h("select", {name}, opts.map((o) => h("option", {value: o, selected: (p[name] || "") === o}, [o || "any"])))]);
	const f = h("form", {class: "filters", "aria-label": "Filter the claims"}, [
		inp("about", "About actor"), inp("by", "Said by"),
		sel("stance", "Stance", ["", "asserts", "denies"]),
		sel("firmness", "Firmness", ["", "hedged", "firm"]),
		sel("status", "Status", STATUSES),
		inp("from", "Article from", "YYYY-MM-DD"), inp("to", "to", "YYYY-MM-DD"),
		p.proposition ? h("input", {type: "hidden", name: "proposition", value: p.proposition}) : null,
		h("button", {type: "submit"}, ["Filter"]),
		h("a", {href: "#/claims"}, ["clear"]),
	]);
	f.addEventListener("submit", (ev) => {
		ev.preventDefault();
		location.hash = route("claims", Object.fromEntries(new FormData(f).entries()));
	});
	return f;
}

export async function render(root, p) {
	const q = {about: p.about, by: p.by, stance: p.stance, proposition: p.proposition,
		hedged: p.firmness === "hedged", firm: p.firmness === "firm", limit: 200};
	const [first, articles] = await Promise.all([api.page("claims", q), articleMap()]);
	const keep = (c) => {
		if (p.status && (c.status || "none") !== p.status) return false;
		const a = articles.get(c.article);
		if (a && p.from && a.published < p.from) return false;
		if (a && p.to && a.published > p.to) return false;
		return true;
	};
	const list = h("div", {class: "claims"});
	const count = h("p", {class: "muted"});
	let shown = 0;
	const add = (items) => {
		for (const c of items.filter(keep)) {
			list.append(claimCard(c, articles));
			shown++;
		}
		count.textContent = shown + (shown === 1 ? " claim" : " claims") + (p.proposition ? " of proposition " + p.proposition.slice(0, 8) : "");
	};
	add(first.items);
	let next = first.next;
	const more = h("button", {type: "button", hidden: !next}, ["More claims"]);
	more.addEventListener("click", async () => {
		const pg = await api.page("claims", Object.assign({}, q, {cursor: next}));
		add(pg.items);
		next = pg.next;
		more.hidden = !next;
	});
	root.append(h("h1", {}, ["Claims"]), filters(p), count, list, more);
}
