"""The covenant's fixed words: the legal source, step statuses, contact channels and outcomes, objection channels,
the municipality's feedback outcomes and arrangement statuses (keys in English, labels in Dutch)."""

BGS = "Besluit gemeentelijke schuldhulpverlening, art. 2"

# Step statuses
DONE, DUE, OVERDUE, BLOCKED, WAITING, OPTIONAL, NOT_NEEDED = (
    "done", "due", "overdue", "blocked", "waiting", "optional", "not_needed")
STATUS_LABELS = {
    DONE: "gedaan", DUE: "te doen", OVERDUE: "te laat", BLOCKED: "kan nog niet", WAITING: "wachten",
    OPTIONAL: "mag", NOT_NEEDED: "niet nodig",
}

CONTACT_CHANNELS = {"phone": "telefoon", "visit": "bezoek", "email": "e-mail", "app": "app", "letter": "brief"}
CONTACT_OUTCOMES = {
    "reached": "gesproken",
    "not_reached": "niet bereikt",
    "message_left": "bericht achtergelaten",
    "wrong_details": "contactgegevens kloppen niet",
}
OBJECTION_CHANNELS = {"letter": "brief", "email": "e-mail", "phone": "telefoon", "in_person": "persoonlijk"}

# Municipal feedback outcomes (convenant.md §5)
FEEDBACK_OUTCOMES = {
    # not picked up
    "repeat_signal": "Niet opgepakt: herhaalde melding (achterstand niet gegroeid)",
    "unjustified_signal": "Niet opgepakt: melding niet terecht (onder de drempel van de gemeente)",
    "deceased": "Niet opgepakt: persoon overleden",
    "not_inhabitant": "Niet opgepakt: persoon woont niet (meer) in de gemeente",
    "not_picked_up_other": "Niet opgepakt: andere reden",
    # picked up, with end result
    "known_to_debt_assistance": "Opgepakt: al bekend bij schuldhulpverlening",
    "other_programme": "Opgepakt: loopt al in een ander traject",
    "no_contact": "Opgepakt: geen contact gekregen",
    "no_response": "Opgepakt: geen reactie na eerder contact",
    "does_not_want_help": "Opgepakt: wil geen hulp",
    "paid_or_arranged": "Opgepakt: zelf betaald of een regeling getroffen",
    "quick_fix": "Opgepakt: snel opgelost of budgetadvies",
    "follow_up_help": "Opgepakt: vervolghulp (financieel of niet-financieel)",
    "referral_without_contact": "Opgepakt: doorverwezen zonder contact",
}

ARRANGEMENT_STATUSES = {
    "active": "loopt en wordt nagekomen",
    "kept": "helemaal nagekomen (afgerond)",
    "lapsed": "niet nagekomen (gestopt)",
}
