// articles.js: the articles filed, newest publication first as the
// daemon lists them, each opening the reader.
import * as api from "./api.js";
import {h, link} from "./dom.js";

export async function render(root) {
	const items = await api.all("articles", {}, 2000);
	root.append(h("h1", {}, ["Articles"]),
		h("table", {class: "grid"}, [
			h("thead", {}, [h("tr", {}, ["Published", "Title", "Publisher", "Actors", "Claims", "Entries"].map((t) => h("th", {scope: "col"}, [t])))]),
			h("tbody", {}, items.map((a) => h("tr", {}, [
				h("td", {}, [a.published || ""]),
				h("td", {}, [link("article", {id: a.id}, a.title || a.id)]),
				h("td", {}, [a.publisher || ""]),
				h("td", {class: "num"}, [String(a.actors)]),
				h("td", {class: "num"}, [String(a.claims)]),
				h("td", {class: "num"}, [String(a.entries)]),
			]))),
		]));
}
