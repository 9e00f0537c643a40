#!/bin/bash
# Define/start/stop tiny TCG test guests (built by build-guest.sh) on qemu:///system.
#
#   guest-vm.sh define NAME DISKDIR        write DISKDIR/NAME.xml + 64 MiB NAME-vda.qcow2, define
#   guest-vm.sh start NAME
#   guest-vm.sh wait-agent NAME [TIMEOUT]  poll guest-ping (default 120 s), print seconds taken
#   guest-vm.sh up NAME DISKDIR [TIMEOUT]  define + start + wait-agent
#   guest-vm.sh exec NAME CMD [ARG...]     guest-exec CMD, print its stdout/stderr, exit with its code
#   guest-vm.sh destroy NAME [DISKDIR]     stop, undefine, delete the files `define` created
#
# Env: SPINDLE_GUEST_DIR (default /var/lib/spindle-testbed/guest) holds vmlinuz/initrd.img;
#      SPINDLE_GUEST_SPARE_PORTS (default 8) free pcie-root-ports for live disk hotplug;
#      LIBVIRT_DEFAULT_URI is ignored on purpose: the test bed is always qemu:///system.
set -euo pipefail

URI=qemu:///system
GUEST_DIR=${SPINDLE_GUEST_DIR:-/var/lib/spindle-testbed/guest}
SPARE_PORTS=${SPINDLE_GUEST_SPARE_PORTS:-8}
META_NS=https://spindle.invalid/testbed
HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

die() { echo "guest-vm: ERROR: $*" >&2; exit 1; }
log() { echo "guest-vm: $*"; }
v() { virsh -q -c "$URI" "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

usage() { sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 2; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

xml_escape() { local s=${1//&/&amp;}; s=${s//</&lt;}; s=${s//>/&gt;}; s=${s//\'/&apos;}; printf '%s' "$s"; }

check_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "bad domain name '$1' (use [A-Za-z0-9_.-])"
}

# QEMU runs as libvirt-qemu: libvirt chowns the image files but not their parent
# directories, so every parent must be searchable by that user.
check_traversable() {
  local user f
  user=$(sed -n 's/^ *user *= *"\(.*\)"/\1/p' /etc/libvirt/qemu.conf 2>/dev/null | tail -n1)
  user=${user:-libvirt-qemu}
  [ "$user" = root ] && return 0
  id "$user" >/dev/null 2>&1 || return 0
  for f in "$1/vmlinuz" "$1/initrd.img"; do
    runuser -u "$user" -- test -r "$f" || die "$f is not readable by $user (QEMU's user); make it and its parent directories readable"
  done
  runuser -u "$user" -- test -x "$2" || die "$2 is not searchable by $user (QEMU's user); chmod o+x it and its parents"
}

cmd_define() {
  [ $# -eq 2 ] || usage
  local name=$1 diskdir
  check_name "$name"
  mkdir -p "$2"
  diskdir=$(readlink -f "$2")
  "$HERE/host-setup.sh"
  v dominfo "$name" >/dev/null 2>&1 && die "domain $name already exists"
  if [ ! -s "$GUEST_DIR/vmlinuz" ] || [ ! -s "$GUEST_DIR/initrd.img" ]; then
    "$HERE/build-guest.sh" "$GUEST_DIR"
  fi
  local disk=$diskdir/$name-vda.qcow2 console=$diskdir/$name-console.log xml=$diskdir/$name.xml
  check_traversable "$GUEST_DIR" "$diskdir"
  qemu-img create -q -f qcow2 "$disk" 64M
  : > "$console"

  # Devices without an explicit address (vda, virtio-serial, virtio-scsi, balloon)
  # take root ports too, so declare 4 more than the spare count wanted for hotplug.
  # Root ports cannot be hot-added: once they are used up, attach-disk fails with
  # "No more available PCI slots".
  local ports="" i
  for ((i = 0; i < SPARE_PORTS + 4; i++)); do
    ports+="    <controller type='pci' model='pcie-root-port'/>"$'\n'
  done
  cat > "$xml" <<EOF
<domain type='qemu'>
  <name>$(xml_escape "$name")</name>
  <metadata>
    <spindle:testbed xmlns:spindle='$META_NS' diskdir='$(xml_escape "$diskdir")'/>
  </metadata>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>$(xml_escape "$GUEST_DIR/vmlinuz")</kernel>
    <initrd>$(xml_escape "$GUEST_DIR/initrd.img")</initrd>
    <cmdline>console=ttyS0</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$(xml_escape "$disk")'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <controller type='usb' model='none'/>
    <controller type='pci' model='pcie-root'/>
    <!-- present from boot: SCSI disk hot-plug then needs no controller hot-plug -->
    <controller type='scsi' model='virtio-scsi'/>
$ports    <serial type='file'>
      <source path='$(xml_escape "$console")'/>
      <target port='0'/>
    </serial>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <video><model type='none'/></video>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF
  v define "$xml" >/dev/null
  log "defined $name (disk $disk, console $console)"
}

cmd_start() {
  [ $# -eq 1 ] || usage
  v start "$1" >/dev/null
  log "started $1"
}

agent_ping() { v qemu-agent-command --timeout 2 "$1" '{"execute":"guest-ping"}' >/dev/null 2>&1; }

cmd_wait_agent() {
  (( $# >= 1 && $# <= 2 )) || usage
  local name=$1 timeout=${2:-120} t0
  t0=$(now)
  until agent_ping "$name"; do
    if awk -v a="$t0" -v b="$(now)" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
      echo "guest-vm: ERROR: no guest agent answer from $name after ${timeout}s; console tail:" >&2
      local log_path
      log_path=$(v dumpxml "$name" | sed -n "/<serial type='file'>/,/<\/serial>/s/.*<source path='\([^']*\)'.*/\1/p" | head -n1)
      [ -n "$log_path" ] && tail -n 20 "$log_path" >&2
      exit 1
    fi
    [ "$(v domstate "$name" 2>/dev/null)" = running ] || die "$name is not running"
    sleep 0.5
  done
  log "agent of $1 answered after $(elapsed "$t0") s"
}

need_jq() {
  command -v jq >/dev/null 2>&1 && return 0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq >/dev/null
}

# Run a command in the guest through the agent; no shell unless you call /bin/sh -c.
cmd_exec() {
  [ $# -ge 2 ] || usage
  need_jq
  local name=$1; shift
  local req pid st exited t0 timeout=${SPINDLE_GUEST_EXEC_TIMEOUT:-300}
  # One --arg per element: jq 1.6 parses option-like positional args ("-c") itself
  # and cuts raw input at NUL bytes.
  local args='[]' a
  for a in "${@:2}"; do args=$(jq -nc --argjson l "$args" --arg x "$a" '$l + [$x]'); done
  req=$(jq -nc --arg p "$1" --argjson a "$args" '{execute:"guest-exec",arguments:{path:$p,arg:$a,"capture-output":true}}')
  pid=$(v qemu-agent-command "$name" "$req" | jq -r '.return.pid')
  t0=$(date +%s)
  while :; do
    st=$(v qemu-agent-command "$name" "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":$pid}}")
    exited=$(jq -r '.return.exited' <<<"$st")
    [ "$exited" = true ] && break
    [ $(( $(date +%s) - t0 )) -lt "$timeout" ] || die "guest command still running after ${timeout}s: $*"
    sleep 0.2
  done
  jq -r '.return["out-data"] // empty' <<<"$st" | base64 -d
  jq -r '.return["err-data"] // empty' <<<"$st" | base64 -d >&2
  return "$(jq -r '.return.exitcode // (128 + (.return.signal // 0))' <<<"$st")"
}

cmd_destroy() {
  (( $# >= 1 && $# <= 2 )) || usage
  local name=$1 diskdir=${2:-}
  check_name "$name"
  if v dominfo "$name" >/dev/null 2>&1; then
    if [ -z "$diskdir" ]; then
      diskdir=$(v metadata "$name" "$META_NS" 2>/dev/null | sed -n "s/.*diskdir='\([^']*\)'.*/\1/p; s/.*diskdir=\"\([^\"]*\)\".*/\1/p" | head -n1)
    fi
    [ "$(v domstate "$name")" = "shut off" ] || v destroy "$name" >/dev/null
    v undefine "$name" >/dev/null
  fi
  # libvirt keeps one QEMU log per domain name forever; names here are throwaway.
  rm -f "/var/log/libvirt/qemu/$name.log" "/var/log/libvirt/qemu/$name.log".[0-9]*
  if [ -n "$diskdir" ]; then
    # Only what define made: DISKDIR may be shared (e.g. a libvirt dir pool's target).
    rm -f "$diskdir/$name-vda.qcow2" "$diskdir/$name-console.log" "$diskdir/$name.xml"
  fi
  log "destroyed $name"
}

cmd_up() {
  (( $# >= 2 && $# <= 3 )) || usage
  cmd_define "$1" "$2"
  cmd_start "$1"
  cmd_wait_agent "$1" "${3:-120}"
}

need_root
[ $# -ge 1 ] || usage
sub=$1; shift
case "$sub" in
  define) cmd_define "$@" ;;
  start) cmd_start "$@" ;;
  wait-agent) cmd_wait_agent "$@" ;;
  up) cmd_up "$@" ;;
  exec) cmd_exec "$@" ;;
  destroy) cmd_destroy "$@" ;;
  *) usage ;;
esac
