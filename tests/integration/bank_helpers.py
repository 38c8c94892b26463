"""The bank-import use cases as the integration tests drive them (one unit of work per call, as a page does)."""

from __future__ import annotations

import dataclasses

from naarnul.services import bank_import as bank_service
from store.unit_of_work import UnitOfWork


def read_columns(data: bytes, filename: str):
    found = bank_service.read_bank_columns(data=data, filename=filename)
    return list(found.columns), found.suggested


def preview_import_file(url, actor, data, filename, mapping, today) -> bank_service.BankPreview:
    return bank_service.preview_bank_import(UnitOfWork(url), actor, data=data, filename=filename, mapping=mapping,
                                            today=today)


def preview_import(url, actor, data, filename, mapping, today) -> list[dict]:
    return [dataclasses.asdict(row) for row in preview_import_file(url, actor, data, filename, mapping, today).rows]


def confirm_import(url, actor, data, filename, mapping, today, selected) -> int:
    return bank_service.import_bank_rows(UnitOfWork(url), actor, data=data, filename=filename, mapping=mapping,
                                         selected=selected, today=today)
