// panel.js: the side panel that holds details (a fact's provenance, the
// facts under a span of an article) beside the page.
import {h, clear} from "./dom.js";

export function openPanel(title, body) {
	const p = document.getElementById("panel");
	clear(p);
	const close = h("button", {type: "button", class: "close", "aria-label": "Close the panel",
		on: {click: closePanel}}, ["×"]);
	p.append(h("div", {class: "panel-head"}, [h("h2", {}, [title]), close]), body);
	p.hidden = false;
	document.body.classList.add("with-panel");
	// The page is narrower now: pictures that fit their width redraw.
	window.dispatchEvent(new Event("resize"));
	return p;
}

export function closePanel() {
	const p = document.getElementById("panel");
	p.hidden = true;
	clear(p);
	document.body.classList.remove("with-panel");
	window.dispatchEvent(new Event("resize"));
}
