"""Text that XML can carry: the one cleaning behind every XLSX, DOCX and PDF the platform writes.

XML 1.0 allows tab, line feed and carriage return, but no other C0 control character, no U+FFFE
or U+FFFF and no lone surrogate; a single one makes openpyxl, python-docx (lxml) or the office
program refuse the whole file. People paste such characters from Word (the vertical tab is Word's
soft line break, the form feed its page break) and from terminals (escape sequences), so the
files drop them where they are written, not where the text is typed: the stored text stays as it
was entered, and every file shows it.
"""

from __future__ import annotations

import re

# Word's soft line break and page break read best as a line break.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry; vertical tab and form feed become "\\n"."""
    return _NOT_IN_XML.sub("", text.translate(_LINE_BREAKS))
