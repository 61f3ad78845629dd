// curate.js: the analysts' acts from the page: each form POSTs the same
// event the client command writes (POST /api/CMD, with the CSRF token),
// in the session analyst's name; errors are shown beside the form.
import * as api from "./api.js";
import {h} from "./dom.js";
import {timexPrecision, TIMEX_FORMS} from "./dates.js";

// The body of each write, from the form's fields: the members are the
// event payload's field names (docs/web.md, "Writes").
const BODIES = {
	merge: (f) => ({a: f.a, b: f.b, note: f.note}),
	unmerge: (f) => ({a: f.a, b: f.b, note: f.note}),
	distinct: (f) => ({a: f.a, b: f.b, note: f.note}),
	name: (f) => ({name: f.name, preferred_name: f.preferred, kind: f.kind}),
	confirm: (f) => ({claim: f.claim, note: f.note}),
	dispute: (f) => ({claim: f.claim, note: f.note}),
	retract: (f) => ({claim: f.claim, note: f.note}),
	grade: (f) => ({claim: f.claim, reliability: f.reliability, credibility: Number(f.credibility), note: f.note}),
	entry: (f) => ({entry: f.entry, date: f.date, precision: f.precision, note: f.note}),
	// An actor is named (any of its names); claims, entries and articles
	// by their ids.
	note: (f) => (f.target === "actor" ? {target_kind: "actor", target_name: f.id, text: f.text}
		: {target_kind: f.target, target_id: f.id, text: f.text}),
};

function clean(o) {
	const r = {};
	for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== "") r[k] = v;
	return r;
}

// What the client checks before it writes, checked here too: a date the
// timeline could not order is refused, and a date's precision follows from
// its form unless one is chosen.
function check(cmd, f) {
	if (cmd === "entry" && f.date) {
		const p = timexPrecision(f.date);
		if (!p) throw new Error("'" + f.date + "' is no date: " + TIMEX_FORMS);
		if (!f.precision) f.precision = p;
	}
}

export async function act(cmd, fields) {
	const f = Object.assign({}, fields);
	check(cmd, f);
	return api.post(cmd, clean(BODIES[cmd](f)));
}

function field(f) {
	const id = "f-" + Math.random().toString(36).slice(2, 9);
	let input;
	if (f.options) {
		input = h("select", {id, name: f.name}, f.options.map((o) => h("option", {value: o, selected: o === f.value}, [o || "—"])));
	} else {
		input = h("input", {id, name: f.name, type: "text", value: f.value || "", required: f.required,
			placeholder: f.placeholder || "", size: f.size || 16, list: f.list});
	}
	if (f.hidden) return h("input", {type: "hidden", name: f.name, value: f.value});
	return h("label", {for: id}, [h("span", {}, [f.label]), input]);
}

// A form that runs cmd with its fields and the fixed values; done() after
// a write that succeeded.  The live stream then refreshes the page.
export function form(cmd, label, fields, fixed, done) {
	const msg = h("span", {class: "form-msg", role: "status"});
	const btn = h("button", {type: "submit"}, [label]);
	const fm = h("form", {class: "curate curate-" + cmd, "data-cmd": cmd},
		fields.map(field).concat([btn, msg]));
	fm.addEventListener("submit", async (ev) => {
		ev.preventDefault();
		const values = Object.assign({}, fixed || {});
		for (const [k, v] of new FormData(fm).entries()) values[k] = String(v).trim();
		btn.disabled = true;
		msg.className = "form-msg";
		msg.textContent = "saving…";
		try {
			await act(cmd, values);
			msg.className = "form-msg ok";
			msg.textContent = "done";
			document.body.dataset.lastAct = cmd + ": done";
			if (done) done(values);
		} catch (e) {
			msg.className = "form-msg error";
			msg.setAttribute("role", "alert");
			msg.textContent = e.message;
			document.body.dataset.lastAct = cmd + ": " + e.message;
		} finally {
			btn.disabled = false;
		}
	});
	return fm;
}

// One button that runs cmd with fixed values (confirm, dispute, retract).
export function button(cmd, label, fixed) {
	return form(cmd, label, [], fixed);
}

export const KINDS = ["", "person", "organization", "government", "country", "group", "media", "other"];
export const PRECISIONS = ["", "time", "day", "week", "month", "season", "quarter", "year", "decade", "century", "ref"];
