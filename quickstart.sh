#!/usr/bin/env bash
# One command: builds the distribution if needed, then runs the local quickstart (Ctrl-C stops it).
# Options go to `hbase-tunnel quickstart`, e.g. ./quickstart.sh --writer --gateway-port 12311
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
DIST=distribution/target/hbase-tunnel
if [[ ! -x "$DIST/bin/hbase-tunnel" || -n "$(find . -path ./local-run -prune -o -newer "$DIST/bin/hbase-tunnel" \
      \( -name '*.java' -o -name pom.xml \) -print -quit)" ]]; then
  mvn -B -q package -DskipTests
fi
exec "$DIST/bin/hbase-tunnel" quickstart "$@"
