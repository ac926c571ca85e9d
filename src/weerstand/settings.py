"""Django settings for Weerstand, read from the environment through `conf.env`.

Demo mode (the default) runs on SQLite with known demo secrets; production mode refuses to
start with any demo secret or with DEBUG on (see `weerstand.core.checks`).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from weerstand.conf.env import config, config_bool, config_int
from weerstand.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(
    config("WEERSTAND_VAR_DIR", str(PROJECT_DIR / "var"), help="Folder for local state.")
)
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO_SECRET_KEY = "demo-insecure-weerstand-secret-key-do-not-use-in-production-0000"  # noqa: S105
# 32-byte keys, base64. Demo values are public and refused in production.
DEMO_FIELD_KEYS = "1:ZGVtby1maWVsZC1rZXktMS1kby1ub3QtdXNlLTAwMDA="
DEMO_AUDIT_SIGNING_KEY = "ZGVtby1hdWRpdC1zaWduaW5nLWtleS1kby1ub3QtdXNl"

MODE = config("WEERSTAND_MODE", "demo", help="'demo' or 'production'.")
SECRET_KEY = config("DJANGO_SECRET_KEY", DEMO_SECRET_KEY, help="Django secret key.", secret=True)
# Off in the demo too: Django's debug pages list the whole URL map and the settings to anyone
# who asks for an unknown URL. A developer opts in with DJANGO_DEBUG=1.
DEBUG = config_bool(
    "DJANGO_DEBUG", False, help="Debug pages (a developer's opt-in); never in production."
)
ALLOWED_HOSTS = [
    h.strip()
    for h in config(
        "DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver", help="Comma-separated hosts."
    ).split(",")
    if h.strip()
]
FIELD_ENCRYPTION_KEYS = config(
    "WEERSTAND_FIELD_KEYS",
    DEMO_FIELD_KEYS,
    help="Versioned field-encryption keys 'version:base64key,...'; the highest version encrypts.",
    secret=True,
)
AUDIT_SIGNING_KEY = config(
    "WEERSTAND_AUDIT_SIGNING_KEY",
    DEMO_AUDIT_SIGNING_KEY,
    help="Base64 Ed25519 private seed (32 bytes) that signs audit checkpoints.",
    secret=True,
)
AUDIT_CHECKPOINT_EVERY = config_int(
    "WEERSTAND_AUDIT_CHECKPOINT_EVERY", 100, help="Sign a checkpoint every N audit records."
)
AUDIT_ANCHOR_FILE = config(
    "WEERSTAND_AUDIT_ANCHOR_FILE",
    "",
    help="Optional append-only file outside the database that receives every checkpoint.",
)
AUDIT_RETIRED_PUBLIC_KEYS = [
    k.strip()
    for k in config(
        "WEERSTAND_AUDIT_RETIRED_PUBLIC_KEYS",
        "",
        help="Comma-separated base64 Ed25519 public keys of retired audit signing keys; "
        "`weerstand audit-verify` keeps trusting checkpoints they signed.",
    ).split(",")
    if k.strip()
]

DATABASES = {
    "default": dj_database_url.parse(
        config(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'weerstand.sqlite3'}",
            help="Database URL; SQLite file under var/ by default, postgres://... for PostgreSQL.",
        ),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }

AUDIT_SHARDS = (
    1
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    else config_int(
        "WEERSTAND_AUDIT_SHARDS",
        8,
        help="PostgreSQL: number of audit chains appended in parallel (SQLite always 1).",
    )
)

# Scheduled and background work runs on Django's tasks framework with the database as its queue
# (`core.jobqueue`): no broker to run, and PostgreSQL's row locks give each task one worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "weerstand.core",
    "weerstand.audit",
    "weerstand.organisations",
    "weerstand.accounts",
    "weerstand.policy",
    "weerstand.registry",
    "weerstand.cases",
    "weerstand.information",
    "weerstand.signals",
    "weerstand.gaps",
    "weerstand.search",
    "weerstand.assessments",
    "weerstand.catalogue",
    "weerstand.decisions",
    "weerstand.rights",
    "weerstand.capacity",
    "weerstand.modules",
    "weerstand.experience",
    "weerstand.portal",
    "weerstand.contact",
    "weerstand.resilience",
    "weerstand.crownwitness",
    "weerstand.consultations",
    "weerstand.matching",
    "weerstand.retention",
    "weerstand.learning",
    "weerstand.oversight",
    "weerstand.inspection",
    "weerstand.advisory",
]

MIDDLEWARE = [
    "weerstand.core.middleware.RequestIdMiddleware",
    "weerstand.core.api.middleware.ApiVersionMiddleware",
    "weerstand.core.middleware.RefuseNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Static files before sessions and sign-in: no session is read for a stylesheet. After
    # the security and CSP middleware, so static answers carry the same headers as pages.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "weerstand.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "weerstand.accounts.middleware.RequireVerifiedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# A streaming replica for reads (optional): the router sends the reads of page views that may
# be a little behind to it, everything else to the primary (`core.replica`, docs/deployment.md).
DATABASE_REPLICA_URL = config(
    "DATABASE_REPLICA_URL",
    "",
    help="Optional postgres://... URL of a streaming replica (read-only copy of DATABASE_URL); "
    "page views of users who have not just written read from it.",
)
REPLICA_PIN_SECONDS = config_int(
    "WEERSTAND_REPLICA_PIN_SECONDS",
    30,
    help="After a write, the browser's reads stay on the primary this many seconds "
    "(longer than the replica's worst expected lag).",
)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    # A replica that does not answer must not hold a page up: the request reads the primary.
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 3
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["weerstand.core.replica.ReplicaRouter"]
    MIDDLEWARE.insert(1, "weerstand.core.replica.ReplicaReadsMiddleware")

ROOT_URLCONF = "weerstand.urls"
WSGI_APPLICATION = "weerstand.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "weerstand.core.context_processors.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
# The model every protected row hangs from (team, state, classification, compartments). The
# policy kernel names it only through this setting, so it imports no domain app.
WEERSTAND_CASE_MODEL = "cases.Case"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"

# Sign-in throttling (accounts.throttle): growing delays per user name and per source address,
# for the web sign-in only; API tokens are never held up by them.
LOCKOUT_THRESHOLD = config_int(
    "WEERSTAND_LOCKOUT_THRESHOLD",
    5,
    help="Failed sign-ins for one user name before each further failure starts a delay.",
)
LOCKOUT_SOURCE_THRESHOLD = config_int(
    "WEERSTAND_LOCKOUT_SOURCE_THRESHOLD",
    20,
    help="Failed sign-ins from one source address before each further failure starts a delay.",
)
LOCKOUT_BASE_SECONDS = config_int(
    "WEERSTAND_LOCKOUT_BASE_SECONDS", 30, help="The first delay, doubled at every failure after."
)
LOCKOUT_MINUTES = config_int("WEERSTAND_LOCKOUT_MINUTES", 15, help="The longest delay, in minutes.")
LOCKOUT_FORGET_HOURS = config_int(
    "WEERSTAND_LOCKOUT_FORGET_HOURS",
    24,
    help="Failures older than this many hours no longer count.",
)
API_TOKEN_DAYS = config_int("WEERSTAND_API_TOKEN_DAYS", 30, help="Default API token lifetime.")
# First sign-in and credential resets: a one-time link to the person's own mailbox, never
# a secret shown to whoever knows the password (`accounts.enrolment`).
ENROLMENT_LINK_HOURS = config_int(
    "WEERSTAND_ENROLMENT_LINK_HOURS", 72, help="Hours an enrolment link stays valid."
)
PUBLIC_URL = config(
    "WEERSTAND_PUBLIC_URL",
    "http://127.0.0.1:8000",
    help="Address users reach Weerstand at; enrolment links in e-mails start with it.",
).rstrip("/")
_MAIL_BACKEND = config(
    "WEERSTAND_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
    help="Django e-mail backend; the demo writes each e-mail as a file under var/mail.",
)
_MAIL_OPTIONS: dict[str, object] = {}
if _MAIL_BACKEND.endswith("filebased.EmailBackend"):
    _MAIL_OPTIONS["file_path"] = config(
        "WEERSTAND_EMAIL_FILE_PATH",
        str(VAR_DIR / "mail"),
        help="Folder of the file-based e-mail backend (the demo's mailbox).",
    )
elif _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS |= {
        "host": config("WEERSTAND_EMAIL_HOST", "localhost", help="SMTP server."),
        "port": config_int("WEERSTAND_EMAIL_PORT", 25, help="SMTP port."),
        "use_tls": config_bool("WEERSTAND_EMAIL_USE_TLS", True, help="STARTTLS to the server."),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = config(
    "WEERSTAND_FROM_EMAIL", "weerstand@weerstand.invalid", help="Sender of Weerstand's e-mails."
)

# Probing (policy.probing): refused reads and writes are audited; this many by one user (or
# token) within the window raise one alert to the system administrators and inspectors.
PROBE_ALERT_THRESHOLD = config_int(
    "WEERSTAND_PROBE_ALERT_THRESHOLD",
    20,
    help="Refusals (hidden or unknown objects, refused writes) by one user within the window "
    "that raise an alert; 0 switches the alert off (the refusals are audited anyway).",
)
PROBE_ALERT_WINDOW_MINUTES = config_int(
    "WEERSTAND_PROBE_ALERT_WINDOW_MINUTES",
    10,
    help="Sliding window of the probing alert, in minutes; at most one alert per user per window.",
)

SESSION_COOKIE_AGE = (
    config_int("WEERSTAND_IDLE_MINUTES", 15, help="Idle minutes before a session expires.") * 60
)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "weerstand.core.views.csrf_failure"
SESSION_COOKIE_SECURE = MODE == "production"
CSRF_COOKIE_SECURE = MODE == "production"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (docs/deployment-headers.md). Scripts and styles
# come only from our own static files: no inline <script>, style="" or <style>, no event
# handler attributes, no eval (htmx is configured without it in base.html). No nonce is
# needed, so none is offered. Inline <svg> (QR code, timeline) is markup, not an image source.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Transport security. In production the site is HTTPS only: HSTS for a year with subdomains
# (preload is a separate, hard-to-undo commitment, so it is opt-in), and a redirect to HTTPS.
# Behind a TLS-terminating proxy Django sees plain HTTP; WEERSTAND_PROXY_SSL_HEADER names the
# header the proxy sets. Trust it only when the proxy overwrites that header on every request
# (a client could otherwise claim HTTPS); set it to "off" when nothing sits in front.
SECURE_HSTS_SECONDS = config_int(
    "WEERSTAND_HSTS_SECONDS",
    365 * 24 * 3600 if MODE == "production" else 0,
    help="Strict-Transport-Security max-age in seconds (production: one year; 0 = none).",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config_bool(
    "WEERSTAND_HSTS_INCLUDE_SUBDOMAINS", True, help="HSTS also for every subdomain."
)
SECURE_HSTS_PRELOAD = config_bool(
    "WEERSTAND_HSTS_PRELOAD", False, help="Ask browsers to preload HSTS (hard to undo)."
)
SECURE_SSL_REDIRECT = config_bool(
    "WEERSTAND_SSL_REDIRECT", MODE == "production", help="Redirect plain HTTP to HTTPS."
)


def _proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """'X-Forwarded-Proto: https' -> ('HTTP_X_FORWARDED_PROTO', 'https'); 'off' -> None."""
    if raw.strip().lower() in {"", "off", "none"}:
        return None
    name, sep, value = raw.partition(":")
    if not sep or not name.strip() or not value.strip():
        raise ValueError(f"WEERSTAND_PROXY_SSL_HEADER must be 'Header: value', got {raw!r}")
    return "HTTP_" + name.strip().upper().replace("-", "_"), value.strip()


SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(
    config(
        "WEERSTAND_PROXY_SSL_HEADER",
        "X-Forwarded-Proto: https" if MODE == "production" else "off",
        help="Header a trusted TLS proxy sets on every request ('off' without a proxy).",
    )
)
# Load balancers probe /health/* over plain HTTP on the internal network: no redirect there.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# Readiness (core.health) fails when no `run-jobs` beat within this many seconds; a runner
# beats every 30 seconds in --loop and once per --once run (with cron, set this above the
# cron interval). 0 leaves the job runner out of readiness.
JOB_HEARTBEAT_MAX_AGE_SECONDS = config_int(
    "WEERSTAND_JOB_HEARTBEAT_SECONDS",
    120,
    help="Seconds within which a job runner must have beaten for /health/ready to pass (0: off).",
)
OTP_TOTP_ISSUER = "Weerstand"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(
    config(
        "WEERSTAND_STATIC_ROOT",
        str(VAR_DIR / "static"),
        help="Folder `weerstand collectstatic` fills and the server serves static files from.",
    )
)
# Static files are served by the application (whitenoise), in the demo and in production,
# under whatever server runs it. With the manifest (after `weerstand collectstatic`, which
# `make run` does and every deployment must do) the names carry a content hash: whitenoise
# serves them with a year of caching (immutable), and gzip/brotli copies made at collect time.
# Without it (tests, a fresh checkout) the files come straight from the apps' static folders.
STATIC_MANIFEST = config_bool(
    "WEERSTAND_STATIC_MANIFEST",
    MODE == "production",
    help="Serve hashed, compressed static files from the collectstatic output (production: on).",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
if not STATIC_MANIFEST:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks there too
WHITENOISE_AUTOREFRESH = False
WHITENOISE_MAX_AGE = 3600  # files without a hash in their name; hashed ones: a year
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
APPEND_SLASH = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "weerstand.accounts.authentication.ApiTokenAuthentication",
        "weerstand.accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "weerstand.core.api.problems.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "weerstand.core.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["weerstand.core.api.parsers.StrictJSONParser"],
    "UNAUTHENTICATED_USER": None,
    # No `?format=`: the Accept header negotiates, and every query parameter is a documented
    # filter (an unknown one is a 400, not DRF's 404 for an unknown format).
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Weerstand API",
    "DESCRIPTION": "REST API of Weerstand, following the Dutch government API Design Rules.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Requests and responses described apart: a request object lists only what a client may
    # send (`additionalProperties: false`, `minLength: 1` where blank is refused), a response
    # what it gets.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CaseStateEnum": "weerstand.cases.models.CaseState",
        "MemberFunctionEnum": "weerstand.policy.models.MemberFunction",
        "EmployerMeasureStatusEnum": "weerstand.rights.models.EmployerMeasureStatus",
        "TrajectoryStatusEnum": "weerstand.crownwitness.models.TrajectoryStatus",
        "ExpertKindEnum": "weerstand.crownwitness.models.ExpertKind",
        "WeighingOutcomeEnum": "weerstand.crownwitness.models.WeighingOutcome",
        "SelectorKindEnum": "weerstand.matching.normalise.SelectorKind",
        "HoldKindEnum": "weerstand.retention.models.HoldKind",
        "AccessRequestStatusEnum": "weerstand.retention.models.AccessRequestStatus",
        # Four eyes answers the same two ways everywhere (decisions, compartment changes).
        "ApprovalOutcomeEnum": [("approved", "approved"), ("rejected", "rejected")],
    },
}

# One line per log record, with the request id; `json` for a log shipper (core/logs.py).
LOGGING = logging_config(
    config(
        "WEERSTAND_LOG_FORMAT",
        "text",
        help="'json' (one JSON object per line) or 'text'; both carry the request id.",
    )
    .strip()
    .lower()
)
WEERSTAND_ACCESS_LOG = config_bool(
    "WEERSTAND_ACCESS_LOG",
    True,
    help="One log line per request (method, path without query, status, duration, ids).",
)

# Request bodies: an API import or a base64 attachment (10 MB file) must fit; anything larger
# is refused by Django before a view sees it (400, problem+json in the API).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    config(
        "WEERSTAND_MAX_REQUEST_BYTES",
        str(32 * 1024 * 1024),
        help="Largest request body accepted, in bytes.",
    )
)

# Seconds the capacity planner may search per plan (the LCC page solves in the request).
CAPACITY_TIME_LIMIT = float(
    config(
        "WEERSTAND_CAPACITY_TIME_LIMIT",
        "10",
        help="Seconds per capacity-plan solve (1 to 120).",
    )
)

# Hit/no-hit with shielded investigations (the matching app): limits on registering selectors
# (nobody enumerates who is protected), when a refusal to share is reconsidered, and whom a
# coordinator calls about a hit on a case in a restricting compartment.
MATCHING_SELECTORS_PER_USER_HOUR = config_int(
    "WEERSTAND_MATCHING_SELECTORS_PER_USER_HOUR",
    50,
    help="Selectors one user may register per hour (either side); more is refused.",
)
MATCHING_SELECTORS_PER_INVESTIGATION_DAY = config_int(
    "WEERSTAND_MATCHING_SELECTORS_PER_INVESTIGATION_DAY",
    200,
    help="Selectors one shielded investigation may register per day; more is refused.",
)
MATCHING_BULK_THRESHOLD = config_int(
    "WEERSTAND_MATCHING_BULK_THRESHOLD",
    20,
    help="Selectors by one user within the bulk window that alert the compartment owners.",
)
MATCHING_BULK_WINDOW_MINUTES = config_int(
    "WEERSTAND_MATCHING_BULK_WINDOW_MINUTES",
    10,
    help="The bulk window in minutes; the owners are alerted at most once per window.",
)
MATCHING_RECONSIDER_DAYS = config_int(
    "WEERSTAND_MATCHING_RECONSIDER_DAYS",
    91,
    help="Default days until a decision not to share a hit is reconsidered.",
)
MATCHING_NCTV_DUTY_DESK = config(
    "WEERSTAND_MATCHING_NCTV_DUTY_DESK",
    "NCTV-piket bewaken en beveiligen (24/7)",
    help="NCTV contact named for a hit on a case in a restricting compartment (its owner stays"
    " unnamed).",
)
