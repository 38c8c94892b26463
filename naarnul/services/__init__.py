"""Use cases: one module per area, one public function per use case.

Conventions (see store/unit_of_work.py):
- `def verb_noun(uow: UnitOfWork, actor: ActingUser, *, plain values..., today: date) -> View`
- one transaction: `with uow:` … `uow.commit()` for a change; a read never commits (so it cannot write)
- returns typed views (frozen dataclasses or pydantic models), never ORM objects or dicts read by string keys
- Dutch messages for the user as `naarnul.errors.ValidationError` / `NotAllowed` / `NotFound`
- the rules come from the core (`naarnul.money`, `naarnul.calendar`, `naarnul.ledger`, `naarnul.covenant`, …);
  persistence and scoped queries from `store/`
"""
