"""View decorators (``scallion.views.decorators.<topic>``), one module per topic."""
