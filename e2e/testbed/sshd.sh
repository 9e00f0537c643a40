#!/bin/bash
# A real sshd on 127.0.0.1 for the SSH integration tests, with its own host key
# and config (no init system needed), plus two test users:
#   spindle-test    key + password login, passwordless sudo, group libvirt
#   spindle-nosudo  password login, no sudo rights (tests the "sudo wants a password" error)
#
#   sshd.sh start [STATE_DIR]   (default /var/lib/spindle-testbed)   idempotent
#   sshd.sh stop  [STATE_DIR]
# Env: SPINDLE_SSH_PORT (default 2222)
set -euo pipefail

ACTION=${1:-start}
STATE=${2:-/var/lib/spindle-testbed}
PORT=${SPINDLE_SSH_PORT:-2222}
DIR=$STATE/ssh
PIDFILE=$DIR/sshd.pid
USER_OK=spindle-test
USER_NOSUDO=spindle-nosudo
# Test-only passwords for users that exist on throwaway test machines.
PASS_OK=spindle-test-password
PASS_NOSUDO=spindle-nosudo-password

log() { echo "sshd: $*"; }
die() { echo "sshd: ERROR: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
export PATH=$PATH:/usr/sbin:/sbin

# Our sshd is running when the pid file names a live sshd started with our config.
# A pid alone is not enough: on a new boot a stale pid file can name some other
# daemon (CI once sent that one SIGHUP and never started sshd at all).
running() {
  local pid cmd
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sshd ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"-f $DIR/sshd_config "* ]]
}

if [ "$ACTION" = stop ]; then
  if running; then kill "$(cat "$PIDFILE")"; log "stopped"; fi
  exit 0
fi
[ "$ACTION" = start ] || die "usage: sshd.sh start|stop [STATE_DIR]"

command -v sshd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server openssh-client >/dev/null
command -v sudo >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q sudo >/dev/null

mkdir -p "$DIR" /run/sshd
chmod 700 "$DIR"
[ -f "$DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C spindle-testbed-host -f "$DIR/host_ed25519"
[ -f "$DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C spindle-testbed-client -f "$DIR/client_ed25519"
# A passphrase-protected copy of the same key, for the passphrase path.
if [ ! -f "$DIR/client_ed25519_pp" ]; then
  cp "$DIR/client_ed25519" "$DIR/client_ed25519_pp"
  ssh-keygen -q -p -N 'spindle-key-passphrase' -f "$DIR/client_ed25519_pp" >/dev/null
fi

getent group libvirt >/dev/null || groupadd -r libvirt
for u in "$USER_OK" "$USER_NOSUDO"; do
  id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
done
usermod -aG libvirt "$USER_OK"
echo "$USER_OK:$PASS_OK" | chpasswd
echo "$USER_NOSUDO:$PASS_NOSUDO" | chpasswd
echo "$USER_OK ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/spindle-test
chmod 440 /etc/sudoers.d/spindle-test

home=$(getent passwd "$USER_OK" | cut -d: -f6)
install -d -m 700 -o "$USER_OK" -g "$USER_OK" "$home/.ssh"
install -m 600 -o "$USER_OK" -g "$USER_OK" "$DIR/client_ed25519.pub" "$home/.ssh/authorized_keys"

cat > "$DIR/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $DIR/host_ed25519
PidFile $PIDFILE
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
AllowUsers $USER_OK $USER_NOSUDO
MaxSessions 10
ClientAliveInterval 10
LogLevel ERROR
Subsystem sftp internal-sftp
EOF

if running; then
  # Pick up config changes without dropping the port.
  kill -HUP "$(cat "$PIDFILE")"
else
  /usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log"
fi
# sshd binds after it has forked into the background, so a port it cannot take
# shows only in its log: wait for the port, and fail with the log if it never answers.
up=0
for _ in $(seq 100); do
  if ssh-keyscan -T 1 -p "$PORT" -t ed25519 127.0.0.1 >/dev/null 2>&1; then up=1; break; fi
  sleep 0.1
done
if [ "$up" != 1 ]; then
  echo "sshd: its log ($DIR/sshd.log):" >&2
  tail -n 20 "$DIR/sshd.log" >&2 2>/dev/null || true
  echo "sshd: listeners on :$PORT:" >&2
  ss -ltnp "( sport = :$PORT )" >&2 || true
  die "nothing answers on 127.0.0.1:$PORT after 10 s"
fi
fp=$(ssh-keygen -lf "$DIR/host_ed25519.pub" | awk '{print $2}')
log "listening on 127.0.0.1:$PORT, host key $fp"
