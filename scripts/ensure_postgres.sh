#!/usr/bin/env sh
# Succeed when PostgreSQL answers on 127.0.0.1:5432; try to start a local cluster first if not.
reachable() { "${VENV:-.venv}/bin/python" -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1).close()" 2>/dev/null; }
reachable && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >/dev/null 2>&1 || true
  sleep 2
fi
reachable
