"""`make bench` / `python -m bench [name ...]`: run the benchmarks and print ratios."""
import sys

from bench import dashboard, download, load, pdf, throughput, wizard

BENCHMARKS = {"wizard": wizard.run, "throughput": throughput.run, "download": download.run,
              "dashboard": dashboard.run, "pdf": pdf.run, "load": load.run}
# `make bench` runs these in a few minutes (throughput and download about 90 and 40 s of it); `load`
# (PostgreSQL, gunicorn, five renders: about five minutes on its own) runs when named: python -m bench load.
DEFAULT = ["wizard", "throughput", "download", "dashboard", "pdf"]


def main(argv: list[str]) -> int:
    names = argv or DEFAULT
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"Onbekende benchmark: {', '.join(unknown)}. Kies uit: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in names:
        BENCHMARKS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
