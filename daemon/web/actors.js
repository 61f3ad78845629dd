// actors.js: every actor with its kind, names and mentions, each opening
// the actor's page.
import * as api from "./api.js";
import {h, link} from "./dom.js";

export async function render(root) {
	const items = await api.all("actors", {}, 3000);
	root.append(h("h1", {}, ["Actors"]),
		h("table", {class: "grid actors"}, [
			h("thead", {}, [h("tr", {}, ["Name", "Kind", "Also known as", "Mentions", "Articles"].map((t) => h("th", {scope: "col"}, [t])))]),
			h("tbody", {}, items.map((a) => h("tr", {"data-name": a.name}, [
				h("td", {}, [link("actor", {name: a.name}, a.name)]),
				h("td", {}, [a.kind]),
				h("td", {class: "aliases"}, [(a.aliases || []).join(" · ")]),
				h("td", {class: "num"}, [String(a.mentions)]),
				h("td", {class: "num"}, [String((a.articles || []).length) + (a.more_articles ? "+" : "")]),
			]))),
		]));
}
