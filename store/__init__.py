"""The store: SQLModel tables, the engine, and queries scoped to the acting user."""
