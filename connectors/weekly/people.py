"""People, roles and group words in a weekly schedule (SPEC §9).

"Đ/c …", "PCT Lê Văn Minh", "Phó Chủ tịch Phạm Thị Hoa", "Chủ tịch" are people for MR401
(a role without a name is the one holder of that role in the schedule's unit). Group words
("các Phó Chủ tịch", "các Phó Chủ tịch liên quan", "lãnh đạo các sở") are not a person and
never make an overlap by themselves.
"""

from __future__ import annotations

import re

import attrs

from connectors.weekly.grammar import flat

# Roles of the unit's leadership, folded → as written. "pho" roles first (longest match).
_ROLES = (
    ("pho chu tich", "Phó Chủ tịch"), ("pct", "Phó Chủ tịch"), ("chu tich", "Chủ tịch"),
    ("ct", "Chủ tịch"), ("pho bi thu", "Phó Bí thư"), ("bi thu", "Bí thư"),
)
# What may stand between a role and a name: the unit the role belongs to.
_OWN_BODY = re.compile(r"\s*(?:ubnd|uy ban nhan dan)?\s*(?:tinh|xa|phuong)?\s*")
_OTHER_BODY = re.compile(r"\s*(?:hdnd|hoi dong nhan dan|ubmttq|mat tran|uy ban mttq|hoi|cong doan|dang uy|tinh uy|huyen uy)")
_GROUP = re.compile(
    r"(?<![a-z])(?:cac\s+(?:dong chi|d/c|pho chu tich|pct|thanh vien|lanh dao|so|nganh|don vi|co quan|pho)"
    r"|lanh dao\s+(?:cac|ubnd|uy ban|van phong|so|xa|tinh)|thuong truc|tap the|toan the)"
)
_COMRADE = re.compile(r"(?<![a-z])(?:d/c|dc\.|dong chi)\s+")
_ROLE = re.compile(r"(?<![a-z/])(" + "|".join(re.escape(f) for f, _ in _ROLES) + r")(?![a-z])")
_ROLE_NAMES = dict(_ROLES)


@attrs.frozen
class Mention:
    """A person named in an item: a name, a role of the unit, or both."""

    name: str = ""
    role: str = ""


def _name_at(original: str, folded: str, position: int, place_words: frozenset[str]) -> str:
    """Two to four capitalised words starting at ``position`` (a Vietnamese name), else ""."""
    words = []
    for match in re.finditer(r"\S+", original[position:]):
        word = match.group().strip(",;:.()–-")
        raw = match.group()
        if not word or not word[0].isupper() or not word.replace("-", "").isalpha():
            break
        if flat(word)[1] in place_words and not words:
            return ""
        words.append(word)
        if raw != word or len(words) == 4:  # punctuation ends the name
            break
    if len(words) < 2:
        return ""
    return " ".join(words)


def mentions(text: str, place_words: frozenset[str] = frozenset()) -> tuple[list[Mention], bool]:
    """The people an item's text names, and whether it names a group.

    >>> ms, group = mentions("PCT Lê Văn Minh, Đ/c Nguyễn Thị Lan dự; các Phó Chủ tịch liên quan")
    >>> [(m.name, m.role) for m in ms], group
    ([('Lê Văn Minh', 'Phó Chủ tịch'), ('Nguyễn Thị Lan', '')], True)
    >>> [(m.name, m.role) for m in mentions("Chủ tịch UBND tỉnh chủ trì")[0]]
    [('', 'Chủ tịch')]
    >>> [(m.name, m.role) for m in mentions("Đ/c Lê Văn Minh - PCT UBND tỉnh dự")[0]]
    [('Lê Văn Minh', 'Phó Chủ tịch')]
    """
    original, folded = flat(text)
    found: list[tuple[int, Mention]] = []
    taken: list[tuple[int, int]] = []
    group = False
    for match in _GROUP.finditer(folded):
        group = True
        stop = re.compile(r"[,;(]|\s(?:va|voi|chu tri|du)\s").search(folded, match.end())
        taken.append((match.start(), stop.start() if stop else len(folded)))  # the group's own words
    named_ends: dict[int, int] = {}  # where a comrade's name ends → its index in ``found``
    for match in _COMRADE.finditer(folded):
        name = _name_at(original, folded, match.end(), place_words)
        if name:
            found.append((match.start(), Mention(name=name)))
            end = match.end() + len(name)
            taken.append((match.start(), end))
            named_ends[end] = len(found) - 1
    for match in _ROLE.finditer(folded):
        if any(a <= match.start() < b for a, b in taken):
            continue
        role = _ROLE_NAMES[match.group(1)]
        owner = next((i for end, i in named_ends.items() if 0 <= match.start() - end <= 3), None)
        if owner is not None and not _OTHER_BODY.match(folded, match.end()):
            # "Đ/c Lê Văn Minh - PCT UBND tỉnh": the role of the name just before it.
            position, mention = found[owner]
            found[owner] = (position, Mention(name=mention.name, role=role))
            continue
        if match.group(1) == "ct" and original[match.start():match.end()] != "CT":
            continue
        if _OTHER_BODY.match(folded, match.end()):
            continue
        after = _OWN_BODY.match(folded, match.end()).end()
        name = _name_at(original, folded, after, place_words)
        found.append((match.start(), Mention(name=name, role=role)))
        taken.append((match.start(), after + len(name)))
    found.sort(key=lambda pair: pair[0])
    unique: list[Mention] = []
    for _, mention in found:
        if mention not in unique:
            unique.append(mention)
    return unique, group


class Roster:
    """Who holds which role in one schedule: names seen with a role resolve bare roles."""

    def __init__(self, unit: str):
        self.unit = unit
        self.holders: dict[str, set[str]] = {}
        self.roles_of: dict[str, str] = {}

    def learn(self, found: list[Mention]) -> None:
        """Remember the names each role is written with."""
        for mention in found:
            if mention.role and mention.name:
                self.holders.setdefault(mention.role, set()).add(mention.name)
                self.roles_of[mention.name] = mention.role

    def identity(self, mention: Mention) -> str | None:
        """The person a mention is, or ``None`` when a bare role has several holders here."""
        if mention.name:
            return mention.name
        holders = self.holders.get(mention.role, set())
        if len(holders) == 1:
            return next(iter(holders))
        if not holders:
            return f"{mention.role} {self.unit}".strip()
        return None
