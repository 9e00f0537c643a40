#!/bin/bash
# Removes what interrupted test runs left in libvirt: storage pools and
# secrets named by the pool specs (e2e/integration/pool*.test.ts,
# e2e/ui/pools.test.ts), which end every name with the process id of the run
# that made it. Only a name none of whose numbers is a live process is
# removed, so a run going on now keeps its own; the test bed's own pools
# (spindle-test-pool, spindle-test-inactive) are never touched. Pools are
# stopped and undefined (their storage stays: a VG or a directory of a dead
# run is not worth guessing about). Called by setup.sh.
#
#   sweep.sh [--dry-run]
set -euo pipefail

URI=${SPINDLE_URI:-qemu:///system}
KEEP=(spindle-test-pool spindle-test-inactive)
# The tests' pool names: spindle-<what>-PID (pools, pc, lvm, iscsid, rbd,
# usage, xml, trap), the UI's "ui pool PID" and ui-<type>-PID, and the hostile name
# of pools.test.ts ("-p it's $(touch spindle-pwned); ... PID").
POOL_RE="^(spindle-|ui pool |ui-|-p it's )"
# The secrets' usage names: spindle-rbd-PID, spindle-pc-rbd-PID, spindle-usage-rbd-PID[-p].
SECRET_RE='^spindle-'

dry=0
[ "${1:-}" = --dry-run ] && dry=1
log() { echo "sweep: $*"; }
v() { virsh -q -c "$URI" "$@"; }

# A name of a dead run: it has a number of 2+ digits and none is a live pid.
dead_run() {
  local n found=0 rest=$1
  while [[ $rest =~ ([0-9]{2,})(.*) ]]; do
    n=${BASH_REMATCH[1]}
    rest=${BASH_REMATCH[2]}
    found=1
    [ -d "/proc/$n" ] && return 1
  done
  [ $found = 1 ]
}

removed=0
# By UUID: a name may hold spaces, quotes or $(); it is never split or evaluated.
while read -r uuid; do
  [ -n "$uuid" ] || continue
  name=$(v pool-name "$uuid" 2>/dev/null) || continue
  name=${name%$'\n'}
  for k in "${KEEP[@]}"; do [ "$name" = "$k" ] && continue 2; done
  [[ $name =~ $POOL_RE ]] || continue
  dead_run "$name" || continue
  log "stray pool ${name@Q} ($uuid)"
  removed=$((removed + 1))
  [ $dry = 1 ] && continue
  v pool-destroy "$uuid" >/dev/null 2>&1 || true
  v pool-undefine "$uuid" >/dev/null 2>&1 || log "could not undefine pool $uuid"
done < <(v pool-list --all --uuid 2>/dev/null || true)

# secret-list: "UUID  USAGE-TYPE USAGE-NAME" (the name may hold spaces).
while read -r uuid type usage; do
  [ -n "${uuid:-}" ] && [ -n "${usage:-}" ] || continue
  [[ $uuid =~ ^[0-9a-f-]{36}$ ]] || continue
  [[ $usage =~ $SECRET_RE ]] || continue
  dead_run "$usage" || continue
  log "stray secret $uuid ($type ${usage@Q})"
  removed=$((removed + 1))
  [ $dry = 1 ] && continue
  v secret-undefine "$uuid" >/dev/null 2>&1 || log "could not undefine secret $uuid"
done < <(v secret-list 2>/dev/null || true)

# Volumes the specs made in the test bed's own pool (liveonly-PID.raw, "ssh mount PID $(x);.qcow2", ...)
# and left when a run was killed: a name of a dead run, not one of the bed's own, and
# used by no VM (the path is in no domain's live or saved XML). Deleted by key, never split.
BED_POOL=spindle-test-pool
BED_VOLS=(base.qcow2 overlay.qcow2 data.raw)
if v pool-info "$BED_POOL" >/dev/null 2>&1; then
  xml=""
  while read -r d; do
    [ -n "$d" ] || continue
    xml+=$(v dumpxml "$d" 2>/dev/null || true)
    xml+=$(v dumpxml --inactive "$d" 2>/dev/null || true)
  done < <(v list --all --uuid 2>/dev/null || true)
  v pool-refresh "$BED_POOL" >/dev/null 2>&1 || true
  # vol-list --details would split names with spaces: one name per line from the plain listing's first column is not
  # safe either, so the keys (paths) are read and the name is the path's last part.
  while IFS= read -r line; do
    path=${line##* /}
    path=/${path}
    [ -f "$path" ] || continue
    name=${path##*/}
    for k in "${BED_VOLS[@]}"; do [ "$name" = "$k" ] && continue 2; done
    dead_run "$name" || continue
    [[ $xml == *"$path"* ]] && continue
    log "stray volume ${name@Q} in $BED_POOL"
    removed=$((removed + 1))
    [ $dry = 1 ] && continue
    v vol-delete "$path" >/dev/null 2>&1 || log "could not delete volume ${path@Q}"
  done < <(v vol-list "$BED_POOL" 2>/dev/null || true)
  # A LUKS volume's passphrase secret (usage type volume, named by the volume's path) whose volume is gone.
  while read -r uuid type usage; do
    [ "${type:-}" = volume ] && [[ ${uuid:-} =~ ^[0-9a-f-]{36}$ ]] || continue
    [[ $usage == /var/lib/spindle-testbed/* ]] && [ ! -e "$usage" ] || continue
    log "stray volume secret $uuid (${usage@Q})"
    removed=$((removed + 1))
    [ $dry = 1 ] && continue
    v secret-undefine "$uuid" >/dev/null 2>&1 || log "could not undefine secret $uuid"
  done < <(v secret-list 2>/dev/null || true)
fi

# Scratch guests of the snapshot and block job specs (fixtures.scratchGuest: spindle-scratch-TAG-PID)
# of dead runs: destroyed, undefined with their snapshot metadata, their folder removed.
SCRATCH_ROOT=/var/lib/spindle-testbed/scratch
while read -r name; do
  [[ ${name:-} =~ ^spindle-scratch-[A-Za-z0-9_.-]+$ ]] || continue
  dead_run "$name" || continue
  log "stray scratch guest $name"
  removed=$((removed + 1))
  [ $dry = 1 ] && continue
  v destroy "$name" >/dev/null 2>&1 || true
  v undefine "$name" --snapshots-metadata --checkpoints-metadata --nvram >/dev/null 2>&1 || log "could not undefine $name"
  rm -rf -- "${SCRATCH_ROOT:?}/$name"
done < <(v list --all --name 2>/dev/null || true)

[ $removed = 0 ] || log "$removed left-over(s) of interrupted runs $([ $dry = 1 ] && echo found || echo removed)"
