"""Flattening markup nested too deep to parse or walk.

libxml2 stops parsing, silently dropping the rest of the page, past 2048
open elements, and Python code that walks a tree recursively fails far
sooner.  Browsers cap the depth instead (Chromium at 512): an element that
would open deeper becomes a sibling of the deepest one.  ``flatten_nesting``
does the same on the markup, before parsing, so that the text is kept.
"""
from __future__ import annotations

import re

from lxml.html.defs import empty_tags

#: Elements whose content is text, not markup: skipped whole.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<({_RAW_TEXT})\b.*?(?:</\1\s*>|\Z)"
    r"""|<(/?)([a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""",
    re.S | re.I)


def flatten_nesting(html: str, max_depth: int) -> str:
    """``html`` with no element nested deeper than ``max_depth``: an element
    that would open deeper first closes the deepest open one, which its own
    end tag, later, no longer closes.  Text and element order are kept."""
    logical: list[list] = []   # every open element as written: [name, still open in the output]
    output: list[list] = []    # the entries of ``logical`` still open in the output
    names_open: dict[str, int] = {}
    pieces, last = [], 0
    for match in _TOKEN.finditer(html):
        name = match.group(3)
        if not name:
            continue
        name = name.lower()
        if match.group(2):  # an end tag
            if not names_open.get(name):
                continue
            replacement = []
            while True:
                entry = logical.pop()
                names_open[entry[0]] -= 1
                if entry[1]:
                    output.pop()
                    replacement.append(f"</{entry[0]}>")
                if entry[0] == name:
                    break
            pieces += [html[last:match.start()], "".join(replacement)]
            last = match.end()
        elif name not in empty_tags and not match.group().endswith("/>"):
            if len(output) >= max_depth:
                deepest = output.pop()
                deepest[1] = False
                pieces += [html[last:match.start()], f"</{deepest[0]}>", match.group()]
                last = match.end()
            entry = [name, True]
            logical.append(entry)
            output.append(entry)
            names_open[name] = names_open.get(name, 0) + 1
    pieces.append(html[last:])
    return "".join(pieces)
