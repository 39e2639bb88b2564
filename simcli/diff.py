"""Moved to :mod:`simcli.analysis.diff`: the README's path, for one release."""

from simcli.analysis.diff import *  # noqa: F403
