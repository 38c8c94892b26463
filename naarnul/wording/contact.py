"""Rules A: contact and a way out, the core of a stress-sensitive letter (wording.md, A1-A10)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from naarnul.formatting import format_date, format_money

from . import messages as msg
from .base import CheckerBase
from .patterns import DATE_RE, DEADLINE_RE, GOOD_AMOUNT_RE, HOURS_RE, MONTHS, parse_amount
from .phones import addresses
from .report import ERROR, HINT, WARNING
from .text import MONEY_RE


class ContactRules(CheckerBase):
    def a1_way_out(self) -> None:
        blocked_units = self.units_with("way_out_blockers")
        offers = [m.start for m in self.present("way_out") if self.unit_of(m) not in blocked_units]
        together = self.combination_units("way_out_together")
        offers += [self.doc.units[u].start for u in together if u not in blocked_units]
        self.first_offer = min(offers, default=None)
        if offers:
            return
        blockers = self.present("way_out_blockers")
        if blockers and (self.present("way_out") or together):
            m = blockers[0]
            self.add("A1", ERROR, msg.A1_BLOCKED(self.found(m)), m.start, m.end)
        else:
            self.add("A1", ERROR, msg.A1, whole=True)

    def a2_contact(self) -> None:
        if not self.phones:
            help_sites = tuple(e.phrase.rstrip("*") for e in self.lex.entries("help_websites"))
            written = addresses(self.doc.norm, help_sites)
            if written:
                start, end = written[0]
                self.add("A2", WARNING, msg.A2_ONLY_ADDRESS(self.doc.original_of(start, end)), start, end)
            else:
                self.add("A2", ERROR, msg.A2_PHONE, whole=True)
            return
        if not self._phone_next_to_someone() and not self.present("contact_person") and not self._signed_by_name():
            self.add("A2", ERROR, msg.A2_PERSON, whole=True)
            return
        if not self.present("contact_hours") and not HOURS_RE.search(self.doc.norm):
            self.add("A2", HINT, msg.A2_HOURS, whole=True)

    def _phone_next_to_someone(self) -> bool:
        """A name, a role ("team incasso", "uw contactpersoon") or a call verb ("bel", "app") in the sentence of a
        phone number, or in the one before or after it."""
        near = self.units_with("contact_roles") | self.units_with("contact_person")
        for start, _ in self.phones:
            unit = self._unit_index_at(start)
            if unit >= 0 and near & {unit - 1, unit, unit + 1}:
                return True
        return False

    def _signed_by_name(self) -> bool:
        """A name under the closing greeting: a line with a capital after 'groet'."""
        closings = self.present("closings")
        if not closings:
            return False
        after = self.unit_of(closings[-1]) + 1
        for unit in self.doc.units[after:after + 2]:
            words = self.doc.words(unit)
            if words and self.doc.original_of(words[0].start, words[0].end)[:1].isupper():
                return True
        return False

    def a3_help(self) -> None:
        if not self.present("free_help"):
            self.add("A3", WARNING, msg.A3, whole=True)

    def a4_municipality(self) -> None:
        municipal = self.units_with("municipality")
        offer_units = municipal & self.units_with("personal_data") & self.units_with("share_verbs")
        if not offer_units:
            self.add("A4", ERROR, msg.A4_OFFER, whole=True)
        if not self.present("refusal"):
            self.add("A4", ERROR, msg.A4_REFUSAL, whole=True)
        if municipal and not (municipal & self.units_with("help_words")):
            self.add("A4", ERROR, msg.A4_HELP, whole=True)
        collection_units = self.units_with("collection_words")
        for match in self.present("report_words"):
            if self.unit_of(match) in collection_units:
                self.add("A4", ERROR, msg.A4_SANCTION(self.found(match)), match.start, match.end)
                break

    def a5_order(self) -> None:
        threats = sorted(self.threat_matches + self.consequences(), key=lambda m: m.start)
        for match in threats:
            number = self.sentence_number.get(self.unit_of(match))
            early = number is not None and number < 2
            before_offer = self.first_offer is not None and match.start < self.first_offer
            if early or before_offer:
                where = "in de eerste zinnen" if early else "vóór de uitweg"
                self.add("A5", WARNING, msg.A5(self.found(match), where), match.start, match.end)
                return

    def a6_one_date(self) -> None:
        # the date to refuse the data-sharing offer ("Wilt u dat niet? Laat het mij vóór … weten.") is a separate,
        # required date: not a second action
        refusal_units = self.units_with("refusal")
        refusal_units |= {u + 1 for u in refusal_units}
        deadlines = []
        for match in DEADLINE_RE.finditer(self.doc.norm):
            if self._unit_index_at(match.start()) in refusal_units:
                continue
            deadlines.append(match)
        self._check_term_dates(deadlines)
        # any calendar date other than the letter's own counts as the date of the action ("Datum: 2 december")
        action_dates = [m for m in DATE_RE.finditer(self.doc.norm) if m.span() != self.letter_date_span]
        if not deadlines and not self.relative_spans and not action_dates:
            self.add("A6", WARNING, msg.A6_NONE, whole=True)
        if self.kind == "fourteen-day-letter" and not deadlines and not self.relative_spans:
            self.add("B5", ERROR, msg.B5_NO_TERM, whole=True)
        seen: dict[str, re.Match] = {}
        for match in deadlines:
            key = self._date_key(match)
            if seen and key not in seen:
                first = next(iter(seen.values()))
                dates = ", ".join(msg.q(self.doc.original_of(m.start(), m.end())) for m in (first, match))
                self.add("A6", WARNING, msg.A6_MANY(dates), match.start(), match.end())
                return
            seen.setdefault(key, match)

    def _date_key(self, match: re.Match) -> str:
        day = self._date_of(match, self.letter_date)
        return day.isoformat() if day else " ".join(match.group(0).split()[1:])

    def _check_term_dates(self, deadlines: list[re.Match]) -> None:
        """B5 for calendar dates: the days between the letter date and the deadline."""
        if self.letter_date is None:
            return
        for match in deadlines:
            day = self._date_of(match, self.letter_date)
            if day is None:
                continue
            last_day = day - dt.timedelta(days=1) if match.group("word") == "voor" else day
            found = self.doc.original_of(match.start(), match.end())
            if self.kind == "fourteen-day-letter":
                term = (last_day - self.letter_date).days - 1  # counted from the day after receipt
                if term < 14:
                    self.add("B5", ERROR, msg.too_short_14_date(found, format_date(self.letter_date)),
                             match.start(), match.end(), self.suggested_deadline(14))
            else:
                term = (last_day - self.letter_date).days
                if term < 8:
                    self.add("B5", WARNING, msg.too_short(found), match.start(), match.end(),
                             self.suggested_deadline(8))

    def a8_amounts(self) -> None:
        amounts_per_unit: dict[int, list[tuple[int, int, Decimal | None]]] = {}
        for match in MONEY_RE.finditer(self.doc.norm):
            start, end = match.span()
            digits = match.group("a") or match.group("b")
            value = parse_amount(digits)
            original = self.doc.original_of(start, end)
            if not GOOD_AMOUNT_RE.fullmatch(original):
                suggestion = format_money(value) if value is not None and value < 10**12 else None
                if suggestion != original:
                    self.add("A8", WARNING, msg.A8_FORMAT(original), start, end, suggestion)
            amounts_per_unit.setdefault(self._unit_index_at(start), []).append((start, end, value))
        self._check_totals(amounts_per_unit)

    def _check_totals(self, amounts: dict[int, list[tuple[int, int, Decimal | None]]]) -> None:
        total_units = self.units_with("total_words")
        month_units = {i for i, unit in enumerate(self.doc.units)
                       if any(t.text in MONTHS for t in self.doc.unit_tokens(unit))}
        units = self.doc.units
        i = 0
        while i < len(units):
            run = []
            while i < len(units) and i in month_units and i in amounts and i not in total_units:
                run.append(i)
                i += 1
            if len(run) >= 2:
                total_unit = next((k for k in range(i, min(i + 2, len(units))) if k in total_units and k in amounts),
                                  None)
                items = [amounts[k][-1][2] for k in run]
                if total_unit is None:
                    # a total elsewhere (above the table) that matches is fine too
                    expected = sum((v for v in items if v is not None), Decimal(0))
                    totals = {amounts[k][-1][2] for k in total_units if k in amounts}
                    if expected not in totals:
                        start, end, _ = amounts[run[-1]][-1]
                        self.add("A8", WARNING, msg.A8_NO_TOTAL, start, end)
                elif all(v is not None for v in items):
                    start, end, total = amounts[total_unit][-1]
                    expected = sum((v for v in items if v is not None), Decimal(0))
                    if total is not None and total != expected:
                        self.add("A8", WARNING, msg.A8_SUM(format_money(expected), format_money(total)),
                                 start, end, format_money(expected))
            if not run:
                i += 1

    def a9_a10_hints(self) -> None:
        if not self.present("normalising"):
            self.add("A9", HINT, msg.A9, whole=True)
        if not self.present("amount_wrong"):
            self.add("A10", HINT, msg.A10, whole=True)
