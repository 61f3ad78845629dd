// timeline.js: what happened when, drawn in SVG on a date axis that
// scrolls (drag, buttons) and zooms (wheel, buttons).  Each row of the
// timeline (one event, told by one or more articles) is one mark: a dot
// for a day or a time, a bar over its period for a week, month, quarter
// or year (drawn differently), with the number of articles that tell it.
// Rows are fetched for the dates in view, a page at a time: a large
// knowledge base is never fetched or drawn whole.
import * as api from "./api.js";
import {h, s, clear, link, shortId} from "./dom.js";
import {dateRange, dayString, dayDate, MONTHS} from "./dates.js";
import {openPanel} from "./panel.js";
import * as curate from "./curate.js";

const LIMIT = 400;          // rows fetched for one view
const LANE = 27;            // px between lanes
const MAXLANES = 22;
const AXIS = 34;            // px of the axis at the top
const MIN_SPAN = 3;         // days: the deepest zoom
const MAX_SPAN = 365 * 60;

let state = {key: null, view: null, rows: new Map()};

function precisionClass(p) {
	switch (p) {
	case "time": case "day": return "day";
	case "week": return "week";
	case "month": case "season": case "quarter": return "month";
	default: return "year";
	}
}

// The rows with a place on the axis, with their day ranges.
function placed(rows) {
	const out = [];
	for (const r of rows) {
		const d = dateRange(r.date);
		if (d) out.push(Object.assign({}, r, {d0: d.start, d1: d.end}));
	}
	return out;
}

function fit(rows) {
	const p = placed(rows);
	if (!p.length) {
		const t = Math.floor(Date.now() / 86400000);
		return {start: t - 30, end: t + 1};
	}
	// Centre the view on the days most rows fall in: the span of the
	// middle rows, not of a stray decade.
	const days = p.filter((r) => r.d1 - r.d0 <= 7);
	const use = days.length ? days : p;
	let lo = Math.min(...use.map((r) => r.d0));
	let hi = Math.max(...use.map((r) => r.d1));
	const pad = Math.max(2, (hi - lo) * 0.08);
	return {start: lo - pad, end: hi + pad};
}

function ticks(v, width) {
	const span = v.end - v.start;
	const out = [];
	const x = (d) => (d - v.start) / span * width;
	const first = dayDate(Math.floor(v.start));
	if (span > 365 * 3) {
		const step = span > 365 * 25 ? 10 : span > 365 * 10 ? 5 : 1;
		for (let y = Math.floor(first.getUTCFullYear() / step) * step; ; y += step) {
			const d = Date.UTC(y, 0, 1) / 86400000;
			if (d > v.end) break;
			if (d >= v.start) out.push({x: x(d), label: String(y), major: true});
		}
	} else if (span > 75) {
		let y = first.getUTCFullYear(), m = first.getUTCMonth();
		const step = span > 730 ? 3 : 1;
		for (;;) {
			const d = Date.UTC(y, m, 1) / 86400000;
			if (d > v.end) break;
			if (d >= v.start) out.push({x: x(d), label: MONTHS[m] + (m === 0 || out.length === 0 ? " " + y : ""), major: m === 0});
			m += step;
			if (m > 11) {
				m -= 12;
				y++;
			}
		}
	} else {
		const step = span > 40 ? 7 : span > 14 ? 2 : 1;
		for (let d = Math.ceil(v.start); d <= v.end; d++) {
			const dt = dayDate(d);
			if (step === 7 ? dt.getUTCDay() !== 1 : (dt.getUTCDate() - 1) % step !== 0 && dt.getUTCDate() !== 1) continue;
			const first1 = dt.getUTCDate() === 1 || out.length === 0;
			out.push({x: x(d), label: (first1 ? MONTHS[dt.getUTCMonth()] + " " : "") + dt.getUTCDate() +
				(first1 && dt.getUTCMonth() === 0 ? " " + dt.getUTCFullYear() : ""), major: first1});
		}
	}
	return out;
}

function label(r) {
	const t = r.text || "";
	return t.length > 40 ? t.slice(0, 38) + "…" : t;
}

const CHAR = 6.9;           // px per character of a 12px label, about

// The words beside a mark: its date, the count for a bar told by several
// articles (a dot shows it inside), the start of its text.
function words(r) {
	const n = r.narticles || 1;
	return r.date + (n > 1 && precisionClass(r.precision) !== "day" ? " ×" + n : "") + "  " + label(r);
}

// Where a row's mark and label go: the label after a dot, or over a bar
// from its visible start, kept inside the picture.
function place(r, x, width) {
	const x0 = Math.max(0, x(r.d0)), x1 = Math.min(width, x(r.d1));
	const tw = words(r).length * CHAR;
	if (precisionClass(r.precision) === "day") {
		const cx = (x(r.d0) + x(r.d1)) / 2;
		const rad = (r.narticles || 1) > 1 ? 9 : 5;
		// After the dot, or before it at the right edge.
		const lx = cx + rad + 4 + tw <= width ? cx + rad + 4 : Math.max(2, cx - rad - 4 - tw);
		return {x0, x1, cx, rad, lx, left: Math.min(cx - rad, lx), right: Math.max(cx + rad, lx + tw)};
	}
	// A short bar's label follows it; a long one's lies over it.
	let lx = x1 - x0 < 60 ? x1 + 4 : x0 + 6;
	if (lx + tw > width) lx = Math.max(2, x1 - x0 < 60 ? x0 - 4 - tw : width - tw);
	return {x0, x1, lx, left: Math.min(x0, lx), right: Math.max(x1, lx + tw)};
}

// Lays the rows in view out in lanes so that no mark or label overlaps
// another: a row takes the first lane free at its left edge.
function lanes(rows, v, width) {
	const span = v.end - v.start;
	const x = (d) => (d - v.start) / span * width;
	const sorted = rows.filter((r) => r.d1 > v.start && r.d0 < v.end)
		.sort((a, b) => a.d0 - b.d0 || b.narticles - a.narticles || (a.id < b.id ? -1 : 1));
	// Per lane, what is drawn: marks and labels, as [left, right] spans.
	const taken = [];
	const hits = (lane, l, r, kind) => taken[lane].filter((o) => (!kind || o.kind === kind) && l < o.r + 6 && r > o.l - 6);
	const laid = [];
	const crowded = [];
	for (const r of sorted) {
		const pl = place(r, x, width);
		const bare = pl.cx !== undefined ? [pl.cx - pl.rad, pl.cx + pl.rad] : [pl.x0, Math.max(pl.x1, pl.x0 + 6)];
		let lane = taken.findIndex((_, i) => !hits(i, pl.left, pl.right).length);
		if (lane < 0 && taken.length < MAXLANES) {
			lane = taken.length;
			taken.push([]);
		}
		if (lane < 0) {
			crowded.push({r, pl, bare});
			continue;
		}
		const it = {r, lane, pl, label: {l: pl.lx, r: pl.right, kind: "label"}};
		taken[lane].push({l: bare[0], r: bare[1], kind: "mark"}, it.label);
		laid.push(it);
	}
	// Where the picture is crowded, a row still gets its mark in a lane
	// whose marks leave room, and the labels in the way are cut short (or
	// left out); its text is in its title and in the list below.
	let hidden = 0;
	for (const {r, pl, bare} of crowded) {
		const lane = taken.findIndex((_, i) => !hits(i, bare[0], bare[1], "mark").length);
		if (lane < 0) {
			hidden++;
			continue;
		}
		for (const o of hits(lane, bare[0], bare[1], "label")) {
			o.r = Math.min(o.r, bare[0] - 8);
			if (o.r - o.l < 60) o.r = o.l;
		}
		taken[lane].push({l: bare[0], r: bare[1], kind: "mark"});
		laid.push({r, lane, pl, label: null});
	}
	return {laid, nlanes: taken.length, hidden};
}

function sources(r) {
	const body = h("div", {}, [h("p", {class: "muted"}, ["Loading the sources…"])]);
	openPanel(r.date + " (" + r.precision + ")", body);
	const d = dateRange(r.date);
	const q = {entries: true, limit: 500};
	if (d) {
		q.from = dayString(d.start);
		q.to = dayString(d.end - 1);
	}
	api.page("timeline", q).then((pg) => {
		let mine = pg.items.filter((e) => e.group === r.group);
		if (!mine.length) mine = [r];
		body.replaceChildren(
			h("p", {}, [String(r.narticles || mine.length), r.narticles === 1 ? " article tells" : " articles tell", " this event:"]),
			h("ol", {class: "sources"}, mine.map((e) => h("li", {"data-entry": e.id}, [
				h("blockquote", {class: "quote"}, [e.text]),
				link("article", {id: e.article, start: e.span && e.span.start, end: e.span && e.span.end}, "open the article at this sentence"),
				" · entry ", h("code", {}, [shortId(e.id)]),
				h("details", {class: "tools"}, [h("summary", {}, ["Amend the date"]),
					curate.form("entry", "Amend", [
						{name: "date", label: "Date", value: e.date, size: 12, required: true},
						{name: "precision", label: "Precision", options: curate.PRECISIONS, value: ""},
						{name: "note", label: "Note", size: 16},
					], {entry: e.id})]),
			]))));
	}).catch((e) => body.replaceChildren(h("p", {class: "error", role: "alert"}, [e.message])));
}

function draw(svg, rows, v, width, info) {
	clear(svg);
	const span = v.end - v.start;
	const x = (d) => (d - v.start) / span * width;
	const {laid, nlanes, hidden} = lanes(rows, v, width);
	const height = AXIS + Math.max(3, nlanes) * LANE + 16;
	svg.setAttribute("viewBox", "0 0 " + width + " " + height);
	svg.setAttribute("width", width);
	svg.setAttribute("height", height);
	svg.append(s("defs", {}, [
		s("pattern", {id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"}, [
			s("rect", {width: 6, height: 6, class: "hatch-bg"}), s("line", {x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line"})]),
	]));
	const axis = s("g", {class: "axis"});
	axis.append(s("rect", {x: 0, y: 0, width, height: AXIS - 8, class: "axis-bg"}));
	for (const t of ticks(v, width)) {
		axis.append(s("line", {x1: t.x, x2: t.x, y1: AXIS - 12, y2: height, class: t.major ? "tick major" : "tick"}),
			s("text", {x: t.x + 3, y: 16, class: "tick-label"}, [t.label]));
	}
	svg.append(axis);
	const marks = s("g", {class: "marks"});
	for (const {r, lane, pl, label} of laid) {
		const y = AXIS + lane * LANE + LANE / 2;
		const pc = precisionClass(r.precision);
		const n = r.narticles || 1;
		// A mark is a button: it lists the sentences of every article that
		// tells the event (each a link to the reader).
		// what became of it (happened, reported, planned, cancelled)
		const st = r.status || "happened";
		const a = s("g", {role: "button", tabindex: 0, class: "entry p-" + pc + (n > 1 ? " multi" : "") + " st-" + st,
			"data-date": r.date, "data-n": n, "data-group": r.group || "", "data-status": st,
			"aria-label": r.date + ", " + n + (n === 1 ? " article: " : " articles: ") + r.text});
		a.addEventListener("click", () => sources(r));
		a.addEventListener("keydown", (ev) => {
			if (ev.key === "Enter" || ev.key === " ") {
				ev.preventDefault();
				sources(r);
			}
		});
		if (pc === "day") {
			a.append(s("circle", {cx: pl.cx, cy: y, r: pl.rad, class: "mark"}));
			if (n > 1) a.append(s("text", {x: pl.cx, y: y + 4, class: "count"}, [String(n)]));
		} else {
			const hgt = pc === "year" ? 8 : pc === "month" ? 12 : 14;
			a.append(s("rect", {x: pl.x0, y: y - hgt / 2, width: Math.max(6, pl.x1 - pl.x0), height: hgt, rx: pc === "week" ? 3 : 0, class: "mark"}));
		}
		a.append(s("title", {}, [r.date + " (" + r.precision + (st !== "happened" ? ", " + st : "") + "), " + n + (n === 1 ? " article: " : " articles: ") + r.text]));
		if (label && label.r > label.l) {
			// A label cut short by a crowded neighbour keeps what fits.
			const full = words(r);
			const n = Math.floor((label.r - label.l) / CHAR);
			a.append(s("text", {x: pl.lx, y: y + 4, class: "label"}, [n >= full.length ? full : full.slice(0, Math.max(1, n - 1)) + "…"]));
		}
		marks.append(a);
	}
	svg.append(marks);
	svg.dataset.rows = String(laid.length);
	info.textContent = laid.length + " events drawn between " + dayString(Math.floor(v.start)) + " and " + dayString(Math.floor(v.end)) +
		(hidden ? "; " + hidden + " more in view — zoom in to see them" : "");
	return laid;
}

function legend() {
	const item = (cls, text) => {
		const sv = s("svg", {width: 34, height: 18, "aria-hidden": "true"});
		if (cls === "day") sv.append(s("circle", {cx: 9, cy: 9, r: 5, class: "mark"}));
		else if (cls === "multi") sv.append(s("circle", {cx: 10, cy: 9, r: 8, class: "mark"}), s("text", {x: 10, y: 13, class: "count"}, ["3"]));
		else sv.append(s("rect", {x: 2, y: cls === "year" ? 5 : 3, width: 30, height: cls === "year" ? 8 : cls === "month" ? 12 : 12, rx: cls === "week" ? 3 : 0, class: "mark"}));
		return h("li", {class: "p-" + cls + (cls === "multi" ? " multi p-day" : "")}, [sv, " " + text]);
	};
	const status = (cls, text) => {
		const sv = s("svg", {width: 34, height: 18, "aria-hidden": "true"});
		sv.append(s("circle", {cx: 9, cy: 9, r: 5, class: "mark"}));
		return h("li", {class: "p-day st-" + cls}, [sv, " " + text]);
	};
	return h("ul", {class: "legend", "aria-label": "Legend"}, [
		item("day", "a day (or a time)"), item("week", "a week"), item("month", "a month, season or quarter"),
		item("year", "a year or longer"), item("multi", "told by 3 articles"),
		status("reported", "reported then"), status("planned", "planned"),
		status("cancelled", "planned, called off"),
	]);
}

// The dates to ask for a view: from a year before it, so that a year or a
// quarter that began before the view but runs into it is drawn too.
function range(v) {
	return {from: dayString(Math.floor(v.start) - 366), to: dayString(Math.ceil(v.end))};
}

export async function render(root, p) {
	const key = JSON.stringify([p.actor || "", p.article || ""]);
	if (state.key !== key) state = {key, view: null, rows: new Map()};
	const base = {actor: p.actor, article: p.article, limit: LIMIT};
	if (p.from && p.to && !state.view) {
		const a = dateRange(p.from), b = dateRange(p.to);
		if (a && b) state.view = {start: a.start, end: b.end};
	}
	let first;
	if (!state.view) {
		first = await api.page("timeline", base);
		state.view = fit(first.items);
	} else {
		first = await api.page("timeline", Object.assign({}, base, range(state.view)));
	}
	state.rows = new Map();
	for (const r of first.items) state.rows.set(r.id, r);
	let more = !!first.next;

	const info = h("p", {class: "muted", role: "status"});
	const svg = s("svg", {class: "timeline", role: "img", "aria-label": "Timeline"});
	const wrap = h("div", {class: "timeline-wrap"}, [svg]);
	const list = h("ol", {class: "tl-list"});
	const undated = h("ul", {class: "tl-undated"});
	const undatedHead = h("h2", {}, ["Without a place on the axis"]);
	const width = () => Math.max(320, (document.getElementById("view").clientWidth || 1000) - 40);
	let timer = null;

	const redraw = () => {
		// A timeline no longer shown (the analyst went to another page
		// while a fetch was out) draws nothing and leaves the URL alone.
		if (!root.isConnected || !/^#\/timeline(\?|$)/.test(location.hash)) return;
		const rows = placed(Array.from(state.rows.values()));
		const laid = draw(svg, rows, state.view, width(), info);
		const before = rows.filter((r) => r.d1 <= state.view.start).length;
		const after = rows.filter((r) => r.d0 >= state.view.end).length;
		if (before || after)
			info.textContent += " · outside the view: " + before + " earlier, " + after + " later";
		if (more) info.textContent += " (the first " + LIMIT + " events of this range are fetched; zoom in for the rest)";
		const inview = laid.map((l) => l.r).sort((a, b) => a.d0 - b.d0);
		list.replaceChildren(...inview.map((r) => h("li", {class: "p-" + precisionClass(r.precision) + " st-" + (r.status || "happened")}, [
			h("strong", {}, [r.date]), h("span", {class: "muted"}, [" " + r.precision + " "]),
			r.status && r.status !== "happened" ? h("span", {class: "status"}, [r.status]) : null,
			r.status && r.status !== "happened" ? " " : null,
			r.text, " — ",
			link("article", {id: r.article, start: r.span && r.span.start, end: r.span && r.span.end}, "source"),
			(r.narticles || 1) > 1 ? [" · ", h("button", {type: "button", class: "linkish", on: {click: () => sources(r)}}, ["all " + r.narticles + " sources"])] : null,
		])));
		const u = Array.from(state.rows.values()).filter((r) => !dateRange(r.date));
		undatedHead.hidden = undated.hidden = !u.length;
		undated.replaceChildren(...u.map((r) => h("li", {}, [h("strong", {}, [r.date]), " ", r.text, " — ",
			link("article", {id: r.article, start: r.span && r.span.start, end: r.span && r.span.end}, "source")])));
		const q = new URLSearchParams(Object.entries({actor: p.actor, article: p.article,
			from: dayString(Math.floor(state.view.start)), to: dayString(Math.floor(state.view.end))}).filter(([, v]) => v));
		history.replaceState(null, "", "#/timeline?" + q.toString());
		if (window.__timelineDrawn === undefined) window.__timelineDrawn = performance.now();
		document.body.dataset.timeline = String(laid.length);
	};
	// After a zoom or a scroll, fetch the rows of the new range (once the
	// gesture has paused).
	const refetch = () => {
		clearTimeout(timer);
		timer = setTimeout(async () => {
			const v = state.view;
			try {
				const pg = await api.page("timeline", Object.assign({}, base, range(v)));
				for (const r of pg.items) state.rows.set(r.id, r);
				more = !!pg.next;
				redraw();
			} catch (e) {
				info.textContent = e.message;
			}
		}, 180);
	};
	const zoom = (f, at) => {
		const v = state.view;
		const span = v.end - v.start;
		const ns = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * f));
		const c = v.start + span * (at === undefined ? 0.5 : at);
		const k = (c - v.start) / span;
		state.view = {start: c - ns * k, end: c - ns * k + ns};
		redraw();
		refetch();
	};
	const pan = (f) => {
		const span = state.view.end - state.view.start;
		state.view = {start: state.view.start + span * f, end: state.view.end + span * f};
		redraw();
		refetch();
	};
	svg.addEventListener("wheel", (ev) => {
		ev.preventDefault();
		const rect = svg.getBoundingClientRect();
		if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) pan((ev.deltaX || ev.deltaY) / 1000);
		else zoom(Math.pow(1.0015, ev.deltaY), (ev.clientX - rect.left) / rect.width);
	}, {passive: false});
	let drag = null;
	svg.addEventListener("pointerdown", (ev) => {
		if (ev.target.closest(".entry")) return;
		drag = {x: ev.clientX, view: state.view};
		svg.setPointerCapture(ev.pointerId);
	});
	svg.addEventListener("pointermove", (ev) => {
		if (!drag) return;
		const span = drag.view.end - drag.view.start;
		const dd = -(ev.clientX - drag.x) / svg.getBoundingClientRect().width * span;
		state.view = {start: drag.view.start + dd, end: drag.view.end + dd};
		redraw();
	});
	svg.addEventListener("pointerup", () => {
		if (drag) refetch();
		drag = null;
	});
	const btn = (text, label, f) => h("button", {type: "button", "aria-label": label, on: {click: f}}, [text]);
	const toolbar = h("div", {class: "toolbar", role: "toolbar", "aria-label": "Timeline view"}, [
		btn("◀ earlier", "Scroll to earlier dates", () => pan(-0.5)),
		btn("zoom in +", "Zoom in", () => zoom(0.5)),
		btn("zoom out −", "Zoom out", () => zoom(2)),
		btn("later ▶", "Scroll to later dates", () => pan(0.5)),
		btn("fit", "Fit the events", () => {
			state.view = fit(Array.from(state.rows.values()));
			redraw();
		}),
		p.actor ? h("span", {}, [" actor: ", h("strong", {}, [p.actor]), " ", link("timeline", {}, "(all)")]) : null,
		p.article ? h("span", {}, [" article: ", h("strong", {}, [shortId(p.article)]), " ", link("timeline", {}, "(all)")]) : null,
	]);
	root.append(h("h1", {}, ["Timeline"]), toolbar, info, wrap, legend(),
		h("h2", {}, ["Events in view"]), list,
		undatedHead, undated);
	root.__redraw = redraw;
}

export function shown(root) {
	if (root.__redraw) root.__redraw();
}

window.addEventListener("resize", () => {
	const n = document.querySelector(".page-timeline");
	if (n && n.__redraw) n.__redraw();
});
