"""The WSGI application: ``gunicorn app:app``, ``flask --app app ...``."""

import gc

from partnership import create_app
from partnership.domain.language import preload

app = create_app()

# A served process: read the statement model and compile every language's cues now, not on the
# first statement (a worker's first import paid 0.4 s for them). Then keep what startup made (the
# model's ~10^6 objects, the app) out of the garbage collector's sight, and collect less often:
# a long history's first read allocates ~10^5 objects, and with the default thresholds each full
# collection scanned the model again, 35% of that read (issue 15).
preload()
# And compile every template now: a worker's first page compiled the templates it drew (about 0.3 s
# for the partnership page), while the connections sent to that worker waited behind it.
for name in app.jinja_env.list_templates(extensions=("html", "txt")):
    app.jinja_env.get_template(name)
gc.freeze()
gc.set_threshold(20_000, 10, 10)
