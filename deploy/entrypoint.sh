#!/bin/sh
# The container runs one role, named by its first argument (else $PAPER_TRIAGE_ROLE, else web):
#   web     the webhook server: gunicorn on $PORT, as the Procfile's web: line
#   worker  a worker: takes deliveries from the queue and reviews them
#   serve   web server and worker in one process (SQLite queue in $DATA_DIR: one machine)
# web and worker as separate containers need REDIS_URL (or PAPER_TRIAGE_SINGLE_MACHINE=1 with one
# shared DATA_DIR volume). Anything else is run as a command: `docker run IMAGE paper-triage check …`.
set -eu
role="${1:-${PAPER_TRIAGE_ROLE:-web}}"
case "$role" in
  web) set -- gunicorn --bind "0.0.0.0:${PORT:-8000}" --worker-class gevent --workers "${WEB_CONCURRENCY:-2}" \
         --worker-connections 1000 --timeout 30 --graceful-timeout 20 --keep-alive 2 "webhooks.app:create_app()" ;;
  worker | serve) set -- paper-triage "$role" ;;
  *) exec "$@" ;;
esac
# The health check (`paper-triage health`) runs beside this process and asks what it is.
echo "$role" > "${PAPER_TRIAGE_ROLE_FILE:-/tmp/paper-triage-role}"
exec "$@"
