"""Word-level differences between two texts, marked up with <del> and <ins>."""

from __future__ import annotations

import difflib
import html
import re

from django.utils.safestring import SafeString, mark_safe

_TOKEN = re.compile(r"\s+|[^\s]+")


def diff_text(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Word-level difference: the old text with deletions marked, the new with insertions marked."""
    old_words, new_words = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed = html.escape("".join(old_words[a1:a2]))
        added = html.escape("".join(new_words[b1:b2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece escaped above
