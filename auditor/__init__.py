"""iij-audit: audit the figures of IIJ investor-relations decks against declarative rules."""

__version__ = "0.1.0"
