#!/bin/bash
# Build a tiny test guest (Debian cloud kernel + busybox initramfs with qemu-ga)
# for the Spindle libvirt test bed. Everything comes from the Debian archive, so it
# works on machines that can only reach deb.debian.org.
#
# Usage: build-guest.sh [OUTDIR]     (default /var/lib/spindle-testbed/guest)
# Output: OUTDIR/vmlinuz, OUTDIR/initrd.img, OUTDIR/kernel-version
# Env:    SPINDLE_GUEST_EXTRA_TOOLS="mkfs.xfs xfs_growfs ..."  extra host binaries to
#         copy into the guest (with their libraries) if the host has them.
#         SPINDLE_GUEST_FORCE=1  rebuild even if up to date.
set -euo pipefail

OUTDIR=${1:-/var/lib/spindle-testbed/guest}
SELF=$(readlink -f "${BASH_SOURCE[0]}")
EXTRA_TOOLS=${SPINDLE_GUEST_EXTRA_TOOLS:-}

# Modules the guest loads at boot (dependencies are resolved from modules.dep).
# button+evdev let busybox acpid turn `virsh shutdown` (ACPI) into a poweroff.
GUEST_MODULES="virtio_pci virtio_blk virtio_scsi virtio_console virtio_balloon sd_mod
  xfs btrfs xxhash_generic vfat nls_cp437 nls_utf8 nls_ascii dm_mod button evdev"
# Host tools later tests run inside the guest through guest-exec.
GUEST_TOOLS="qemu-ga mke2fs resize2fs e2fsck blkid lsblk"

log() { echo "build-guest: $*"; }
die() { echo "build-guest: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

ensure_packages() {
  # command-name:package pairs; only install what is missing.
  local need=() pair
  for pair in busybox:busybox-static depmod:kmod modprobe:kmod cpio:cpio mke2fs:e2fsprogs \
              qemu-ga:qemu-guest-agent lsblk:util-linux blkid:util-linux gzip:gzip \
              apt-get:apt flock:util-linux; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "${pair%%:*}" >/dev/null 2>&1 \
      || need+=("${pair#*:}")
  done
  # busybox (non-static) would need its own libs; we want the static one.
  dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
  fi
}

# Resolve the versioned kernel package behind the meta package, e.g.
# linux-image-6.1.0-56-cloud-amd64, plus its candidate version (for the stamp).
kernel_package() {
  local pkg
  # Without package lists apt-cache fails: that must lead to the update below,
  # not end the script (set -e + pipefail).
  pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
        | sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1) || pkg=''
  if [ -z "$pkg" ]; then
    apt-get update -q >/dev/null
    pkg=$(apt-cache depends linux-image-cloud-amd64 \
          | sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n1)
  fi
  [ -n "$pkg" ] || die "cannot resolve the dependency of linux-image-cloud-amd64"
  local ver
  ver=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
  echo "$pkg $ver"
}

export PATH=$PATH:/usr/sbin:/sbin
ensure_packages

mkdir -p "$OUTDIR"
# Several test workers may call this at once; one builds, the others wait.
exec 9>"$OUTDIR/.lock"
flock 9

read -r KPKG KPKGVER < <(kernel_package)
STAMP_WANT=$( { sha256sum "$SELF" | cut -d' ' -f1; echo "$KPKG $KPKGVER"; echo "$EXTRA_TOOLS"; } | sha256sum | cut -d' ' -f1)
if [ "${SPINDLE_GUEST_FORCE:-0}" != 1 ] && [ -s "$OUTDIR/vmlinuz" ] && [ -s "$OUTDIR/initrd.img" ] \
   && [ "$(cat "$OUTDIR/.stamp" 2>/dev/null)" = "$STAMP_WANT" ]; then
  log "up to date in $OUTDIR ($KPKG)"
  exit 0
fi

START=$(date +%s)
WORK=$(mktemp -d /tmp/spindle-build-guest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# apt-get download drops privileges to _apt, which must be able to write here.
mkdir "$WORK/deb" && chmod 0777 "$WORK/deb"

log "downloading $KPKG $KPKGVER"
(cd "$WORK/deb" && apt-get download -q "$KPKG" >/dev/null 2>&1) \
  || (cd "$WORK/deb" && apt-get download "$KPKG" >/dev/null) || die "apt-get download $KPKG failed"
dpkg -x "$WORK"/deb/*.deb "$WORK/kroot"
KVER=$(ls "$WORK/kroot/lib/modules")
[ -f "$WORK/kroot/boot/vmlinuz-$KVER" ] || die "no /boot/vmlinuz-$KVER in $KPKG"
# The .deb ships no modules.dep (postinst makes it); we need it to order insmods.
depmod -b "$WORK/kroot" "$KVER"

R=$WORK/initramfs
# Merged-/usr layout like Debian 12, so host paths (/lib/x86_64-linux-gnu, /sbin/...)
# and busybox's --list-full paths all land in one place.
mkdir -p "$R"/usr/{bin,sbin,lib,lib64} "$R"/{dev,proc,sys,run,tmp,mnt,etc,root,var/lib,var/log}
ln -s usr/bin "$R/bin"; ln -s usr/sbin "$R/sbin"; ln -s usr/lib "$R/lib"; ln -s usr/lib64 "$R/lib64"
ln -s ../run "$R/var/run"
chmod 1777 "$R/tmp"

cp "$(readlink -f "$(command -v busybox)")" "$R/usr/bin/busybox"
file_is_static() { ! ldd "$1" >/dev/null 2>&1; }
file_is_static "$R/usr/bin/busybox" || die "busybox is not static (install busybox-static)"
# `busybox --list-full` also names busybox itself: linking bin/busybox -> busybox
# would replace the binary with a self-loop (ELOOP, "No working init found").
busybox --list-full | while read -r p; do
  [ "${p##*/}" = busybox ] && continue
  p=${p#/}; p=${p/#bin\//usr/bin/}; p=${p/#sbin\//usr/sbin/}
  [ -e "$R/$p" ] || [ -L "$R/$p" ] || ln -s /usr/bin/busybox "$R/$p"
done

# Copy a host binary and every library ldd names (plus the dynamic loader).
# A copied tool replaces busybox applets of the same name, so PATH order is moot.
copy_with_libs() {
  local src dest name lib
  src=$(command -v "$1" 2>/dev/null) || return 1
  name=${1##*/}
  dest=${2:-/usr/sbin/$name}
  case "$src" in /usr/bin/*|/bin/*) dest=${2:-/usr/bin/$name} ;; esac
  rm -f "$R/usr/bin/$name" "$R/usr/sbin/$name"
  cp -L "$src" "$R$dest"
  ldd "$src" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
    lib=${lib/#\/lib\//\/usr\/lib\/}; lib=${lib/#\/lib64\//\/usr\/lib64\/}
    [ -e "$R$lib" ] && continue
    mkdir -p "$R${lib%/*}"
    cp -L "$lib" "$R$lib" 2>/dev/null || cp -L "${lib/#\/usr/}" "$R$lib"
  done
}

for t in $GUEST_TOOLS; do copy_with_libs "$t" || die "host tool $t not found"; done
for t in $EXTRA_TOOLS; do copy_with_libs "$t" || log "extra tool $t not on host, skipped"; done
[ -e "$R/usr/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$R/usr/lib64/"
ln -s mke2fs "$R/usr/sbin/mkfs.ext4"; ln -s mke2fs "$R/usr/sbin/mkfs.ext3"; ln -s mke2fs "$R/usr/sbin/mkfs.ext2"
ln -s e2fsck "$R/usr/sbin/fsck.ext4"
cp /etc/mke2fs.conf "$R/etc/mke2fs.conf"

# Kernel modules in load order (dependencies first, each once).
MODDIR=lib/modules/$KVER
mkdir -p "$R/usr/$MODDIR"
for m in $GUEST_MODULES; do
  modprobe -d "$WORK/kroot" -S "$KVER" --show-depends "$m" 2>/dev/null \
    | sed -n "s#^insmod $WORK/kroot/$MODDIR/\([^ ]*\).*#\1#p"
done | awk '!seen[$0]++' > "$R/etc/spindle-modules"
[ -s "$R/etc/spindle-modules" ] || die "no modules resolved from $KPKG"
while read -r ko; do
  mkdir -p "$R/usr/$MODDIR/${ko%/*}"
  cp "$WORK/kroot/$MODDIR/$ko" "$R/usr/$MODDIR/$ko"
done < "$R/etc/spindle-modules"
# Lets `modprobe NAME` work in the guest too (e.g. later tests loading dm_mod by name).
cp "$WORK/kroot/$MODDIR"/modules.{order,builtin} "$R/usr/$MODDIR/" 2>/dev/null || true
depmod -b "$R/usr" "$KVER" 2>/dev/null || true

printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\n' > "$R/etc/group"
echo spindle-guest > "$R/etc/hostname"
: > "$R/etc/fstab"
ln -s /proc/self/mounts "$R/etc/mtab"

# qemu-ga's guest-shutdown execs `/sbin/shutdown -h -P|-H|-r +0 MSG` (the mode flag
# is not the first argument); busybox has no shutdown applet.
cat > "$R/usr/sbin/shutdown" <<'EOF'
#!/bin/sh
action=poweroff
for a in "$@"; do
  case "$a" in -r) action=reboot ;; -H) action=halt ;; esac
done
echo "spindle-init: shutdown $* -> $action" > /dev/console
sync
exec $action -f
EOF
# busybox acpid maps the ACPI power button (virsh shutdown) to this script.
mkdir -p "$R/etc/acpi/PWRF"
printf '#!/bin/sh\nexec /sbin/shutdown -P\n' > "$R/etc/acpi/PWRF/00000080"
printf 'PWRF PWRF/00000080\n' > "$R/etc/acpid.conf"
chmod 0755 "$R/usr/sbin/shutdown" "$R/etc/acpi/PWRF/00000080"

cat > "$R/init" <<EOF
#!/bin/sh
# PID 1 of the Spindle test guest. It must never exit (kernel panic).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
KVER=$KVER
EOF
cat >> "$R/init" <<'EOF'
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# devtmpfs creates /dev/vdX, /dev/sdX, /dev/vportNpM itself, also on hot-plug.
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /run/qemu-ga /var/lib/qemu-ga
hostname -F /etc/hostname
exec </dev/console >/dev/console 2>&1

while read -r ko; do
  # crc32c-intel needs SSE4.2, which TCG's default CPU lacks; the generic one is built in.
  insmod "/lib/modules/$KVER/$ko" 2>/dev/null || echo "spindle-init: insmod $ko failed (ignored)"
done < /etc/spindle-modules
mdev -s
acpid -c /etc/acpi -a /etc/acpid.conf 2>/dev/null || true

agent_port() {
  for n in /sys/class/virtio-ports/*/name; do
    [ -r "$n" ] && [ "$(cat "$n")" = org.qemu.guest_agent.0 ] && { d=${n%/name}; echo "/dev/${d##*/}"; return 0; }
  done
  return 1
}
i=0
until PORT=$(agent_port) && [ -c "$PORT" ]; do
  i=$((i+1)); [ $i -gt 100 ] && break
  sleep 0.1
done
if [ -z "${PORT:-}" ] || [ ! -c "$PORT" ]; then
  echo "SPINDLE-GUEST-NO-AGENT-PORT (no virtio port named org.qemu.guest_agent.0)"
  while :; do sleep 3600; done
fi

echo "SPINDLE-GUEST-READY agent=$PORT kernel=$KVER"
# qemu-ga runs in the foreground and is restarted if it dies; the shell as PID 1
# also reaps orphans while it waits.
while :; do
  qemu-ga -m virtio-serial -p "$PORT" -t /var/lib/qemu-ga -f /run/qemu-ga.pid
  echo "spindle-init: qemu-ga exited ($?), restarting"
  sleep 1
done
EOF
chmod 0755 "$R/init"

log "packing initramfs ($(wc -l < "$R/etc/spindle-modules") modules)"
(cd "$R" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -6 > "$WORK/initrd.img"

install -m 0644 "$WORK/kroot/boot/vmlinuz-$KVER" "$OUTDIR/vmlinuz.new"
install -m 0644 "$WORK/initrd.img" "$OUTDIR/initrd.img.new"
mv -f "$OUTDIR/vmlinuz.new" "$OUTDIR/vmlinuz"
mv -f "$OUTDIR/initrd.img.new" "$OUTDIR/initrd.img"
echo "$KVER" > "$OUTDIR/kernel-version"
chmod 0755 "$OUTDIR"
echo "$STAMP_WANT" > "$OUTDIR/.stamp"
log "built $OUTDIR (kernel $KVER, initrd $(du -h "$OUTDIR/initrd.img" | cut -f1)) in $(( $(date +%s) - START ))s"
