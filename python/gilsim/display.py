"""Reports inside a notebook: the self-contained page the CLI writes, in an iframe.

The HTML report is a whole page with its own styles and script; inlined into a
notebook it would restyle the notebook and clash with a second report's element
ids. An iframe whose ``srcdoc`` is the page keeps it exactly as the CLI writes it
(``gilsim run --format html``), isolated, and working offline like the file.
"""

import html


def framed(page, height):
    """`page` (a whole HTML document) in an iframe `height` pixels tall."""
    return (
        '<iframe srcdoc="{}" style="width:100%;height:{}px;border:1px solid #d9dee5" '
        'sandbox="allow-scripts" loading="lazy"></iframe>'
    ).format(html.escape(page, quote=True), int(height))


def run_height(lanes):
    """Room for the header, a timeline of `lanes` lanes and the start of the tables."""
    return min(1000, 420 + 22 * lanes)
