// api.js: the daemon's JSON API (docs/web.md): reads, paged lists,
// curation writes with the session's CSRF token.
let csrf = "";
export const session = {analyst: "", version: 0};

export class ApiError extends Error {
	constructor(message, status, code) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

async function answer(r) {
	let body = null;
	try {
		body = await r.json();
	} catch (e) {
		body = null;
	}
	if (r.status === 401) {
		throw new ApiError("Not logged in: open the login link that `dossier web` gives.", 401, "login");
	}
	if (!r.ok || (body && body.error)) {
		const msg = body && body.error ? body.error : r.status + " " + r.statusText;
		throw new ApiError(msg, r.status, body && body.code);
	}
	return body;
}

export function url(cmd, params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params || {}))
		if (v !== undefined && v !== null && v !== "" && v !== false) q.set(k, v === true ? "1" : v);
	const qs = q.toString();
	return "/api/" + cmd + (qs ? "?" + qs : "");
}

export async function get(cmd, params) {
	const r = await fetch(url(cmd, params), {credentials: "same-origin", headers: {"Accept": "application/json"}});
	return answer(r);
}

// One page of a list: {items, next}.
export async function page(cmd, params) {
	const a = await get(cmd, params);
	return {items: a.items || [], next: a.next || null};
}

// Every item of a list, page after page, up to max items.
export async function all(cmd, params, max = 5000) {
	let items = [];
	let cursor = null;
	const limit = Math.min(500, max);
	do {
		const p = await page(cmd, Object.assign({limit}, params, cursor ? {cursor} : {}));
		items = items.concat(p.items);
		cursor = p.next;
	} while (cursor && items.length < max);
	return items;
}

export async function login() {
	const s = await get("session");
	csrf = s.csrf || "";
	session.analyst = s.analyst || "";
	session.version = s.version || 0;
	return s;
}

// A curation write: POST /api/CMD with a JSON body.
export async function post(cmd, body) {
	const r = await fetch("/api/" + cmd, {
		method: "POST",
		credentials: "same-origin",
		headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
		body: JSON.stringify(body),
	});
	return answer(r);
}
