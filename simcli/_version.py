"""The simcli version, read by the build and by ``simcli --version``."""

__version__ = "0.2.0"
