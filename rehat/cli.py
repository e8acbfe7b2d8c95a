"""The `rehat` command: operator verbs plus every Django management command.

    rehat demo                     create the databases, seed the demo agency, serve it
    rehat serve [--bind ADDR]      web server (gunicorn), task worker and answer shuffler
    rehat worker                   the background task worker alone
    rehat init                     create or migrate both databases
    rehat import-units FILE [--apply] [--valid-only]
    rehat import-employees FILE [--apply] [--valid-only]
    rehat <django command> ...     e.g. rehat migrate, rehat createsuperuser

Hyphens in a verb become underscores, so `import-units` runs `import_units`.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

DEFAULT_BIND = "127.0.0.1:8000"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehat.settings")
    import django

    django.setup()


def _manage(args: Sequence[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rehat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rehat", *args])


def init() -> None:
    """Create the data folder and bring both databases to the latest schema."""
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    for alias in settings.DATABASES:
        call_command("migrate", database=alias, interactive=False, verbosity=0)


def serve(bind: str = DEFAULT_BIND) -> int:
    """Run gunicorn, the task worker and the shuffler; stop all when one stops or on Ctrl-C."""
    _django_setup()
    from django.core.management import call_command

    # Queue the recurring jobs once; the worker below runs them and re-queues them.
    call_command("periods", "--schedule")
    call_command("escalate_deadlines", "--schedule")
    call_command("counseling_reminders", "--schedule")
    call_command("release", "--schedule")
    bin_dir = Path(sys.executable).parent
    web = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "rehat.wsgi:application",
            "--bind",
            bind,
            "--workers",
            "2",
            "--threads",
            "4",
            # No access log at all: anonymous paths must leave no IP, agent or time.
            "--error-logfile",
            "-",
        ]
    )
    worker = subprocess.Popen([str(bin_dir / "rehat"), "worker"])
    # Check-in answers move in shuffled batches on a fixed beat, off the request path.
    shuffler = subprocess.Popen([str(bin_dir / "rehat"), "shuffle", "--every", "1"])
    children = [web, worker, shuffler]

    def stop(signum: int, frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop(signal.SIGTERM, None)
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


def demo(bind: str = DEFAULT_BIND) -> int:
    init()
    from django.core.management import call_command

    call_command("demo_data")
    # Twelve weeks of synthetic check-ins, then open this week and month (makes keys).
    call_command("demo_checkins")
    print(f"\nRehat berjalan di http://{bind}/  (Ctrl-C untuk berhenti)\n", flush=True)
    return serve(bind)


def _bind_from(args: list[str]) -> str:
    if "--bind" in args:
        index = args.index("--bind")
        if index + 1 >= len(args):
            raise SystemExit("rehat: --bind needs an address, e.g. 0.0.0.0:8000")
        return args[index + 1]
    return DEFAULT_BIND


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    verb, rest = args[0], args[1:]
    if verb == "demo":
        return demo(_bind_from(rest))
    if verb == "serve":
        return serve(_bind_from(rest))
    if verb == "init":
        init()
        return 0
    if verb == "worker":
        _manage(["db_worker", *rest])
        return 0
    _manage([verb.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
