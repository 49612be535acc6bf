"""The 2016 OGP Explorer layout, and how its cells read in today's export columns.

The Explorer's commitment file numbers its columns on line 1 and names them
on line 2; it writes labels with letter prefixes (``c. high``, ``b. Limited``,
``b. None`` for today's *Did Not Change*), names the OGP values ``Value -Info``
and so on, tags commitments with the 2014 Support Unit's themes, and has no
commitment or plan identifier. The mapping to today's columns is a versioned
data file (``irm/data/explorer_2016.json``); this module holds it and the
pure rules that translate one cell each way. :mod:`irm.io.ogp_csv` reads and
writes the files.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Mapping, Sequence

import attrs

from irm.errors import DataFileError, InvalidValueError
from irm.models import scales as S
from irm.models.missing import Missing, fold_spelling
from irm.models.scales import OrdinalScale
from irm.models.table import CsvLayout

__all__ = ["ExplorerMapping", "ExplorerLayout", "load_explorer_mapping", "translated_scale"]

#: a letter prefix that orders the Explorer's labels: "c. high", "b. Limited"
_PREFIX = re.compile(r"^\s*[a-z]\.\s*", re.IGNORECASE)


def translated_scale(column: str) -> OrdinalScale | None:
    """The scale whose labels the Explorer spells otherwise in ``column`` (a column of
    today's export), or None when its cells read as they are (0/1 flags, codes, text)."""
    from irm.models.columns import spec

    found = spec(column)
    if found.kind != "rating" or found.scale in (None, S.FLAG):
        return None
    return found.scale


@attrs.frozen
class ExplorerMapping:
    """Which column of today's export each Explorer column is read into, and how its
    labels read (see the data file for the reasons of each choice)."""

    version: str
    signature: tuple[str, ...]
    columns: Mapping[str, str] = attrs.field(repr=False)
    #: today's column -> {label folded, prefix dropped: today's label}
    labels: Mapping[str, Mapping[str, str]] = attrs.field(repr=False)
    #: 2014 tag -> today's policy area (None: kept under its own name)
    tags: Mapping[str, str | None] = attrs.field(repr=False)
    apart_suffix: str = " (Explorer 2016)"

    def is_explorer(self, first: Sequence[str], second: Sequence[str]) -> bool:
        """Whether a file whose first two records are these is in the Explorer layout:
        a line of column numbers, then a header holding the signature's names."""
        numbered = bool(first) and all(cell.strip().isdigit() or not cell.strip()
                                       for cell in first) and first[0].strip() == "0"
        return numbered and set(self.signature) <= set(second)

    def target(self, name: str, position: str) -> str:
        """The table column the Explorer column ``name`` (numbered ``position``) is read
        into: today's name where the mapping gives one; a header left empty is named by
        its number; a column of today's export kept apart gets the suffix."""
        from irm.models.columns import spec

        if name in self.columns:
            return self.columns[name]
        area = self.tags.get(name)
        if area is not None:
            return area
        if not name.strip():
            return f"(column {position or '?'})"
        return name + self.apart_suffix if spec(name).kind != "text" else name

    def translate(self, column: str, cell: str) -> str:
        """Today's spelling of an Explorer cell of ``column`` (today's name): a label
        without its letter prefix, as the column's scale spells it; other cells as
        they are. Raises :class:`~irm.errors.InvalidValueError` for a label of no level.

        Examples
        --------
        >>> m = load_explorer_mapping()
        >>> m.translate("Specificity", "c. high"), m.translate("Completion (Progress Report)",
        ...                                                 "b. Limited")
        ('High', 'Limited')
        >>> m.translate("Did It Open Government (Overall)", "b. None")
        'Did Not Change'
        """
        scale = translated_scale(column)
        if scale is None or Missing.parse(cell) is not None:
            return cell
        bare = _PREFIX.sub("", cell)
        named = self.labels.get(column, {}).get(fold_spelling(bare))
        if named is not None:
            return named
        try:
            value = scale.interpret(bare).value
        except InvalidValueError:
            raise InvalidValueError(
                f"not a {scale.name} level", got=cell,
                expected=f"{scale.expected}, maybe after a letter prefix ('c. high')") from None
        # an alternate missing spelling (' NR ') stays as written: the table reads it so
        return str(value) if isinstance(value, S.Level) else cell


@attrs.frozen
class ExplorerLayout(CsvLayout):
    """A file in the Explorer layout, kept so that it is written back byte for byte.

    ``numbers`` and ``header`` are its first two lines; ``targets`` the table column
    each of its columns was read into; ``spellings`` per translated column, today's
    label -> the Explorer's commonest spelling of it in the file, and ``originals``
    the cells spelled otherwise, by commitment id (so that a subset or a reordered
    table writes back the same); ``added`` the columns the reader made (identifiers,
    Verifiable), which are not written back; ``trailing_blank`` the field counts of
    empty records at the end of the file.
    """

    numbers: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    spellings: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, repr=False)
    originals: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, repr=False)
    added: tuple[str, ...] = ()
    trailing_blank: tuple[int, ...] = ()
    mapping_version: str = ""

    def untranslate(self, column: str, ids: Sequence[str], cells: Sequence[str],
                    mapping: ExplorerMapping) -> list[str]:
        """The cells of table column ``column`` as the Explorer file spells them: the
        original cell where it still reads as the table's, else the file's spelling of
        the table's label (a label the file never used is written as today's)."""
        spelled = self.spellings.get(column)
        if spelled is None:
            return list(cells)
        originals = self.originals.get(column, {})
        out = []
        for cid, cell in zip(ids, cells):
            original = originals.get(cid)
            if original is not None and mapping.translate(column, original) == cell:
                out.append(original)
            else:
                out.append(spelled.get(cell, cell))
        return out


def _parse(doc: Mapping, source: str) -> ExplorerMapping:  # type: ignore[type-arg]
    try:
        labels = {column: {fold_spelling(k): v for k, v in spelled.items()}
                  for column, spelled in doc.get("labels", {}).items()}
        tags = {name: entry["policy_area"] for name, entry in doc["tags"].items()}
        return ExplorerMapping(str(doc["version"]), tuple(doc["header_signature"]),
                               dict(doc["columns"]), labels, tags,
                               str(doc.get("apart_suffix", " (Explorer 2016)")))
    except (KeyError, TypeError, AttributeError) as err:
        raise DataFileError(f"not an Explorer layout mapping ({err})", file=source) from err


@functools.lru_cache(maxsize=None)
def load_explorer_mapping() -> ExplorerMapping:
    """The bundled mapping of the 2016 Explorer layout (read when first asked for)."""
    text = resources.files("irm.data").joinpath("explorer_2016.json").read_text("utf-8")
    return _parse(json.loads(text), "irm/data/explorer_2016.json")
