#!/bin/sh
# podtalk's kernel as Jupyter starts it on Linux and macOS (the kernelspec's argv, made by
# podtalkKernelSpec in lib/notebook/kernelspec.ts):
#
#   /bin/sh <podtalk>/kernel/launch.sh NODE CONNECTION_FILE
#
# It starts the kernel (dist/kernel/main.js) and, at the same moment, the kernel's TypeScript
# compiler process (dist/kernel/compiler/main.js). Started by the kernel, the compiler would begin
# only once the kernel's own Node has started and loaded its first modules; from here both load at
# once, on two cores.
#
# The two talk through two FIFOs in a private folder, which this script opens for both before
# either starts (fds 7 and 8 of each; the kernel swaps its ends for ones its own children do not
# inherit, and removes the folder: kernel/compiler/launched.ts). So each sees the other's end of
# file when the other ends, however it ends: the compiler exits with the kernel, and a kernel whose
# compiler could not start (Node refusing a startup snapshot built by another Node, say) forks one.
# PODTALK_LAUNCHED_COMPILER tells the kernel "<the compiler's pid>:<the folder>".
#
# The compiler starts from the startup snapshot when `npm run build` made one with this very Node
# (dist/kernel/ts-startup.args: that Node's path, then the compiler's Node arguments, one a line)
# and NODE_OPTIONS is empty, as at the build; PODTALK_KERNEL_SNAPSHOT=off starts it without.
#
# The kernel starts alone, and forks its compiler when it wants one, as `node dist/kernel/main.js`
# does, when no compiler should start beside it or the folder cannot be made:
# - PODTALK_COMPILER_SOCKET is set: `podtalk run` serves the kernel from compilers it keeps;
# - PODTALK_KERNEL_COMPILER=on-demand or PODTALK_KERNEL_WARM_UP=off: no compiler ahead of need.

node=$1
connection=$2
case $0 in
  /*/*) root=${0%/*/*} ;; # <root>/kernel/launch.sh, as the kernelspec names it
  *) root=$(cd "$(dirname "$0")/.." && pwd) ;;
esac
main=$root/dist/kernel/main.js

plain() {
  exec "$node" "$main" --connection-file "$connection"
}

[ -z "$PODTALK_COMPILER_SOCKET" ] || plain
case $PODTALK_KERNEL_COMPILER in [Oo][Nn]-[Dd][Ee][Mm][Aa][Nn][Dd]) plain ;; esac
case $PODTALK_KERNEL_WARM_UP in [Oo][Ff][Ff]) plain ;; esac

set --
args=$root/dist/kernel/ts-startup.args
if [ -z "$NODE_OPTIONS" ] && [ -f "$args" ]; then
  {
    IFS= read -r built
    while IFS= read -r arg; do set -- "$@" "$arg"; done
  } <"$args"
  [ "$built" = "$node" ] || set --
fi
case $PODTALK_KERNEL_SNAPSHOT in [Oo][Ff][Ff]) set -- ;; esac

dir=$(mktemp -d "${TMPDIR:-/tmp}/podtalk-launch.XXXXXXXX" 2>/dev/null) || plain
if ! mkfifo -m 600 "$dir/requests" "$dir/answers" 2>/dev/null; then
  rm -rf "$dir"
  plain
fi

# Requests in on fd 7, answers out on fd 8, its error output kept for the kernel's report. Each
# open of a FIFO waits for the other side's, which the exec below makes at once.
(
  unset NODE_EXTRA_CA_CERTS # The compiler opens no TLS connection; reading the file slows Node's start.
  exec "$node" "$@" "$root/dist/kernel/compiler/main.js" --pipe 7 8 2>"$dir/errors" 7<"$dir/requests" 8>"$dir/answers" </dev/null >/dev/null
) &

export PODTALK_LAUNCHED_COMPILER="$!:$dir"
exec "$node" "$main" --connection-file "$connection" 7>"$dir/requests" 8<"$dir/answers"
