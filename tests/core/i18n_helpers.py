"""A small reader for gettext .po files, so the catalog tests need neither polib nor msgfmt."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

EN_PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


@dataclass
class PoEntry:
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def context(self) -> str | None:
        return self.fields.get("msgctxt")

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.fields.items() if key.startswith("msgstr")]

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.context is None

    @property
    def is_translated(self) -> bool:
        return bool(self.translations) and all(self.translations)

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _unquote(literal: str) -> str:
    # A .po string is a C string literal; for the escapes gettext writes (\" \\ \n \t) Python's
    # literal syntax reads the same.
    return ast.literal_eval(literal)


def parse_po(text: str) -> list[PoEntry]:
    """Entries in file order, header included; obsolete (#~) entries are left out."""
    entries: list[PoEntry] = []
    current = PoEntry()
    last_key = None

    def start_new_if_finished():
        nonlocal current
        if current.translations:
            entries.append(current)
            current = PoEntry()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            start_new_if_finished()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            continue
        match = _KEYWORD.match(line)
        if match:
            key, literal = match.groups()
            if key in ("msgctxt", "msgid"):
                start_new_if_finished()
            current.fields[key] = _unquote(literal)
            last_key = key
        elif line.startswith('"') and last_key:
            current.fields[last_key] += _unquote(line)
        else:
            raise ValueError(f"Unreadable .po line: {raw!r}")
    if current.fields:
        entries.append(current)
    return entries


def catalog_from_po(entries: list[PoEntry]) -> dict:
    """The entries keyed the way gettext.GNUTranslations keys its catalog, left out as msgfmt
    leaves them out: the header, and untranslated or fuzzy entries."""
    catalog = {}
    for entry in entries:
        if entry.is_header or entry.is_fuzzy or not entry.is_translated:
            continue
        msgid = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if "msgid_plural" in entry.fields:
            for key, value in entry.fields.items():
                if key.startswith("msgstr["):
                    catalog[(msgid, int(key[7:-1]))] = value
        else:
            catalog[msgid] = entry.fields["msgstr"]
    return catalog
