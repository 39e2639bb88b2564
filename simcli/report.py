"""Moved to :mod:`simcli.output.report.briefing`; this path, which the README used, works for one release."""

from simcli.output.report.briefing import *  # noqa: F403
