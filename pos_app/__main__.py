"""The `pos-till` command."""

from pos_app.cli import main as _main


def main() -> None:
    raise SystemExit(_main())


if __name__ == "__main__":
    main()
