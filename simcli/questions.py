"""Moved to :mod:`simcli.analysis.questions`; this path, which the README used, works for one release."""

from simcli.analysis.questions import *  # noqa: F403
from simcli.store.revision import diff_since  # noqa: F401
