"""``python -m paper_triage`` runs the command line."""

import sys

from paper_triage.main import main

sys.exit(main())
