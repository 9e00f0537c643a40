#!/bin/bash
# Makes libvirtd report each given pool type as supported (`virsh
# pool-capabilities`), installing libvirt-daemon-driver-storage-TYPE where
# missing. libvirtd loads its storage drivers when it starts, so a driver
# installed since needs a restart: done once, and said. Running guests survive
# it (QEMU keeps running, libvirtd reconnects); setup.sh restarts any that did not.
#
#   pool-driver.sh TYPE...        e.g. pool-driver.sh iscsi-direct rbd
set -euo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
export PATH=$PATH:/usr/sbin:/sbin
URI=qemu:///system
log() { echo "pool-driver: $*"; }
die() { echo "pool-driver: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
[ $# -gt 0 ] || die "usage: pool-driver.sh TYPE..."

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]; }
missing=()
for t in "$@"; do installed "libvirt-daemon-driver-storage-$t" || missing+=("libvirt-daemon-driver-storage-$t"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# No `virsh ... | grep -q` (with pipefail an early grep exit can SIGPIPE virsh): capture, then match.
unsupported() {
  local caps t out=()
  caps=$(timeout 60 virsh -q -c "$URI" pool-capabilities) || die "virsh pool-capabilities failed"
  for t in "$@"; do [[ $caps == *"<pool type='$t' supported='yes'>"* ]] || out+=("$t"); done
  echo "${out[*]}"
}
"$HERE/host-setup.sh"
todo=$(unsupported "$@")
[ -z "$todo" ] && exit 0
pid=$(pgrep -x libvirtd || true)
log "RESTARTING libvirtd (pid ${pid:-none}): it does not report pool type(s) $todo yet"
if [ -n "$pid" ]; then
  kill "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && die "libvirtd (pid $pid) did not exit"
fi
"$HERE/host-setup.sh"
todo=$(unsupported "$@")
[ -z "$todo" ] || die "libvirtd still reports $todo unsupported after a restart"
