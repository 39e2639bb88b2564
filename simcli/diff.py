"""Moved to :mod:`simcli.analysis.diff`; this path, which the README used, works for one release."""

from simcli.analysis.diff import *  # noqa: F403
