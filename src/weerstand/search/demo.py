"""Demo data of the search app: nothing of its own, only a consistent index.

The other apps' demo data are written through their services (indexed as they go) but also
with queryset updates that send no signal (timelines spread back in time, states set); one
rebuild at the end makes the index match the demo world exactly. Runs last in
its `DemoStep` (order 900) in `SearchConfig`.
"""

from __future__ import annotations

from typing import Any

from weerstand.search import index


def seed(seeder: Any) -> dict[str, Any]:
    counts = index.rebuild()
    return {"search_documents": sum(counts.values())}
