"""Moved to :mod:`simcli.analysis.questions`: the README's path, for one release."""

from simcli.analysis.questions import *  # noqa: F403
from simcli.store.revision import diff_since  # noqa: F401
