"""Articles in the forms people have them: copied text, Markdown, saved HTML, MediaWiki wikitext.

Everything becomes plain text with one heading per line before extraction, so the rules and
offsets work the same way for every input. A saved HTML page goes through trafilatura (the
page's main content, without navigation and footers); its taxobox table, which trafilatura
leaves out, is kept as rows of text in front. Wikitext goes through mwparserfromhell: the
``Speciesbox``/``Taxobox`` template becomes box rows (name, status), ``<ref>`` tags and other
templates are dropped, links keep their text, headings stay headings. Evidence offsets then
refer to this converted text (``wildkg extract --format tsv`` shows it).
"""

from __future__ import annotations

import re
from pathlib import Path

from wildkg.errors import InputError

#: File suffixes by input kind.
KINDS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".wiki": "wikitext", ".wikitext": "wikitext", ".mediawiki": "wikitext", ".mw": "wikitext",
}
_BOXES = ("speciesbox", "subspeciesbox", "infraspeciesbox", "taxobox", "automatic taxobox")
_STATUS = {"EX": "Extinct", "EW": "Extinct in the wild", "CR": "Critically Endangered", "EN": "Endangered",
           "VU": "Vulnerable", "NT": "Near Threatened", "LC": "Least Concern", "DD": "Data Deficient"}


def kind_of(path: Path, text: str) -> str:
    """The input kind from the suffix, or from the content for other suffixes."""
    kind = KINDS.get(path.suffix.lower())
    if kind:
        return kind
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if re.search(r"\{\{\s*(?:speciesbox|taxobox|short description)|'''[^']+'''", text[:5000], re.IGNORECASE):
        return "wikitext"
    return "text"


def read_article(path: Path) -> str:
    """The text of the article file at ``path``, converted to plain text."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read article: {err}") from None
    return to_text(raw, kind_of(path, raw))


def to_text(raw: str, kind: str) -> str:
    """``raw`` of the given kind as plain text (text and Markdown pass through)."""
    if kind == "html":
        return html_text(raw)
    if kind == "wikitext":
        return wikitext_text(raw)
    return raw


def html_text(raw: str) -> str:
    """Main content of a saved HTML page, with its title and taxobox rows in front."""
    import lxml.html
    import trafilatura

    body = trafilatura.extract(raw, output_format="markdown", include_tables=False, include_comments=False,
                               include_links=False, include_images=False, favor_recall=True) or ""
    body = re.sub(r"<sup>.*?</sup>|\\\[edit\\\]", "", body)
    body = re.sub(r"\\([\[\]()*_#\\])", r"\1", body)
    if not raw.strip():
        return ""
    try:
        tree = lxml.html.fromstring(raw)
    except Exception:
        return body
    lines: list[str] = []
    title = tree.xpath("string(//h1)").strip() or tree.findtext(".//title") or ""
    title = re.sub(r"\s+[-–—|]\s+Wikipedia.*$", "", " ".join(title.split()))
    if title:
        lines.append(title)
    for table in tree.xpath("//table[contains(concat(' ', normalize-space(@class), ' '), ' infobox ')]")[:1]:
        for row in table.xpath(".//tr"):
            cells = [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]
            cells = [c for c in cells if c]
            if cells:
                lines.append(" | ".join(cells) + (" |" if len(cells) > 1 else ""))
    lines.append("")
    return "\n".join(lines) + "\n" + body


def wikitext_text(raw: str) -> str:
    """Plain text of MediaWiki markup, with the species box as rows of text in front."""
    import mwparserfromhell

    code = mwparserfromhell.parse(raw)
    box: list[str] = []
    out: list[str] = []
    for node in code.nodes:
        if isinstance(node, mwparserfromhell.nodes.Template):
            name = str(node.name).strip().lower()
            if name in _BOXES and not box:
                box = _box_rows(node)
            elif name in ("convert", "cvt"):
                out.append(_convert(node))
            continue
        if isinstance(node, mwparserfromhell.nodes.Tag) and str(node.tag).lower() == "ref":
            continue
        if isinstance(node, mwparserfromhell.nodes.Heading):
            out.append("\n\n" + node.title.strip_code().strip() + "\n\n")
            continue
        if isinstance(node, mwparserfromhell.nodes.Comment):
            continue
        if isinstance(node, mwparserfromhell.nodes.Wikilink):
            target = str(node.title)
            if re.match(r"\s*(?:file|image|category)\s*:", target, re.IGNORECASE):
                continue
            out.append(node.text.strip_code() if node.text else target)
            continue
        if isinstance(node, mwparserfromhell.nodes.Text):
            out.append(str(node))
            continue
        out.append(mwparserfromhell.parse(str(node)).strip_code(keep_template_params=False))
    text = re.sub(r"'{2,}", "", "".join(out))
    text = re.sub(r"\(\s*[;,]?\s*\)", "", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return ("\n".join(box) + "\n\n" if box else "") + text


def _param(node: object, *names: str) -> str:
    import mwparserfromhell

    assert isinstance(node, mwparserfromhell.nodes.Template)
    for name in names:
        if node.has(name):
            value = node.get(name).value
            return " ".join(value.strip_code().split())
    return ""


def _box_rows(node: object) -> list[str]:
    """'Scientific classification', the binomial or trinomial and the status as box rows."""
    name = _param(node, "name")
    genus = _param(node, "genus").strip("'")
    species = _param(node, "species").strip("'")
    sub = _param(node, "subspecies", "variety").strip("'")
    taxon = _param(node, "taxon", "binomial", "trinomial").strip("'")
    status = _param(node, "status").upper()
    rows = [name] if name else []
    rows.append("Scientific classification")
    if status in _STATUS:
        rows += ["Conservation status", f"{_STATUS[status]} (IUCN 3.1)"]
    full = taxon or " ".join(x for x in (genus, species, sub) if x)
    if len(full.split()) >= 2:
        rows += ["Trinomial name" if len(full.split()) == 3 else "Binomial name", full]
    return rows


def _convert(node: object) -> str:
    """{{convert|3000|m}} → '3000 m'; {{convert|3000|-|4500|m}} → '3000–4500 m'."""
    import mwparserfromhell

    assert isinstance(node, mwparserfromhell.nodes.Template)
    params = [str(p.value).strip() for p in node.params if not p.showkey]
    if len(params) >= 4 and params[1] in ("-", "to", "–", "and"):
        return f"{params[0]}–{params[2]} {params[3]}"
    return " ".join(params[:2])
