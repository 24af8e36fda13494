"""Data exchange and privacy-preserving release: HTCDS import and export, the CTDC-format k-anonymised
dataset, differentially private tables with their budget ledger, HXL-tagged aggregates, the public CTDC
data as a reference beside the network's, and the public statistics page (docs/exchange.md)."""
