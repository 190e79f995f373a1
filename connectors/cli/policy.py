"""``meetingrules policy``: the effective policy (built-in profile and policy file) as TOML or JSON."""

from __future__ import annotations

from connectors.checking import resolve_policy
from connectors.cli.common import EXIT_OK, emit

from connectors.cli.help_text import h


def add_parser(sub, lang: str):
    """``policy``: its options."""
    parser = sub.add_parser("policy", help=h("policy", lang), description=h("policy", lang))
    parser.add_argument("--policy", metavar="FILE", help=h("opt.policy", lang))
    parser.add_argument("--format", choices=("toml", "json"), default="toml", help=h("opt.policy_format", lang))
    parser.add_argument("--lang", choices=("vi", "en"), default=None, help=h("opt.lang", lang))
    return parser


def run(args, lang: str) -> int:
    """Print the effective policy."""
    import json

    policy = resolve_policy(args.policy)
    if args.format == "json":
        emit(json.dumps(policy.data, ensure_ascii=False, indent=2), None)
    else:
        emit(dump_toml(policy.data), None)
    return EXIT_OK


def dump_toml(data: dict, prefix: str = "") -> str:
    """A small TOML writer for the policy's shapes (scalars, lists, tables, arrays of tables)."""
    import json

    def scalar(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value)
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {scalar(v)}" for k, v in value.items()) + " }"
        return json.dumps(value, ensure_ascii=False)

    simple, tables, arrays = [], [], []
    for key, value in data.items():
        if isinstance(value, dict) and value and all(not isinstance(v, dict) for v in value.values()) or (
            isinstance(value, dict) and value and prefix == ""
        ):
            tables.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            simple.append((key, value))
    lines = [f"{json.dumps(k, ensure_ascii=False) if not k.isidentifier() else k} = {scalar(v)}" for k, v in simple]
    for key, items in arrays:
        for entry in items:
            lines += ["", f"[[{prefix}{key}]]"] + [f"{k} = {scalar(v)}" for k, v in entry.items()]
    for key, table in tables:
        lines += ["", f"[{prefix}{key}]"]
        for k, v in table.items():
            name = k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else json.dumps(k, ensure_ascii=False)
            lines.append(f"{name} = {scalar(v)}")
    return "\n".join(lines) + "\n"
