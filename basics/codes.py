"""Random, human-typable codes for public URLs and join codes.

Crockford's base32 leaves out I, L, O and U, so a code read aloud or copied from paper
survives the usual mix-ups; `normalize_code` maps them back before a lookup.
"""

import secrets

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def random_code(length: int) -> str:
    """A code of `length` Crockford base32 characters: 5 bits of randomness each."""
    return "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(length))


def normalize_code(typed: str) -> str:
    """Uppercase, drop spaces and dashes, and undo the common letter/digit mix-ups."""
    cleaned = "".join(ch for ch in typed.upper() if ch not in " -\t")
    return cleaned.translate(_CONFUSABLES)


def group_code(code: str, size: int = 5) -> str:
    """Show a code in dash-separated groups, e.g. ``K7M2Q-9XW4B``."""
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def random_token() -> str:
    """An unguessable URL token (256 bits) for links sent by email."""
    return secrets.token_urlsafe(32)
