"""The WSGI application: ``gunicorn app:app``, ``flask --app app ...``."""

import gc

from partnership import create_app
from partnership.domain.language.model import shipped

app = create_app()

# A served process: read the statement model now rather than on the first statement, then keep
# what startup made (the model's ~10^6 objects, the app) out of the garbage collector's sight and
# collect less often. A long history's first read allocates ~10^5 objects, and with the default
# thresholds each full collection scanned the model again: 35% of that read (issue 15).
shipped()
gc.freeze()
gc.set_threshold(20_000, 10, 10)
