"""Head office: receives till events, serves catalog changes, shows the sync dashboard."""

__version__ = "0.1.0"
