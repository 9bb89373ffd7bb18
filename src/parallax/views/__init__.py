"""Cross-document views computed from the corpus store with SQL."""
