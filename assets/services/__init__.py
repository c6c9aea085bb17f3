"""Writes of the asset ledger, one function per state change (STYLE.md "Where logic lives")."""
