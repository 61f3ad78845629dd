// overview.js: counts of the knowledge base and its latest changes.
import * as api from "./api.js";
import {h, link} from "./dom.js";
import {eventLine} from "./events.js";

export async function render(root) {
	const st = await api.get("status");
	const from = Math.max(1, (st.log_end || 1) - 15);
	const log = await api.page("log", {from, limit: 15});
	const count = (n, label, href) => h("a", {class: "count", href}, [h("strong", {}, [String(n)]), h("span", {}, [label])]);
	root.append(
		h("h1", {}, ["Overview"]),
		h("div", {class: "counts"}, [
			count(st.articles, "articles", "#/articles"),
			count(st.actors, "actors", "#/graph"),
			count(st.claims, "claims", "#/claims"),
			count(st.entries, "timeline entries", "#/timeline"),
			count(st.notes, "notes", "#/claims"),
			count(st.events, "events", "#/"),
		]),
		h("p", {class: "muted"}, [st.server || "", " · data ", st.data_dir || "", " · log position ", String(st.log_end)]),
		h("h2", {}, ["Latest changes"]),
		h("ol", {class: "events", reversed: true}, log.items.slice().reverse().map(eventLine)),
		h("p", {}, [link("timeline", {}, "Timeline"), " · ", link("graph", {}, "Who did what to whom"), " · ",
			link("attribution", {}, "Who is said to be behind it")]),
	);
}
