"""The bottom of the pipeline: what every stage may import and nothing it depends on.

``kernel.errors`` is the one catalogue of error codes the extractor, the rules, the graph and
the build report with; ``kernel.text`` holds the text helpers (cleaning, dates, similarity,
label matching) the rule sets and the graph share. Nothing here imports another stage.
"""

import os as _os
import sys as _sys
from pathlib import Path as _Path


def _caller_dir() -> _Path:
    """``locate.this_dir()`` without ``inspect.stack()``: the folder of the caller's file (the
    working directory for code with no file), which is all that function returns."""
    caller = _sys._getframe(1).f_globals
    return _Path(_os.path.abspath(caller["__file__"])).parent if "__file__" in caller else _Path(_os.getcwd())


def _cheap_locate() -> None:
    """wordfreq finds its data folder on import with ``locate.this_dir()``, which builds the
    whole ``inspect.stack()`` (every frame's source lines read, every module searched for each):
    about 0.3 s of a quiet machine, more the deeper the import happens, in every build and
    every ``plans topic``. The same answer from the caller's frame costs microseconds. Set here,
    where every stage imports first, so it is in place before wordfreq is imported; should
    something import wordfreq before any kernel module, only the time is lost."""
    try:
        import locate
    except ImportError:  # wordfreq without locate: nothing to speed up
        return
    if getattr(locate.this_dir, "__name__", "") == "this_dir":
        locate.this_dir = _caller_dir


_cheap_locate()
