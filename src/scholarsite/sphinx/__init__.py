"""The Sphinx wiring: settings, loading, directives and events."""
