"""`python -m notice_parse`, and the `notice-parse` console script (`main`)."""
from __future__ import annotations


def main() -> None:
    from .app import startup

    startup.pause()  # before the command line is imported: see app/startup.py
    from .app.cli import main as run

    run()


if __name__ == "__main__":
    main()
