"""`python -m maturity.cli`: the same as the `maturity` command."""

from . import main

main()
