/* brief_css.c: the HTML brief's stylesheet, in one place: the page holds
 * it in a <style> element, or links to it where a server gives it at a URL
 * of its own (a Content-Security-Policy with style-src 'self' refuses
 * styles in the page; docs/brief.md).  Screen and print: on paper the
 * links' targets are not printed, sections do not break inside a
 * sentence, and the quotations begin on a page of their own. */
#include "export/brief.h"

const char dsr__brief_css[] =
	":root{--ink:#1b1f24;--muted:#59636e;--rule:#d0d7de;--accent:#0b5394;"
	"--paper:#ffffff;--band:#f3f6f9}\n"
	"html{background:var(--paper);color:var(--ink)}\n"
	"body{font:16px/1.55 Georgia,'Times New Roman',serif;max-width:46rem;"
	"margin:2rem auto;padding:0 1.25rem}\n"
	"h1{font:700 1.9rem/1.2 'Helvetica Neue',Arial,sans-serif;margin:0 0 1.25rem;"
	"padding-bottom:.5rem;border-bottom:3px solid var(--ink)}\n"
	"h2{font:700 1.05rem/1.3 'Helvetica Neue',Arial,sans-serif;text-transform:uppercase;"
	"letter-spacing:.06em;color:var(--accent);margin:2rem 0 .75rem;padding-bottom:.25rem;"
	"border-bottom:1px solid var(--rule)}\n"
	"p{margin:0 0 .9rem}\n"
	"p.judgment{padding:.6rem .8rem;background:var(--band);border-left:4px solid "
	"var(--accent)}\n"
	"p.disputed{padding:.6rem .8rem;border-left:4px solid #b45f06}\n"
	"ul,ol{padding-left:1.4rem;margin:0 0 1rem}\n"
	"li{margin:0 0 .55rem}\n"
	"li.planned{color:var(--muted)}\n"
	"q{quotes:'\\201C' '\\201D' '\\2018' '\\2019';font-style:italic}\n"
	"a{color:var(--accent)}\n"
	"a.cite{font:600 .72em/1 'Helvetica Neue',Arial,sans-serif;vertical-align:super;"
	"text-decoration:none;margin-left:.1em}\n"
	"a.cite::before{content:'['}\n"
	"a.cite::after{content:']'}\n"
	"code{font:.82em/1.4 'DejaVu Sans Mono',Menlo,monospace;overflow-wrap:anywhere}\n"
	"ol.sources,ol.quotes{list-style:none;padding-left:0}\n"
	"ol.sources li,ol.quotes li{font-size:.92rem}\n"
	"ol.quotes li{color:var(--muted)}\n"
	"ol.quotes q{color:var(--ink)}\n"
	"li:target{background:#fff3bf}\n"
	"p.colophon{font-size:.85rem;color:var(--muted)}\n"
	"@media print{\n"
	"@page{margin:18mm 16mm}\n"
	"body{font-size:11pt;max-width:none;margin:0;padding:0}\n"
	"h1{font-size:20pt}\n"
	"h2{break-after:avoid;page-break-after:avoid}\n"
	"p,li{break-inside:avoid;page-break-inside:avoid}\n"
	"p.judgment{background:none;border-left-width:3pt}\n"
	"a{color:inherit;text-decoration:none}\n"
	"a.cite{color:var(--accent)}\n"
	"div.quotes{break-before:page;page-break-before:always}\n"
	"li:target{background:none}\n"
	"}\n";

const char *dsr_brief_css(void)
{
	return dsr__brief_css;
}
