/* test_dates.c: temporal expressions and their TIMEX3 values, table-driven,
 * through the public dsr_extract().  Publication dates fall on every
 * weekday and on both sides of year ends. */
#include "test.h"
#include "extract.h"

#include <string.h>

struct tcase {
	const char *published; /* NULL: none */
	const char *text;
	const char *expr;      /* the expression's text; NULL: no time at all */
	const char *value;     /* expected TIMEX3 value */
	const char *type;      /* expected type, NULL: DATE */
};

static const struct tcase cases[] = {
	/* a past-tense weekday: the last one on or before publication,
	 * published Monday 2014-12-15 .. Sunday 2014-12-21 */
	{ "2014-12-15", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-10", 0 },
	{ "2014-12-16", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-10", 0 },
	{ "2014-12-17", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-17", 0 },
	{ "2014-12-18", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-17", 0 },
	{ "2014-12-19", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-17", 0 },
	{ "2014-12-20", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-17", 0 },
	{ "2014-12-21", "Officials said on Wednesday that the plan failed.", "Wednesday", "2014-12-17", 0 },
	/* a future-tense weekday: the next one on or after publication */
	{ "2014-12-15", "The film will open on Friday in New York.", "Friday", "2014-12-19", 0 },
	{ "2014-12-19", "The film will open on Friday in New York.", "Friday", "2014-12-19", 0 },
	{ "2014-12-20", "The film will open on Friday in New York.", "Friday", "2014-12-26", 0 },
	{ "2014-12-31", "The agency will publish its report on Monday.", "Monday", "2015-01-05", 0 },
	{ "2015-01-01", "The attack began on Sunday, investigators said.", "Sunday", "2014-12-28", 0 },
	/* last / next / this with a weekday */
	{ "2014-12-17", "The breach was discovered last Monday.", "last Monday", "2014-12-15", 0 },
	{ "2014-12-15", "The breach was discovered last Monday.", "last Monday", "2014-12-08", 0 },
	{ "2014-12-15", "A hearing is set for next Tuesday.", "next Tuesday", "2014-12-16", 0 },
	{ "2014-12-16", "A hearing is set for next Tuesday.", "next Tuesday", "2014-12-23", 0 },
	{ "2014-12-20", "Talks resume this Thursday.", "this Thursday", "2014-12-18", 0 },
	{ "2014-12-17", "NBC News late Wednesday reported the news.", "late Wednesday", "2014-12-17", 0 },
	{ "2014-12-17", "The hackers struck Wednesday night.", "Wednesday night", "2014-12-17TNI", "TIME" },
	/* month and day without a year: the nearest year */
	{ "2014-12-01", "The film is set to be released Dec. 25.", "Dec. 25", "2014-12-25", 0 },
	{ "2014-12-17", "The attack began on Nov. 24.", "Nov. 24", "2014-11-24", 0 },
	{ "2014-12-30", "The hack began Dec. 24, officials said.", "Dec. 24", "2014-12-24", 0 },
	{ "2014-12-30", "It will be released Jan. 5.", "Jan. 5", "2015-01-05", 0 },
	{ "2015-01-02", "The attack on Dec. 24 was the largest.", "Dec. 24", "2014-12-24", 0 },
	{ "2015-01-02", "Nothing happened on January 9.", "January 9", "2015-01-09", 0 },
	{ "2015-06-15", "The company said the breach happened on Dec. 25.", "Dec. 25", "2014-12-25", 0 },
	{ "2015-06-15", "The company will release the film on Dec. 25.", "Dec. 25", "2015-12-25", 0 },
	{ "2014-12-01", "The attack began November 24, when computers failed.", "November 24", "2014-11-24", 0 },
	{ "2014-12-17", "It was first reported on the 24th of November.", "24th of November", "2014-11-24", 0 },
	/* absolute dates */
	{ "2014-12-17", "The breach began on November 24, 2014.", "November 24, 2014", "2014-11-24", 0 },
	{ "2014-12-17", "Production begins in March 2015.", "March 2015", "2015-03", 0 },
	{ "2014-12-17", "The memo is dated 24 November 2014.", "24 November 2014", "2014-11-24", 0 },
	{ "2014-12-17", "The log shows 2014-11-24 as the start.", "2014-11-24", "2014-11-24", 0 },
	{ "2014-12-17", "The form was signed 11/24/2014 in Culver City.", "11/24/2014", "2014-11-24", 0 },
	{ "2014-12-17", "The statement came Wednesday, Dec. 17, 2014.", "Wednesday, Dec. 17, 2014", "2014-12-17", 0 },
	{ "2014-12-17", "Similar attacks happened in 2013.", "2013", "2013", 0 },
	{ "2014-12-17", "The group has been active since the 1990s.", "1990s", "199", 0 },
	{ "2014-12-17", "The leak happened in mid-November.", "mid-November", "2014-11", 0 },
	{ "2015-02-10", "Sales fell in December.", "December", "2014-12", 0 },
	{ "2014-12-17", "The studio plans a release in early March.", "early March", "2015-03", 0 },
	/* relative to the publication date */
	{ "2014-12-01", "Emails could not be delivered last week.", "last week", "2014-W48", 0 },
	{ "2015-01-02", "The network was down last week.", "last week", "2014-W52", 0 },
	{ "2016-01-01", "The network was down last week.", "last week", "2015-W52", 0 },
	{ "2016-01-01", "More leaks are expected this week.", "this week", "2015-W53", 0 },
	{ "2016-01-01", "More leaks are expected next week.", "next week", "2016-W01", 0 },
	{ "2015-01-02", "Last year it was reported that banks were hit.", "Last year", "2014", 0 },
	{ "2014-12-17", "The sequel comes out next month.", "next month", "2015-01", 0 },
	{ "2015-01-10", "The breach started last month.", "last month", "2014-12", 0 },
	{ "2014-12-17", "The attack began three weeks ago.", "three weeks ago", "2014-W48", 0 },
	{ "2014-12-17", "The files appeared two days ago.", "two days ago", "2014-12-15", 0 },
	{ "2014-12-17", "The group formed a year ago.", "a year ago", "2013", 0 },
	{ "2015-01-10", "It started two months ago.", "two months ago", "2014-11", 0 },
	{ "2015-01-01", "The servers failed yesterday.", "yesterday", "2014-12-31", 0 },
	{ "2014-12-31", "The servers restart tomorrow.", "tomorrow", "2015-01-01", 0 },
	{ "2014-12-17", "Earlier today, Sony canceled the screenings.", "Earlier today", "2014-12-17", 0 },
	{ "2014-12-17", "The president speaks tonight.", "tonight", "2014-12-17TNI", "TIME" },
	{ "2014-12-17", "The company said this morning that it was hit.", "this morning", "2014-12-17TMO", "TIME" },
	{ "2014-12-17", "The decision was made this summer.", "this summer", "2014-SU", 0 },
	{ "2014-12-17", "Profits fell in the third quarter of 2014.", "the third quarter of 2014", "2014-Q3", 0 },
	/* holidays */
	{ "2014-12-01", "The comedy opens on Christmas Day.", "Christmas Day", "2014-12-25", 0 },
	{ "2015-01-03", "The comedy opened on Christmas Day.", "Christmas Day", "2014-12-25", 0 },
	{ "2014-12-17", "The leak is planned for New Year's Eve.", "New Year's Eve", "2014-12-31", 0 },
	{ "2014-12-01", "The hackers struck on Thanksgiving.", "Thanksgiving", "2014-11-27", 0 },
	{ "2015-03-01", "Talks will resume after Easter.", "Easter", "2015-04-05", 0 },
	{ "2014-12-17", "The rally took place on Labor Day 2015.", "Labor Day 2015", "2015-09-07", 0 },
	{ "2014-12-17", "The memorial was held on Memorial Day 2014.", "Memorial Day 2014", "2014-05-26", 0 },
	{ "2013-12-20", "The malware was installed before Black Friday.", "Black Friday", "2013-11-29", 0 },
	{ "1989-10-27", "Acme said its third-quarter profit fell.", "third-quarter", "1989-Q3", 0 },
	{ "1989-10-27", "It plans to sell the unit by the end of the year.", "the end of the year", "1989", 0 },
	{ "1989-10-27", "Demand has weakened since the summer.", "the summer", "1989-SU", 0 },
	{ "1989-10-27", "Income fell from $51 million a year earlier.", "a year earlier", "1988", 0 },
	{ "2014-12-15", "The servers were attacked over the weekend.", "the weekend", "2014-W50-WE", 0 },
	{ "2014-12-17", "The group will strike over the weekend.", "the weekend", "2014-W51-WE", 0 },
	{ "2014-12-17", "Sales rose in the first half of 2014.", "the first half of 2014", "2014-H1", 0 },
	{ "2014-12-17", "Crime has fallen for a decade.", "a decade", "P10Y", "DURATION" },
	/* anchored to the last date named */
	{ "2014-12-01", "Files appeared online November 27. Later that day, a person emailed reporters.",
	  "Later that day", "2014-11-27", 0 },
	{ "2014-12-01", "Files appeared online November 27. The next day, a person emailed reporters.",
	  "The next day", "2014-11-28", 0 },
	{ "2014-12-01", "Files appeared online November 27. That week the studio said nothing.",
	  "That week", "2014-W48", 0 },
	{ "2014-12-01", "He left in June 1998 and returned later that year.", "later that year",
	  "1998", 0 },
	{ "2014-12-01", "The law passed in March 2010. The following month it was repealed.",
	  "The following month", "2010-04", 0 },
	{ "2014-12-01", "Profits will rise in the last half of 2015.", "the last half of 2015",
	  "2015-H2", 0 },
	{ "2014-12-01", "Net income in the year ending June 30 fell.", "the year", "P1Y", "DURATION" },
	/* durations, sets, references */
	{ "2014-12-17", "Over the course of the next three weeks, the attacks escalated.",
	  "the next three weeks", "P3W", "DURATION" },
	{ "2014-12-17", "The network was down for 24 hours.", "24 hours", "PT24H", "DURATION" },
	{ "2014-12-17", "The probe lasted two years.", "two years", "P2Y", "DURATION" },
	{ "2014-12-17", "Activity increased over the past week.", "the past week", "P1W", "DURATION" },
	{ "2014-12-17", "It took several days to restore service.", "several days", "PXD", "DURATION" },
	{ "2014-12-17", "They lived in camps for 2 1/2 years.", "2 1/2 years", "P2Y6M", "DURATION" },
	{ "2014-12-17", "The flight took 5 1/2 hours.", "5 1/2 hours", "PT5H30M", "DURATION" },
	{ "2014-12-17", "It lasted an hour and a half.", "an hour and a half", "PT1H30M", "DURATION" },
	{ "2014-12-17", "The strike lasted 3 1/2 weeks.", "3 1/2 weeks", "P24DT12H", "DURATION" },
	{ "2014-12-17", "Shares rose 2 1/2 points.", NULL, NULL, 0 },
	{ "2014-12-17", "The group posts new files every week.", "every week", "P1W", "SET" },
	{ "2014-12-17", "Fury is currently playing in theaters.", "currently", "PRESENT_REF", 0 },
	{ "2014-12-17", "Recently the group began threatening theaters.", "Recently", "PAST_REF", 0 },
	{ "2014-12-17", "More details will be released soon.", "soon", "FUTURE_REF", 0 },
	/* clock times take the day of their sentence */
	{ "2014-12-17", "The studio spoke at 2 p.m. on Wednesday.", "2 p.m.", "2014-12-17T14:00", "TIME" },
	{ "2014-12-17", "The briefing starts at 10:30 a.m. ET.", "10:30 a.m. ET", "2014-12-17T10:30", "TIME" },
	/* fiscal periods: once a quarter is named, "the quarter", "the latest
	 * period" and "a year earlier" refer to it (earnings reports) */
	{ "2015-11-04", "Acme lost money in the third quarter. Sales fell 4% in the quarter.",
	  "the quarter", "2015-Q3", 0 },
	{ "2015-11-04", "Acme lost money in the third quarter. Costs rose in the latest period.",
	  "the latest period", "2015-Q3", 0 },
	{ "2015-11-04", "Acme posted a third-quarter loss, against a profit a year earlier.",
	  "a year earlier", "2014-Q3", 0 },
	{ "2015-11-04", "Acme posted a third-quarter loss. The year-ago quarter was better.",
	  "The year-ago quarter", "2014-Q3", 0 },
	{ "2015-11-04", "Acme posted a third-quarter loss, compared with year-earlier profit.",
	  "year-earlier", "2014-Q3", 0 },
	{ "2015-11-04", "Acme posted a third-quarter loss. For the first nine months, net rose "
	  "from $3 million a year earlier.", "a year earlier", "2014", 0 },
	{ "2015-11-04", "Revenue rose in the quarter ended Sept. 30.", "the quarter", "2015-Q3", 0 },
	{ "2015-11-04", "Acme reported lower fourth-quarter profit, against $2 million a year earlier.",
	  "a year earlier", "2014-Q4", 0 },
	{ "2015-11-04", "Acme expects a fourth-quarter charge, against $2 million a year earlier.",
	  "a year earlier", "2014", 0 },
	{ "2015-11-04", "Acme earned more in the third quarter. After a flat second quarter, "
	  "sales rose from a year earlier.", "a year earlier", "2014-Q3", 0 },
	{ "2015-11-04", "Acme lost money in the third quarter. In the year-ago quarter it earned "
	  "$2 million; results for that quarter included a gain.", "that quarter", "2014-Q3", 0 },
	{ "2015-11-04", "Sales rose in the fiscal-first quarter.", "the fiscal-first quarter",
	  "2015-Q1", 0 },
	{ "2015-11-04", "The unit lost money for the quarter.", "the quarter", "2015-Q3", 0 },
	{ "2015-11-04", "Its fourth quarter will be weaker.", "Its fourth quarter", "2015-Q4", 0 },
	{ "2015-02-04", "The carrier reported a loss for the fourth quarter.", "the fourth quarter",
	  "2014-Q4", 0 },
	{ "2015-11-04", "Net sales for this year's third quarter were flat.", "this year's third quarter",
	  "2015-Q3", 0 },
	{ "2015-11-04", "Results for the 2014 third quarter were restated.", "the 2014 third quarter",
	  "2014-Q3", 0 },
	{ "2015-11-04", "Sales were $3 million in the corresponding period last year.",
	  "the corresponding period last year", "2014", 0 },
	{ "2015-11-04", "The firm expects profit for the full year.", "the full year", "2015", 0 },
	{ "2015-11-04", "It expects sales in the current fiscal year to rise.", "the current fiscal year",
	  "2015", 0 },
	{ "2015-11-04", "Revenue was $76 million for the year ended March 31.", "the year", "P1Y",
	  "DURATION" },
	{ "2015-11-04", "The deal should close by year-end.", "year-end", "2015", 0 },
	{ "2015-11-04", "Rates may rise by year's end.", "year's end", "2015", 0 },
	{ "2015-11-04", "Taxes will fall in future quarters.", "future quarters", "FUTURE_REF", 0 },
	{ "2015-11-04", "The company pays interest every quarter.", "every quarter", "P1Q", "SET" },
	{ "2015-11-04", "The town holds a fair each July.", "each July", "XXXX-07", "SET" },
	{ "2015-11-04", "The firm has lost money in the past two quarters.", "the past two quarters",
	  "P2Q", "DURATION" },
	{ "2015-11-04", "A quarter of the staff left.", NULL, NULL, 0 },
	{ "2015-11-04", "Three quarters of the members voted.", NULL, NULL, 0 },
	/* durations written as adjectives */
	{ "2015-06-01", "He signed a two-year contract.", "two-year", "P2Y", "DURATION" },
	{ "2015-06-01", "Yields on the 30-year bond rose.", "30-year", "P30Y", "DURATION" },
	{ "2015-06-01", "After a 16-hour flight they landed.", "16-hour", "PT16H", "DURATION" },
	{ "2015-06-01", "It ended a decades-long dispute.", "decades-long", "PXY", "DURATION" },
	{ "2015-06-01", "Talks began after a day-long delay.", "day-long", "P1D", "DURATION" },
	{ "2015-06-01", "The 8-month-old boy was unhurt.", NULL, NULL, 0 },
	{ "2015-06-01", "A five-year-old girl was found.", NULL, NULL, 0 },
	{ "2015-06-01", "Prices peaked in the mid-1990s.", "mid-1990s", "199", 0 },
	{ "2015-06-01", "The plant opened in late-November.", "late-November", "2014-11", 0 },
	/* years and months as modifiers, short month names */
	{ "2015-06-01", "A 1996 law bars such sales.", "1996", "1996", 0 },
	{ "2015-06-01", "The company's 2014 results were restated.", "2014", "2014", 0 },
	{ "2015-06-01", "It hopes to double sales by 2018; analysts doubt it.", "2018", "2018", 0 },
	{ "2015-06-01", "A 1500 strong crowd gathered.", NULL, NULL, 0 },
	{ "2015-06-01", "The board met in May to discuss it.", "May", "2015-05", 0 },
	{ "2015-06-01", "Hearings resume in July.", "July", "2015-07", 0 },
	{ "1990-08-16", "Iraq informed buyers of a cut in supply in September.", "September",
	  "1990-09", 0 },
	{ "1990-08-16", "Iraq informed buyers of a cut in supply in March.", "March", "1990-03", 0 },
	{ "2015-06-01", "Investigators examined the October shooting.", "October", "2014-10", 0 },
	{ "2015-06-01", "He visited the June Street office.", NULL, NULL, 0 },
	{ "2015-06-01", "Police reviewed the March accession papers.", "March", "2015-03", 0 },
	{ "2015-06-01", "He may resign, and June will tell.", NULL, NULL, 0 },
	{ "2015-06-01", "Prices rose in January this year.", "January this year", "2015-01", 0 },
	{ "2015-06-01", "The party split in June last year.", "June last year", "2014-06", 0 },
	{ "2015-06-01", "The elections are due this September.", "this September", "2015-09", 0 },
	/* years in words (broadcast transcripts) */
	{ "1998-03-01", "It happened in nineteen ninety-six.", "nineteen ninety-six", "1996", 0 },
	{ "1998-03-01", "The law passed in January nineteen ninety-seven.",
	  "January nineteen ninety-seven", "1997-01", 0 },
	{ "1998-03-01", "Unemployment will be halved by the year two thousand.", "two thousand", "2000", 0 },
	{ "1998-03-01", "Nineteen people were hurt.", NULL, NULL, 0 },
	{ "1998-03-01", "They sold two thousand tickets.", NULL, NULL, 0 },
	/* centuries, decades in words, parts of the day in context */
	{ "2015-06-05", "Such towers were built in the 20th century.", "20th century", "19", 0 },
	{ "2015-06-05", "The mosque dates from the twelfth century.", "the twelfth century", "11", 0 },
	{ "2015-06-05", "Growth was fast in the nineties.", "the nineties", "199", "DATE" },
	{ "2015-06-05", "He finished 20th overall.", NULL, NULL, 0 },
	{ "2015-06-05", "Shares fell Friday. Buyers returned in the morning.", "the morning",
	  "2015-06-05TMO", "TIME" },
	{ "2015-06-05", "Sales were weak over the summer.", "the summer", "2015-SU", 0 },
	{ "2015-06-05", "The summer camp closed.", NULL, NULL, 0 },
	{ "2015-06-05", "Shares slid in mid-afternoon yesterday.", "mid-afternoon yesterday",
	  "2015-06-04TAF", "TIME" },
	{ "2015-06-05", "The plane left late morning Tuesday.", "morning Tuesday", "2015-06-02TMO",
	  "TIME" },
	/* a clock time with its day */
	{ "2015-06-05", "The store was robbed at 10 p.m. Wednesday.", "10 p.m. Wednesday",
	  "2015-06-03T22:00", "TIME" },
	{ "2015-06-05", "Talks broke off at noon Thursday.", "noon Thursday", "2015-06-04T12:00", "TIME" },
	{ "2015-06-05", "The offer expires at 5 p.m. EDT, June 9.", "5 p.m. EDT, June 9",
	  "2015-06-09T17:00", "TIME" },
	/* vague spans and references */
	{ "2015-06-05", "Prices have soared in recent years.", "recent years", "PXY", "DURATION" },
	{ "2015-06-05", "It financed the boom of recent years.", "recent years", "PAST_REF", 0 },
	{ "2015-06-05", "Rates may fall in the coming months.", "in the coming months", "FUTURE_REF", 0 },
	{ "2015-06-05", "Residents worry about the future.", "the future", "FUTURE_REF", 0 },
	{ "2015-06-05", "The region has been unstable for years.", "years", "PXY", "DURATION" },
	{ "2015-06-05", "Troops will arrive within weeks.", "weeks", "PXW", "DURATION" },
	{ "2015-06-05", "They met a few days later.", "a few days", "PXD", "DURATION" },
	{ "2015-06-05", "Prices rose over the past year.", "the past year", "2014", 0 },
	{ "2015-06-05", "The group has been active for two decades.", "two decades", "P20Y", "DURATION" },
	{ "2015-06-05", "The shelter serves a daily meal.", "daily", "P1D", "SET" },
	{ "2015-06-05", "The party daily Granma printed it.", NULL, NULL, 0 },
	{ "2015-06-05", "They argued over the future of the city.", NULL, NULL, 0 },
	{ "2015-06-05", "They left as soon as they could.", NULL, NULL, 0 },
	{ "2015-06-05", "He died soon after the attack.", NULL, NULL, 0 },
	{ "2015-06-05", "He was soon released.", NULL, NULL, 0 },
	{ "2015-06-05", "Mr. Lee, 52 years old, will retire.", NULL, NULL, 0 },
	{ "2015-06-05", "The report will be published soon.", "soon", "FUTURE_REF", 0 },
	{ "2015-06-05", "The future tense is hard.", NULL, NULL, 0 },
	{ "2015-06-05", "He kept his current job.", "current", "PRESENT_REF", 0 },
	{ "2015-06-05", "Investors fear recent declines in prices.", "recent", "PAST_REF", 0 },
	{ "2015-06-05", "The current theory is that insiders helped.", NULL, NULL, 0 },
	{ "2015-06-05", "A recent filing shows the stake.", NULL, NULL, 0 },
	{ "2015-06-05", "Future losses are likely.", NULL, NULL, 0 },
	{ "1998-03-01", "The approach of the year two thousand alarms them.", "two thousand", "2000", 0 },
	{ "2015-06-05", "She sold four flights a week.", NULL, NULL, 0 },
	{ "2015-06-05", "Those years were hard.", NULL, NULL, 0 },
	/* tense: a reporting verb in another clause does not date the event;
	 * a weekday's possessive names what happened */
	{ "2015-06-05", "Lawyers will appeal Wednesday's ruling.", "Wednesday", "2015-06-03", 0 },
	{ "2015-06-01", "The group would be ready to leave as soon as Tuesday, he said.", "Tuesday",
	  "2015-06-02", 0 },
	{ "2015-10-26", "Mr. Smith will succeed him Feb. 1.", "Feb. 1", "2016-02-01", 0 },
	{ "2015-10-26", "The dividend is payable Jan. 2.", "Jan. 2", "2016-01-02", 0 },
	/* without a publication date nothing relative is resolved */
	{ NULL, "The film is set to be released Dec. 25.", "Dec. 25", "XXXX-12-25", 0 },
	{ NULL, "Sony on Wednesday dropped its plans.", "Wednesday", "XXXX-WXX-3", 0 },
	{ NULL, "The breach began on November 24, 2014.", "November 24, 2014", "2014-11-24", 0 },
	/* titles are no times */
	{ "2014-12-17", "He loved the film High Noon as a boy.", NULL, NULL, 0 },
	{ "2014-12-17", "She spoke on VOA Today about it.", NULL, NULL, 0 },
	{ "2014-12-17", "He told 60 Minutes nothing.", NULL, NULL, 0 },
	{ "2014-12-17", "He said: \"Today we mourn.\"", "Today", "2014-12-17", 0 },
	/* not times */
	{ "2014-12-17", "May I ask what happened?", NULL, NULL, 0 },
	{ "2014-12-17", "The Sun reported the story first.", NULL, NULL, 0 },
	{ "2014-12-17", "North Korea has a team of 3,000 hackers.", NULL, NULL, 0 },
	{ "2014-12-17", "A team of 2000 hackers was assembled.", NULL, NULL, 0 },
	{ "2014-12-17", "Officials will march on the capital.", NULL, NULL, 0 },
};

static int check(const struct tcase *t)
{
	struct dsr_extract_meta meta = { t->published, NULL, NULL, NULL, NULL, NULL };
	dsr_extraction *x = NULL;
	size_t len = strlen(t->text);
	ASSERT_OK(dsr_extract((const uint8_t *)t->text, len, &meta, &x));
	int bad = 0;
	if (!t->expr) {
		if (x->ntimes) {
			fprintf(stderr, "FAIL [%s] \"%s\": expected no time, got \"%.*s\" = %s\n",
				t->published, t->text,
				(int)(x->times[0].span.end - x->times[0].span.start),
				t->text + x->times[0].span.start, x->times[0].value);
			bad = 1;
		}
		dsr_extraction_free(x);
		return bad;
	}
	const struct dsr_x_time *hit = NULL;
	for (size_t i = 0; i < x->ntimes; i++) {
		const struct dsr_x_time *y = &x->times[i];
		ASSERT(y->span.end <= len && y->span.start < y->span.end);
		if (y->span.end - y->span.start == strlen(t->expr) &&
		    memcmp(t->text + y->span.start, t->expr, strlen(t->expr)) == 0)
			hit = y;
	}
	if (!hit) {
		fprintf(stderr, "FAIL [%s] \"%s\": no time \"%s\" (found %zu:", t->published,
			t->text, t->expr, x->ntimes);
		for (size_t i = 0; i < x->ntimes; i++)
			fprintf(stderr, " \"%.*s\"",
				(int)(x->times[i].span.end - x->times[i].span.start),
				t->text + x->times[i].span.start);
		fprintf(stderr, ")\n");
		bad = 1;
	} else if (strcmp(hit->value, t->value) != 0 ||
		   strcmp(hit->type, t->type ? t->type : "DATE") != 0) {
		fprintf(stderr, "FAIL [%s] \"%s\": \"%s\" = %s %s, want %s %s\n", t->published,
			t->text, t->expr, hit->type, hit->value, t->type ? t->type : "DATE",
			t->value);
		bad = 1;
	}
	dsr_extraction_free(x);
	return bad;
}

static void test_dates(void)
{
	size_t n = sizeof cases / sizeof cases[0], failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += (size_t)check(&cases[i]);
	printf("%zu of %zu date cases pass\n", n - failed, n);
	ASSERT_EQ(failed, 0);
}

/* A clause with several dates is divided among them, each entry with a
 * span of its own: a list's items take the clause up to themselves, other
 * dates part where the clause parts (a comma, "and"), else the later one
 * takes the words after the earlier date.  Sentences written for the
 * test. */
static const struct {
	const char *text;
	const char *want[4];       /* each entry's text, in order */
} divided[] = {
	{ "Protesters marched on Monday, Wednesday and Friday, and the mayor resigned yesterday.",
	  { "Protesters marched on Monday", "Protesters marched on Monday, Wednesday",
	    "Protesters marched on Monday, Wednesday and Friday", "the mayor resigned yesterday" } },
	{ "The servers went down on March 3 or March 4 according to the logs.",
	  { "The servers went down on March 3",
	    "The servers went down on March 3 or March 4 according to the logs" } },
	{ "The bank was robbed on June 2 and the suspect arrested on June 9.",
	  { "The bank was robbed on June 2", "the suspect arrested on June 9" } },
	/* no place to part: the first keeps the clause, the second follows it */
	{ "The studio on Tuesday dropped its plans to open the film on July 4.",
	  { "The studio on Tuesday dropped its plans to open the film on July 4",
	    "dropped its plans to open the film on July 4" } },
};

static void test_divided(void)
{
	for (size_t i = 0; i < sizeof divided / sizeof divided[0]; i++) {
		const char *text = divided[i].text;
		struct dsr_extract_meta meta = { "2015-06-20", NULL, NULL, NULL, NULL, NULL };
		dsr_extraction *x = NULL;
		ASSERT_OK(dsr_extract((const uint8_t *)text, strlen(text), &meta, &x));
		size_t want = 0;
		while (want < 4 && divided[i].want[want])
			want++;
		if (x->nevents != want)
			TEST_FAIL("\"%s\": %zu entries, want %zu", text, x->nevents, want);
		for (size_t k = 0; k < want; k++) {
			dsr_span sp = x->events[k].span;
			size_t n = strlen(divided[i].want[k]);
			if (sp.end - sp.start != n || memcmp(text + sp.start, divided[i].want[k], n))
				TEST_FAIL("\"%s\": entry %zu is \"%.*s\", want \"%s\"", text, k,
					  (int)(sp.end - sp.start), text + sp.start, divided[i].want[k]);
		}
		dsr_extraction_free(x);
	}
}

/* The table of dates (cases[] above), and the division of clauses. */
static const struct test_case tests[] = {
	TEST_CASE(dates),
	TEST_CASE(divided),
};

int main(int argc, char **argv)
{
	TEST_ARGS(argc, argv, tests);
	test_run();
	return 0;
}
