"""Small fixes to sentences built from parts."""

import re

# Two full stops where a sentence ends on an abbreviation ("7:43 p.m." + "."), but not "...".
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def one_full_stop(text: str) -> str:
    """ "Saved at 7:43 p.m.." reads "Saved at 7:43 p.m.": one full stop after an abbreviation."""
    return _DOUBLE_STOP.sub(".", text)
