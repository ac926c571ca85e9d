"""Support code for the leak-hunt tests (planted worlds and independently restated rules)."""

import os

# On the embedded SQLite run of CI the crawls cover one user of each kind of reach (team,
# intake, clearance 4 and compartments, organisation scope, all-seeing oversight, the quality
# function's national figures with their drill-down, portal, administration, the member
# removed mid-way); the PostgreSQL run, the production database, crawls as every demo user.
# `WEERSTAND_LEAK_HUNT=full` forces the full crawl anywhere.
FAST_SUBSET = (
    "analist",
    "senior-analist",
    "besluitvormer",
    "lcc",
    "politie",
    "planner",
    "officier",
    "burgemeester",
    "tbp",
    "inspecteur",
    "kwaliteit",
    "beheerder",
)


def crawl_usernames(every: list[str]) -> list[str]:
    """The demo users a leak hunt crawls as (see FAST_SUBSET)."""
    from django.db import connection

    full = os.environ.get("WEERSTAND_LEAK_HUNT") == "full" or connection.vendor == "postgresql"
    if full:
        return every
    chosen = [u for u in every if u in FAST_SUBSET]
    missing = set(FAST_SUBSET) - set(chosen)
    assert not missing, f"the fast leak-hunt subset names unknown demo users: {missing}"
    return chosen
