"""Streamlit-only helpers shared by the pages: session, login, widgets. The domain lives in naarnul/."""
