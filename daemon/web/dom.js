// dom.js: building HTML and SVG elements from JavaScript (the page has
// no inline markup to inject: the CSP forbids inline scripts and styles).
const SVGNS = "http://www.w3.org/2000/svg";

function fill(e, attrs, kids) {
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === undefined || v === null || v === false) continue;
		if (k === "text") e.textContent = v;
		else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
		else if (k === "class") e.setAttribute("class", v);
		else e.setAttribute(k, v === true ? "" : v);
	}
	for (const k of [].concat(kids || []).flat(Infinity)) {
		if (k === null || k === undefined || k === false) continue;
		e.append(k instanceof Node ? k : document.createTextNode(String(k)));
	}
	return e;
}

// h("a", {href: "#/x", class: "c"}, ["text", child]).
export function h(tag, attrs, kids) {
	return fill(document.createElement(tag), attrs, kids);
}

export function s(tag, attrs, kids) {
	return fill(document.createElementNS(SVGNS, tag), attrs, kids);
}

export function clear(e) {
	while (e.firstChild) e.removeChild(e.firstChild);
	return e;
}

// A hash link to a route with parameters.
export function route(path, params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {}))
		if (v !== undefined && v !== null && v !== "") q.set(k, v);
	const qs = q.toString();
	return "#/" + path + (qs ? "?" + qs : "");
}

export function link(path, params, text, cls) {
	return h("a", {href: route(path, params), class: cls}, [text]);
}

export function shortId(id) {
	return id ? id.slice(0, 8) : "";
}

export function errorBox(err) {
	return h("p", {class: "error", role: "alert"}, [String(err && err.message || err)]);
}
