"""What an export gives the command line: the output for the renderer, a line saying
what it holds, and what it left out and why. Each format's module makes one
(:mod:`simcli.output.export.registry` says which module makes which format)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simcli.model.diagnostics import Diagnostic
from simcli.output.render import Output


@dataclass
class Export:
    """An export for the renderer, what it holds (for a line on stderr), and the
    claims it leaves out with why (a QDPX project's quotes not found in their texts)."""

    output: Output
    summary: str
    problems: list[Diagnostic] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    metadata: Callable[[Path], dict[str, Any]] | None = None  # sqlite: Datasette's, by file
    empty: bool = False  # nothing to export (a project none of whose quotes were placed)
