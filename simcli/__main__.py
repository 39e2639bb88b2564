"""``python -m simcli``."""

from simcli.cli import main

main()
