"""Lessons and the conversation guide, as Markdown files an agency can edit.

One file per lesson, `<slug>.md`: a front matter block, then one part per language
(`# id: Judul` and `# en: Title`), each with `## ` sections. The built-in files live in
`rehat/lessons/content/`; an agency folder (settings.LESSONS_DIR) adds lessons, or
replaces a built-in one by using the same file name. Every file is validated when it
is loaded, and a problem names the file and the field, so an editor can fix it without
reading code. See docs/lessons.md for the format.
"""

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from rehat.lessons.domain.markup import CITATION, parse_blocks

BUILT_IN_DIR = Path(__file__).resolve().parent.parent / "content"
LANGUAGES = ("id", "en")
LESSON = "lesson"
GUIDE = "guide"
KINDS = (LESSON, GUIDE)
SIGNALS = ("low_wellbeing", "high_burnout", "saya_lelah", "after_hours")

# "## Heading" in either language → the section's key.
SECTION_NAMES = {
    "ringkasan": "summary",
    "summary": "summary",
    "pelajaran": "lesson",
    "lesson": "lesson",
    "latihan": "exercise",
    "exercise": "exercise",
    "refleksi": "reflection",
    "reflection": "reflection",
    "langkah rencana aksi": "action_step",
    "action-plan step": "action_step",
    "sumber": "sources",
    "sources": "sources",
    "sebelum mulai": "before",
    "before you start": "before",
    "kalimat pembuka": "opening",
    "opening phrases": "opening",
    "pertanyaan untuk 1:1": "questions_one",
    "questions for a 1:1": "questions_one",
    "pertanyaan untuk rapat tim": "questions_team",
    "questions for a team meeting": "questions_team",
    "kalimat penutup": "closing",
    "closing phrases": "closing",
    "yang tidak boleh dijanjikan": "dont_promise",
    "what not to promise": "dont_promise",
}
REQUIRED = {
    LESSON: ("summary", "lesson", "exercise", "reflection"),
    GUIDE: ("summary", "opening", "questions_one", "questions_team", "closing", "dont_promise"),
}
ALLOWED = {
    LESSON: {*REQUIRED[LESSON], "action_step", "sources"},
    GUIDE: {*REQUIRED[GUIDE], "before", "sources"},
}

# Section headings as the page shows them, in the lesson's own language.
SECTION_LABELS = {
    "id": {
        "summary": "Ringkasan",
        "lesson": "Pelajaran",
        "exercise": "Latihan",
        "reflection": "Refleksi",
        "action_step": "Langkah rencana aksi",
        "sources": "Sumber",
        "before": "Sebelum mulai",
        "opening": "Kalimat pembuka",
        "questions_one": "Pertanyaan untuk 1:1",
        "questions_team": "Pertanyaan untuk rapat tim",
        "closing": "Kalimat penutup",
        "dont_promise": "Yang tidak boleh dijanjikan",
    },
    "en": {
        "summary": "Summary",
        "lesson": "Lesson",
        "exercise": "Exercise",
        "reflection": "Reflection",
        "action_step": "Action-plan step",
        "sources": "Sources",
        "before": "Before you start",
        "opening": "Opening phrases",
        "questions_one": "Questions for a 1:1",
        "questions_team": "Questions for a team meeting",
        "closing": "Closing phrases",
        "dont_promise": "What not to promise",
    },
}

# A paragraph that states one of these facts must cite a source: a regulation by number,
# an emergency line, or a percentage.
FACT_PATTERNS = (
    re.compile(
        r"\b(Perpres|Keppres|Peraturan|PP|UU|Undang-Undang|Permen\w*|SE)\b[^.\n]{0,40}?"
        r"\b(No\.?|Nomor|Number)?\s*\d+",
        re.IGNORECASE,
    ),
    re.compile(r"\b11[29]\b"),
    re.compile(r"\d\s?(%|persen\b|percent\b)", re.IGNORECASE),
)
_FRONT = re.compile(r"\A---\n(?P<front>.*?)\n---\n", re.DOTALL)
_LANGUAGE = re.compile(r"^# (?P<code>[a-z]{2}):\s*(?P<title>.+?)\s*$", re.MULTILINE)
_SECTION = re.compile(r"^## (?P<name>.+?)\s*$", re.MULTILINE)
_SOURCE = re.compile(r"^(?P<n>\d{1,2})[.)]\s+(?P<rest>.+)$")
_URL = re.compile(r"(?P<url>https://\S+)\s*$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ContentError(ValueError):
    """A lesson file is not valid. `problems` lists "file: field: what is wrong"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    number: int
    title: str
    url: str = ""


@dataclass(frozen=True)
class Text:
    """One language of a lesson."""

    title: str
    sections: Mapping[str, str]
    sources: tuple[Source, ...] = ()

    language: str = "id"

    def section(self, key: str) -> str:
        return self.sections.get(key, "")

    def label(self, key: str) -> str:
        return SECTION_LABELS[self.language][key]


@dataclass(frozen=True)
class Lesson:
    slug: str
    kind: str
    order: int
    minutes: int
    signals: tuple[str, ...]
    texts: Mapping[str, Text] = field(repr=False)
    file_name: str = ""

    def text(self, language: str | None = None) -> Text:
        """The text in `language` (default: the active one), else Bahasa Indonesia."""
        code = (language or get_language() or "id")[:2]
        return self.texts.get(code, self.texts["id"])


def _front_matter(raw: str, name: str, problems: list[str]) -> tuple[dict[str, str], str]:
    match = _FRONT.match(raw)
    if not match:
        problems.append(f"{name}: front matter: the file must start with a '---' block")
        return {}, raw
    values = {}
    for line in match["front"].splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            problems.append(f"{name}: front matter: '{line}' is not 'key: value'")
            continue
        values[key.strip()] = value.strip()
    return values, raw[match.end() :]


def _int(
    values: dict[str, str], key: str, low: int, high: int, name: str, problems: list[str]
) -> int:
    raw = values.get(key, "")
    if not raw.isdigit() or not low <= int(raw) <= high:
        problems.append(f"{name}: {key}: needs a whole number from {low} to {high}, got '{raw}'")
        return low
    return int(raw)


def _sources(body: str, where: str, problems: list[str]) -> tuple[Source, ...]:
    sources = []
    for line in (line.strip() for line in body.splitlines()):
        if not line:
            continue
        match = _SOURCE.match(line)
        if not match:
            problems.append(
                f"{where}: sources: '{line}' is not a numbered line '1. Title — https://…'"
            )
            continue
        rest = match["rest"]
        url_match = _URL.search(rest)
        url = url_match["url"] if url_match else ""
        title = rest[: url_match.start()].rstrip(" —–-:,") if url_match else rest
        if not title:
            problems.append(f"{where}: sources: source {match['n']} has no title")
        sources.append(Source(int(match["n"]), title, url))
    numbers = [s.number for s in sources]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"{where}: sources: number the sources 1, 2, 3… in order")
    return tuple(sources)


def _check_citations(text: Text, where: str, problems: list[str]) -> None:
    numbers = {s.number for s in text.sources}
    cited: set[int] = set()
    for key, body in text.sections.items():
        if key == "sources":
            continue
        for block in parse_blocks(body):
            for line in block.lines:
                marks = {int(m) for m in CITATION.findall(line)}
                cited |= marks
                for missing in sorted(marks - numbers):
                    problems.append(
                        f"{where}: {key}: cites [{missing}] but there is no source {missing}"
                    )
                if not marks and any(p.search(line) for p in FACT_PATTERNS):
                    problems.append(
                        f"{where}: {key}: '{line[:60]}…' states a fact (a regulation, an "
                        "emergency number or a percentage) without a source like [1]"
                    )
    for unused in sorted(numbers - cited):
        problems.append(f"{where}: sources: source {unused} is never cited")


def _text(
    title: str, body: str, *, kind: str, language: str, where: str, problems: list[str]
) -> Text:
    sections: dict[str, str] = {}
    parts = _SECTION.split(body)
    if parts[0].strip():
        problems.append(f"{where}: text before the first '## ' section")
    for heading, content in zip(parts[1::2], parts[2::2], strict=True):
        key = SECTION_NAMES.get(heading.strip().lower())
        if key is None or key not in ALLOWED[kind]:
            problems.append(f"{where}: '## {heading}' is not a section of a {kind}")
            continue
        if key in sections:
            problems.append(f"{where}: '## {heading}' appears twice")
        if not content.strip():
            problems.append(f"{where}: {key}: is empty")
        sections[key] = content.strip()
    for key in REQUIRED[kind]:
        if key not in sections:
            problems.append(f"{where}: {key}: missing (add a '## ' section for it)")
    sources = _sources(sections.get("sources", ""), where, problems)
    text = Text(title=title, sections=sections, sources=sources, language=language)
    _check_citations(text, where, problems)
    return text


def parse_lesson(raw: str, *, name: str) -> Lesson:
    """One file's text → a Lesson, or ContentError listing every problem in it."""
    problems: list[str] = []
    values, body = _front_matter(raw.replace("\r\n", "\n"), name, problems)
    slug = values.get("slug", "")
    if not _SLUG.match(slug):
        problems.append(f"{name}: slug: needs lowercase letters, digits and dashes, got '{slug}'")
    elif name.endswith(".md") and name[:-3] != slug:
        problems.append(f"{name}: slug: must equal the file name ('{name[:-3]}')")
    kind = values.get("kind", LESSON)
    if kind not in KINDS:
        problems.append(f"{name}: kind: must be one of {', '.join(KINDS)}, got '{kind}'")
        kind = LESSON
    order = _int(values, "order", 1, 999, name, problems)
    minutes = _int(values, "minutes", 1, 15, name, problems)
    signals = tuple(s.strip() for s in values.get("nudges", "").split(",") if s.strip())
    for signal in signals:
        if signal not in SIGNALS:
            problems.append(f"{name}: nudges: '{signal}' is not one of {', '.join(SIGNALS)}")
    texts: dict[str, Text] = {}
    parts = _LANGUAGE.split(body)
    if parts[0].strip():
        problems.append(f"{name}: text before the first '# id: Judul' heading")
    for code, title, content in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        where = f"{name} [{code}]"
        if code not in LANGUAGES:
            problems.append(f"{where}: unknown language (use {', '.join(LANGUAGES)})")
            continue
        texts[code] = _text(
            title, content, kind=kind, language=code, where=where, problems=problems
        )
    for code in LANGUAGES:
        if code not in texts:
            problems.append(f"{name}: language '{code}' is missing (add '# {code}: Title')")
    for code, text in texts.items():
        if signals and not text.section("action_step"):
            problems.append(f"{name} [{code}]: action_step: needed because the lesson has nudges")
    if problems:
        raise ContentError(problems)
    return Lesson(slug, kind, order, minutes, signals, texts, name)


def load_lessons(*, folders: list[Path]) -> dict[str, Lesson]:
    """Every lesson in `folders`, a later folder replacing an earlier one's same file."""
    files: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.md")):
            if path.name.lower() != "readme.md":
                files[path.name] = path
    problems: list[str] = []
    lessons: dict[str, Lesson] = {}
    for name, path in files.items():
        try:
            lesson = parse_lesson(path.read_text(encoding="utf-8"), name=name)
        except ContentError as e:
            problems.extend(e.problems)
        except UnicodeDecodeError:
            problems.append(f"{name}: the file is not UTF-8 text")
        else:
            lessons[lesson.slug] = lesson
    if problems:
        raise ContentError(problems)
    return dict(sorted(lessons.items(), key=lambda item: (item[1].order, item[0])))


def lesson_folders() -> list[Path]:
    """The built-in folder, then the agency's (settings.LESSONS_DIR), if set."""
    folders = [BUILT_IN_DIR]
    agency = getattr(settings, "LESSONS_DIR", None)
    if agency:
        path = Path(agency)
        if not path.is_dir():
            raise ContentError([f"LESSONS_DIR: '{path}' is not a folder"])
        folders.append(path)
    return folders


def _fingerprint(folders: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for folder in folders
        for path in sorted(folder.glob("*.md"))
    )


@functools.lru_cache(maxsize=4)
def _cached(
    folders: tuple[Path, ...], fingerprint: tuple[tuple[str, int, int], ...]
) -> dict[str, Lesson]:
    return load_lessons(folders=list(folders))


def all_lessons() -> dict[str, Lesson]:
    """Lessons and guides by slug, in reading order; reloaded when a file changes."""
    folders = tuple(lesson_folders())
    return _cached(folders, _fingerprint(folders))


def lessons_of_kind(*, kind: str) -> list[Lesson]:
    return [lesson for lesson in all_lessons().values() if lesson.kind == kind]


def lessons_for_signal(*, signal: str) -> list[Lesson]:
    return [lesson for lesson in lessons_of_kind(kind=LESSON) if signal in lesson.signals]
