#!/bin/sh
# Entrypoint of the newsquote-bot image (deploy/Dockerfile).
#
#   (no arguments) or `run`  seed an empty corpus folder with the shipped articles, bring
#                            the on-disk index up to date, then run the bot (polling or
#                            webhook, by BOT_MODE) as PID 1's replacement
#   healthcheck              exit 0 when GET /readyz on BOT_HEALTH_PORT answers 200
#   anything else            `python -m bot ARGS`, e.g. `index --force`, `sources`,
#                            `ask "How many troops…?"`
#
# The same script runs outside the image (deploy/check does): it needs only `python`
# with the bot installed on PATH, and the BOT_* settings.
set -eu

seed_dir=${SEED_CORPUS_DIR:-/app/corpus}

seed_corpus() {
    corpus=${BOT_CORPUS_DIR:?BOT_CORPUS_DIR is not set}
    mkdir -p "$corpus"
    if [ -z "$(ls -A "$corpus")" ] && [ -d "$seed_dir" ]; then
        echo "entrypoint: $corpus is empty; copying the shipped articles from $seed_dir"
        cp -R "$seed_dir"/. "$corpus"/
    fi
}

build_index() {
    # Replicas sharing one /data volume take turns; the second finds the index current.
    if command -v flock >/dev/null 2>&1 && [ -n "${BOT_INDEX_DIR:-}" ]; then
        mkdir -p "$(dirname "$BOT_INDEX_DIR")"
        flock "$(dirname "$BOT_INDEX_DIR")/.index.lock" python -m bot index --no-vectors
    else
        python -m bot index --no-vectors
    fi
}

case "${1:-run}" in
    run)
        seed_corpus
        build_index
        exec python -m bot run
        ;;
    healthcheck)
        exec python - <<'PY'
import os
import sys
import urllib.error
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('BOT_HEALTH_PORT', '8080')}/readyz"
try:
    with urllib.request.urlopen(url, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(f"{url}: {error}", file=sys.stderr)
    sys.exit(1)
PY
        ;;
    *)
        exec python -m bot "$@"
        ;;
esac
