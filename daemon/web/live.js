// live.js: follows the log through Server-Sent Events (/api/events) and
// tells the page when the knowledge base changed, without a reload.
let source = null;
let timer = null;
let seen;                   // the last log position the stream gave

const listeners = [];
export const liveState = {changes: 0, last: null, connected: false};

export function onChange(f) {
	listeners.push(f);
}

function indicator(text, cls) {
	const e = document.getElementById("live");
	if (!e) return;
	e.textContent = text;
	e.className = "live " + (cls || "");
}

function fire(kind, data) {
	liveState.changes++;
	liveState.last = data;
	// Changes come in bursts (an article files dozens of events): refresh
	// once the burst has passed.
	clearTimeout(timer);
	timer = setTimeout(() => {
		for (const f of listeners) f(kind, data);
		indicator("updated " + new Date().toLocaleTimeString(), "flash");
		document.body.dataset.updates = String(liveState.changes);
	}, 250);
}

export function follow(since) {
	if (source) source.close();
	seen = since;
	source = new EventSource("/api/events" + (since !== undefined ? "?since=" + since : ""));
	source.addEventListener("open", () => {
		liveState.connected = true;
		document.body.dataset.live = "open";
		indicator("live", "on");
	});
	source.addEventListener("error", () => {
		liveState.connected = false;
		document.body.dataset.live = "closed";
		indicator("reconnecting…", "off");
	});
	source.addEventListener("change", (ev) => {
		if (ev.lastEventId) seen = Number(ev.lastEventId);
		let data = null;
		try {
			data = JSON.parse(ev.data);
		} catch (e) {
			data = null;
		}
		fire("change", data);
	});
	source.addEventListener("reset", () => fire("reset", null));
}

// A page left (or kept in the back-forward cache) closes its stream: the
// browser keeps only six connections to the daemon, and streams left open
// would hold them until the daemon drops them.  Back on the page, the
// stream resumes after the last change it saw, and the page redraws.
window.addEventListener("pagehide", () => {
	if (source) source.close();
	source = null;
});
window.addEventListener("pageshow", (ev) => {
	if (ev.persisted && seen !== undefined) {
		follow(seen);
		fire("reset", null);
	}
});
