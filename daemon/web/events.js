// events.js: one line for an event of the log (overview, live changes),
// from the JSON `dossier log --json` and the stream give.
import {h, link, shortId} from "./dom.js";

const META = new Set(["format", "origin", "seq", "hlc", "author", "prev", "sig", "signature"]);

export function eventKind(ev) {
	for (const k of Object.keys(ev || {}))
		if (!META.has(k) && ev[k] && typeof ev[k] === "object") return k;
	return "event";
}

function summary(kind, p) {
	if (!p) return "";
	if (kind === "article") return [link("article", {id: p.id}, p.title || shortId(p.id)), p.publisher ? " (" + p.publisher + ")" : ""];
	if (p.content) return p.content;
	if (p.text) return p.text;
	if (p.name) return p.name;
	const bits = [];
	for (const [k, v] of Object.entries(p))
		if (typeof v === "string" && v && !/^[0-9a-f]{32}$/.test(v) && bits.length < 3) bits.push(k + " " + v);
	return bits.join(", ");
}

export function eventLine(item) {
	const ev = item.event || item;
	const kind = eventKind(ev);
	const p = ev[kind];
	return h("li", {class: "event"}, [
		h("span", {class: "pos"}, ["#" + (item.pos || "")]),
		h("span", {class: "kind"}, [kind.replace(/_/g, " ")]),
		h("span", {class: "author"}, [ev.author || ""]),
		h("span", {class: "what"}, [].concat(summary(kind, p))),
	]);
}
