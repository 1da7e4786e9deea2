"""Entry point of the frozen kztally (PyInstaller runs this file as the program)."""

import sys

from kztally.entry import main

if __name__ == "__main__":
    sys.exit(main())
