#!/usr/bin/env bash
# docker/build.sh [--push]: builds the HBase Tunnel image from the distribution, and pushes it.
# The dev machines have no container engine: run this on a build host or in CI.
#   IMAGE             repository (default ghcr.io/hbase-tunnel/hbase-tunnel; the chart's image.repository)
#   VERSION           tag (default 0.1.0; the chart's appVersion)
#   CONTAINER_ENGINE  docker (default) or podman
#   PLATFORMS         e.g. linux/amd64,linux/arm64: one multi-arch build with docker buildx (implies --push)
#   DIST_DIR          the distribution directory (default distribution/target/hbase-tunnel, built if missing)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE="${IMAGE:-ghcr.io/hbase-tunnel/hbase-tunnel}"
VERSION="${VERSION:-0.1.0}"
ENGINE="${CONTAINER_ENGINE:-docker}"
PLATFORMS="${PLATFORMS:-}"
DIST_DIR="${DIST_DIR:-$ROOT/distribution/target/hbase-tunnel}"

PUSH=false
for arg in "$@"; do
  case "$arg" in
    --push) PUSH=true ;;
    *) echo "usage: docker/build.sh [--push]" >&2; exit 2 ;;
  esac
done

if [[ ! -x "$DIST_DIR/bin/hbase-tunnel" ]]; then
  echo "building the distribution into $DIST_DIR" >&2
  (cd "$ROOT" && mvn -B -q -pl distribution -am package -DskipTests)
fi

TAG="$IMAGE:$VERSION"
if [[ -n "$PLATFORMS" ]]; then
  # a multi-arch manifest list can only live in a registry
  "$ENGINE" buildx build --platform "$PLATFORMS" --build-arg "VERSION=$VERSION" \
    -f "$ROOT/docker/Dockerfile" -t "$TAG" --push "$DIST_DIR"
  exit 0
fi

"$ENGINE" build --build-arg "VERSION=$VERSION" -f "$ROOT/docker/Dockerfile" -t "$TAG" "$DIST_DIR"
if [[ "$PUSH" == true ]]; then
  "$ENGINE" push "$TAG"
fi
echo "$TAG"
