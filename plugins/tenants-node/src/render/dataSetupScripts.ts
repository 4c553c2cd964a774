/**
 * The scripts of the data-setup Jobs. They are fixed text: the names to set
 * up come as arguments (validated by `parseInitialData`, one entry per
 * argument, its words separated by spaces) and the credentials as
 * environment variables from the tenant's Secrets, so nothing declared ever
 * becomes part of a script. `set -f` keeps the shell from expanding the
 * glob characters of ACL patterns when an entry is split into words. Each
 * step is idempotent: a Job run again changes nothing that exists.
 */

/** Arguments: `<database> [<schema> ...]`; psql connects with the PG* variables. */
export const POSTGRES_SETUP_SCRIPT = `set -euf
for entry in "$@"; do
  database=\${entry%% *}
  schemas=\${entry#"$database"}
  psql -v ON_ERROR_STOP=1 -v database="$database" <<'SQL'
SELECT format('CREATE DATABASE %I', :'database')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')\\gexec
SQL
  for schema in $schemas; do
    psql -v ON_ERROR_STOP=1 -v schema="$schema" --dbname="$database" <<'SQL'
CREATE SCHEMA IF NOT EXISTS :"schema";
SQL
  done
  echo "database $database ready, schemas:\${schemas:- none}"
done
`;

/**
 * Arguments: `<topic> <partitions> <replication factor> [<key>=<value> ...]`;
 * the SASL credentials go into a client config file, never on a command line.
 */
export const KAFKA_SETUP_SCRIPT = `set -euf
umask 077
cat > /tmp/client.properties <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_USERNAME" password="$KAFKA_PASSWORD";
EOF
for entry in "$@"; do
  set -- $entry
  topic=$1 partitions=$2 replication=$3
  shift 3
  configs=
  for setting in "$@"; do configs="$configs --config $setting"; done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVER" \\
    --command-config /tmp/client.properties --create --if-not-exists \\
    --topic "$topic" --partitions "$partitions" \\
    --replication-factor "$replication" $configs
  echo "topic $topic ready"
done
`;

/**
 * Arguments: `<user> <rule> [<rule> ...]`; each user's password is the file
 * named after it in /etc/redis-users (the Secret), read by redis-cli from
 * its standard input (-x), so it is on no command line. `reset` first makes
 * the user exactly what is declared, whatever it was.
 */
export const REDIS_SETUP_SCRIPT = `set -euf
for entry in "$@"; do
  user=\${entry%% *}
  rules=\${entry#"$user"}
  password=$(cat "/etc/redis-users/$user")
  reply=$(printf '>%s' "$password" | redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --no-auth-warning -x ACL SETUSER "$user" reset on $rules 2>&1) || true
  if [ "$reply" != OK ]; then
    echo "ACL SETUSER $user failed: $reply" >&2
    exit 1
  fi
  echo "user $user ready"
done
`;
