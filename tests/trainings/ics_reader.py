"""Read an iCalendar text back for the tests: check the line endings and the 75-octet limit,
unfold lines, undo the text escapes, and return the VEVENT's properties."""


def _unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def read_event(text: str) -> dict[str, str]:
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode()) <= 75 for line in physical)
    logical = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in logical
    start, end = logical.index("BEGIN:VEVENT"), logical.index("END:VEVENT")
    event = {}
    for line in logical[start + 1 : end]:
        name, value = line.split(":", 1)
        event[name] = (
            value if name in {"URL", "DTSTART", "DTEND", "DTSTAMP", "UID"} else _unescape(value)
        )
    return event
