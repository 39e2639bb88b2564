"""Help as simcli's tables are: wrapped at the terminal's width (down to 40 columns)
and at spaces only, never inside a word ("YYYY-" at the end of a line and "MM" at
the start of the next). Click's wrapper breaks on hyphens and inside long words,
and never wraps narrower than 50 columns; it offers no setting for either, so its
defaults are changed where they are made."""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

NARROWEST = 40  # help wraps to the terminal's width down to this many columns


def help_wraps_whole_words() -> None:
    try:
        from typer._click import _textwrap, formatting  # typer 0.29 carries its own click
    except ImportError:  # older typer: click itself
        from click import _textwrap, formatting  # type: ignore[no-redef]
    wrapper = _textwrap.TextWrapper
    if getattr(wrapper, "_simcli_whole_words", False):
        return
    made = wrapper.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("break_on_hyphens", False)
        kwargs.setdefault("break_long_words", False)
        made(self, *args, **kwargs)

    wrapper.__init__ = __init__  # type: ignore[method-assign]
    # click's own cuts every long word; the standard library's keeps it whole when asked
    wrapper._handle_long_word = textwrap.TextWrapper._handle_long_word  # type: ignore[method-assign]
    wrapper._simcli_whole_words = True  # type: ignore[attr-defined]

    formatter = formatting.HelpFormatter
    formatted = formatter.__init__

    def __init_formatter(
        self: Any, indent_increment: int = 2, width: int | None = None,
        max_width: int | None = None,
    ) -> None:  # fmt: skip
        if width is None and formatting.FORCED_WIDTH is None:
            columns = shutil.get_terminal_size().columns
            width = max(min(columns, max_width or 80), NARROWEST) - 2
        formatted(self, indent_increment, width, max_width)

    formatter.__init__ = __init_formatter  # type: ignore[method-assign]
    listed = formatter.write_dl

    def write_dl(self: Any, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        # a narrow terminal: options on a line of their own, their help below, wide
        listed(self, rows, min(col_max, max(self.width // 3, 10)), col_spacing)

    formatter.write_dl = write_dl  # type: ignore[method-assign]
