"""Moved to :mod:`simcli.output.scaffold`: the README's path, for one release."""

from simcli.output.scaffold import *  # noqa: F403
