"""Colour contrast as WCAG 2 measures it, for the report's colours: every text on
its background at level AA (4.5:1) at least."""

from __future__ import annotations

import colorsys
import re

AA = 4.5  # WCAG 2.1 level AA, body text


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb``, ``#rgb`` or ``hsl(h, s%, l%)`` as red, green and blue in 0..1."""
    colour = colour.strip().lower()
    hsl = re.fullmatch(r"hsl\(\s*([\d.]+),\s*([\d.]+)%,\s*([\d.]+)%\s*\)", colour)
    if hsl:
        hue, sat, light = (float(v) for v in hsl.groups())
        return colorsys.hls_to_rgb(hue / 360, light / 100, sat / 100)
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if not re.fullmatch(r"[0-9a-f]{6}", digits):
        raise ValueError(f"not a colour: {colour!r}")
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def hex_colour(colour: str) -> str:
    """A colour as ``#rrggbb``."""
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb(colour))


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2)."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(ink: str, background: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    a, b = sorted((luminance(ink), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
