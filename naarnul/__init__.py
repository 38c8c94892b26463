"""Naar Nul — the functional core. Pure Python: no Streamlit import anywhere in this package."""
