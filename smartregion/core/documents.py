"""The shared document pipeline: print templates to PDF (WeasyPrint) and editable DOCX (python-docx).

PDF: a template extending ``core/documents/base.html`` is rendered to HTML and laid out by
WeasyPrint. Everything the layout loads (fonts, images) comes from the project's own static
files through ``static:<path>`` URLs; every other URL is refused, so a document never makes
a request to another host (DSGVO, offline servers).

DOCX: ``DocxWriter`` writes the same content with Word's own styles (title, headings, lists,
tables, a table of contents field), so the file stays editable in Word and LibreOffice.

Text reaches both formats through ``xml_text``: a control character pasted into a text field
(Word's soft line break, a terminal's escape sequence) is removed or becomes a line break where
the file is written, instead of making every later download of the document fail.
"""

from __future__ import annotations

import functools
import io
import mimetypes
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import docx
import lxml.html
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from fontTools.ttLib import woff2

from smartregion.core.markdown import render_markdown
from smartregion.core.xml_text import xml_text

STATIC_SCHEME = "static:"
PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# KERN-like colours, shared by the print stylesheet and the DOCX styles.
ACCENT = RGBColor(0x1D, 0x4F, 0x91)
TEXT = RGBColor(0x13, 0x15, 0x25)
MUTED = RGBColor(0x4D, 0x51, 0x60)
DOCX_FONT = "Arial"  # Fira Sans is rarely installed on office machines; Arial always is.


# PDF ------------------------------------------------------------------------------------


class ResourceRefused(ValueError):
    """A document asked for something that is not one of the project's static files."""


def static_file(url: str) -> Path:
    """The local file behind a ``static:<path>`` URL; any other URL raises ``ResourceRefused``."""
    if not url.startswith(STATIC_SCHEME):
        raise ResourceRefused(f"Only {STATIC_SCHEME} URLs are served to documents: {url}")
    name = unquote(url.removeprefix(STATIC_SCHEME).split("?")[0].split("#")[0])
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts:
        raise ResourceRefused(f"Not a static file name: {url}")
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT or "") / name
    if settings.STATIC_ROOT and collected.is_file():
        return collected
    raise ResourceRefused(f"No such static file: {url}")


@functools.lru_cache(maxsize=32)
def _font_data(path: Path, modified: float) -> bytes:
    """A WOFF2 font as plain OpenType, decompressed once per process and file version.

    WeasyPrint would decompress it for every document, in pure Python: 0.3 to 1.5 s per face.
    """
    decompressed = io.BytesIO()
    woff2.decompress(io.BytesIO(path.read_bytes()), decompressed)
    return decompressed.getvalue()


class LocalStaticFetcher(weasyprint.URLFetcher):
    """A WeasyPrint URL fetcher that serves the project's static files and nothing else."""

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> weasyprint.urls.URLFetcherResponse:
        path = static_file(url)
        if path.suffix == ".woff2":
            data, content_type = _font_data(path, path.stat().st_mtime), "font/sfnt"
        else:
            data = path.read_bytes()
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(url, data, headers={"Content-Type": content_type})


def render_pdf(template_name: str, context: Mapping[str, Any]) -> bytes:
    """Render a print template to a tagged PDF (A4, page numbers, fonts from static files)."""
    html = xml_text(render_to_string(template_name, dict(context)))
    document = weasyprint.HTML(string=html, url_fetcher=LocalStaticFetcher(), base_url=None)
    return bytes(document.write_pdf(pdf_tags=True))


# DOCX -----------------------------------------------------------------------------------


def _add_run(paragraph: Paragraph, text: str = "") -> Run:
    """Every text of a DOCX goes in here: cleaned for XML; line breaks become Word line breaks."""
    return paragraph.add_run(xml_text(text))


def _add_paragraph(document: Any, text: str = "", style: str | None = None) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph(style=style)
    if text:
        _add_run(paragraph, text)
    return paragraph


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """Append a Word field (PAGE, NUMPAGES, TOC …) showing ``shown`` until Word updates it."""
    _field_start(paragraph, instruction)
    if shown:
        _add_run(paragraph, shown)
    _field_char(paragraph.add_run(), "end")


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    _field_char(paragraph.add_run(), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph.add_run(), "separate")


def _field_char(run: Run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _set_font(style: Any, name: str, size: float, colour: RGBColor, *, bold: bool = False) -> None:
    """Set a style's font; theme fonts are removed, because Word prefers them over a named font."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.color.rgb = colour
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)


def _set_language(document: Any, language: str) -> None:
    """The proofing language of every style, so Word checks spelling in German."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_defaults.findall(qn("w:lang")):
        run_defaults.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)
    run_defaults.append(lang)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


class DocxWriter:
    """An editable Word document made of plain pieces; its headings feed the table of contents.

    The table of contents is a real Word TOC field. Until Word updates it (the document asks
    to on opening), it shows the plain list of headings written into it on ``to_bytes``.
    """

    def __init__(
        self, *, title: str, running_header: str = "", author: str = "", language: str = "de-DE"
    ) -> None:
        self.document = docx.Document()
        self._headings: list[tuple[int, str]] = []
        self._contents_anchor: Paragraph | None = None
        self._set_properties(title=title, author=author, language=language)
        self._set_styles(language)
        self._set_page(running_header)

    def _set_properties(self, *, title: str, author: str, language: str) -> None:
        properties = self.document.core_properties
        properties.title = xml_text(title)
        properties.author = xml_text(author)
        properties.last_modified_by = xml_text(author)
        properties.language = language
        properties.comments = ""

    def _set_styles(self, language: str) -> None:
        styles = self.document.styles
        _set_font(styles["Normal"], DOCX_FONT, 10.5, TEXT)
        styles["Normal"].paragraph_format.space_after = Pt(6)
        _set_font(styles["Title"], DOCX_FONT, 26, ACCENT, bold=True)
        for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
            _set_font(styles[f"Heading {level}"], DOCX_FONT, size, ACCENT, bold=True)
        for level in (1, 2, 3):
            style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
            assert isinstance(style, ParagraphStyle)  # noqa: S101 - narrows the type for mypy
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Mm(6 * (level - 1))
            style.paragraph_format.space_after = Pt(3)
        _set_language(self.document, language)

    def _set_page(self, running_header: str) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.left_margin, section.right_margin = Mm(25), Mm(20)
        section.header_distance, section.footer_distance = Mm(12), Mm(10)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        _add_run(header, running_header).font.color.rgb = MUTED
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _add_run(footer, _("Seite") + " ")
        _field(footer, "PAGE", "1")
        _add_run(footer, " " + _("von") + " ")
        _field(footer, "NUMPAGES", "1")

    def title_page(self, *, kicker: str, title: str, lines: Sequence[str] = (), note: str = "") -> None:
        """A first page without header and footer: kicker, title, lines (e.g. the version), note."""
        kicker_paragraph = self.document.add_paragraph()
        kicker_paragraph.paragraph_format.space_before = Pt(96)
        run = _add_run(kicker_paragraph, kicker)
        run.font.size, run.font.color.rgb, run.bold = Pt(14), ACCENT, True
        self.title(title)
        for line in lines:
            _add_run(self.document.add_paragraph(), line).font.size = Pt(12)
        if note:
            _add_run(self.document.add_paragraph(), note).font.color.rgb = MUTED
        self.page_break()

    def title(self, text: str) -> None:
        """The document's title in Word's "Title" style."""
        _add_paragraph(self.document, text, style="Title")

    def table_of_contents(self, caption: str) -> None:
        """Reserve the place of the table of contents; it is filled in by ``to_bytes``."""
        _add_paragraph(self.document, caption, style="TOC Heading")
        self._contents_anchor = self.document.add_paragraph()
        self.page_break()

    def heading(self, text: str, level: int = 1) -> None:
        text = xml_text(text)
        self.document.add_heading(text, level=level)
        self._headings.append((level, text))

    def paragraph(self, text: str = "", *, label: str = "", muted: bool = False) -> Paragraph:
        """A paragraph; ``label`` is set in bold before the text."""
        paragraph = self.document.add_paragraph()
        if label:
            _add_run(paragraph, label).bold = True
        if text:
            run = _add_run(paragraph, text)
            if muted:
                run.font.color.rgb = MUTED
        return paragraph

    def bullets(self, items: Iterable[str], *, level: int = 1) -> None:
        style = "List Bullet" if level == 1 else f"List Bullet {min(level, 3)}"
        for item in items:
            _add_paragraph(self.document, item, style=style)

    def table(
        self, header: Sequence[str], rows: Iterable[Sequence[str]], *, widths: Sequence[float] = ()
    ) -> None:
        """A simple table; the header row is shaded and repeats on every page; ``widths`` in mm."""
        table = self.document.add_table(rows=1, cols=len(header), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            run = _add_run(cell.paragraphs[0], text)
            run.bold, run.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, str(ACCENT))
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                _add_run(cell.paragraphs[0], text)
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Mm(width)  # the grid, read by LibreOffice
                for cell in column.cells:
                    cell.width = Mm(width)  # the cells, read by Word
        self.document.add_paragraph()

    def markdown(self, text: str, *, heading_level: int = 3) -> None:
        """Markdown as Word paragraphs, lists, headings and tables (rendered and sanitised first)."""
        MarkdownToDocx(self, heading_level).write(render_markdown(xml_text(text)))

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self) -> bytes:
        self._fill_contents()
        self._ask_to_update_fields()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def _ask_to_update_fields(self) -> None:
        """Word offers to update the fields on opening, which adds page numbers to the contents."""
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        # Word rejects settings out of schema order: updateFields comes before these.
        self.document.settings.element.insert_element_before(update, *_AFTER_UPDATE_FIELDS)

    def _fill_contents(self) -> None:
        """Write the TOC field around the plain list of headings collected so far."""
        anchor = self._contents_anchor
        if anchor is None:
            return
        self._contents_anchor = None
        entries = [(level, text) for level, text in self._headings if level <= 3]
        first = anchor.insert_paragraph_before(style=f"toc {entries[0][0]}" if entries else "toc 1")
        _field_start(first, 'TOC \\o "1-3" \\h \\z \\u')
        if not entries:
            _add_run(first, _("Das Inhaltsverzeichnis erscheint, wenn Word die Felder aktualisiert (F9)."))
        for index, (level, text) in enumerate(entries):
            paragraph = first if index == 0 else anchor.insert_paragraph_before(style=f"toc {level}")
            _add_run(paragraph, text)
        _field_char(anchor.add_run(), "end")


_WHITESPACE = re.compile(r"\s+")


class MarkdownToDocx:
    """Walks sanitised Markdown HTML and writes it with a ``DocxWriter``."""

    def __init__(self, writer: DocxWriter, heading_level: int) -> None:
        self.writer = writer
        self.heading_level = heading_level

    def write(self, html: str) -> None:
        if not html.strip():
            return
        for element in lxml.html.fragments_fromstring(html):
            if isinstance(element, str):
                if element.strip():
                    self.writer.paragraph(element.strip())
                continue
            self._block(element)

    def _block(self, element: Any, style: str | None = None) -> None:
        tag = element.tag
        if tag in ("h2", "h3", "h4"):
            self.writer.heading(element.text_content().strip(), self.heading_level + int(tag[1]) - 2)
        elif tag in ("ul", "ol"):
            self._list(element, level=1)
        elif tag == "table":
            self._table(element)
        elif tag == "blockquote":
            for child in element:
                self._block(child, style="Quote")
        elif tag != "hr":
            self._inline(_add_paragraph(self.writer.document, style=style), element)

    def _list(self, element: Any, level: int) -> None:
        numbered = element.tag == "ol"
        style = "List Bullet" if level == 1 else f"List Bullet {min(level, 3)}"
        items = [child for child in element if child.tag == "li"]
        for number, item in enumerate(items, start=1):
            paragraph = _add_paragraph(self.writer.document, style="List Paragraph" if numbered else style)
            if numbered:
                paragraph.paragraph_format.left_indent = Mm(6 * level)
                _add_run(paragraph, f"{number}. ")
            self._inline(paragraph, item)
            for nested in item:
                if nested.tag in ("ul", "ol"):
                    self._list(nested, level + 1)

    def _table(self, element: Any) -> None:
        rows = [[cell.text_content().strip() for cell in row] for row in element.iter("tr")]
        if rows:
            width = len(rows[0])
            self.writer.table(rows[0], [(row + [""] * width)[:width] for row in rows[1:]])

    def _inline(self, paragraph: Paragraph, element: Any, **marks: bool) -> None:
        """Append an element's text as runs: bold, italic and code as run formatting."""
        self._text(paragraph, element.text, marks)
        for child in element:
            if isinstance(child.tag, str) and child.tag not in ("ul", "ol"):
                self._child(paragraph, child, marks)
            self._text(paragraph, child.tail, marks)

    def _child(self, paragraph: Paragraph, child: Any, marks: dict[str, bool]) -> None:
        if child.tag == "br":
            paragraph.add_run().add_break()
            return
        inner = dict(marks)
        inner["bold"] = marks.get("bold", False) or child.tag in ("strong", "b", "th")
        inner["italic"] = marks.get("italic", False) or child.tag in ("em", "i")
        inner["code"] = marks.get("code", False) or child.tag == "code"
        self._inline(paragraph, child, **inner)
        href = child.get("href") if child.tag == "a" else None
        if href and href != child.text_content().strip():
            self._text(paragraph, f" ({href})", marks)

    @staticmethod
    def _text(paragraph: Paragraph, text: str | None, marks: Mapping[str, bool]) -> None:
        """Add text as HTML shows it: whitespace and line ends collapsed to one space."""
        text = _WHITESPACE.sub(" ", text or "")
        if not paragraph.runs:
            text = text.lstrip()
        if not text:
            return
        run = _add_run(paragraph, text)
        run.bold = marks.get("bold") or None
        run.italic = marks.get("italic") or None
        if marks.get("code"):
            run.font.name = "Courier New"
