#!/usr/bin/env python3
"""The layers' arrows point one way: each folder includes only its own headers and those of
the folders below it. Also: core/ never includes a widget, core/base/ includes no Qt at all.
Run from anywhere; prints each include that points the wrong way and exits 1 if any does."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Bottom to top.
LAYERS = [
    "core/base",
    "core",  # logging, text, build facts
    "core/trace",
    "core/workload",
    "core/model",
    "core/engine",
    "core/formats",
    "core/report",
    "core/library",
    "ui",
    "app",
]
RANK = {layer: i for i, layer in enumerate(LAYERS)}
WIDGETS = re.compile(r"#include\s*<(Qt(Widgets|Gui|PrintSupport|Svg)/|Q(Widget|Application|"
                     r"Painter|Color|Font|Image|Pixmap|Action|Dialog|MainWindow)\b|qcustomplot)")
QT = re.compile(r"#include\s*<(Q[A-Za-z]|Qt[A-Za-z]*/|qcustomplot)")
LOCAL = re.compile(r'#include\s*"([^"]+)"')


def layer_of(path):
    folder = path.parent.relative_to(ROOT).as_posix()
    return folder if folder in RANK else None


def main():
    sources = [p for layer in LAYERS for p in (ROOT / layer).glob("*.[ch]*")
               if p.suffix in (".h", ".cpp")]
    home = {}
    for p in sources:
        home.setdefault(p.name, layer_of(p))
    problems = []
    for p in sources:
        layer = layer_of(p)
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{p.relative_to(ROOT)}:{n}"
            m = LOCAL.match(line.strip())
            if m:
                target = home.get(pathlib.PurePath(m.group(1)).name)
                if target is not None and RANK[target] > RANK[layer]:
                    problems.append(f"{where}: {layer}/ includes {m.group(1)} from {target}/, "
                                    "a layer above it")
            if layer.startswith("core") and WIDGETS.match(line.strip()):
                problems.append(f"{where}: core/ includes a widget header: {line.strip()}")
            if layer == "core/base" and QT.match(line.strip()):
                problems.append(f"{where}: core/base/ includes Qt: {line.strip()}")
    for problem in problems:
        print(problem)
    print(f"{len(sources)} files read, {len(problems)} includes point the wrong way")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
