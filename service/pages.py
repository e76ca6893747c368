"""The frame of the service's own HTML pages: head, style, the language switch.

Pages are plain HTML with one inline style sheet and no scripts, so they print well, work
on a closed network and render the same in a headless browser making a PDF. Every text a
page shows is escaped here or by the caller with `esc`.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

STYLE = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d5dae3;--accent:#a3182b;--soft:#f4f6f9}
body{font-family:system-ui,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);
  margin:0 auto;padding:1.5em 2em;max-width:80em;line-height:1.45}
a{color:#1f4e8c}
h1{font-size:1.7em;margin:.2em 0 .4em;border-bottom:3px solid var(--accent);padding-bottom:.2em}
h2{font-size:1.35em;margin-top:1.8em;border-bottom:1px solid var(--line)}
h3{font-size:1.1em;margin-top:1.4em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em;font-size:.92em}
th,td{border:1px solid var(--line);padding:.25em .45em;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
tr.group th{background:#e9edf3;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.muted,.note{color:var(--muted)}
.note{font-size:.9em;margin:.2em 0}
.stamp{background:var(--soft);border:1px solid var(--line);padding:.6em 1em;margin:1em 0}
.stamp dt{font-weight:600;float:left;clear:left;width:12em}
.stamp dd{margin:0 0 .2em 12em;word-break:break-all}
nav.lang{float:right;font-size:.9em}
nav.toc>ol{columns:2}
nav.toc>ol>li{break-inside:avoid}
.cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.card{border:1px solid var(--line);padding:.8em 1em;flex:1 1 16em;background:#fff}
.card h3{margin-top:0}
.big{font-size:1.6em;font-weight:700}
form.params{margin:.4em 0 1em}
form.params label{display:inline-block;margin:.2em 1em .2em 0}
details pre{background:var(--soft);padding:.6em;overflow:auto;font-size:.85em}
@page{size:A4 landscape;margin:12mm}
@media print{
  body{max-width:none;padding:0;font-size:9pt}
  nav.lang,.screen-only{display:none}
  h2{break-before:page}
  h2.first{break-before:auto}
  tr{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def with_query(path: str, **params: str) -> str:
    """`path?k=v` with the given parameters (empty values left out)."""
    chosen = {k: v for k, v in params.items() if v}
    return path + ("?" + urlencode(chosen) if chosen else "")


def language_switch(path: str, lang: str, **params: str) -> str:
    """A link to the same page in the other language."""
    other, name = ("en", "In English") if lang == "fi" else ("fi", "Suomeksi")
    return (
        f"<nav class='lang'><a href='{esc(with_query(path, **params, lang=other))}' "
        f"hreflang='{other}' lang='{other}'>{name}</a></nav>"
    )


def page(title: str, body: str, lang: str, *, switch: str = "") -> str:
    return (
        f"<!doctype html><html lang='{esc(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f"{switch}{body}</body></html>"
    )
