"""A translated course file mirrors its English file: same shape, only the words change.

A translation (``naloxone.es.toml`` beside ``naloxone.toml``) repeats every table, list and key
of the English file in the same order. Strings are translated, except the fields that name
things rather than say things (slugs, source keys and URLs, block types, illustration names,
choice kinds). Numbers, dates and booleans (which choice is correct, partial credit, hours,
pass mark) are the same. So a translated question is the same question: the loader can pair
each translated item with its English one by position, and learners' answers in either
language count toward the same course.
"""

from pathlib import Path

# Keys whose string values are names, not prose: they must be identical in every language.
UNTRANSLATED_KEYS = frozenset(
    {
        "slug",
        "key",
        "url",
        "audience",
        "topics",
        "delivery_format",
        "last_reviewed",
        "prerequisites",
        "sources",
        "kind",
        "type",
        "image",
    }
)


def translation_path(english: Path, language: str) -> Path:
    """``naloxone.toml`` -> ``naloxone.es.toml``."""
    return english.with_name(f"{english.stem}.{language}{english.suffix}")


def mirror_differences(english, translated, where: str = "", key: str = "") -> list[str]:
    """Every place where `translated` does not mirror `english`, as "where: what" lines."""
    here = where or "the file"
    if isinstance(english, dict):
        if not isinstance(translated, dict):
            return [f"{here}: should be a table"]
        problems = []
        missing = [name for name in english if name not in translated]
        extra = [name for name in translated if name not in english]
        if missing:
            problems.append(f"{here}: missing {', '.join(missing)}")
        if extra:
            problems.append(f"{here}: not in the English file: {', '.join(extra)}")
        for name in english:
            if name in translated:
                inner = f"{where}.{name}" if where else name
                problems += mirror_differences(english[name], translated[name], inner, name)
        return problems
    if isinstance(english, list):
        if not isinstance(translated, list):
            return [f"{here}: should be a list"]
        if len(english) != len(translated):
            return [f"{here}: {len(translated)} items, the English file has {len(english)}"]
        problems = []
        for number, (left, right) in enumerate(zip(english, translated, strict=True), start=1):
            problems += mirror_differences(left, right, f"{here}[{number}]", key)
        return problems
    if isinstance(english, str) and key not in UNTRANSLATED_KEYS:
        if not isinstance(translated, str):
            return [f"{here}: should be text"]
        if bool(english.strip()) != bool(translated.strip()):
            return [f"{here}: empty in one language only"]
        return []
    if english != translated or type(english) is not type(translated):
        return [f"{here}: must stay {english!r} (it is {translated!r})"]
    return []


def translated_course_files(names, directory: Path, language: str) -> list[str]:
    """The translations into `language` that exist, as file names, in the order of `names`."""
    return [
        translation_path(directory / name, language).name
        for name in names
        if translation_path(directory / name, language).exists()
    ]
