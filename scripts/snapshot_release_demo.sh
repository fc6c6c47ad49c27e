#!/usr/bin/env sh
# Store the demo database of a release for tests/platform/test_migrate_previous_release.py.
#
#   scripts/snapshot_release_demo.sh [commit]      (default: HEAD, i.e. the release just tagged)
#
# Checks the commit out into a temporary worktree (the working tree here is left alone), runs
# `migrate` and `load_demo` there into a new SQLite file, and replaces
# tests/fixtures/release-<date>-demo.sqlite3.xz and .json (the commit and the date) with it.
# Commit both files afterwards.
set -eu

root=$(git rev-parse --show-toplevel)
commit=$(git -C "$root" rev-parse --verify "${1:-HEAD}^{commit}")
day=$(git -C "$root" show -s --format=%cs "$commit")
python="${VENV:-$root/.venv}/bin/python"
work=$(mktemp -d)
tree="$work/release"
cleanup() {
  git -C "$root" worktree remove --force "$tree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

git -C "$root" worktree add --detach --quiet "$tree" "$commit"
(
  cd "$tree"
  export DATABASE_URL="sqlite:///$work/demo.sqlite3" MEDIA_ROOT="$work/media" DEBUG=1 PYTHONWARNINGS=ignore
  "$python" manage.py migrate --noinput -v0 2>/dev/null
  "$python" manage.py load_demo >/dev/null 2>&1
)

fixtures="$root/tests/fixtures"
mkdir -p "$fixtures"
rm -f "$fixtures"/release-*-demo.sqlite3.xz "$fixtures"/release-*-demo.json
"$python" - "$work/demo.sqlite3" "$fixtures/release-$day-demo" "$commit" "$day" <<'PY'
import json, lzma, sqlite3, sys
source, target, commit, day = sys.argv[1:]
database = sqlite3.connect(source)
database.execute("PRAGMA journal_mode=DELETE")  # one file, no write-ahead log beside it
database.execute("VACUUM")
migrations = database.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0]
database.close()
with open(source, "rb") as raw, lzma.open(target + ".sqlite3.xz", "wb", preset=9 | lzma.PRESET_EXTREME) as packed:
    packed.write(raw.read())
with open(target + ".json", "w") as about:
    json.dump({"commit": commit, "date": day, "migrations": migrations}, about, indent=1)
    about.write("\n")
PY
ls -l "$fixtures/release-$day-demo.sqlite3.xz" "$fixtures/release-$day-demo.json"
