// attribution.js: who is said to be behind what, by whom, how firmly, and
// who denies it (the rows of dossier attribution).
import * as api from "./api.js";
import {h, link} from "./dom.js";
import {showWhy} from "./why.js";

function names(list) {
	const out = [];
	(list || []).forEach((n, i) => {
		if (i) out.push(", ");
		out.push(link("actor", {name: n}, n));
	});
	return out.length ? out : ["—"];
}

export async function render(root, p) {
	const rows = await api.all("attribution", {about: p.about}, 2000);
	root.append(h("h1", {}, ["Attribution"]),
		h("p", {class: "muted"}, ["Who is said to be responsible for what, asserted by whom and denied by whom; one row per proposition."]),
		h("table", {class: "grid attribution"}, [
			h("thead", {}, [h("tr", {}, ["Responsible", "Act", "Target", "Asserted by", "Denied by", "Outlets", "Claims", "First reported", "Confidence", ""].map((t) => h("th", {scope: "col"}, [t])))]),
			h("tbody", {}, rows.map((r) => h("tr", {"data-prop": r.proposition}, [
				h("td", {}, names([r.responsible])),
				h("td", {}, [r.act, h("span", {class: "muted"}, [" (" + r.act_class + ")"])]),
				h("td", {}, names(r.target ? [r.target] : [])),
				h("td", {}, names(r.asserted_by).concat(r.unattributed ? [h("span", {class: "muted"}, [" + unattributed reports"])] : [])),
				h("td", {}, names(r.denied_by)),
				h("td", {class: "num"}, [String(r.outlets)]),
				h("td", {class: "num"}, [link("claims", {proposition: r.proposition}, String(r.nclaims))]),
				h("td", {class: "date"}, [r.first_reported || ""]),
				h("td", {}, [String(r.confidence), " ", h("span", {class: "muted"}, [r.likelihood || ""])]),
				h("td", {}, [h("button", {type: "button", class: "linkish", on: {click: () => showWhy(r.proposition, "Why: " + r.responsible + " — " + r.act)}}, ["why?"])]),
			]))),
		]));
}
