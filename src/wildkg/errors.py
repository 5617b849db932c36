"""Errors a user can act on. Each names the file, the entity, the field and the line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class WildkgError(Exception):
    """Base class of every error wildkg reports to a user (exit code 2, no traceback)."""


@dataclass
class DataError(WildkgError):
    """A problem in a curated input file."""

    file: Path | str
    message: str
    entity: str | None = None
    field: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[DataError], tuple[Path | str, str, str | None, str | None, int | None]]:
        """Picklable with its fields, so an error raised in a build worker process reaches the CLI."""
        return (DataError, (self.file, self.message, self.entity, self.field, self.line))

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.entity:
            parts.append(f"entity '{self.entity}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class InputError(WildkgError):
    """A file that cannot be read or parsed (RDF, query…); the message names it."""
