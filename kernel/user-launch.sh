#!/bin/sh
# The start script of a user-level kernelspec on Linux and macOS (`podtalk kernel install`), which
# `kernel install` copies into the kernelspec folder as launch.sh, beside launch.cjs
# (kernel/user-launcher.ts):
#
#   /bin/sh {resource_dir}/launch.sh NODE CONNECTION_FILE
#
# Jupyter starts a kernel in the notebook's folder. From there this looks for podtalk as
# launch.cjs does, without starting Node first: `node_modules/podtalk` in that folder, then in each
# folder above it, or a podtalk checkout itself. For the first it finds, it runs that package's
# own launcher (kernel/launch.sh), which starts the kernel and its compiler at once. Anything
# else (a podtalk without that launcher, a global install, none at all) is launch.cjs's to find
# or to report.

node=$1
connection=$2
here=${0%/*}

# The podtalk package in folder $1, if any (what launch.cjs's kernelIn() accepts).
is_podtalk() {
  [ -f "$1/dist/kernel/main.js" ] && grep -q '"name"[[:space:]]*:[[:space:]]*"podtalk"' "$1/package.json" 2>/dev/null
}

# The first podtalk is the one to start: by its launcher when it has one, else by launch.cjs.
start() {
  [ -f "$1/kernel/launch.sh" ] && exec /bin/sh "$1/kernel/launch.sh" "$node" "$connection"
  exec "$node" "$here/launch.cjs" --connection-file "$connection"
}

dir=$PWD
while [ -n "$dir" ]; do
  if is_podtalk "$dir/node_modules/podtalk"; then start "$dir/node_modules/podtalk"; fi
  if is_podtalk "$dir"; then start "$dir"; fi
  [ "$dir" = / ] && break
  dir=${dir%/*}
  [ -n "$dir" ] || dir=/
done
exec "$node" "$here/launch.cjs" --connection-file "$connection"
