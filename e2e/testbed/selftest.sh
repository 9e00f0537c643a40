#!/bin/bash
# End-to-end check of the test bed: builds the guest, boots it, and exercises through
# libvirt what Spindle's e2e tests rely on (agent, fsinfo, disk hot-plug/unplug,
# guest-exec mkfs/mount, block stats). Cleans up after itself, also on failure.
# Usage: selftest.sh [NAME]     (default spindle-selftest-<pid>)
set -euo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
NAME=${1:-spindle-selftest-$$}
DIR=/var/lib/spindle-testbed/$NAME
G="$HERE/guest-vm.sh"
v() { virsh -q -c qemu:///system "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "selftest: FAIL: $*" >&2; exit 1; }
ok() { echo "selftest: ok: $*"; }
agent() { v qemu-agent-command "$NAME" "$1"; }
guest_has_dev() { "$G" exec "$NAME" /bin/ls /dev | grep -x "$1" >/dev/null; }
wait_dev() { # NAME present|absent TIMEOUT
  local t0; t0=$(date +%s)
  while :; do
    if guest_has_dev "$1"; then [ "$2" = present ] && return 0
    else [ "$2" = absent ] && return 0; fi
    [ $(( $(date +%s) - t0 )) -lt "$3" ] || return 1
    sleep 0.3
  done
}

cleanup() {
  set +e
  "$G" destroy "$NAME" "$DIR" >/dev/null 2>&1
  rm -f "$DIR"/extra-*.qcow2
  rmdir "$DIR" 2>/dev/null
}
trap cleanup EXIT

"$HERE/host-setup.sh"
command -v jq >/dev/null || fail "jq missing (host-setup.sh installs it)"
t=$(now); "$HERE/build-guest.sh"; ok "build-guest.sh took $(since "$t") s"

mkdir -p "$DIR"
"$G" define "$NAME" "$DIR" >/dev/null
spare=$(v dumpxml "$NAME" | grep -c "model='pcie-root-port'") || true
t=$(now); "$G" start "$NAME" >/dev/null
"$G" wait-agent "$NAME" 120 >/dev/null; ok "boot to guest-ping in $(since "$t") s ($spare root ports)"

v domfsinfo "$NAME" >/dev/null; ok "domfsinfo answers"

qemu-img create -q -f qcow2 "$DIR/extra-vdb.qcow2" 128M
t=$(now)
v attach-disk "$NAME" "$DIR/extra-vdb.qcow2" vdb --driver qemu --subdriver qcow2 --live >/dev/null
wait_dev vdb present 20 || fail "guest does not see /dev/vdb after attach-disk"
ok "attach-disk vdb: guest sees /dev/vdb after $(since "$t") s"

t=$(now)
"$G" exec "$NAME" mkfs.ext4 -q /dev/vdb
"$G" exec "$NAME" mkdir -p /mnt/data
"$G" exec "$NAME" mount /dev/vdb /mnt/data
ok "guest-exec mkfs.ext4 + mount took $(since "$t") s"
fs=$(agent '{"execute":"guest-get-fsinfo"}' | jq -c '.return[] | select(.mountpoint == "/mnt/data")')
[ -n "$fs" ] || fail "guest-get-fsinfo does not list /mnt/data"
[ "$(jq -r '.type == "ext4" and .["total-bytes"] > 0 and .["used-bytes"] > 0' <<<"$fs")" = true ] \
  || fail "bad fsinfo entry: $fs"
v domfsinfo "$NAME" | grep /mnt/data >/dev/null || fail "virsh domfsinfo does not show /mnt/data"
ok "fsinfo: $(jq -c '{mountpoint, type, used: .["used-bytes"], total: .["total-bytes"], dev: .disk[0].dev}' <<<"$fs")"

"$G" exec "$NAME" umount /mnt/data
t=$(now)
v detach-disk "$NAME" vdb --live >/dev/null
v domblklist "$NAME" | grep "^ *vdb " >/dev/null && fail "vdb still in domblklist"
wait_dev vdb absent 20 || fail "guest still has /dev/vdb after detach"
ok "detach-disk vdb --live completed in $(since "$t") s"

qemu-img create -q -f qcow2 "$DIR/extra-sda.qcow2" 32M
v attach-disk "$NAME" "$DIR/extra-sda.qcow2" sda --targetbus scsi --driver qemu --subdriver qcow2 --live >/dev/null
wait_dev sda present 20 || fail "guest does not see /dev/sda (virtio-scsi)"
v detach-disk "$NAME" sda --live >/dev/null
wait_dev sda absent 20 || fail "guest still has /dev/sda after detach"
ok "virtio-scsi hot-plug/unplug of sda"

wr() { v domstats --block "$NAME" | sed -n 's/^ *block\.0\.wr\.reqs=//p'; }
before=$(wr)
pid=$(agent '{"execute":"guest-exec","arguments":{"path":"dd","arg":["if=/dev/zero","of=/dev/vda","bs=4k","count=8000","oflag=direct"],"capture-output":true}}' | jq -r .return.pid)
samples=()
while :; do
  st=$(agent "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":$pid}}")
  samples+=("$(wr)")
  [ "$(jq -r .return.exited <<<"$st")" = true ] && break
  sleep 0.3
done
[ "$(jq -r .return.exitcode <<<"$st")" = 0 ] || fail "dd failed: $(jq -r '.return["err-data"] // ""' <<<"$st" | base64 -d)"
after=$(wr)
[ $(( after - before )) -ge 8000 ] || fail "wr.reqs rose only by $(( after - before )) (expected >= 8000)"
ok "domstats wr.reqs $before -> ${samples[*]} (dd oflag=direct, 8000 x 4k)"
echo "selftest: PASS"
