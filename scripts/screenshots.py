"""`make screenshots`: a picture of every role's start page and main job page, for docs/ui/.

Why a script and not a test: the pictures document the interface as the demo users see it, so
they are taken from the real demo world (`seed-demo`) on the production server (`weerstand
serve`), not from a test's minimal world. Everything happens in a scratch folder (a fresh
SQLite database, its own var/ folder) and on a free loopback port, so it never touches a
developer's own demo database. Each user signs in as a person would: password, then a TOTP
code from the demo device. The job page is reached by clicking from the start page, with the
same menu rules as the browser tests (a grouped menu is opened first; a narrow screen's menu
button is pressed when the link is hidden).

Usage: python scripts/screenshots.py [--out docs/ui] [--only analist,lcc]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1280
MAX_HEIGHT = 4000  # a page longer than this is cut off; its length is a finding of its own
TIMEOUT_MS = 60_000  # generous: the pictures are also taken on a busy machine


# --- navigation by clicks (the same rules as tests/browser/clicks.py) -----------------------


def _nav(page):  # type: ignore[no-untyped-def]
    return page.get_by_role("navigation", name=re.compile("Hoofdmenu|Main menu"))


def open_nav(page, label: str | re.Pattern[str]) -> None:  # type: ignore[no-untyped-def]
    """Click a main-menu link; open the menu button or the group that hides it first."""
    nav = _nav(page)
    link = nav.get_by_role("link", name=label, exact=isinstance(label, str)).first
    if not link.is_visible():
        menu = page.get_by_role("button", name=re.compile("^Menu$", re.I))
        if menu.count() and menu.first.is_visible():
            menu.first.click()
    if not link.is_visible():
        groups = nav.locator("details:not([open]) > summary, button[aria-expanded='false']")
        for i in range(groups.count()):
            group = groups.nth(i)
            holder = group.locator("xpath=..")
            if holder.get_by_role("link", name=label, include_hidden=True).count():
                group.click()
                break
    link.click()
    page.wait_for_load_state("load")


def click_link(page, name: str | re.Pattern[str]) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("main").get_by_role("link", name=name).first.click()
    page.wait_for_load_state("load")


@dataclass(frozen=True)
class Job:
    username: str
    role: str  # file name part, English
    job: str  # file name part, English
    title: str  # Dutch line in the README
    steps: Callable[..., None]


CASE = re.compile(r"WS-\d{4}-\d{4}")
DECISION = re.compile(r"BS-\d{4}-\d{4}")


def _analyst(page) -> None:  # type: ignore[no-untyped-def]
    # The start page's work item leads to the case's threat pictures.
    click_link(page, re.compile("^(Eerste dreigingsbeeld opstellen|Dreigingsbeeld herijken)"))


def _senior(page) -> None:  # type: ignore[no-untyped-def]
    click_link(page, CASE)
    click_link(page, re.compile(r"^Versie \d+$"))


def _decision_maker(page) -> None:  # type: ignore[no-untyped-def]
    click_link(page, DECISION)


def _lcc(page) -> None:  # type: ignore[no-untyped-def]
    open_nav(page, "Capaciteit")
    # The job is the plan: compute one with the coordinator's defaults, as they would.
    form = page.locator("#form-plan")
    # The solve takes its time limit (longer on a busy machine): no navigation timeout.
    form.get_by_role("button", name="Plan berekenen").click(no_wait_after=True)
    page.get_by_text(re.compile("gemaakt in")).first.wait_for(timeout=300_000)
    page.wait_for_load_state("load")


def _police(page) -> None:  # type: ignore[no-untyped-def]
    open_nav(page, re.compile("^(Beveiligings)?[Oo]pdrachten$"))


def _mayor(page) -> None:  # type: ignore[no-untyped-def]
    open_nav(page, re.compile("^(Berichten lokaal gezag|Berichten|Maatregelen)"))


def _protectee(page) -> None:  # type: ignore[no-untyped-def]
    click_link(page, "Besluit over uw beveiliging")


def _inspector(page) -> None:  # type: ignore[no-untyped-def]
    open_nav(page, "Casusoverzicht")
    click_link(page, CASE)
    click_link(page, re.compile("^(Wie heeft deze casus ingezien|Audittrail)"))


def _advisory(page) -> None:  # type: ignore[no-untyped-def]
    open_nav(page, re.compile("^(Adviescijfers|Landelijke cijfers)$"))


JOBS = (
    Job("analist", "analyst", "assessments", "Analist: dreigingsbeelden van een casus", _analyst),
    Job(
        "senior-analist",
        "senior-analyst",
        "assessment",
        "Senior analist: een dreigingsbeeld",
        _senior,
    ),
    Job(
        "besluitvormer", "decision-maker", "decision", "Besluitvormer: een besluit", _decision_maker
    ),
    Job("lcc", "lcc", "capacity", "LCC: operationeel beeld en prioritering", _lcc),
    Job("politie", "police", "assignments", "Politie: beveiligingsopdrachten", _police),
    Job("burgemeester", "mayor", "local-domain", "Burgemeester: lokaal domein", _mayor),
    Job("tbp", "protectee", "letter", "Te beveiligen persoon: de nieuwste brief", _protectee),
    Job(
        "inspecteur", "inspector", "case-log", "Inspecteur: wie heeft de casus ingezien", _inspector
    ),
    Job("adviesorgaan", "advisory-body", "figures", "Adviesorgaan: landelijke cijfers", _advisory),
)


# --- the scratch demo -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scratch_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "WEERSTAND_VAR_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
            "WEERSTAND_MODE": "demo",
        }
    )
    env.pop("WEERSTAND_STATIC_MANIFEST", None)
    return env


def weerstand() -> str:
    exe = Path(sys.executable).with_name("weerstand")
    return str(exe) if exe.exists() else "weerstand"


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback only)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"de server op {url} kwam niet op")


def totp_code(username: str) -> str:
    """A code the user's demo device accepts now (read from the scratch database)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from weerstand.testing import fresh_totp_code

    return fresh_totp_code(TOTPDevice.objects.get(user__username=username))


def sign_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/aanmelden")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(re.compile(r"/aanmelden/code"))
    page.get_by_label("Code uit uw authenticator-app").fill(totp_code(username))
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def shoot(page, path: Path) -> int:  # type: ignore[no-untyped-def]
    """Save the page (cut off at MAX_HEIGHT); return its full height in pixels."""
    page.wait_for_load_state("load")
    full = int(page.evaluate("() => document.documentElement.scrollHeight"))
    height = min(full, MAX_HEIGHT)
    page.screenshot(
        path=str(path),
        full_page=True,
        clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
        animations="disabled",
    )
    compact(path)
    return full


def compact(path: Path) -> None:
    """A screen has few colours: a 256-colour palette keeps the pictures a third of the size
    and still sharp. Skipped when Pillow is not installed."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def shown(full: int) -> str:
    cut = f", afgesneden op {MAX_HEIGHT} px" if full > MAX_HEIGHT else ""
    return f" ({full} px hoog{cut})"


def readme(out: Path, rows: list[tuple[str, str]]) -> None:
    lines = [
        "# De interface per rol",
        "",
        "Gemaakt met `make screenshots` (scripts/screenshots.py): de demowereld (`seed-demo`)",
        f"op een lege database, {WIDTH} px breed, per rol de startpagina en de pagina van de",
        f"hoofdtaak, bereikt door te klikken vanaf de startpagina. Langer dan {MAX_HEIGHT} px",
        "wordt afgesneden; de echte hoogte staat erbij. Opnieuw maken: `make screenshots`.",
        "",
    ]
    lines += [f"- [{name}]({name}): {text}" for name, text in rows]
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "ui"))
    parser.add_argument("--only", default="", help="comma-separated demo usernames")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    only = {u for u in args.only.split(",") if u}

    folder = Path(tempfile.mkdtemp(prefix="weerstand-screenshots-"))
    env = scratch_env(folder)
    os.environ.update({k: env[k] for k in ("WEERSTAND_VAR_DIR", "DATABASE_URL", "WEERSTAND_MODE")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weerstand.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    server = None
    try:
        subprocess.run([weerstand(), "migrate", "-v0"], env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [weerstand(), "seed-demo"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603
            [weerstand(), "serve", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"{base}/aanmelden")

        import django

        django.setup()
        from playwright.sync_api import sync_playwright

        from weerstand.core.demo import DEMO_PASSWORD

        rows: list[tuple[str, str]] = []
        with sync_playwright() as pw:
            chromium = shutil.which("chromium") or "/usr/bin/chromium"
            browser = pw.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            for job in JOBS:
                if only and job.username not in only:
                    continue
                ctx = browser.new_context(
                    base_url=base,
                    locale="nl-NL",
                    timezone_id="Europe/Amsterdam",
                    viewport={"width": WIDTH, "height": 900},
                )
                ctx.set_default_timeout(TIMEOUT_MS)
                page = ctx.new_page()
                sign_in(page, job.username, DEMO_PASSWORD)
                start = f"{job.role}-start.png"
                full = shoot(page, out / start)
                rows.append((start, f"{job.title.split(':')[0]}: startpagina{shown(full)}"))
                try:
                    job.steps(page)
                    name = f"{job.role}-{job.job}.png"
                    full = shoot(page, out / name)
                    rows.append((name, job.title + shown(full)))
                except Exception as exc:  # a missing job page is reported, not fatal
                    print(f"{job.username}: hoofdtaak niet bereikt: {exc}", file=sys.stderr)
                ctx.close()
                print(f"{job.username}: klaar")
            browser.close()
        if not only:
            readme(out, rows)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a worker stuck in a long solve
                server.kill()
                server.wait()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
