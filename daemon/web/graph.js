// graph.js: who did what to whom, drawn in SVG with layout.js: actors as
// nodes (shape by kind), attributions as heavy arrows responsible ->
// target labelled with the act, claims as arrows source -> the actor they
// are about labelled with their stance; disputed claims dashed, retracted
// ones grey and dotted.  A node opens the actor.
import * as api from "./api.js";
import {h, s, route} from "./dom.js";
import {layout} from "./layout.js";

const MAXNODES = 45;
const MAXEDGES = 140;

function statusClass(c) {
	if (c.status === "retracted") return "retracted";
	if (c.status === "disputed") return "disputed";
	return "";
}

// Nodes and edges from the attribution rows and the claims.
export function buildGraph(rows, claims, actors) {
	const kinds = new Map(actors.map((a) => [a.name, a.kind]));
	// Claims name the actors they are about as the article does: any name
	// of an actor stands for it.
	const canon = new Map();
	for (const a of actors) for (const n of [a.name].concat(a.aliases || [])) if (!canon.has(n)) canon.set(n, a.name);
	for (const a of actors) canon.set(a.name, a.name);
	const nameOf = (n) => canon.get(n) || n;
	const edges = new Map();
	const add = (key, e) => {
		const old = edges.get(key);
		if (old) {
			old.n += e.n;
			for (const c of e.cues) old.cues.add(c);
		} else edges.set(key, Object.assign({}, e, {cues: new Set(e.cues)}));
	};
	for (const r of rows) {
		if (!r.responsible || !r.target || nameOf(r.responsible) === nameOf(r.target)) continue;
		add("A" + r.proposition, {type: "attr", from: nameOf(r.responsible), to: nameOf(r.target), n: r.nclaims, label: r.act || r.act_class,
			cues: [], denied: r.denied_by || [], status: "", title: r.responsible + " → " + r.target + ": " + r.act +
				(r.asserted_by && r.asserted_by.length ? "; asserted by " + r.asserted_by.join(", ") : "") +
				(r.denied_by && r.denied_by.length ? "; denied by " + r.denied_by.join(", ") : "") + " (confidence " + r.confidence + ")"});
	}
	for (const c of claims) {
		if (!c.source_actor) continue;
		const from = nameOf(c.source_actor);
		for (const to of new Set((c.about || []).map(nameOf))) {
			if (to === from) continue;
			const st = statusClass(c);
			add(["C", from, to, c.stance, st].join("\u0000"), {type: "claim", from, to, n: 1, stance: c.stance,
				status: st, cues: [c.cue || ""]});
		}
	}
	const degree = new Map();
	for (const e of edges.values()) {
		degree.set(e.from, (degree.get(e.from) || 0) + e.n + (e.type === "attr" ? 100 : 0));
		degree.set(e.to, (degree.get(e.to) || 0) + e.n + (e.type === "attr" ? 100 : 0));
	}
	const keep = new Set(Array.from(degree.entries()).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
		.slice(0, MAXNODES).map(([n]) => n));
	const nodes = Array.from(keep).sort().map((id) => ({id, kind: kinds.get(id) || "other", degree: degree.get(id),
		w: id.length * 7.6 + 10}));
	// The heaviest links, attributions first, when there are too many to read.
	const all = Array.from(edges.values()).filter((e) => keep.has(e.from) && keep.has(e.to))
		.sort((a, b) => (b.type === "attr") - (a.type === "attr") || b.n - a.n);
	const es = all.slice(0, MAXEDGES);
	return {nodes, edges: es, dropped: degree.size - keep.size, droppedEdges: all.length - es.length};
}

function shape(kind, r) {
	switch (kind) {
	case "country": case "government":
		return s("rect", {x: -r, y: -r, width: 2 * r, height: 2 * r, class: "node-shape"});
	case "group":
		return s("path", {d: `M0 ${-r * 1.25} L${r * 1.25} 0 L0 ${r * 1.25} L${-r * 1.25} 0 Z`, class: "node-shape"});
	case "organization": case "media":
		return s("path", {d: `M${-r} ${r * 0.8} L0 ${-r * 1.1} L${r} ${r * 0.8} Z`, class: "node-shape"});
	default:
		return s("circle", {r, class: "node-shape"});
	}
}

function edgeLabel(e) {
	if (e.type === "attr") return e.label + (e.n > 1 ? " (" + e.n + " claims)" : "");
	return e.stance + (e.n > 1 ? " ×" + e.n : "") + (e.status ? " · " + e.status : "");
}

export function drawGraph(svg, g, width, height) {
	const pos = layout(g.nodes, g.edges, width, height);
	svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
	svg.setAttribute("width", width);
	svg.setAttribute("height", height);
	const marker = (id, cls) => s("marker", {id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7,
		orient: "auto-start-reverse", class: cls}, [s("path", {d: "M0 0 L10 5 L0 10 z"})]);
	svg.append(s("defs", {}, [marker("arr-attr", "m-attr"), marker("arr-asserts", "m-asserts"),
		marker("arr-denies", "m-denies"), marker("arr-grey", "m-grey")]));
	const radius = (nd) => Math.min(16, 6 + Math.sqrt(nd.degree || 1) * 1.2);
	const rad = new Map(g.nodes.map((nd) => [nd.id, radius(nd)]));
	// Edges between the same two nodes bend apart.
	const pairs = new Map();
	const eg = s("g", {class: "edges"});
	const lg = s("g", {class: "edge-labels"});
	const sorted = g.edges.slice().sort((a, b) => (a.type === b.type ? 0 : a.type === "attr" ? 1 : -1));
	// Label boxes taken so far (node labels first, then attributions):
	// an edge label that would cover one is left to the link's tooltip.
	const boxes = g.nodes.map((nd) => {
		const p = pos.get(nd.id);
		return [p.x - nd.w / 2, p.y - 14, p.x + nd.w / 2, p.y + 30];
	});
	const overlap = (x, y, w) => {
		const b = [x - w / 2, y - 10, x + w / 2, y + 3];
		let n = 0;
		for (const o of boxes) if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) n++;
		if (b[0] < 0 || b[2] > width) n += 10;
		return n;
	};
	const labels = [];
	for (const e of sorted) {
		const a = pos.get(e.from), b = pos.get(e.to);
		const pk = [e.from, e.to].sort().join("\u0000");
		const k = pairs.get(pk) || 0;
		pairs.set(pk, k + 1);
		const dx = b.x - a.x, dy = b.y - a.y;
		const d = Math.sqrt(dx * dx + dy * dy) || 1;
		const bend = (k === 0 ? 0 : (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 26) * (e.from < e.to ? 1 : -1);
		const mx = (a.x + b.x) / 2 - dy / d * bend, my = (a.y + b.y) / 2 + dx / d * bend;
		// End at the node's edge, not its centre.
		const ra = rad.get(e.from) + 2, rb = rad.get(e.to) + 4;
		const ax = a.x + (mx - a.x) / (Math.hypot(mx - a.x, my - a.y) || 1) * ra;
		const ay = a.y + (my - a.y) / (Math.hypot(mx - a.x, my - a.y) || 1) * ra;
		const bx = b.x - (b.x - mx) / (Math.hypot(b.x - mx, b.y - my) || 1) * rb;
		const by = b.y - (b.y - my) / (Math.hypot(b.x - mx, b.y - my) || 1) * rb;
		const cls = e.type === "attr" ? "edge attr" : "edge claim stance-" + e.stance + (e.status ? " " + e.status : "");
		const mk = e.type === "attr" ? "arr-attr" : e.status ? "arr-grey" : e.stance === "denies" ? "arr-denies" : "arr-asserts";
		const path = s("path", {d: `M${ax} ${ay} Q${mx} ${my} ${bx} ${by}`, class: cls, "marker-end": `url(#${mk})`,
			"data-from": e.from, "data-to": e.to});
		const cues = Array.from(e.cues).filter(Boolean);
		path.append(s("title", {}, [e.title || (e.from + " → " + e.to + ": " + edgeLabel(e) + (cues.length ? " (" + cues.join(", ") + ")" : ""))]));
		eg.append(path);
		// Where the label may go: points along the curve, on it or beside it.
		const at = [];
		for (const tt of [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78]) {
			const px = (1 - tt) * (1 - tt) * ax + 2 * (1 - tt) * tt * mx + tt * tt * bx;
			const py = (1 - tt) * (1 - tt) * ay + 2 * (1 - tt) * tt * my + tt * tt * by;
			for (const off of [0, 11, -11]) at.push([px - dy / d * off, py + dx / d * off + 4]);
		}
		labels.push({e, at});
	}
	svg.append(eg);
	labels.sort((a, b) => (a.e.type === b.e.type ? 0 : a.e.type === "attr" ? -1 : 1));
	for (const {e, at} of labels) {
		const text = edgeLabel(e);
		const w = text.length * (e.type === "attr" ? 7 : 6);
		// The first free place; an attribution's label goes where it
		// covers least, a claim's only where it covers nothing.
		let best = null, bestN = Infinity;
		for (const [x, y] of at) {
			const n = overlap(x, y, w);
			if (n < bestN) {
				best = [x, y];
				bestN = n;
			}
			if (!n) break;
		}
		if (bestN && e.type !== "attr") continue;
		const [lx, ly] = best;
		boxes.push([lx - w / 2, ly - 10, lx + w / 2, ly + 3]);
		lg.append(s("text", {x: lx, y: ly, class: "edge-label " + (e.type === "attr" ? "attr" : "claim " + (e.status || e.stance))}, [text]));
	}
	const ng = s("g", {class: "nodes"});
	for (const nd of g.nodes) {
		const p = pos.get(nd.id);
		const a = s("a", {href: route("actor", {name: nd.id}), class: "node kind-" + nd.kind, "data-name": nd.id,
			transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`});
		a.append(shape(nd.kind, rad.get(nd.id)), s("text", {y: rad.get(nd.id) + 14, class: "node-label"}, [nd.id]),
			s("title", {}, [nd.id + " (" + nd.kind + ")"]));
		ng.append(a);
	}
	svg.append(ng, lg);
	return pos;
}

function legend() {
	const line = (cls, mk, text) => h("li", {}, [
		(() => {
			const sv = s("svg", {width: 46, height: 14, "aria-hidden": "true"});
			sv.append(s("line", {x1: 2, y1: 7, x2: 40, y2: 7, class: cls}));
			return sv;
		})(), " " + text]);
	const node = (kind, text) => h("li", {}, [
		(() => {
			const sv = s("svg", {width: 22, height: 22, "aria-hidden": "true", class: "kind-" + kind});
			const g = s("g", {transform: "translate(11 11)"}, [shape(kind, 7)]);
			sv.append(g);
			return sv;
		})(), " " + text]);
	return h("div", {class: "legend graph-legend", "aria-label": "Legend"}, [
		h("ul", {}, [
			line("edge attr", "", "attribution: responsible → target (the act)"),
			line("edge claim stance-asserts", "", "claim: source → whom it is about (asserts)"),
			line("edge claim stance-denies", "", "claim that denies"),
			line("edge claim disputed", "", "disputed claim (dashed)"),
			line("edge claim retracted", "", "retracted claim (grey, dotted)"),
		]),
		h("ul", {}, [
			node("country", "country or government"), node("group", "group"),
			node("organization", "organization or media"), node("person", "person or other"),
		]),
	]);
}

export async function render(root) {
	const [rows, claims, actors] = await Promise.all([
		api.all("attribution", {}, 2000), api.all("claims", {}, 4000), api.all("actors", {}, 4000)]);
	const g = buildGraph(rows, claims, actors);
	const width = Math.max(360, (document.getElementById("view").clientWidth || 1000) - 40);
	const height = Math.max(560, Math.min(1400, 200 + g.nodes.length * 24));
	const svg = s("svg", {class: "graph", role: "img", "aria-label": "Actor graph: who did what to whom"});
	root.append(h("h1", {}, ["Who did what to whom"]),
		h("p", {class: "muted"}, [g.nodes.length + " actors and " + g.edges.length + " links" +
			(g.dropped ? "; " + g.dropped + " less connected actors left out" : "") +
			(g.droppedEdges ? "; " + g.droppedEdges + " lighter links left out" : "") + ". Select an actor to open it; hover a link for its claims."]),
		h("div", {class: "graph-wrap"}, [svg]), legend());
	drawGraph(svg, g, width, height);
	svg.dataset.nodes = String(g.nodes.length);
}
