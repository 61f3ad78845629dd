// claimcard.js: one claim in full (never cut): who says it, how, about
// whom, how corroborated and contradicted, graded, how confident; with
// its provenance and the curation acts.
import {h, link, shortId} from "./dom.js";
import {showWhy} from "./why.js";
import * as curate from "./curate.js";

function actorLink(name) {
	return name ? link("actor", {name}, name) : h("em", {}, ["unattributed"]);
}

function sep(list, f) {
	const out = [];
	list.forEach((x, i) => {
		if (i) out.push(", ");
		out.push(f(x));
	});
	return out;
}

export function claimCard(c, articles) {
	const a = articles && articles.get(c.article);
	const status = c.status && c.status !== "none" ? c.status : "";
	const grade = c.reliability ? c.reliability + String(c.credibility || "") : "";
	const card = h("article", {class: "claim stance-" + c.stance + (status ? " status-" + status : ""), "data-claim": c.id}, [
		h("div", {class: "claim-head"}, [
			actorLink(c.source_actor || c.source),
			" ", h("span", {class: "stance"}, [c.stance + (c.hedged ? ", hedged" : ", firm")]),
			c.cue ? h("span", {class: "cue"}, [" (“", c.cue, "”)"]) : null,
			status ? h("span", {class: "badge badge-" + status}, [status]) : null,
			grade ? h("span", {class: "badge"}, ["graded " + grade]) : null,
		]),
		h("p", {class: "claim-text"}, [c.content]),
		c.about && c.about.length ? h("p", {class: "about"}, ["About: "].concat(sep(c.about, actorLink))) : null,
		c.responsible ? h("p", {class: "about"}, ["Attribution: ", actorLink(c.responsible), " — ", c.act || "", c.target ? [" — ", actorLink(c.target)] : ""]) : null,
		h("dl", {class: "figures"}, [
			h("dt", {}, ["confidence"]), h("dd", {}, [String(c.confidence) + (c.likelihood ? " (" + c.likelihood + ")" : "")]),
			h("dt", {}, ["corroborating"]), h("dd", {}, [String(c.corroborating)]),
			h("dt", {}, ["contradicting"]), h("dd", {}, [String(c.contradicting)]),
			h("dt", {}, ["sources"]), h("dd", {}, [String(c.sources) + " in " + String(c.publishers) + (c.publishers === 1 ? " outlet" : " outlets")]),
		]),
		h("p", {class: "source"}, [
			"From ", link("article", {id: c.article, start: c.span && c.span.start, end: c.span && c.span.end},
				a ? a.title : shortId(c.article)),
			c.publisher ? " (" + c.publisher + (a && a.published ? ", " + a.published : "") + ")" : "",
			" · ", link("claims", {proposition: c.proposition}, "same proposition"),
			" · ",
			h("button", {type: "button", class: "linkish why-btn", on: {click: () => showWhy(c.id, "Why this claim")}}, ["why?"]),
		]),
		c.status_note ? h("p", {class: "note"}, ["Note: ", c.status_note]) : null,
	]);
	// The curation forms are made when the analyst opens them: a page of
	// claims stays light.
	const tools = h("details", {class: "tools"}, [h("summary", {}, ["Curate"])]);
	tools.addEventListener("toggle", () => {
		if (!tools.open || tools.dataset.built) return;
		tools.dataset.built = "1";
		tools.append(
			h("div", {class: "tool-row"}, [
				curate.button("confirm", "Confirm", {claim: c.id}),
				curate.button("dispute", "Dispute", {claim: c.id}),
				curate.button("retract", "Retract", {claim: c.id}),
			]),
			curate.form("grade", "Grade", [
				{name: "reliability", label: "Source", options: ["A", "B", "C", "D", "E", "F"]},
				{name: "credibility", label: "Information", options: ["1", "2", "3", "4", "5", "6"]},
				{name: "note", label: "Note", size: 20},
			], {claim: c.id}),
			curate.form("note", "Add note", [{name: "text", label: "Note", size: 30, required: true}], {target: "claim", id: c.id}));
	});
	card.append(tools);
	return card;
}
