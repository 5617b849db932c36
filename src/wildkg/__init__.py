"""wildkg: a knowledge-graph builder for wildlife conservation."""

__version__ = "0.4.0"
