#!/bin/bash
# Make this host ready to run test guests: packages, /dev/kvm permissions, and the
# libvirt daemons (CI machines have no init system, so nothing starts them).
# Idempotent; safe to run before every test run.  Usage: host-setup.sh
set -euo pipefail

die() { echo "host-setup: ERROR: $*" >&2; exit 1; }
log() { echo "host-setup: $*"; }
[ "$(id -u)" = 0 ] || die "must run as root"
export PATH=$PATH:/usr/sbin:/sbin

PKGS="libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils qemu-guest-agent
      busybox-static kmod cpio e2fsprogs util-linux jq"
missing=()
for p in $PKGS; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
fi

# Without udev /dev/kvm stays root-only 0600. libvirt's QEMU capability probe still
# sees KVM, but its "is KVM usable by libvirt-qemu" check says no, so it throws the
# cached capabilities away and re-probes QEMU on every define/start: `virsh define`
# took 30-150 s instead of 20 ms. udev on a normal Debian host sets root:kvm 0660+.
if [ -c /dev/kvm ] && getent group kvm >/dev/null; then
  if [ "$(stat -c %G /dev/kvm)" != kvm ] || (( (0$(stat -c %a /dev/kvm) & 060) != 060 )); then
    chgrp kvm /dev/kvm && chmod g+rw /dev/kvm
    log "made /dev/kvm root:kvm g+rw (as udev would)"
  fi
fi

# Mount propagation as on a systemd host (systemd makes / shared at boot; CI machines
# and containers often leave it private): libvirt starts each QEMU in a mount
# namespace of its own, a slave of the host's, so without this a filesystem that an
# fs or netfs pool mounts after the guest started never reaches that QEMU ("No such
# file or directory" on hot-plug of one of its volumes). Guests started before
# this change keep a private view until they are restarted.
if [ "$(findmnt -n -o PROPAGATION /)" = private ]; then
  mount --make-rshared /
  log "made / shared (mount propagation as systemd sets it)"
fi

# Process checks, not pid files: a pid file left by a killed daemon may name a
# process that no longer exists (or, worse, another process).
answers() { virsh -q -c qemu:///system version >/dev/null 2>&1; }
for _ in $(seq 1 100); do
  answers && exit 0
  pgrep -x virtlogd >/dev/null || { virtlogd -d; log "started virtlogd"; }
  # A libvirtd that is still shutting down is waited for, then replaced.
  pgrep -x libvirtd >/dev/null || { libvirtd -d; log "started libvirtd"; }
  sleep 0.3
done
die "libvirtd does not answer on qemu:///system"
