#!/bin/bash
# Records real virsh output from the test bed (and libvirt's test driver) as
# golden files for the parser unit tests. Run after setup.sh, as root:
#   bash e2e/testbed/capture-golden.sh
set -euo pipefail
OUT=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../electron/backend/libvirt/testdata
V="virsh -c qemu:///system"
mkdir -p "$OUT"
$V dumpxml spindle-test-vm > "$OUT/domain-running.xml"
$V dumpxml spindle-test-off > "$OUT/domain-shutoff.xml"
$V pool-dumpxml spindle-test-pool > "$OUT/pool-dir.xml"
$V pool-dumpxml spindle-test-inactive > "$OUT/pool-inactive.xml"
$V vol-dumpxml --pool spindle-test-pool overlay.qcow2 > "$OUT/volume-overlay.xml"
$V domstats --block > "$OUT/domstats-block.txt"
# Hostile volume names, through the in-process test driver (nothing touches disk).
virsh -c test:///default "vol-create-as --pool default-pool --name '--bar' --capacity 1M ;
  vol-create-as --pool default-pool --name \"\$'\\\\x41'\" --capacity 1M ;
  vol-create-as --pool default-pool --name 'a
b' --capacity 1M ;
  vol-create-as --pool default-pool --name '数据盘' --capacity 1M ;
  vol-create-as --pool default-pool --name 'emoji🚀disk' --capacity 1M ;
  vol-create-as --pool default-pool --name \"x'y \\\$(touch pwn) \\\`id\\\`;ü\" --capacity 1M ;
  vol-list default-pool" > "$OUT/vol-list-hostile.txt"
# Real error messages.
{
  echo "### libvirtd-down"; $V -c 'qemu:///system?socket=/nonexistent/sock' list 2>&1 || true
  echo "### unknown-domain"; $V dumpxml no-such-domain 2>&1 || true
  echo "### unknown-pool"; $V pool-dumpxml no-such-pool 2>&1 || true
  echo "### unknown-volume"; $V vol-dumpxml --pool spindle-test-pool no-such-vol 2>&1 || true
  echo "### polkit-no-dbus"; runuser -u spindle-nosudo -- virsh -c qemu:///system list 2>&1 || true
  echo "### sudo-password"; runuser -u spindle-nosudo -- sudo -n virsh list 2>&1 || true
  echo "### sh-not-found"; sh -c 'spindle-no-such-program' 2>&1 || true
  echo "### bash-not-found"; bash -c 'spindle-no-such-program' 2>&1 || true
} > "$OUT/errors.txt"
$V domblkinfo --domain spindle-test-vm --device vda > "$OUT/domblkinfo-vda.txt"
$V domblkinfo --domain spindle-test-vm --all > "$OUT/domblkinfo-all.txt"
echo "golden files written to $OUT"
