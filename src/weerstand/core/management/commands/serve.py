"""`weerstand serve`: Weerstand behind gunicorn, the same server for the demo and production.

Why gunicorn with threaded workers (and not granian or `runserver`): see docs/benchmarks.md,
section 5. Every knob has an environment variable as its default, so a service unit sets the
environment and runs `weerstand serve` without arguments. Static files are served by the
application itself (whitenoise), compressed and cached for a year under their hashed names.

The production checks (`core.checks`) run when Django starts, in this command before the
server binds and again in every worker: a demo secret stops the server before it answers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from weerstand.conf.env import config, config_int

DEFAULT_WORKERS = 2


def _defaults() -> dict[str, Any]:
    """The environment's defaults (read through `conf.env`, like every other variable)."""
    return {
        "bind": config(
            "WEERSTAND_BIND", "127.0.0.1:8000", help="Address the server listens on (host:port)."
        ),
        "workers": config_int(
            "WEERSTAND_WORKERS",
            DEFAULT_WORKERS,
            help="Worker processes of `weerstand serve` (about one or two per core).",
        ),
        "threads": config_int(
            "WEERSTAND_THREADS", 4, help="Threads per worker process of `weerstand serve`."
        ),
        "timeout": config_int(
            "WEERSTAND_TIMEOUT",
            60,
            help="Seconds a request may run before its worker is killed and restarted.",
        ),
        "graceful_timeout": config_int(
            "WEERSTAND_GRACEFUL_TIMEOUT",
            30,
            help="Seconds a worker may finish its running requests after a stop or reload.",
        ),
        "max_requests": config_int(
            "WEERSTAND_MAX_REQUESTS",
            2000,
            help="Requests after which a worker is replaced (0: never), against slow leaks.",
        ),
        "max_requests_jitter": config_int(
            "WEERSTAND_MAX_REQUESTS_JITTER",
            200,
            help="Random extra requests per worker, so workers are not all replaced at once.",
        ),
    }


def gunicorn_options(options: dict[str, Any]) -> dict[str, Any]:
    """The gunicorn settings for the given knobs (tested without starting a server)."""
    for name in ("workers", "threads", "timeout", "graceful_timeout"):
        if options[name] < 1:
            raise CommandError(f"--{name.replace('_', '-')} moet minstens 1 zijn.")
    for name in ("max_requests", "max_requests_jitter"):
        if options[name] < 0:
            raise CommandError(f"--{name.replace('_', '-')} mag niet negatief zijn.")
    host, sep, port = options["bind"].rpartition(":")
    if not sep or not host or not port.isdigit():
        raise CommandError("--bind moet de vorm host:poort hebben, bijvoorbeeld 127.0.0.1:8000.")
    return {
        "bind": [options["bind"]],
        "workers": options["workers"],
        "worker_class": "gthread",
        "threads": options["threads"],
        "timeout": options["timeout"],
        "graceful_timeout": options["graceful_timeout"],
        "max_requests": options["max_requests"],
        "max_requests_jitter": options["max_requests_jitter"] if options["max_requests"] else 0,
        # Our own middleware writes one JSON (or text) access line per request with the
        # request id and the user id; gunicorn's access log would repeat it with the query
        # string, which may hold search text.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "weerstand",
        # No control socket in the home folder: the server is managed by signals (TERM stops
        # gracefully, HUP reloads, TTIN/TTOU add or remove a worker).
        "control_socket_disable": True,
        # Forwarded headers only from a proxy on this machine; the remote address otherwise.
        "forwarded_allow_ips": "127.0.0.1,::1",
    }


class Command(BaseCommand):
    help = (
        "Start Weerstand met gunicorn (threaded workers): dezelfde server voor de demo en "
        "productie. Elke optie heeft een omgevingsvariabele als standaard (tussen haakjes). "
        "Statische bestanden levert de toepassing zelf (whitenoise), gecomprimeerd."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        d = _defaults()
        parser.add_argument(
            "--bind",
            default=d["bind"],
            help=f"host:poort om op te luisteren (WEERSTAND_BIND, nu {d['bind']}).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=d["workers"],
            help="Aantal werkprocessen; ongeveer één à twee per processorkern "
            f"(WEERSTAND_WORKERS, nu {d['workers']}).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=d["threads"],
            help="Threads per werkproces; verzoeken die op de database wachten delen zo een "
            f"proces (WEERSTAND_THREADS, nu {d['threads']}).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=d["timeout"],
            help="Seconden dat een verzoek mag duren voordat het werkproces wordt gestopt en "
            f"vervangen (WEERSTAND_TIMEOUT, nu {d['timeout']}).",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=d["graceful_timeout"],
            help="Seconden dat lopende verzoeken na een stop- of herlaadsignaal nog mogen "
            f"afmaken (WEERSTAND_GRACEFUL_TIMEOUT, nu {d['graceful_timeout']}).",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=d["max_requests"],
            help="Na zoveel verzoeken wordt een werkproces vervangen, tegen langzame lekken; "
            f"0 = nooit (WEERSTAND_MAX_REQUESTS, nu {d['max_requests']}).",
        )
        parser.add_argument(
            "--max-requests-jitter",
            type=int,
            default=d["max_requests_jitter"],
            help="Willekeurig extra aantal verzoeken per werkproces, zodat ze niet tegelijk "
            f"worden vervangen (WEERSTAND_MAX_REQUESTS_JITTER, nu {d['max_requests_jitter']}).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Toon de serverinstellingen en stop zonder te starten.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        opts = gunicorn_options(options)
        if options["check"]:
            for key in sorted(opts):
                self.stdout.write(f"{key} = {opts[key]}\n")
            return
        from django.core.wsgi import get_wsgi_application
        from gunicorn.app.base import BaseApplication

        application = get_wsgi_application()  # what weerstand/wsgi.py serves

        class _Server(BaseApplication):  # gunicorn ships no types
            def load_config(self) -> None:
                for key, value in opts.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        if settings.DEBUG:
            self.stderr.write("Let op: DJANGO_DEBUG staat aan.\n")
        _Server().run()
