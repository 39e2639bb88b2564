"""Moved to :mod:`simcli.sources.extract.statement`: the README's path, for one release."""

from simcli.output.draft import draft_yaml  # noqa: F401
from simcli.sources.extract.statement import *  # noqa: F403
