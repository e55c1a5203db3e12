"""Reports inside a notebook: the self-contained page the CLI writes, in an iframe.

The HTML report is a whole page with its own styles and script; inlined into a
notebook it would restyle the notebook and clash with a second report's element
ids. An iframe whose ``srcdoc`` is the page keeps it exactly as the CLI writes it
(``gilsim run --format html``), isolated, and working offline like the file. Once
loaded, the frame takes the page's height, so the notebook scrolls, not the frame
(same origin is allowed for that: the page is gilsim's own, its text escaped).
Not lazy: a deferred frame draws its timeline before it has a width.
"""

import html


def framed(page, height):
    """`page` (a whole HTML document) in an iframe `height` pixels tall."""
    return (
        '<iframe srcdoc="{}" style="width:100%;height:{}px;border:1px solid #d9dee5" '
        'sandbox="allow-scripts allow-same-origin" onload="{}"></iframe>'
    ).format(html.escape(page, quote=True), int(height), _FIT)


# The frame's height from its page's, where the notebook lets scripts run.
_FIT = "try{this.style.height=(this.contentDocument.documentElement.scrollHeight+4)+'px'}catch(e){}"


def run_height(lanes):
    """Before the page says its height: the header and a timeline of `lanes` lanes."""
    return min(1000, 480 + 22 * lanes)
