"""``python -m simcli``."""

from simcli.cli.entry import main

main()
