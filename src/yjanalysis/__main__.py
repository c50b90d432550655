"""Run the command line as ``python -m yjanalysis``."""

from yjanalysis.cli import main

main()
