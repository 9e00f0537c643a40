#!/bin/bash
# A one-node Ceph cluster for the rbd pool tests (see CEPH.md for what was
# tried and what it costs): Debian 12's Ceph 16.2, one mon and one mgr on
# 127.0.0.1, one OSD on memstore (ceph-volume wants LVM, and this machine has
# no device-mapper), pool size 1, cephx. The OSD keeps its data in RAM, so a
# cluster with any daemon gone is rebuilt from scratch (about 10 s) rather
# than repaired. Idempotent; called by setup.sh.
#
#   ceph.sh [STATE]        install, bring the cluster up, make the rbd pool and user
#   ceph.sh stop [STATE]   stop the daemons and remove the cluster
#
# Files in STATE/ceph: ceph.conf, the admin keyring (0600), the daemons' pid
# files and logs (NAME.log; what a daemon prints on stderr, such as a crash
# before its log opens, goes to daemons.log). The test user's key is not
# written anywhere: tests ask for it with `ceph auth get-key` and hand it to libvirt on standard input.
set -euo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
export PATH=$PATH:/usr/sbin:/sbin
MON=127.0.0.1:6789
RBD_POOL=spindle-rbd
USER=spindle
# memstore's whole store: enough for the few small images the tests make.
OSD_BYTES=$((512 * 1024 * 1024))

log() { echo "ceph: $*"; }
die() { echo "ceph: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

mode=up
if [ "${1:-}" = stop ]; then mode=stop; shift; fi
STATE=${1:-${SPINDLE_TESTBED_DIR:-/var/lib/spindle-testbed}}
D=$STATE/ceph
CONF=$D/ceph.conf
admin() { timeout 60 ceph -c "$CONF" -n client.admin -k "$D/client.admin.keyring" "$@"; }
# Captured, then matched (no `| grep -q` under pipefail).
osd_up() { local s; s=$(admin osd stat 2>/dev/null) && [[ $s == *" 1 up"* ]]; }
# The cluster answers and can serve the tests: not HEALTH_ERR (this bed's own
# warnings, such as a low disk or msgr2 off, are harmless), every placement
# group active+clean, the test user there. Short timeouts: a mon that hangs
# means rebuild, not a minute's wait per question.
quick() { timeout 20 ceph -c "$CONF" -n client.admin -k "$D/client.admin.keyring" --connect-timeout 10 "$@"; }
healthy() {
  local h p
  h=$(quick health 2>/dev/null) || return 1
  [[ $h == HEALTH_OK* || $h == HEALTH_WARN* ]] || { log "cluster health: $h"; return 1; }
  p=$(quick pg stat 2>/dev/null) || return 1
  # "33 pgs: 33 active+clean; 19 B data, ..."
  [[ $p =~ ^([0-9]+)\ pgs:\ ([0-9]+)\ active\+clean\; ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] || { log "placement groups not all active+clean: $p"; return 1; }
  quick auth get "client.$USER" >/dev/null 2>&1 || { log "client.$USER is missing"; return 1; }
}
has_pool() { local s; s=$(admin osd pool ls 2>/dev/null) && [[ $'\n'$s$'\n' == *$'\n'"$RBD_POOL"$'\n'* ]]; }

# A daemon is running when its pid file names a live process of that program
# (never by name alone: another cluster's daemons are not ours).
running() {
  local pid
  pid=$(cat "$D/run/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}
DAEMONS=("mon.a ceph-mon" "mgr.x ceph-mgr" "osd.0 ceph-osd")

# SIGTERM, then SIGKILL for a daemon still there after STOP_WAIT seconds
# (a mon stuck on a full disk or an OSD flushing memstore ignores TERM).
STOP_WAIT=${CEPH_STOP_WAIT:-10}
# Gone: no such process of that program, or a zombie (dead; its parent, maybe a PID 1 that never reaps, has yet to reap it).
gone() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" != "$2" ] || [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = Z ]; }
stop_all() {
  local d name prog pid
  for d in "${DAEMONS[@]}"; do
    read -r name prog <<<"$d"
    running "$name" "$prog" || continue
    pid=$(cat "$D/run/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((STOP_WAIT * 10))); do gone "$pid" "$prog" && break; sleep 0.1; done
    if ! gone "$pid" "$prog"; then
      log "$name (pid $pid) did not stop in ${STOP_WAIT} s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do gone "$pid" "$prog" && break; sleep 0.1; done
      gone "$pid" "$prog" || die "$name (pid $pid) survives SIGKILL"
    fi
  done
}

if [ "$mode" = stop ]; then
  stop_all
  rm -rf "$D"
  exit 0
fi

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]; }
missing=()
for p in ceph-mon ceph-mgr ceph-osd ceph-common qemu-block-extra uuid-runtime; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi
"$HERE/pool-driver.sh" rbd

all_up=1
for d in "${DAEMONS[@]}"; do
  read -r name prog <<<"$d"
  running "$name" "$prog" || all_up=0
done
if [ $all_up = 1 ] && osd_up && has_pool && healthy; then
  exit 0
fi

t0=$(date +%s)
[ -d "$D" ] && log "rebuilding the cluster in $D (a daemon was gone, or it was not healthy)"
stop_all
rm -rf "$D"
mkdir -p "$D/run" "$D/mon" "$D/mgr/mgr.x" "$D/osd/osd.0"
chmod 700 "$D"
fsid=$(uuidgen)
cat > "$CONF" <<EOF
[global]
fsid = $fsid
mon_host = $MON
mon_initial_members = a
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
auth_allow_insecure_global_id_reclaim = false
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_warn_on_msgr2_not_enabled = false
osd_crush_chooseleaf_type = 0
ms_bind_ipv4 = true
ms_bind_ipv6 = false
run_dir = $D/run
pid_file = $D/run/\$name.pid
admin_socket = $D/run/\$name.asok
log_file = $D/\$name.log
keyring = $D/\$name.keyring
[mon]
mon_data = $D/mon/\$name
mon_allow_pool_delete = true
[mgr]
mgr_data = $D/mgr/\$name
[osd]
osd_data = $D/osd/\$name
osd_objectstore = memstore
memstore_device_bytes = $OSD_BYTES
EOF
chmod 644 "$CONF"
# Keyrings: 0600 by umask, never echoed.
(
  umask 077
  ceph-authtool --create-keyring "$D/mon.a.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool --create-keyring "$D/client.admin.keyring" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
  ceph-authtool "$D/mon.a.keyring" --import-keyring "$D/client.admin.keyring" >/dev/null
)
monmaptool --create --add a "$MON" --fsid "$fsid" "$D/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$D/monmap" --keyring "$D/mon.a.keyring" 2>>"$D/setup.log"
ceph-mon -c "$CONF" -i a >>"$D/daemons.log" 2>&1
admin status >/dev/null

(umask 077; admin auth get-or-create mgr.x mon 'allow profile mgr' osd 'allow *' mds 'allow *' > "$D/mgr.x.keyring")
ceph-mgr -c "$CONF" -i x >>"$D/daemons.log" 2>&1

uuid=$(uuidgen)
id=$(admin osd new "$uuid")
[ "$id" = 0 ] || die "the new OSD got id $id, expected 0"
(umask 077; ceph-authtool --create-keyring "$D/osd.0.keyring" --gen-key -n osd.0 >/dev/null)
admin auth add osd.0 osd 'allow *' mon 'allow profile osd' mgr 'allow profile osd' -i "$D/osd.0.keyring" 2>>"$D/setup.log"
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" 2>>"$D/setup.log"
ceph-osd -c "$CONF" -i 0 >>"$D/daemons.log" 2>&1
for _ in $(seq 1 120); do osd_up && break; sleep 0.5; done
osd_up || die "the OSD did not come up (see $D/osd.0.log and $D/daemons.log)"

admin osd pool create "$RBD_POOL" 8 8 >/dev/null 2>&1
admin osd pool set "$RBD_POOL" size 1 --yes-i-really-mean-it >/dev/null 2>&1
timeout 120 rbd -c "$CONF" -n client.admin -k "$D/client.admin.keyring" pool init "$RBD_POOL"
# The user libvirt (and the tests) connect as: rbd on our pool only.
admin auth get-or-create "client.$USER" mon 'profile rbd' osd "profile rbd pool=$RBD_POOL" >/dev/null
log "cluster up in $(( $(date +%s) - t0 )) s: mon $MON, rbd pool $RBD_POOL, user client.$USER"
