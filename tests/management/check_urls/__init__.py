"""URLconfs with the mistakes each URL check reports (one module per mistake)."""
