// main.js: the workspace's entry: the session, the routes in the URL hash
// (#/page?params), the live stream, the search box.
import * as api from "./api.js";
import {h, clear, errorBox, route} from "./dom.js";
import {follow, onChange} from "./live.js";
import {closePanel} from "./panel.js";
import * as overview from "./overview.js";
import * as timeline from "./timeline.js";
import * as graph from "./graph.js";
import * as claims from "./claims.js";
import * as attribution from "./attribution.js";
import * as articles from "./articles.js";
import * as actors from "./actors.js";
import * as reader from "./reader.js";
import * as actor from "./actor.js";
import * as search from "./search.js";
import * as why from "./why.js";

const ROUTES = {
	"": overview, overview, timeline, graph, claims, attribution, articles, actors,
	article: reader, actor, search, why,
};

function parse() {
	const hash = location.hash.replace(/^#\/?/, "");
	const [path, qs] = hash.split("?");
	return {path: decodeURIComponent(path || ""), params: Object.fromEntries(new URLSearchParams(qs || ""))};
}

let seq = 0;

// Draws the page the hash names; `live` when a change from the stream
// asks the visible page to refresh (the page then keeps its place).
async function show(live) {
	const {path, params} = parse();
	const view = ROUTES[path];
	const root = document.getElementById("view");
	const mine = ++seq;
	for (const a of document.querySelectorAll("header nav a")) {
		const p = a.getAttribute("href").replace(/^#\/?/, "");
		if (p === path || (p === "" && path === "overview")) a.setAttribute("aria-current", "page");
		else a.removeAttribute("aria-current");
	}
	document.body.dataset.page = path || "overview";
	if (!view) {
		clear(root).append(h("h1", {}, ["Not found"]), h("p", {}, ["No page is called ", h("code", {}, [path]), "."]));
		return;
	}
	const target = live ? h("div") : root;
	if (!live) {
		clear(root).append(h("p", {class: "muted"}, ["Loading…"]));
		document.body.dataset.ready = "";
	}
	try {
		const node = h("div", {class: "page page-" + (path || "overview")});
		await view.render(node, params, {live});
		// A newer drawing (a later change, another page) wins over this one.
		if (mine !== seq) return;
		const scroll = window.scrollY;
		clear(root).append(node);
		if (live) window.scrollTo(0, scroll);
		if (view.shown) view.shown(node, params);
		document.body.dataset.ready = String(mine);
	} catch (e) {
		if (e.status === 401) return loginNeeded();
		clear(target === root ? root : root).append(errorBox(e));
		document.body.dataset.ready = String(mine);
	}
}

function loginNeeded() {
	const root = document.getElementById("view");
	clear(root).append(h("h1", {}, ["Log in"]),
		h("p", {}, ["This workspace needs a login: run ", h("code", {}, ["dossier web"]),
			" (or ", h("code", {}, ["dossier web --print"]), ") and open the link it gives."]));
	document.body.dataset.ready = "login";
}

async function start() {
	document.getElementById("searchform").addEventListener("submit", (ev) => {
		ev.preventDefault();
		const q = document.getElementById("searchq").value.trim();
		if (q) location.hash = route("search", {q});
	});
	let st;
	try {
		await api.login();
		st = await api.get("status");
	} catch (e) {
		if (e.status === 401) return loginNeeded();
		clear(document.getElementById("view")).append(errorBox(e));
		return;
	}
	document.getElementById("who").textContent = api.session.analyst;
	window.addEventListener("hashchange", () => {
		closePanel();
		show(false);
	});
	// A change redraws the page, but never under an analyst's typing: while a
	// field of the page has the focus the redraw waits for it to leave.
	let pending = false;
	const typing = () => {
		const a = document.activeElement;
		return a && a.closest("#view") && /^(INPUT|SELECT|TEXTAREA)$/.test(a.tagName);
	};
	onChange(() => {
		if (typing()) pending = true;
		else show(true);
	});
	document.getElementById("view").addEventListener("focusout", () => setTimeout(() => {
		if (pending && !typing()) {
			pending = false;
			show(true);
		}
	}, 0));
	// since= is the last position seen: the log ends before log_end.
	follow(Math.max(0, (st.log_end || 1) - 1));
	show(false);
}

start();
