"""Text for a terminal: data never reaches it as control characters (issue 13, F20)."""

from __future__ import annotations

import re

#: Characters a terminal acts on instead of showing: C0/C1 controls (escape sequences can
#: recolour, retitle or rewrite the screen) and the Unicode bidirectional overrides.
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, keep_lines: bool = False) -> str:
    """``text`` with every character a terminal would act on shown as an escape (``\\x1b``);
    ``keep_lines`` leaves line feeds and tabs (multi-line messages such as a parser's caret)."""

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if keep_lines and char in "\n\t":
            return char
        return char.encode("unicode_escape").decode("ascii")

    return _TERMINAL_UNSAFE.sub(shown, text)
