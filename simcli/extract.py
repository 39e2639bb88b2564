"""Moved to :mod:`simcli.sources.extract.statement`; this path, which the README used, works for one release."""

from simcli.output.draft import draft_yaml  # noqa: F401
from simcli.sources.extract.statement import *  # noqa: F403
