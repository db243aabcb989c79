"""What an import did, in one shape for every importer.

Each importer counts what it carried over and lists, with file and line, what it repaired
and what it left out, so nothing is dropped silently. The CLI prints the report; the corpus
script counts its items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import located


@dataclass
class Report:
    counts: dict[str, str] = field(default_factory=dict)  # what -> how many, in words
    notes: list[str] = field(default_factory=list)  # what the owner should do next
    repaired: list[str] = field(default_factory=list)  # converted, but not as written
    skipped: list[str] = field(default_factory=list)  # left out, with the reason

    def repair(self, where: str | Path, line: int | None, message: str) -> None:
        self.repaired.append(located(where, line, message))

    def skip(self, where: str | Path, line: int | None, message: str) -> None:
        self.skipped.append(located(where, line, message))

    def lines(self) -> list[str]:
        return [*(f"{name}: {value}" for name, value in self.counts.items()),
                *(f"note: {line}" for line in self.notes),
                *(f"repaired: {line}" for line in self.repaired),
                *(f"not converted: {line}" for line in self.skipped)]

    @property
    def items(self) -> int:
        """How many things the owner may want to look at: repairs and left-outs."""
        return len(self.repaired) + len(self.skipped)

    def __str__(self) -> str:
        return "\n".join(self.lines())
