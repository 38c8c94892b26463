"""Use cases that combine the domain with the store (no streamlit)."""
