# First start: a cluster owned by POSTGRES_USER with POSTGRES_PASSWORD, and POSTGRES_DB in it.
# Then PostgreSQL itself, as the postgres user, listening on every address with password logins.
set -eu
user=${POSTGRES_USER:-postgres}
database=${POSTGRES_DB:-$user}
bin=$(echo /usr/lib/postgresql/*/bin)
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /run/postgresql
chown postgres:postgres "$PGDATA" /run/postgresql
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file=$(mktemp)
  printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}" >"$password_file"
  chown postgres "$password_file"
  as_postgres "$bin/initdb" --username="$user" --pwfile="$password_file" --auth-local=trust \
    --auth-host=scram-sha-256 >/dev/null
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    echo "CREATE DATABASE \"$database\" OWNER \"$user\"" | as_postgres "$bin/postgres" --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$PGDATA" -c listen_addresses='*'
