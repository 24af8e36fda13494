"""Differentially private tables of the network's victims (issue 13, item 4): ``dimensions`` (what a table
is broken down by, its public categories and contribution bounds), ``counting`` (the true counts, the
release's figures), ``noise`` (OpenDP's mechanisms), ``ledger`` (the privacy budget, the one way to spend
it) and ``presentation`` (the released tables as a reader sees them).
docs/exchange.md explains the choices."""
