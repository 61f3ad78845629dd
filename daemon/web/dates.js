// dates.js: timeline dates (TIMEX3 values as the daemon gives them) as
// ranges of days since 1970-01-01, for drawing; and days back to dates.
const DAY = 86400000;

function days(y, m, d) {
	return Math.floor(Date.UTC(y, m - 1, d) / DAY);
}

// Monday of ISO week w of year y.
function isoWeek(y, w) {
	const jan4 = days(y, 1, 4);
	const dow = (new Date(jan4 * DAY).getUTCDay() + 6) % 7;
	return jan4 - dow + (w - 1) * 7;
}

const SEASONS = {SP: [3, 6], SU: [6, 9], FA: [9, 12], AU: [9, 12], WI: [12, 15]};

// {start, end} (end exclusive, in days) or null for dates with no place
// on the axis (PAST_REF, 201X, ...).
export function dateRange(v) {
	let m;
	if ((m = /^(\d{4})-(\d\d)-(\d\d)(T.*)?$/.exec(v))) {
		const d = days(+m[1], +m[2], +m[3]);
		return {start: d, end: d + 1};
	}
	if ((m = /^(\d{4})-W(\d\d)$/.exec(v))) {
		const d = isoWeek(+m[1], +m[2]);
		return {start: d, end: d + 7};
	}
	if ((m = /^(\d{4})-(\d\d)$/.exec(v)))
		return {start: days(+m[1], +m[2], 1), end: days(+m[1], +m[2] + 1, 1)};
	if ((m = /^(\d{4})-Q([1-4])$/.exec(v)))
		return {start: days(+m[1], 3 * m[2] - 2, 1), end: days(+m[1], 3 * m[2] + 1, 1)};
	if ((m = /^(\d{4})-(SP|SU|FA|AU|WI)$/.exec(v))) {
		const [a, b] = SEASONS[m[2]];
		return {start: days(+m[1], a, 1), end: days(+m[1], b, 1)};
	}
	if ((m = /^(\d{4})$/.exec(v)))
		return {start: days(+m[1], 1, 1), end: days(+m[1] + 1, 1, 1)};
	if ((m = /^(\d{3})X$/.exec(v)))
		return {start: days(+m[1] * 10, 1, 1), end: days(+m[1] * 10 + 10, 1, 1)};
	return null;
}

// YYYY-MM-DD of a day number.
export function dayString(d) {
	return new Date(d * DAY).toISOString().slice(0, 10);
}

export function dayDate(d) {
	return new Date(d * DAY);
}

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export const TIMEX_FORMS = "dates are TIMEX3 values: 2014-11-24 (a day), 2014-11-24T09:30 (a time), " +
	"2014-W48 (a week), 2014-11 (a month), 2014-Q4 (a quarter), 2014-SU (a season: SP, SU, FA, WI), " +
	"2014 (a year), 201X (a decade), 20XX (a century), PAST_REF, PRESENT_REF or FUTURE_REF";

// The precision a date's form says (as `dossier entry amend` reads it),
// or null for a date the timeline could not order.
export function timexPrecision(t) {
	if (/^(PAST|PRESENT|FUTURE)_REF$/.test(t)) return "ref";
	if (/^\d\dXX$/.test(t)) return "century";
	if (/^\d{3}X$/.test(t)) return "decade";
	let m;
	if (/^\d{4}$/.test(t)) return "year";
	if ((m = /^\d{4}-W(\d\d)$/.exec(t))) return +m[1] >= 1 && +m[1] <= 53 ? "week" : null;
	if (/^\d{4}-Q[1-4]$/.test(t)) return "quarter";
	if (/^\d{4}-(SP|SU|FA|WI)$/.test(t)) return "season";
	if ((m = /^\d{4}-(\d\d)$/.exec(t))) return +m[1] >= 1 && +m[1] <= 12 ? "month" : null;
	const MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	if (!(m = /^\d{4}-(\d\d)-(\d\d)(T(\d\d):(\d\d)(:(\d\d))?)?$/.exec(t))) return null;
	if (+m[1] < 1 || +m[1] > 12 || +m[2] < 1 || +m[2] > MDAYS[m[1] - 1]) return null;
	if (!m[3]) return "day";
	if (+m[4] > 23 || +m[5] > 59 || (m[7] !== undefined && +m[7] > 59)) return null;
	return "time";
}
