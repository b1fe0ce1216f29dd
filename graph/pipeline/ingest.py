"""Ingest: files and folders of ``.txt`` / ``.md`` articles -> :class:`Document` objects.

A document is decoded strictly (UTF-8 with or without BOM; UTF-16 only with a BOM, with a
warning), its optional YAML front matter is read with the safe loader, and it gets a stable
id (from its file name), a content hash (of its bytes) and a publication date, taken from
the front matter, else from the wire dateline ("WARSAW, June 2 (Reuters) -"), else inferred
from the latest full date in the text; a date whose year the text does not state is marked
as inferred.
Anything unusable raises :class:`~graph.errors.InputError` with a one-line explanation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from graph.config import MAX_DOCUMENT_CHARS
from graph.dates import dateline, full_dates, narrative_year
from graph.errors import InputError
from graph.model import Document

SUFFIXES = frozenset({".txt", ".md"})
MAX_TITLE_CHARS = 200
# About 350,000 words: several minutes of parsing. Larger files are dumps, not articles.
_FRONT_MATTER_TEXT = ("title", "url", "outlet")

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or office document)",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
}


def iter_document_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into article paths, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(f"{path}: folder holds no .txt or .md articles")
            yield from found
        elif path.suffix.lower() in SUFFIXES:
            yield path
        else:
            raise InputError(
                f"{path}: unsupported file type {path.suffix or '(none)'!r};"
                " articles are .txt or .md files"
            )


def read_document(path: str | Path, max_chars: int = MAX_DOCUMENT_CHARS) -> Document:
    """Read and decode one article file."""
    path = Path(path)
    try:
        if path.stat().st_size > 4 * max_chars:  # even UTF-32 could not fit: do not read it all
            raise InputError(
                f"{path}: {path.stat().st_size / 1e6:.1f} MB is too large for one "
                f"article (limit {max_chars:,} characters, KG_MAX_DOCUMENT_CHARS); "
                "split it into articles"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return parse_document(raw, source=str(path), doc_id=slugify(path.stem), max_chars=max_chars)


def parse_document(
    raw: bytes, *, source: str, doc_id: str, max_chars: int = MAX_DOCUMENT_CHARS
) -> Document:
    """Build a :class:`Document` from the bytes of an article."""
    text, warnings = decode(raw, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text, source)
    if not body.strip():
        raise InputError(f"{source}: document is empty")
    if len(body) > max_chars:
        raise InputError(
            f"{source}: {len(body):,} characters is too large for one article "
            f"(limit {max_chars:,}, KG_MAX_DOCUMENT_CHARS); split it into articles"
        )
    for key in _FRONT_MATTER_TEXT:
        value = meta.get(key)
        if value is not None and not isinstance(value, str | int | float):
            raise InputError(
                f"{source}: front matter '{key}' must be text, not a {type(value).__name__}"
            )
    title = _clean_str(meta.get("title")) or guess_title(body)
    published = _front_matter_date(meta.get("published"), source)
    inferred = False
    if published is None:
        published, inferred = dateline_date(body)
    if published is None:
        published = infer_date(body)
        inferred = published is not None
    return Document(
        doc_id=doc_id or "document",
        source=source,
        text=body,
        title=title,
        content_hash=hashlib.sha256(raw).hexdigest(),
        published=published,
        date_inferred=inferred,
        url=_clean_str(meta.get("url")),
        outlet=_clean_str(meta.get("outlet")),
        warnings=tuple(warnings),
    )


def decode(raw: bytes, source: str) -> tuple[str, list[str]]:
    """Decode strictly; never guess a legacy code page (that is how mojibake is made)."""
    if not raw.strip():
        raise InputError(f"{source}: document is empty")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16"), [f"{source}: decoded as UTF-16 (byte order mark)"]
        except UnicodeDecodeError:
            raise InputError(
                f"{source}: has a UTF-16 byte order mark but is not valid UTF-16"
            ) from None
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            raise InputError(f"{source}: binary file ({kind}), not a text article")
    if b"\x00" in raw:
        if _looks_like_utf16(raw[:4000]):
            raise InputError(
                f"{source}: looks like UTF-16 without a byte order mark; "
                "convert it to UTF-8, e.g. iconv -f utf-16le -t utf-8"
            )
        raise InputError(f"{source}: binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start});"
            " convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise InputError(
            f"{source}: binary file ({controls} control characters), not a text article"
        )
    return text, []


def _looks_like_utf16(sample: bytes) -> bool:
    """Text in UTF-16 without a BOM: every other byte zero, the rest printable ASCII."""
    if len(sample) < 8:
        return False
    for zeros, chars in ((sample[1::2], sample[0::2]), (sample[0::2], sample[1::2])):
        printable = sum(1 for b in chars if 32 <= b < 127 or b in (9, 10, 13))
        if zeros.count(0) >= 0.9 * len(zeros) and printable >= 0.8 * len(chars):
            return True
    return False


def split_front_matter(text: str, source: str) -> tuple[dict[str, object], str]:
    """Split optional ``---`` delimited YAML front matter from the body (safe loader only)."""
    if not text.startswith("---\n"):
        return {}, text
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
    if end is None:
        raise InputError(f"{source}: front matter opened with '---' is never closed")
    try:
        meta = yaml.safe_load(text[4 : 4 + end.start()])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"{source}: malformed front matter{where}: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{source}: front matter must be a mapping of keys to values")
    body = text[4 + end.end() :].lstrip("\n")
    return {str(k): v for k, v in meta.items()}, body


def guess_title(body: str) -> str:
    """The first line when it reads like a headline, else the start of the first sentence."""
    first = body.lstrip().split("\n", 1)[0].strip().lstrip("#").strip()
    if first and len(first) <= MAX_TITLE_CHARS and first[-1] not in '.!?:;,"”':
        return first
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 80 else sentence[:79].rstrip() + "…"


def dateline_date(body: str) -> tuple[dt.date | None, bool]:
    """The date of the wire dateline ("WARSAW, June 2 (Reuters) -") and whether its year was
    inferred. A dateline rarely gives the year: it is the narrative's latest year ("so far in
    2025"), and never puts the dateline before a full date the story has already told."""
    found = dateline(body)
    if found is None:
        return None, False
    month, day, year = found
    if year is not None:
        return _date_or_none(year, month, day), False
    latest = infer_date(body)
    year = max(narrative_year(body) or 0, latest.year if latest else 0)
    date = _date_or_none(year, month, day) if year else None
    if date is not None and latest is not None and date < latest:
        date = _date_or_none(year + 1, month, day)
    return date, date is not None


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_date(body: str) -> dt.date | None:
    """The latest full calendar date written in the text: a lower bound of publication."""
    return max(full_dates(body), default=None)


def slugify(value: str) -> str:
    """Lower-case ASCII slug: letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _front_matter_date(value: object, source: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str | int):
        raise InputError(
            f"{source}: front matter 'published' must be a date (YYYY-MM-DD), "
            f"not a {type(value).__name__}"
        )
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(
            f"{source}: front matter 'published' is not a date (YYYY-MM-DD): {str(value)[:40]!r}"
        ) from None


def _clean_str(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
