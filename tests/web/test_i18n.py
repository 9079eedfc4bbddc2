"""Translations: complete catalogs for every language, and the page in the language it should be.

The catalogs live in partnership/translations/ (Flask-Babel's default, relative to the package).
When a test here fails after a change to the texts: run make translations and translate the new
strings in each partnership/translations/<lang>/LC_MESSAGES/messages.po.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask_babel import refresh

from partnership import config
from partnership.i18n.catalog import MESSAGES
from partnership.i18n.markers import Plural

from ..helpers import login, make_user

ROOT = config.ROOT
TRANSLATIONS = ROOT / "partnership" / "translations"
LANGUAGES = ["es", "it", "sv", "ar"]
FIX = "run make translations and translate the new strings"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "NP_": (1, 2),
    "lazy_ngettext": (1, 2),
}  # see Makefile
SKIPPED_DIRS = {"node_modules", "tests", "instance", "migrations", "static", "docs"}

# A word of /login that each language must show instead of the English "Log in".
LOGIN_WORD = {"es": "Iniciar sesión", "it": "Accedi", "sv": "Logga in", "ar": "تسجيل الدخول"}
# "My partnerships", the heading of /partnerships, in each language.
MY_PARTNERSHIPS = {
    "es": "Mis colaboraciones",
    "it": "Le mie collaborazioni",
    "sv": "Mina samarbeten",
    "ar": "شراكاتي",
}
RTL_CSS = "vendor/bootstrap.rtl.min.css"
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def _po(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _pot():
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        return read_po(f)


def _ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def _count_of(plural_id: tuple) -> str:
    """The value whose number chooses a plural's form: the catalog's ``NP_(..., count)``, or
    ``num`` for ngettext in views and templates (Flask-Babel's name for it)."""
    for template in MESSAGES.values():
        if isinstance(template, Plural) and (template.singular, template.plural) == plural_id:
            return template.count
    return "num"


def _source_ids() -> set:
    """What `pybabel extract -F babel.cfg` finds in the code today, without writing a file."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)

    def directory_filter(path: str) -> bool:
        name = Path(path).name
        return not name.startswith((".", "_")) and name not in SKIPPED_DIRS

    found = extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=directory_filter
    )
    ids = set()
    for _filename, _lineno, message, _comments, _context in found:
        if isinstance(message, tuple):
            message = tuple(part for part in message if part)  # ngettext's count slot is None
            ids.add(message if len(message) > 1 else message[0])
        else:
            ids.add(message)
    return ids


@pytest.fixture
def i18n_client(app):
    # Tests hold one app context across requests, and Flask-Babel caches the locale in it
    # (flask.g); in production each request has its own. Forget it before each request.
    app.before_request(refresh)
    return app.test_client()


# --- The catalogs ------------------------------------------------------------------------------


def test_the_template_has_every_string_of_the_code():
    in_code, in_pot = _source_ids(), _ids(_pot())
    new = sorted(map(str, in_code - in_pot))
    gone = sorted(map(str, in_pot - in_code))
    assert not new and not gone, f"{FIX}: messages.pot is out of date; new {new}, gone {gone}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_has_the_templates_strings(lang):
    in_pot, in_po = _ids(_pot()), _ids(_po(lang))
    missing = sorted(map(str, in_pot - in_po))
    obsolete = sorted(map(str, in_po - in_pot))
    assert not missing and not obsolete, f"{FIX}: {lang} lacks {missing} and still has {obsolete}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_is_translated_and_nothing_is_fuzzy(lang):
    catalog = _po(lang)
    assert not catalog.fuzzy, f"{FIX}: the {lang} catalog's header is marked fuzzy"
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = catalog.num_plurals if message.pluralizable else 1
        if len(strings) != expected or not all(s and s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"{FIX}: untranslated in {lang}: {untranslated}"
    assert not fuzzy, f"{FIX}: fuzzy in {lang} (check and clear the flag): {fuzzy}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_compiles_and_its_committed_mo_is_current(lang):
    catalog = _po(lang)
    errors = [(message.id, [str(e) for e in errs]) for message, errs in catalog.check()]
    assert not errors, f"{lang}: {errors}"
    write_mo(io.BytesIO(), catalog)  # raises on anything that cannot compile
    mo_path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    assert mo_path.exists(), f"{FIX}: {mo_path} is missing (pybabel compile)"
    with open(mo_path, "rb") as f:
        compiled = read_mo(f)
    po_strings = {_key(m.id): _key(m.string) for m in catalog if m.id}
    mo_strings = {_key(m.id): _key(m.string) for m in compiled if m.id}
    assert po_strings == mo_strings, f"{FIX}: {mo_path} is older than its .po (pybabel compile)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_in_every_translation_match_the_original(lang):
    wrong = []
    for message in _po(lang):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            allowed = set(_placeholders(message.id[0])) | set(_placeholders(message.id[1]))
            every = set(_placeholders(message.id[1]))
            count = _count_of(message.id)
            forms = message.string
            # Any form may leave out the count ("once", "two", "un solo día"), and only the
            # count: none may drop another value or add a name, and the last, most general form
            # keeps every placeholder of the English plural.
            if (
                any(set(_placeholders(s)) - allowed for s in forms)
                or any(
                    not placeholder.startswith(f"%({count})")
                    for s in forms
                    for placeholder in every - set(_placeholders(s))
                )
                or set(_placeholders(forms[-1])) != every
            ):
                wrong.append((message.id, forms))
        elif _placeholders(message.string) != _placeholders(message.id):
            wrong.append((message.id, message.string))
    assert not wrong, f"{lang}: placeholders differ from the English (%(name)s, %%): {wrong}"


# --- The pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_is_shown_in_the_browsers_language(i18n_client, lang):
    html = i18n_client.get("/login", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    assert LOGIN_WORD[lang] in html
    assert ">Log in<" not in html
    assert (RTL_CSS in html) == (lang == "ar")


def test_arabic_is_right_to_left_with_the_rtl_stylesheet(i18n_client):
    html = i18n_client.get("/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert RTL_CSS in html
    assert "كلمة المرور" in html  # "Password"


def test_the_browsers_first_supported_language_is_the_default_for_anyone_logged_out(i18n_client):
    headers = {"Accept-Language": "de-DE,de;q=0.9,it-IT;q=0.8,it;q=0.7,en;q=0.5"}
    html = i18n_client.get("/login", headers=headers).get_data(as_text=True)
    assert '<html lang="it"' in html and "Accedi" in html
    html = i18n_client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="en"' in html and ">Log in<" in html


def test_a_users_stored_language_wins_over_the_browsers(i18n_client):
    make_user("greta@example.com", "Greta")
    login(i18n_client, "greta@example.com")
    spanish = {"Accept-Language": "es-ES,es;q=0.9"}
    html = i18n_client.get("/partnerships", headers=spanish).get_data(as_text=True)
    assert '<html lang="es"' in html  # nothing stored yet: the browser's language
    response = i18n_client.post(
        "/account/language", data={"lang-language": "sv"}, headers=spanish, follow_redirects=True
    )
    assert '<html lang="sv"' in response.get_data(as_text=True)
    html = i18n_client.get("/partnerships", headers=spanish).get_data(as_text=True)
    assert '<html lang="sv"' in html and MY_PARTNERSHIPS["sv"] in html
    arabic = i18n_client.get("/partnerships", headers={"Accept-Language": "ar"})
    assert 'dir="ltr"' in arabic.get_data(as_text=True)


def test_same_as_my_browser_goes_back_to_the_browsers_language(i18n_client):
    make_user("greta@example.com", "Greta")
    login(i18n_client, "greta@example.com")
    i18n_client.post("/account/language", data={"lang-language": "ar"})
    html = i18n_client.get("/partnerships", headers={"Accept-Language": "it"}).get_data(
        as_text=True
    )
    assert '<html lang="ar" dir="rtl"' in html and MY_PARTNERSHIPS["ar"] in html
    i18n_client.post("/account/language", data={"lang-language": ""})
    html = i18n_client.get("/partnerships", headers={"Accept-Language": "it"}).get_data(
        as_text=True
    )
    assert '<html lang="it" dir="ltr"' in html and MY_PARTNERSHIPS["it"] in html


def test_a_regional_browser_language_picks_its_language_over_a_later_exact_one(client):
    page = client.get("/login", headers={"Accept-Language": "sv-SE,en-US;q=0.9,en;q=0.8"})
    assert '<html lang="sv"' in page.get_data(as_text=True)
