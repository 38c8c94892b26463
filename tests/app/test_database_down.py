"""The app survives its database: down, restarted or recreated, users see one calm Dutch message and the app
recovers by itself when the database is back."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.app.helpers import new_app, texts
from tests.conftest import _fresh_postgres_url
from ui.session import DATABASE_DOWN


def test_an_unreachable_database_gives_a_calm_dutch_message(monkeypatch, tmp_path):
    monkeypatch.setenv("NAARNUL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:9/naarnul")  # nothing listens on port 9
    at = new_app().run()
    assert not at.exception
    assert DATABASE_DOWN in texts(at)
    assert any(b.label == "Opnieuw proberen" for b in at.button)


def test_a_recreated_database_is_migrated_again_without_a_restart(monkeypatch, tmp_path):
    url, drop = _fresh_postgres_url()
    try:
        monkeypatch.setenv("NAARNUL_DATA_DIR", str(tmp_path))
        monkeypatch.setenv("DATABASE_URL", url)
        assert "Naar Nul installeren" in texts(new_app().run())
        schema = url.rsplit("%3D", 1)[1]
        admin = create_engine(url.split("?")[0], isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:  # the operator restores an empty database
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        first = new_app().run()
        assert not first.exception and DATABASE_DOWN in texts(first)
        again = new_app().run()  # the next visit finds the schema migrated again
        assert not again.exception and "Naar Nul installeren" in texts(again)
    finally:
        drop()
