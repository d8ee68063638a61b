"""Hatchling build hook: compile ``registry/`` into ``src/statusdex/_compiled/`` for the wheel.

The compiled registry is generated, so git does not keep it (``.gitignore``). A wheel built
from a checkout or from the sdist (which carries ``registry/`` and the build code) runs the
registry build here, in the build environment, and ships the result. The build needs pydantic
(the schema) and PyThaiNLP (Thai word segmentation for the search index); they are this hook's
``dependencies`` in pyproject.toml, pinned, so a build always segments Thai the same way.

An editable install (``./scripts/*``) skips the hook: ``scripts/_env.sh`` builds the registry
in place, and again whenever ``registry/`` or the build code changes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED = "src/statusdex/_compiled"


class RegistryBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        env = dict(os.environ, PYTHONPATH=str(root / "src"))
        env.pop("PYTHONHOME", None)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "statusdex.registry.build",
                "--source",
                str(root / "registry"),
                "--target",
                str(root / COMPILED),
            ],
            cwd=root,
            env=env,
            check=True,
        )
        # git-ignored files are left out unless named as artifacts
        build_data["artifacts"] += [f"/{COMPILED}/*.py", f"/{COMPILED}/*.marshal"]
