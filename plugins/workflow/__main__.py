"""Command line of the content checker, for git hooks: ``python -m plugins.workflow [paths…]``.

Same as ``invoke check``; pre-commit passes the staged content files as arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workflow.cli import main

sys.exit(main(sys.argv[1:]))
