"""The small, safe subset of Markdown that lesson files use, rendered to HTML.

Agencies edit lessons in a text editor, so the syntax is what people already type:
blank lines between paragraphs, `- ` bullets, `1. ` numbered steps, `> ` for a phrase
to say out loud, `### ` for a sub-heading, `**bold**`, and `[1]` to cite source 1.
Everything is HTML-escaped first; no raw HTML, no images, no inline links (sources
carry the only links, so every link in a lesson is visible in its source list).
"""

import re
from dataclasses import dataclass
from html import escape

CITATION = re.compile(r"\[(\d{1,2})\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^[-*] +")
_NUMBERED = re.compile(r"^\d{1,2}[.)] +")


@dataclass(frozen=True)
class Block:
    kind: str  # "p", "ul", "ol", "quote", "h3"
    lines: tuple[str, ...]


def parse_blocks(text: str) -> list[Block]:
    """Paragraphs, lists, quotes and sub-headings, in order."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("### "):
            blocks.append(Block("h3", (lines[0][4:].strip(),)))
            lines = lines[1:]
            if not lines:
                continue
        if all(_BULLET.match(line) for line in lines):
            blocks.append(Block("ul", tuple(_BULLET.sub("", line) for line in lines)))
        elif all(_NUMBERED.match(line) for line in lines):
            blocks.append(Block("ol", tuple(_NUMBERED.sub("", line) for line in lines)))
        elif all(line.startswith(">") for line in lines):
            blocks.append(Block("quote", (" ".join(line.lstrip("> ") for line in lines),)))
        else:
            blocks.append(Block("p", (" ".join(lines),)))
    return blocks


def plain_text(text: str) -> str:
    """The words only: for search, tests and counting reading time."""
    words: list[str] = []
    for block in parse_blocks(text):
        words.extend(_BOLD.sub(r"\1", line) for line in block.lines)
    return " ".join(words)


def _inline(text: str, *, cite_prefix: str) -> str:
    html = escape(text, quote=True)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return CITATION.sub(
        lambda m: f'<sup><a href="#{cite_prefix}{m[1]}">[{m[1]}]</a></sup>',
        html,
    )


def render_markup(text: str, *, cite_prefix: str = "sumber-") -> str:
    """HTML for a section. The caller marks it safe: every input character is escaped."""
    parts = []
    for block in parse_blocks(text):
        inner = [_inline(line, cite_prefix=cite_prefix) for line in block.lines]
        if block.kind in ("ul", "ol"):
            items = "".join(f"<li>{item}</li>" for item in inner)
            parts.append(f"<{block.kind}>{items}</{block.kind}>")
        elif block.kind == "quote":
            parts.append(f'<blockquote class="phrase"><p>{inner[0]}</p></blockquote>')
        elif block.kind == "h3":
            parts.append(f"<h3>{inner[0]}</h3>")
        else:
            parts.append(f"<p>{inner[0]}</p>")
    return "\n".join(parts)
