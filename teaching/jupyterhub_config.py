"""JupyterHub for a class: each learner a system user with a copy of the notebooks and a
private sandbox of their own. See docs/class.md.

    sudo CLASS_LEARNERS=ada,grace .venv/bin/jupyterhub -f teaching/jupyterhub_config.py

The hub runs as root from the kit's venv and starts each learner's server as that learner
(JupyterHub's LocalProcessSpawner). The kit itself stays shared and read-only: learners import
its helpers, and their sandbox keeps its state under ~/.local/state/group-texting-lab/.

CLASS_LEARNERS, CLASS_INSTRUCTORS: system user names, comma-separated (instructors are the
hub's admins); CLASS_HUB_URL: where the hub listens (default http://:8000).
"""

import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it to its config file)

KIT = Path(__file__).resolve().parent.parent
LEARNERS_FOLDER = "group-texting-lab"  # each learner's copy of the notebooks, in their home
PROXY = KIT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


def copy_notebooks(spawner) -> None:  # type: ignore[no-untyped-def]
    """Give a learner their own copy of the notebooks on their first start (never overwrite)."""
    learner = pwd.getpwnam(spawner.user.name)
    target = Path(learner.pw_dir) / LEARNERS_FOLDER
    if target.exists():
        return
    shutil.copytree(KIT / "notebooks", target, ignore=shutil.ignore_patterns(".*"))
    for path in [target, *target.rglob("*")]:
        os.chown(path, learner.pw_uid, learner.pw_gid)


c.JupyterHub.bind_url = os.environ.get("CLASS_HUB_URL", "http://:8000")
c.Authenticator.allowed_users = _names("CLASS_LEARNERS") | _names("CLASS_INSTRUCTORS")
c.Authenticator.admin_users = _names("CLASS_INSTRUCTORS")
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = f"~/{LEARNERS_FOLDER}"
c.Spawner.default_url = "/lab/tree/00_setup.ipynb"
c.Spawner.pre_spawn_hook = copy_notebooks
# The kit's helpers for every kernel; sandbox mode, each learner's own (no SANDBOX_URL).
c.Spawner.environment = {"PYTHONPATH": str(KIT), "KIT_MODE": "sandbox"}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
if PROXY.exists():
    c.ConfigurableHTTPProxy.command = [str(PROXY)]
