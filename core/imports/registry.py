"""What an import kind declares, and the kinds there are.

A kind names its columns (Column) and answers: who may import it (and for which scope), how a
row is read (clean_row: raise RowErrors naming columns), what is stored now for the rows' keys
(current), and how rows are written (write). The framework (checking, services) does the rest
the same way for every kind.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header in the template and the file
    required: bool = True
    example: str = ""
    hint: str = ""  # the template's note under the header


class RowErrors(Exception):
    """The cells of one row that are wrong: {column key: message}."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(errors)


@dataclass
class ImportKind:
    code: str
    label: str
    columns: list[Column]
    key: str  # the column that identifies a row: re-importing updates by it
    template_name: str
    lookups: dict = field(default_factory=dict)

    def header_of(self, key: str) -> str:
        return next(str(column.header) for column in self.columns if column.key == key)

    # -- what each kind answers (subclasses) -----------------------------------------------
    def may_import(self, user, scope) -> bool:
        raise NotImplementedError

    def scopes(self, user):
        """The organisations (a queryset) this user may import into, for a kind imported per
        organisation (a department's experts); None for a kind of the whole city."""
        return None

    def choices(self, key: str) -> list[str]:
        """The values offered in the template's validation list for a column (none: free text)."""
        return []

    def load(self, rows: list[dict], scope) -> dict:
        """Everything clean_row needs for these rows, in a few queries (organisations by code…)."""
        return {}

    def clean_row(self, row: dict[str, str], context: dict) -> dict:
        raise NotImplementedError

    def current(self, keys: list[str], scope, context: dict) -> dict[str, dict]:
        """{key: the row as stored now, in clean_row's shape} for the keys already there."""
        raise NotImplementedError

    def write(self, *, creates: list[dict], updates: list[dict], by, scope, context: dict) -> None:
        raise NotImplementedError


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    _KINDS[kind.code] = kind


def kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def get(code: str) -> ImportKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(_("没有“%(code)s”这种导入。") % {"code": code}) from None
