"""Moved to :mod:`simcli.output.report.briefing`: the README's path, for one release."""

from simcli.output.report.briefing import *  # noqa: F403
