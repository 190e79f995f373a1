"""Policies: every number, table and switch of the regime, as data.

The built-in profile ``hung-yen-2026`` lives in ``meetingrules/data/hung-yen-2026.toml``.
A TOML policy file overrides or extends it: tables merge key by key, a list replaces the
built-in list, and ``extend_<key> = [...]`` appends to it instead. Unknown keys, values of
the wrong type and values out of range are refused with a message naming the key and line.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import importlib.resources
import math
import re
import tomllib
import zoneinfo
from typing import Any

import attrs

from meetingrules.errors import PolicyError
from meetingrules.i18n import Text
from meetingrules.model import Format, Kind, Level, MeetingClass, Scope, Severity
from meetingrules.text import fold

BUILTIN = "hung-yen-2026"
ENFORCEMENT_MODES = ("warn-only", "deny-on-error", "deny-on-warning")
PERIOD_MODES = ("cutoff", "calendar")
# Tables whose keys are free (user-chosen), not fixed by the built-in profile.
_FREE_TABLES = {("categories",), ("rules", "severity")}
_CATEGORY_ATTRIBUTES = {
    "kind": Kind,
    "class": MeetingClass,
    "scope": Scope,
    "format": Format,
    "level": Level,
}


@attrs.frozen
class WorkingSession:
    """A working session (buổi) of the day, e.g. morning 07:30–11:30."""

    name: str
    start: dt.time
    end: dt.time

    @property
    def seconds(self) -> int:
        """The session's length in seconds."""
        return _seconds(self.end) - _seconds(self.start)


@attrs.frozen
class Cap:
    """A length cap stated in days, with its converted hours and sessions."""

    days: float
    seconds: float
    sessions: float

    @property
    def hours(self) -> float:
        """The cap in hours."""
        return self.seconds / 3600


@attrs.frozen
class Speeches:
    """``[speeches]``: speech lengths in minutes and the discussion share (MR201–MR205)."""

    opening: float
    contribution: float
    concluding_total: float
    discussion_min_share: float


@attrs.frozen
class Targets:
    """``[targets]``: the yearly targets (MR301–MR304)."""

    province_wide_per_year: int
    online_share_min: float
    reduction_min: float
    commune_wide_per_year: int


@attrs.frozen
class Counting:
    """``[counting]``: what counts, and how events are put together."""

    hybrid_counts_as_online: bool
    tentative_counts: bool
    group_consecutive_days: bool
    organizer_overlaps: bool


#: The policy tables read as attrs values (``policy.speeches.opening`` …).
TYPED_SECTIONS = ("speeches", "targets", "counting")


def _section(cls, table: dict[str, Any]):
    """The attrs value ``cls`` built from a policy table (its keys are checked at load)."""
    return cls(**{field.name: table[field.name] for field in attrs.fields(cls)})


@attrs.frozen
class Baseline:
    """Last year's count of province-/sector-wide gatherings, given in the policy (MR303)."""

    year: int
    wide_gatherings: int
    unit: str = ""


@attrs.frozen
class CalendarMapping:
    """A calendar (file path, collection URL or name) mapped to an organising unit and level."""

    match: str
    unit: str = ""
    level: Level | None = None


@attrs.frozen
class PolicyWaiver:
    """An approved exception recorded in the policy: rule code (prefix) for one meeting UID."""

    code: str
    uid: str
    reason: str = ""
    by: str = ""
    recurrence_id: str = ""


def _words(text: str) -> str:
    """Folded, with punctuation as spaces: 'lich/xa-tan-hung.ics' → 'lich xa tan hung ics'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


@attrs.frozen(eq=False)
class Policy:
    """A resolved policy. Build it with :meth:`builtin` or :func:`load_policy`."""

    data: dict[str, Any] = attrs.field(repr=False)
    origin: str = BUILTIN

    def __attrs_post_init__(self):
        # The typed sections are built once, here at load: a missing key fails now, not mid-check.
        for section in TYPED_SECTIONS:
            getattr(self, section)

    # -- identity ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The profile's name."""
        return self.data["name"]

    @functools.cached_property
    def timezone(self) -> zoneinfo.ZoneInfo:
        """The zone floating times are read in, and meetings are measured in."""
        return zoneinfo.ZoneInfo(self.data["timezone"])

    # -- measuring ----------------------------------------------------------------------
    @functools.cached_property
    def sessions(self) -> tuple[WorkingSession, ...]:
        """The working sessions of a day, in order."""
        return tuple(
            WorkingSession(s["name"], _parse_clock(s["start"]), _parse_clock(s["end"]))
            for s in self.data["sessions"]
        )

    @functools.cached_property
    def day_seconds(self) -> int:
        """The working time of one day: the sessions' total length."""
        return sum(s.seconds for s in self.sessions)

    def cap(self, name: str) -> Cap:
        """The cap ``briefing``, ``technical``, ``important`` or ``ceiling``."""
        days = float(self.data["caps"][name])
        return Cap(days, days * self.day_seconds, days * len(self.sessions))

    def cap_for(self, kind: Kind | None) -> Cap | None:
        """The kind-specific cap of a conference kind, or ``None`` for an unclassified one."""
        if kind in (Kind.BRIEFING, Kind.TECHNICAL, Kind.IMPORTANT):
            return self.cap(kind.value)
        return None

    # -- typed sections, built once per policy --------------------------------------------
    @functools.cached_property
    def speeches(self) -> Speeches:
        """``[speeches]``, typed."""
        return _section(Speeches, self.data["speeches"])

    @functools.cached_property
    def targets(self) -> Targets:
        """``[targets]``, typed."""
        return _section(Targets, self.data["targets"])

    @functools.cached_property
    def counting(self) -> Counting:
        """``[counting]``, typed."""
        return _section(Counting, self.data["counting"])

    @functools.cached_property
    def _settings(self) -> dict[str, Any]:
        # Rules read their settings once per conference judged (tens of thousands per
        # province-year): each dotted name is resolved once per policy.
        return {}

    def setting(self, dotted: str) -> Any:
        """A setting by its dotted name as rules declare it in ``params``.

        >>> policy = Policy.builtin()
        >>> policy.setting("speeches.opening"), policy.setting("caps.briefing").hours
        (10, 4.0)
        >>> policy.setting("counting.organizer_overlaps"), len(policy.setting("sessions"))
        (True, 2)
        """
        settings = self._settings
        if dotted not in settings:
            settings[dotted] = self._resolve(dotted)
        return settings[dotted]

    def _resolve(self, dotted: str) -> Any:
        section, _, key = dotted.partition(".")
        if section == "caps":
            return self.cap(key)
        if section == "keywords":
            return self.keywords(key)
        value = getattr(self, section)  # speeches, targets, counting, sessions, baselines
        return getattr(value, key) if key else value

    # -- tables -------------------------------------------------------------------------
    def limit(self, name: str) -> int:
        """A budget of the ``[limits]`` table (``occurrences_per_series``, ``bytes_per_file`` …)."""
        return int(self.data["limits"][name])

    def param(self, table: str, key: str) -> Any:
        """One parameter, e.g. ``param("speeches", "opening")``."""
        return self.data[table][key]

    def keywords(self, table: str) -> tuple[str, ...]:
        """A keyword table, e.g. ``keywords("briefing")``."""
        return tuple(self.data["keywords"].get(table, ()))

    @functools.cached_property
    def categories(self) -> dict[str, tuple[str, str]]:
        """CATEGORIES values (folded) mapped to (attribute, value)."""
        out = {}
        for label, target in self.data["categories"].items():
            attribute, _, value = target.partition(":")
            out[fold(label)] = (attribute.strip(), value.strip())
        return out

    @property
    def online_url_hosts(self) -> tuple[str, ...]:
        """Host fragments of meeting URLs that mark an online meeting."""
        return tuple(self.data["online_signals"]["url_hosts"])

    @property
    def online_properties(self) -> tuple[str, ...]:
        """Calendar property names that mark an online meeting."""
        return tuple(self.data["online_signals"]["properties"])

    @property
    def hybrid_counts_as_online(self) -> bool:
        """Whether a hybrid conference counts towards the online share."""
        return bool(self.counting.hybrid_counts_as_online)

    @property
    def tentative_counts(self) -> bool:
        """Whether tentative meetings count (cancelled ones never do)."""
        return bool(self.counting.tentative_counts)

    @property
    def enforcement(self) -> str:
        """``warn-only``, ``deny-on-error`` or ``deny-on-warning``."""
        return self.data["enforcement"]["mode"]

    @property
    def period_mode(self) -> str:
        """``cutoff`` (Nghị định 09/2019 dates) or ``calendar`` report periods."""
        return self.data["report"]["periods"]

    @functools.cached_property
    def baselines(self) -> tuple[Baseline, ...]:
        """MR303 baselines given in the policy."""
        return tuple(
            Baseline(int(b["year"]), int(b["wide_gatherings"]), str(b.get("unit", "")))
            for b in self.data["baselines"]
        )

    @functools.cached_property
    def calendars(self) -> tuple[CalendarMapping, ...]:
        """Calendar-to-unit mappings."""
        return tuple(
            CalendarMapping(
                str(c["match"]), str(c.get("unit", "")), Level(c["level"]) if c.get("level") else None
            )
            for c in self.data["calendars"]
        )

    def calendar_for(self, *names: str) -> CalendarMapping | None:
        """The first calendar mapping whose ``match`` occurs in any of ``names``."""
        folded = [_words(n) for n in names if n]
        for mapping in self.calendars:
            needle = _words(mapping.match)
            if any(needle in name for name in folded):
                return mapping
        return None

    @functools.cached_property
    def waivers(self) -> tuple[PolicyWaiver, ...]:
        """Approved exceptions recorded in the policy."""
        return tuple(
            PolicyWaiver(
                str(w["code"]),
                str(w["uid"]),
                str(w.get("reason", "")),
                str(w.get("by", "")),
                str(w.get("recurrence_id", "")),
            )
            for w in self.data["waivers"]
        )

    @property
    def select(self) -> tuple[str, ...]:
        """Rule code prefixes selected (empty: all)."""
        return tuple(self.data["rules"]["select"])

    @property
    def ignore(self) -> tuple[str, ...]:
        """Rule code prefixes ignored."""
        return tuple(self.data["rules"]["ignore"])

    @property
    def severity_overrides(self) -> dict[str, Severity]:
        """Severity overrides by code prefix."""
        return {k: Severity(v) for k, v in self.data["rules"]["severity"].items()}

    # -- construction -------------------------------------------------------------------
    @classmethod
    def builtin(cls, name: str = BUILTIN) -> Policy:
        """The built-in profile (only ``hung-yen-2026`` exists)."""
        if name != BUILTIN:
            raise PolicyError(
                f"Không có chính sách dựng sẵn '{name}' (chỉ có '{BUILTIN}').",
                f"There is no built-in policy '{name}' (only '{BUILTIN}').",
                key="name",
            )
        return cls(copy.deepcopy(_builtin_data()), BUILTIN)

    def with_overrides(self, overrides: dict[str, Any], origin: str = "api") -> Policy:
        """A new policy with ``overrides`` merged in (same rules as a policy file)."""
        data = copy.deepcopy(self.data)
        _merge(data, overrides, (), _LineFinder(""))
        _check(data, _LineFinder(""))
        return Policy(data, origin)


@functools.cache
def _builtin_data() -> dict[str, Any]:
    text = importlib.resources.files("meetingrules").joinpath(f"data/{BUILTIN}.toml").read_text(
        encoding="utf-8"
    )
    return tomllib.loads(text)


def load_policy(text: str, origin: str = "policy.toml", base: Policy | None = None) -> Policy:
    """Read a TOML policy (its text) over ``base`` (default: the built-in profile).

    >>> p = load_policy('[caps]\\nbriefing = 0.75')
    >>> p.cap("briefing").hours
    6.0
    >>> load_policy('[caps]\\nbriefng = 1')
    Traceback (most recent call last):
    ...
    meetingrules.errors.PolicyError: policy.toml, line 2: unknown key 'caps.briefng'.
    """
    finder = _LineFinder(text, origin)
    try:
        overrides = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(
            f"{origin}: không phải TOML hợp lệ ({exc}).",
            f"{origin}: not valid TOML ({exc}).",
            line=_decode_error_line(exc),
        ) from exc
    except RecursionError as exc:  # arrays or tables nested thousands deep
        raise PolicyError(
            f"{origin}: mảng hoặc bảng lồng nhau quá sâu (tối đa {MAX_DEPTH} mức).",
            f"{origin}: arrays or tables are nested too deep (at most {MAX_DEPTH} levels).",
        ) from exc
    base = base or Policy.builtin()
    _check_depth(overrides, (), finder, base.limit("nesting_depth"))
    if "extends" in overrides:
        extends = overrides.pop("extends")
        if extends != BUILTIN:
            raise finder.error("extends", f"chỉ có thể kế thừa '{BUILTIN}'", f"can only extend '{BUILTIN}'")
    data = copy.deepcopy(base.data)
    _merge(data, overrides, (), finder)
    _check(data, finder)
    return Policy(data, origin)


def _decode_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


class _LineFinder:
    """Finds the line of a dotted key in a TOML text, for error messages."""

    def __init__(self, text: str, origin: str = "policy"):
        self.origin = origin
        self.lines = text.splitlines()

    def line_of(self, path: tuple[str, ...]) -> int | None:
        table: tuple[str, ...] = ()
        key = path[-1] if path else ""
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if header:
                table = tuple(p.strip().strip('"') for p in header.group(1).split("."))
                if table == path:
                    return number
                continue
            match = re.match(r'^"?([^"=]+?)"?\s*=', line)
            if match:
                dotted = table + tuple(p.strip().strip('"') for p in match.group(1).split("."))
                if dotted == path or (dotted[-1] == key and dotted[:-1] == path[:-1]):
                    return number
        # Fall back to any line naming the key.
        for number, raw in enumerate(self.lines, 1):
            if re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", raw):
                return number
        return None

    def error(self, key: str | tuple[str, ...], why_vi: str, why_en: str) -> PolicyError:
        path = tuple(key.split(".")) if isinstance(key, str) else key
        dotted = ".".join(path)
        line = self.line_of(path) if self.lines else None
        where = f"{self.origin}, line {line}: " if line else (f"{self.origin}: " if self.lines else "")
        where_vi = f"{self.origin}, dòng {line}: " if line else (f"{self.origin}: " if self.lines else "")
        return PolicyError(
            f"{where_vi}khóa '{dotted}' {why_vi}.",
            f"{where}{why_en.replace('{key}', repr(dotted))}.",
            key=dotted,
            line=line,
        )


_TYPE_NAMES = {
    bool: Text("true/false", "boolean"),
    int: Text("số", "number"),
    float: Text("số", "number"),
    str: Text("chuỗi", "string"),
    list: Text("danh sách", "list"),
    dict: Text("bảng", "table"),
}


def _type_name(value: Any, lang: str = "en") -> str:
    return _TYPE_NAMES.get(type(value), Text.same(type(value).__name__)).get(lang)


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _merge(data: dict, overrides: dict, path: tuple[str, ...], finder: _LineFinder) -> None:
    free = path in _FREE_TABLES
    for key, value in overrides.items():
        here = path + (key,)
        if not free and key.startswith("extend_") and key[7:] in data:
            target = data[key[7:]]
            if not isinstance(target, list) or not isinstance(value, list):
                raise finder.error(here, "chỉ dùng cho danh sách", "{key} only extends a list")
            target.extend(value)
            continue
        if free:
            data[key] = value
            continue
        if key not in data:
            if path == ("keywords",) and isinstance(value, list):
                data[key] = value  # a new keyword table is harmless and can be read by plugins
                continue
            raise PolicyError(
                *_unknown_key_messages(finder, here),
                key=".".join(here),
                line=finder.line_of(here) if finder.lines else None,
            )
        default = data[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise finder.error(here, "phải là một bảng", "{key} must be a table")
            _merge(default, value, here, finder)
        elif not _same_type(default, value) and default != []:
            raise finder.error(
                here,
                f"phải là {_type_name(default, 'vi')}, không phải {_type_name(value, 'vi')}",
                f"{{key}} must be a {_type_name(default)}, not a {_type_name(value)}",
            )
        else:
            data[key] = value


def _unknown_key_messages(finder: _LineFinder, path: tuple[str, ...]) -> tuple[str, str]:
    dotted = ".".join(path)
    line = finder.line_of(path) if finder.lines else None
    if line:
        return (
            f"{finder.origin}, dòng {line}: khóa không xác định '{dotted}'.",
            f"{finder.origin}, line {line}: unknown key '{dotted}'.",
        )
    return (f"Khóa không xác định '{dotted}'.", f"Unknown key '{dotted}'.")


def _parse_clock(text: str) -> dt.time:
    return dt.datetime.strptime(text.strip(), "%H:%M").time()


#: How deep arrays and tables may nest in a policy file (the built-in profile uses 3).
MAX_DEPTH = 16


def _check_depth(value: Any, path: tuple[str, ...], finder: _LineFinder, limit: int = MAX_DEPTH) -> None:
    """Refuse values nested deeper than ``limit`` (``limits.nesting_depth``), naming the key."""
    stack = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if depth > limit:
            raise finder.error(where or ("policy",), f"lồng nhau quá sâu (tối đa {limit} mức)",
                               f"{{key}} is nested too deep (at most {limit} levels)")
        if isinstance(item, dict):
            stack.extend((v, where + (str(k),), depth + 1) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, where, depth + 1) for v in item)


def _check_numbers(value: Any, path: tuple[str, ...], finder: _LineFinder) -> None:
    """Every number of the policy is finite: ``inf`` and ``nan`` are refused, naming the key."""
    if isinstance(value, float) and not math.isfinite(value):
        raise finder.error(path, "phải là một số hữu hạn (không nhận inf, nan)",
                           "{key} must be a finite number (not inf or nan)")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_numbers(item, path + (str(key),), finder)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item, path, finder)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


_TEXT = (_is_text, "phải là chuỗi", "must be a string")

# The fields of the policy's arrays of tables: name → (type check, Vietnamese, English).
_ENTRY_FIELDS = {
    "baselines": {
        "year": (lambda v: _whole(v) and 1900 <= v <= 9999,
                 "phải là một năm (số nguyên)", "must be a year (a whole number)"),
        "wide_gatherings": (lambda v: _whole(v) and v >= 0,
                            "phải là số nguyên không âm", "must be a whole number ≥ 0"),
        "unit": _TEXT,
    },
    "calendars": {
        "match": (lambda v: isinstance(v, str) and v.strip() != "",
                  "phải là chuỗi khác rỗng", "must be a non-empty string"),
        "unit": _TEXT,
        "level": _TEXT,
    },
    "waivers": {name: _TEXT for name in ("code", "uid", "reason", "by", "recurrence_id")},
}


def _check_entries(data: dict, finder: _LineFinder) -> None:
    """The arrays of tables (``[[baselines]]``, ``[[calendars]]``, ``[[waivers]]``) have typed fields."""
    for table, fields in _ENTRY_FIELDS.items():
        entries = data[table]
        if not isinstance(entries, list):
            raise finder.error(table, "phải là danh sách các bảng ([[…]])", "{key} must be a list of tables ([[…]])")
        for entry in entries:
            if not isinstance(entry, dict):
                raise finder.error(table, "phải là danh sách các bảng ([[…]])", "{key} must be a list of tables ([[…]])")
            for name, (valid, why_vi, why_en) in fields.items():
                if name in entry and not valid(entry[name]):
                    raise finder.error((table, name), why_vi, "{key} " + why_en)


def _check(data: dict, finder: _LineFinder) -> None:
    """Range and shape checks that types alone do not catch."""
    _check_numbers(data, (), finder)
    _check_entries(data, finder)
    for name, value in data["limits"].items():
        if not _whole(value) or value < 1:
            raise finder.error(("limits", name), "phải là số nguyên dương", "{key} must be a whole number ≥ 1")
    try:
        zoneinfo.ZoneInfo(data["timezone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise finder.error("timezone", "không phải múi giờ IANA", "{key} is not an IANA time zone") from exc
    sessions = data["sessions"]
    if not sessions:
        raise finder.error("sessions", "cần ít nhất một buổi làm việc", "{key} needs at least one session")
    previous_end = None
    for index, session in enumerate(sessions):
        if not isinstance(session, dict) or not {"start", "end"} <= set(session):
            raise finder.error("sessions", "mỗi buổi cần 'start' và 'end'", "each of {key} needs 'start' and 'end'")
        session.setdefault("name", f"session-{index + 1}")
        try:
            start, end = _parse_clock(session["start"]), _parse_clock(session["end"])
        except (ValueError, AttributeError) as exc:
            raise finder.error(
                ("sessions", "start"), "phải có dạng HH:MM", "{key} must be a time HH:MM"
            ) from exc
        if end <= start or (previous_end and start < previous_end):
            raise finder.error(
                ("sessions", "start"),
                "các buổi phải theo thứ tự và không chồng lấn",
                "sessions must be in order and must not overlap ({key})",
            )
        previous_end = end
    for name in ("briefing", "technical", "important", "ceiling"):
        if not data["caps"].get(name, 0) > 0:
            raise finder.error(("caps", name), "phải lớn hơn 0", "{key} must be greater than 0")
    for name in ("opening", "contribution", "concluding_total"):
        if not data["speeches"][name] > 0:
            raise finder.error(("speeches", name), "phải lớn hơn 0", "{key} must be greater than 0")
    for table, name in (("speeches", "discussion_min_share"), ("targets", "online_share_min"), ("targets", "reduction_min")):
        if not 0 <= data[table][name] <= 1:
            raise finder.error((table, name), "phải nằm trong khoảng 0–1", "{key} must be between 0 and 1")
    for name in ("province_wide_per_year", "commune_wide_per_year"):
        value = data["targets"][name]
        if not isinstance(value, int) or value < 0:
            raise finder.error(("targets", name), "phải là số nguyên không âm", "{key} must be a whole number ≥ 0")
    if data["enforcement"]["mode"] not in ENFORCEMENT_MODES:
        raise finder.error(
            ("enforcement", "mode"),
            f"phải là một trong {', '.join(ENFORCEMENT_MODES)}",
            f"{{key}} must be one of {', '.join(ENFORCEMENT_MODES)}",
        )
    if data["report"]["periods"] not in PERIOD_MODES:
        raise finder.error(
            ("report", "periods"), "phải là 'cutoff' hoặc 'calendar'", "{key} must be 'cutoff' or 'calendar'"
        )
    for code, severity in data["rules"]["severity"].items():
        if severity not in {s.value for s in Severity}:
            raise finder.error(
                ("rules", "severity", code), "phải là error, warning hoặc info", "{key} must be error, warning or info"
            )
    for label, target in data["categories"].items():
        attribute, _, value = str(target).partition(":")
        enum_type = _CATEGORY_ATTRIBUTES.get(attribute.strip())
        if enum_type is None or value.strip() not in {e.value for e in enum_type}:
            raise finder.error(
                ("categories", label),
                "phải có dạng 'kind:briefing', 'scope:…', 'format:…', 'level:…' hoặc 'class:…'",
                "{key} must read 'kind:briefing', 'scope:…', 'format:…', 'level:…' or 'class:…'",
            )
    for table, required in (("baselines", ("year", "wide_gatherings")), ("calendars", ("match",)), ("waivers", ("code", "uid"))):
        for entry in data[table]:
            if not isinstance(entry, dict) or not all(k in entry for k in required):
                raise finder.error(
                    table,
                    f"mỗi mục cần {', '.join(required)}",
                    f"each entry of {{key}} needs {', '.join(required)}",
                )
            level = entry.get("level") if table == "calendars" else None
            if level and level not in {lv.value for lv in Level}:
                raise finder.error((table, "level"), "phải là 'province' hoặc 'commune'", "{key} must be 'province' or 'commune'")
    for name, words in data["keywords"].items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise finder.error(("keywords", name), "phải là danh sách chuỗi", "{key} must be a list of strings")
