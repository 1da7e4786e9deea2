import sys

from kztally.entry import main

sys.exit(main())
