"""Moved to :mod:`simcli.output.scaffold`; this path, which the README used, works for one release."""

from simcli.output.scaffold import *  # noqa: F403
