#!/bin/bash
# The whole Spindle test bed on this machine, as root on Debian/Ubuntu:
# packages, libvirtd + virtlogd, a tiny real guest booted under TCG with its
# agent answering, test pools and volumes, an sshd on 127.0.0.1 with test users.
# Idempotent: run it again and it only redoes what is missing.
# Writes STATE/testbed.json, which the integration tests read.
#
#   setup.sh            bring everything up
#   setup.sh teardown   remove the test VMs, pools and sshd (packages stay)
set -euo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
STATE=${SPINDLE_TESTBED_DIR:-/var/lib/spindle-testbed}
URI=qemu:///system
VM=spindle-test-vm
VM_OFF=spindle-test-off
POOL=spindle-test-pool
POOL_OFF=spindle-test-inactive
SSH_PORT=${SPINDLE_SSH_PORT:-2222}
export SPINDLE_GUEST_DIR=$STATE/guest
export PATH=$PATH:/usr/sbin:/sbin

log() { echo "testbed: $*"; }
die() { echo "testbed: ERROR: $*" >&2; exit 1; }
v() { virsh -q -c "$URI" "$@"; }
# No `virsh ... | grep -q`: with pipefail, grep exiting early can SIGPIPE virsh.
pool_running() { [ "$(v pool-info "$1" | sed -n 's/^State: *//p')" = running ]; }
[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts libvirtd)"

if [ "${1:-}" = teardown ]; then
  for d in "$VM" "$VM_OFF"; do "$HERE/guest-vm.sh" destroy "$d" "$STATE/vms" 2>/dev/null || true; done
  for p in "$POOL" "$POOL_OFF"; do v pool-destroy "$p" 2>/dev/null || true; v pool-undefine "$p" 2>/dev/null || true; done
  "$HERE/sshd.sh" stop "$STATE"
  "$HERE/iscsi-target.sh" stop "$STATE" || true
  "$HERE/ceph.sh" stop "$STATE" || true
  rm -f "$STATE/testbed.json"
  exit 0
fi

t0=$(date +%s)
# Packages beyond the guest's: the browser for Playwright, a CJK font for zh-CN screenshots,
# zsh (the CLI's zsh completion is loaded by a test) and libvirt-python (bench:cli's baseline);
# for the pool specs: lvm2 (logical pools: pvcreate, vgcreate, lvcreate, vgs; dmsetup), parted
# (libvirt's disk pools, and Spindle's partition delete on loop devices), mount (losetup,
# findmnt), e2fsprogs (fs pools' mkfs), util-linux (lsblk, wipefs, blkid).
extra=()
for p in chromium fonts-droid-fallback openssh-server openssh-client sudo zsh python3-libvirt \
  lvm2 parted mount e2fsprogs util-linux; do
  dpkg -s "$p" >/dev/null 2>&1 || extra+=("$p")
done
if [ ${#extra[@]} -gt 0 ]; then
  log "installing ${extra[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${extra[@]}" >/dev/null
fi

"$HERE/host-setup.sh"
# What interrupted test runs left in libvirt (pools, secrets of dead runs; never the bed's own).
"$HERE/sweep.sh"
# Before the guest checks below: it may restart libvirtd (a storage driver just installed),
# and a guest that did not survive that is started again there.
# Every storage driver the pool specs use, in one go (one libvirtd restart on a fresh machine):
# zfs and gluster are only defined and undefined here (no zpool, no Gluster server), so their
# golden XML meets a real libvirtd's pool-define too.
"$HERE/pool-driver.sh" iscsi-direct rbd zfs gluster
"$HERE/iscsi-target.sh" "$STATE"
"$HERE/ceph.sh" "$STATE"
"$HERE/build-guest.sh" "$STATE/guest"

# Storage: one active dir pool with a backing chain, one inactive pool.
# VM files (XML, console log, root disk) live outside the pools so they do not show up as volumes.
mkdir -p "$STATE/pool" "$STATE/pool-inactive" "$STATE/vms"
chmod 755 "$STATE" "$STATE/pool" "$STATE/pool-inactive" "$STATE/vms"
if ! v pool-info "$POOL" >/dev/null 2>&1; then
  v pool-define-as "$POOL" dir --target "$STATE/pool" >/dev/null
fi
# libvirtd may be autostarting the pool right now: start it if needed, then check.
pool_running "$POOL" || v pool-start "$POOL" >/dev/null 2>&1 || true
pool_running "$POOL" || die "pool $POOL does not start"
v pool-autostart "$POOL" >/dev/null
if ! v pool-info "$POOL_OFF" >/dev/null 2>&1; then
  v pool-define-as "$POOL_OFF" dir --target "$STATE/pool-inactive" >/dev/null
fi
# The inactive pool must really be inactive (a test may have been interrupted).
if pool_running "$POOL_OFF"; then v pool-destroy "$POOL_OFF" >/dev/null; fi
v vol-info --pool "$POOL" base.qcow2 >/dev/null 2>&1 || v vol-create-as "$POOL" base.qcow2 32M --format qcow2 >/dev/null
v vol-info --pool "$POOL" overlay.qcow2 >/dev/null 2>&1 ||
  v vol-create-as "$POOL" overlay.qcow2 32M --format qcow2 --backing-vol base.qcow2 --backing-vol-format qcow2 >/dev/null
v vol-info --pool "$POOL" data.raw >/dev/null 2>&1 || v vol-create-as "$POOL" data.raw 16M --format raw >/dev/null

# Guests: one running (root disk + the overlay as a second disk), one shut off.
if ! v dominfo "$VM" >/dev/null 2>&1; then
  "$HERE/guest-vm.sh" define "$VM" "$STATE/vms"
  v attach-disk "$VM" "$STATE/pool/overlay.qcow2" vdb --driver qemu --subdriver qcow2 --config >/dev/null
fi
if ! v dominfo "$VM_OFF" >/dev/null 2>&1; then
  "$HERE/guest-vm.sh" define "$VM_OFF" "$STATE/vms"
  v attach-disk "$VM_OFF" "$STATE/pool/data.raw" vdb --driver qemu --subdriver raw --config >/dev/null
fi
# The second disks are part of the test bed: put them back if a test run lost them.
has_disk() { v domblklist "$1" --inactive | awk -v t="$2" '$1 == t { f = 1 } END { exit !f }'; }
has_disk "$VM" vdb || v attach-disk "$VM" "$STATE/pool/overlay.qcow2" vdb --driver qemu --subdriver qcow2 --config >/dev/null
has_disk "$VM_OFF" vdb || v attach-disk "$VM_OFF" "$STATE/pool/data.raw" vdb --driver qemu --subdriver raw --config >/dev/null
v pool-refresh "$POOL" >/dev/null
if [ "$(v domstate "$VM")" != running ]; then
  "$HERE/guest-vm.sh" start "$VM"
fi
"$HERE/guest-vm.sh" wait-agent "$VM" 180

"$HERE/sshd.sh" start "$STATE"

cat > "$STATE/testbed.json" <<EOF
{
  "uri": "$URI",
  "runningVm": "$VM",
  "shutoffVm": "$VM_OFF",
  "pool": "$POOL",
  "poolPath": "$STATE/pool",
  "inactivePool": "$POOL_OFF",
  "ssh": {
    "host": "127.0.0.1",
    "port": $SSH_PORT,
    "user": "spindle-test",
    "keyPath": "$STATE/ssh/client_ed25519",
    "passphraseKeyPath": "$STATE/ssh/client_ed25519_pp",
    "keyPassphrase": "spindle-key-passphrase",
    "password": "spindle-test-password",
    "hostKeyPub": "$STATE/ssh/host_ed25519.pub",
    "noSudoUser": "spindle-nosudo",
    "noSudoPassword": "spindle-nosudo-password",
    "sshdConfig": "$STATE/ssh/sshd_config",
    "sshdPidFile": "$STATE/ssh/sshd.pid"
  },
  "iscsi": {
    "host": "127.0.0.1",
    "port": 3260,
    "target": "iqn.2026-12.test.spindle:lun1",
    "initiatorIqn": "iqn.2026-12.test.spindle:initiator",
    "lunFile": "$STATE/iscsi/lun1.img",
    "lunBytes": $(stat -c %s "$STATE/iscsi/lun1.img")
  },
  "rbd": {
    "monHost": "127.0.0.1",
    "monPort": 6789,
    "pool": "spindle-rbd",
    "user": "spindle",
    "conf": "$STATE/ceph/ceph.conf",
    "adminKeyring": "$STATE/ceph/client.admin.keyring"
  },
  "chromium": "/usr/bin/chromium",
  "readyAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
EOF
log "ready in $(( $(date +%s) - t0 )) s ($STATE/testbed.json)"
