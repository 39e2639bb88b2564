"""``python -m simcli``."""

from simcli.cli.app import main

main()
