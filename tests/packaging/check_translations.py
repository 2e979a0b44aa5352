#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The translation template test: extracts the translatable strings of the sources with lupdate,
as the update_translations target does, and compares them with the template in the source tree.

    check_translations.py LUPDATE TEMPLATE [LUPDATE ARGUMENTS...]

Fails when a string of the sources is missing from the template, when the template holds a
string the sources no longer have, and when lupdate warns about a tr() call: such a warning
means that lupdate files the string under another context than the one Qt looks it up in.
"""

import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def messages(ts_file):
    """The (context, source, comment) of every message of a .ts file."""
    found = set()
    for context in ElementTree.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found.add((name, message.findtext("source", ""), message.findtext("comment", "")))
    return found


def describe(message):
    context, source, comment = message
    return f"  [{context}] {source!r}" + (f" ({comment})" if comment else "")


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    lupdate, template, arguments = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    if not template.is_file():
        print(f"FAIL: no translation template at {template}", file=sys.stderr)
        return 1
    failed = False
    with tempfile.TemporaryDirectory() as work:
        fresh = Path(work) / template.name
        run = subprocess.run([lupdate, *arguments, "-ts", str(fresh)], capture_output=True,
                             text=True, check=False)
        output = run.stdout + run.stderr
        if run.returncode != 0 or not fresh.is_file():
            print(output, file=sys.stderr)
            print(f"FAIL: lupdate exited with {run.returncode}", file=sys.stderr)
            return 1
        # lupdate's warnings read "file:line: text".
        warnings = [line for line in output.splitlines() if re.match(r"^\S.*:\d+: ", line)]
        if warnings:
            failed = True
            print("FAIL: lupdate cannot tell the context of these strings (give the class "
                  "Q_OBJECT or Q_DECLARE_TR_FUNCTIONS, or call Class::tr):", file=sys.stderr)
            print("\n".join("  " + w for w in warnings), file=sys.stderr)
        in_sources = messages(fresh)
    in_template = messages(template)
    print(f"{len(in_sources)} strings in the sources, {len(in_template)} in {template.name}")

    missing = sorted(in_sources - in_template)
    if missing:
        failed = True
        print(f"FAIL: {len(missing)} string(s) of the sources missing from the template:",
              file=sys.stderr)
        print("\n".join(describe(m) for m in missing), file=sys.stderr)
    stale = sorted(in_template - in_sources)
    if stale:
        failed = True
        print(f"FAIL: {len(stale)} string(s) of the template no longer in the sources:",
              file=sys.stderr)
        print("\n".join(describe(m) for m in stale), file=sys.stderr)
    if failed:
        print("Regenerate the template: cmake --build <build dir> --target update_translations",
              file=sys.stderr)
        return 1
    print("translations: the template holds every string of the sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
