"""Django settings for Kaopu, read from the environment (12-factor).

Every value a deployment may change comes from an environment variable; the defaults give a
working single-machine platform on an embedded SQLite database under ``var/``. See README.md,
section "Deploying", for the production variables.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp

PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout (make demo, make test) var/ sits beside src/; an installed package keeps
# its state in the working directory unless KAOPU_VAR_DIR says where (README, "Deploying").
_CHECKOUT = PACKAGE_DIR.parent.parent
BASE_DIR = Path(os.environ.get("KAOPU_HOME", _CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else Path.cwd()))
BASE_DIR = BASE_DIR.resolve()
VAR_DIR = Path(os.environ.get("KAOPU_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment; otherwise one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The content guard's allow-list of link domains (a domain allows its subdomains); the platform's own hosts
# (ALLOWED_HOSTS) are always allowed too. Any other link in a public text is a finding (kaopu.publicity.guard).
CONTENT_GUARD_LINK_DOMAINS = env_list("CONTENT_GUARD_LINK_DOMAINS", "gov.cn")

INSTALLED_APPS = [
    "kaopu.core.admin_site.KaopuAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",  # the public site's sitemap.xml (kaopu.publicity.sitemaps)
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "ninja",  # only for its static Swagger UI files: the API docs page must not load a CDN
    "kaopu.core.admin_site.LoginLockoutConfig",  # django-axes, named in the admin's language
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kaopu.core",
    "kaopu.audit",
    "kaopu.directory",
    "kaopu.accounts",
    "kaopu.notifications",
    "kaopu.appeals",
    "kaopu.dialogues",
    "kaopu.legal",
    "kaopu.finance",
    "kaopu.investment",
    "kaopu.chambers",
    "kaopu.membership",
    "kaopu.programs",
    "kaopu.giving",
    "kaopu.twofactor",
    "kaopu.publicity",  # after the feature apps: its guard will scan their public pages
    "kaopu.insights",  # after the feature apps: the cockpit reads the figures they register
    "kaopu.reports",  # the work report: reads the same registry as the cockpit
    "kaopu.exports",  # last: it reads every app's exports.py (kaopu.core.exporting)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (below, "Security headers")
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second step was passed
    "kaopu.core.middleware.IdleTimeoutMiddleware",
    # Before any password is checked: refuses a login POST from a throttled address (twofactor/throttle.py).
    "kaopu.twofactor.throttle.LoginThrottleMiddleware",
    # Until the second step (or enrolment, where the policy requires it) every page sends there.
    "kaopu.twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A password someone else chose, or an expired one, must be changed before anything else.
    "kaopu.accounts.middleware.PasswordPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kaopu.urls"
FORM_RENDERER = "kaopu.core.form_rendering.FormRenderer"  # labels end in "：" in Chinese, none after a checkbox
WSGI_APPLICATION = "kaopu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django's own templates that Kaopu replaces (the admin's frame: admin/base_site.html). The admin
        # app is first in INSTALLED_APPS, so only a directory searched before the apps can replace them.
        "DIRS": [PACKAGE_DIR / "core" / "templates" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kaopu.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects the database; the default is an SQLite file in WAL mode under var/.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kaopu.sqlite3'}"
_db = dj_database_url.parse(
    DATABASE_URL,
    conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    conn_health_checks=True,
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE makes a writing transaction take the
        # write lock at BEGIN, so two writers queue instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["CONN_MAX_AGE"] = 0
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Our backend only adds a UTF-8 ctype to the test database it creates (see docs/pitfalls.md:
    # pg_trgm extracts no trigrams from Chinese under LC_CTYPE=C).
    _db["ENGINE"] = "kaopu.core.postgresql"
    _db.setdefault("TEST", {})["TEMPLATE"] = "template0"
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Task queue (huey) -----------------------------------------------------------------------
# SQLite storage under var/ by default; Redis when REDIS_URL is set (several app servers).
# Start the consumer with `kaopu run_huey` (`kaopu demo` starts one for you).
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "kaopu",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "kaopu",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# --- Accounts and login ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kaopu.accounts.backends.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "kaopu.accounts.passwords.ComplexityValidator"},
    {"NAME": "kaopu.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
# Days a password lives, per role ("fic_staff=90,enterprise_user=180"; 0 or absent: never expires).
# Unset: 90 days for FIC staff, leaders, department handlers and the three administrators
# (kaopu.accounts.passwords.DEFAULT_MAX_AGE_DAYS).
if os.environ.get("KAOPU_PASSWORD_MAX_AGE_DAYS"):
    KAOPU_PASSWORD_MAX_AGE_DAYS = {
        role.strip(): int(days) for role, _sep, days in
        (item.partition("=") for item in env_list("KAOPU_PASSWORD_MAX_AGE_DAYS"))}
# The longest lifetime of an API token, in days (the default a user gets).
KAOPU_TOKEN_MAX_DAYS = int(os.environ.get("KAOPU_TOKEN_MAX_DAYS", "90"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures for one user name from one address lock that pair for 30 minutes (django-axes).
# By the pair, not the user name alone: a stranger guessing the security administrator's password from
# elsewhere must not lock the administrator out at their own desk. Guessing across many user names is
# stopped by the per-address and site-wide throttles below (kaopu/twofactor/throttle.py).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind PROXY_COUNT proxies, as the audit log records it (without it axes sees
# only nginx's address, and every pair would share it).
AXES_CLIENT_IP_CALLABLE = "kaopu.twofactor.throttle.client_address"
# The lockout page says how long the lock lasts from AXES_COOLOFF_TIME.
AXES_LOCKOUT_CALLABLE = "kaopu.twofactor.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# Per address: this many failed logins (passwords and second-step codes, over every user name) within the
# window make the address wait until the oldest leaves the window. A district office behind one NAT
# address shares this budget, hence well above axes' five per user.
KAOPU_LOGIN_ADDRESS_LIMIT = int(os.environ.get("KAOPU_LOGIN_ADDRESS_LIMIT", "30"))
KAOPU_LOGIN_ADDRESS_WINDOW_MINUTES = int(os.environ.get("KAOPU_LOGIN_ADDRESS_WINDOW_MINUTES", "15"))
# Site-wide: this many failures within a minute, from anywhere, pause logins from addresses nobody has
# logged in from within KAOPU_LOGIN_KNOWN_ADDRESS_DAYS (known addresses without failures go on).
KAOPU_LOGIN_GLOBAL_LIMIT = int(os.environ.get("KAOPU_LOGIN_GLOBAL_LIMIT", "60"))
KAOPU_LOGIN_KNOWN_ADDRESS_DAYS = int(os.environ.get("KAOPU_LOGIN_KNOWN_ADDRESS_DAYS", "90"))

# Two-factor authentication (TOTP, django-otp): the roles that must use it unless the security
# administrator decides otherwise per role on /security/two-factor/ (rows there override this).
KAOPU_TWO_FACTOR_REQUIRED_ROLES = env_list(
    "KAOPU_TWO_FACTOR_REQUIRED_ROLES",
    "fic_staff,district_leader,department_handler,system_admin,security_admin,audit_admin")
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = os.environ.get("KAOPU_TOTP_ISSUER", "靠谱 Kaopu")

# Sessions end after SESSION_IDLE_MINUTES without a request (IdleTimeoutMiddleware).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kaopu.core.views_errors.csrf_failure"  # in the platform's frame and language

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("KAOPU_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
KAOPU_IMPORT_MAX_BYTES = int(os.environ.get("KAOPU_IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
# What an uploaded workbook may expand to when opened (core/archives.py): a 100,000-row roster expands
# to about 100 MB, 13 times its compressed size; a zip bomb expands a thousand times.
KAOPU_IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("KAOPU_IMPORT_MAX_UNCOMPRESSED_BYTES",
                                                         str(500 * 1024 * 1024)))
KAOPU_IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("KAOPU_IMPORT_MAX_COMPRESSION_RATIO", "100"))
# A workbook whose sheets expand to at most this is read with calamine (fast, the whole sheet in memory,
# about 1.7 times its XML); a larger one with openpyxl (twelve times slower, constant memory). See
# kaopu/core/workbook_reader.py.
KAOPU_IMPORT_FAST_READ_MAX_BYTES = int(os.environ.get("KAOPU_IMPORT_FAST_READ_MAX_BYTES", str(128 * 1024 * 1024)))
# Hours an export's file is kept for its owner to download (kaopu.exports); then the hourly sweep deletes it.
KAOPU_EXPORT_KEEP_HOURS = int(os.environ.get("KAOPU_EXPORT_KEEP_HOURS", "72"))

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kaopu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
# HTTPS settings are on unless KAOPU_INSECURE_HTTP is set (the demo and the tests set it): a
# production deployment passes `manage.py check --deploy` with no warning.
INSECURE_HTTP = env_bool("KAOPU_INSECURE_HTTP", DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, so that an
# injected <script>, on*="" handler or style attribute does not run. Templates hold no inline script
# or style and no event handler attribute (core/tests/test_csp.py scans them): behaviour is declared
# with data attributes that core/static/kaopu/kaopu.js handles, and htmx is told neither to eval nor
# to add its indicator <style> (the htmx-config meta tag in core/base.html). img-src allows data:
# for the QR codes and the Swagger UI's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
if not INSECURE_HTTP:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Kaopu -----------------------------------------------------------------------------------
# The district a fresh installation serves; the demo and `kaopu seed` fill it.
KAOPU_DEFAULT_DISTRICT = os.environ.get("KAOPU_DISTRICT", "普陀区")
KAOPU_PAGE_SIZE = 50
# Meetings (kaopu.dialogues): check-in opens this many minutes before a meeting starts and closes
# when it ends, for every way of checking in (the staff's code field and scanner, the tick list, the API).
KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE = int(os.environ.get("KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE", "60"))

# --- Audit log -------------------------------------------------------------------------------
# Each audit entry carries an HMAC-SHA256 made with a key that is NOT in the database, so that
# someone with database rights cannot rewrite entries and recompute the chain. Production sets
# KAOPU_AUDIT_KEY from a secret store (README "Deploying"); the demo and a development checkout
# generate one once under var/. Rotation: put the new key in KAOPU_AUDIT_KEY and move the old one to
# KAOPU_AUDIT_OLD_KEYS (comma-separated), so entries signed before still verify.


def _audit_key() -> str:
    if key := os.environ.get("KAOPU_AUDIT_KEY"):
        return key
    key_file = VAR_DIR / "audit_key"
    try:  # O_EXCL: two processes starting at once must not write two different keys
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()


AUDIT_KEY = _audit_key()
AUDIT_OLD_KEYS = env_list("KAOPU_AUDIT_OLD_KEYS")
# Signed checkpoints (the newest sequence and its HMAC) go to an append-only file outside the
# database and/or to syslog, every AUDIT_CHECKPOINT_MINUTES by the task queue and on
# `kaopu audit checkpoint`; `kaopu audit verify` compares the database with the newest one.
# An empty KAOPU_AUDIT_CHECKPOINT_FILE turns the file off (syslog only).
AUDIT_CHECKPOINT_FILE = os.environ.get("KAOPU_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log"))
AUDIT_CHECKPOINT_SYSLOG = os.environ.get("KAOPU_AUDIT_SYSLOG", "")  # "/dev/log" or "loghost:514" (UDP)
AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("KAOPU_AUDIT_CHECKPOINT_MINUTES", "10"))
