#!/bin/bash
# A user-space iSCSI target on 127.0.0.1:3260 for the iscsi-direct pool tests:
# Debian's tgt serving one file-backed LUN, reached by libvirt's iscsi-direct
# driver and QEMU's libiscsi (qemu-block-extra); no kernel initiator (this
# machine has no iscsi_tcp module). Idempotent; called by setup.sh.
#
#   iscsi-target.sh [STATE]        install, start tgtd, serve the LUN (default STATE /var/lib/spindle-testbed)
#   iscsi-target.sh stop [STATE]   delete the target and shut tgtd down (the LUN file stays)
#
# The libvirt driver comes through pool-driver.sh, which restarts libvirtd if
# it was just installed.
set -euo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
export PATH=$PATH:/usr/sbin:/sbin
PORTAL=127.0.0.1:3260
IQN=iqn.2026-12.test.spindle:lun1
SIZE=64M

log() { echo "iscsi-target: $*"; }
die() { echo "iscsi-target: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

mode=up
if [ "${1:-}" = stop ]; then mode=stop; shift; fi
STATE=${1:-${SPINDLE_TESTBED_DIR:-/var/lib/spindle-testbed}}
LUN=$STATE/iscsi/lun1.img

tgt() { timeout 30 tgtadm --lld iscsi "$@"; }
# The tid our IQN has now, or nothing.
our_tid() { tgt --op show --mode target 2>/dev/null | awk -v q="$IQN" '$1 == "Target" && $3 == q { sub(":", "", $2); print $2 }'; }

if [ "$mode" = stop ]; then
  pgrep -x tgtd >/dev/null || exit 0
  tid=$(our_tid)
  if [ -n "$tid" ]; then tgt --op delete --mode target --tid "$tid" --force; fi
  # tgtd's own shutdown (no kill by name); it refuses while other targets exist.
  if [ -z "$(tgt --op show --mode target)" ]; then
    pids=$(pgrep -x tgtd || true)
    tgt --op delete --mode system
    # Wait until it has really gone, so a start right after does not find a dying one.
    for pid in $pids; do
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
  fi
  exit 0
fi

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]; }
missing=()
for p in tgt libiscsi-bin qemu-block-extra; do
  installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi
"$HERE/pool-driver.sh" iscsi-direct

mkdir -p "$STATE/iscsi"
# Sparse: 64 MiB on the LUN, next to nothing on disk.
[ -f "$LUN" ] || truncate -s "$SIZE" "$LUN"

# On a machine run by systemd, installing tgt starts (and enables) tgt.service,
# whose tgtd listens on every interface at 3260: ours could not bind, and the
# pgrep below would take that one for ours. Stop and disable it (our tgtd
# serves loopback only); a CI container without systemd has no such unit.
if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && command -v systemctl >/dev/null; then
  if systemctl is-active --quiet tgt.service || systemctl is-enabled --quiet tgt.service 2>/dev/null; then
    log "stopping and disabling tgt.service (it takes port 3260 on every interface)"
    systemctl disable --now tgt.service >/dev/null 2>&1 || die "could not stop tgt.service"
    for _ in $(seq 1 100); do pgrep -x tgtd >/dev/null || break; sleep 0.1; done
  fi
fi

if ! pgrep -x tgtd >/dev/null; then
  # Listen on loopback only: the test bed must not offer a disk to the network.
  tgtd --iscsi "portal=$PORTAL"
  log "started tgtd on $PORTAL"
fi
for _ in $(seq 1 50); do tgt --op show --mode sys >/dev/null 2>&1 && break; sleep 0.1; done
tgt --op show --mode sys >/dev/null 2>&1 || die "tgtd does not answer tgtadm"

if [ -z "$(our_tid)" ]; then
  tid=$(tgt --op show --mode target | awk '$1 == "Target" { sub(":", "", $2); if ($2 > m) m = $2 } END { print m + 1 }')
  tgt --op new --mode target --tid "$tid" -T "$IQN"
  tgt --op new --mode logicalunit --tid "$tid" --lun 1 -b "$LUN"
  tgt --op bind --mode target --tid "$tid" -I 127.0.0.1
  log "serving $LUN as $IQN (tid $tid) on $PORTAL"
fi
listed=$(timeout 30 iscsi-ls "iscsi://$PORTAL/") || die "iscsi-ls iscsi://$PORTAL/ failed"
[[ $listed == *"Target:$IQN Portal:"* ]] || die "iscsi-ls does not list $IQN on $PORTAL: $listed"
