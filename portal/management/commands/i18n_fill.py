"""Developer tool: fill the zh_Hans catalogue from a JSON file {msgid: msgstr} and compile it.

    python manage.py i18n_fill                # fill from every locale/translations/*.json, compile
    python manage.py i18n_fill extra.json     # fill from one file
    python manage.py i18n_fill --missing      # print untranslated msgids as JSON

Translations live in ``locale/translations/<area>.json`` ({"English msgid": "中文"}), one file per
area of the code, so that work on different areas never edits the same lines; ``make messages``
extracts the msgids, fills them from all those files and compiles the ``.mo``.  Plural entries
take a list; an entry with a context (pgettext) has the key "context|msgid".
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_paths():
    base = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    return [p for p in (base / "django.po", base / "djangojs.po") if p.exists()]


def entry_key(entry):
    """A msgid, or "context|msgid" for an entry with a context (pgettext)."""
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def translation_dir():
    return Path(settings.LOCALE_PATHS[0]) / "translations"


class Command(BaseCommand):
    help = "Fill and compile the zh_Hans translation catalogue."

    def add_arguments(self, parser):
        parser.add_argument("json_file", nargs="?")
        parser.add_argument("--missing", action="store_true")

    def handle(self, *args, json_file, missing, **options):
        import polib

        if missing:
            todo = {}
            for path in catalogue_paths():
                for entry in polib.pofile(str(path)):
                    if entry.obsolete:
                        continue
                    if not entry.translated() or "fuzzy" in entry.flags:
                        todo[entry_key(entry)] = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else ""
            json.dump(todo, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return
        files = [Path(json_file)] if json_file else sorted(translation_dir().glob("*.json"))
        if not files:
            raise CommandError("no translation files")
        translations = {}
        for path in files:
            translations.update(json.loads(path.read_text(encoding="utf-8")))
        filled = 0
        for path in catalogue_paths():
            po = polib.pofile(str(path))
            for entry in po:
                key = entry_key(entry)
                if key in translations:
                    value = translations[key]
                    if entry.msgid_plural:
                        values = value if isinstance(value, list) else [value]
                        entry.msgstr_plural = {0: values[0]}
                    else:
                        entry.msgstr = value
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    filled += 1
            po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
            po.metadata["Language"] = "zh_Hans"
            po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            po.save()
            po.save_as_mofile(str(path.with_suffix(".mo")))
        self.stdout.write(f"filled {filled} entries")
