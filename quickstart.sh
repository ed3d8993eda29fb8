#!/usr/bin/env bash
# One command: builds the distributions if needed, then runs the local quickstart (Ctrl-C stops it).
# The quickstart has its own launcher (local/target/hbase-tunnel-quickstart); its worker pods and its gateway
# run the production distribution (distribution/target/hbase-tunnel/bin/hbase-tunnel).
# Options go to the quickstart, e.g. ./quickstart.sh --writer --gateway-port 12311
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
DIST=distribution/target/hbase-tunnel
QUICKSTART=local/target/hbase-tunnel-quickstart/bin/hbase-tunnel-quickstart
# the quickstart's launcher is built before the distribution: anything newer than it needs a new build
if [[ ! -x "$DIST/bin/hbase-tunnel" || ! -x "$QUICKSTART" || -n "$(find . -path ./local-run -prune -o -newer "$QUICKSTART" \
      \( -name '*.java' -o -name pom.xml \) -print -quit)" ]]; then
  mvn -B -q package -DskipTests
fi
exec "$QUICKSTART" "$@"
