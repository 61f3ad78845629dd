#!/bin/sh
# systemd-check.sh DEB: `systemctl start dossierd` from the Debian package,
# on a machine whose PID 1 is not systemd (a container).  Boots systemd as
# PID 1 of a private PID and mount namespace over a throwaway overlay of /
# (needs root, and the systemd package), installs the package there, starts
# the unit with systemctl and asks `dossier status` through the service's
# socket (as root and as a member of the group dossier).  The machine itself
# is left unchanged.
#
# A sandbox option of the unit that the machine cannot provide inside a
# namespace (systemd then fails the start with 226/NAMESPACE) is reported by
# name, and the unit is started again with only that option turned off by a
# drop-in, so the rest of the unit is still checked.  Exit 0 when the unit
# as shipped started; 3 when it started only without some option; 1 when it
# did not start.
set -eu
deb=$(readlink -f "${1:-}")
[ -f "$deb" ] || { echo "usage: scripts/systemd-check.sh build/dossier_VERSION_amd64.deb" >&2; exit 2; }
[ -x /lib/systemd/systemd ] || { echo "systemd-check: no /lib/systemd/systemd" >&2; exit 2; }
tmp=$(mktemp -d /tmp/systemd-check.XXXXXX)
mkdir -p "$tmp/upper" "$tmp/work" "$tmp/root"
cp "$deb" "$tmp/upper/dossier.deb"
# systemd, as PID 1 of the new namespaces, in the background
unshare -m -p -f sh -c '
set -e
tmp=$1
mount -t overlay overlay -o lowerdir=/,upperdir=$tmp/upper,workdir=$tmp/work $tmp/root
mount -t proc proc $tmp/root/proc
mount --rbind /sys $tmp/root/sys
mount --bind /dev $tmp/root/dev
mount -t tmpfs tmpfs $tmp/root/run
mount -t tmpfs tmpfs $tmp/root/tmp
chroot $tmp/root dpkg -i /dossier.deb >/dev/null
cd $tmp/root
mkdir -p oldroot
pivot_root . oldroot
exec /lib/systemd/systemd --system >/dev/null 2>&1
' sh "$tmp" &
outer=$!
pid1=""
cleanup() {
	[ -n "$pid1" ] && kill -9 "$pid1" 2>/dev/null || true
	kill -9 "$outer" 2>/dev/null || true
	wait "$outer" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
in_ns() { nsenter -t "$pid1" -a -- "$@"; }
# systemd is the child of unshare's fork
for i in $(seq 1 100); do
	pid1=$(pgrep -P "$outer" -x systemd || true)
	[ -n "$pid1" ] && break
	sleep 0.1
done
[ -n "$pid1" ] || { echo "systemd-check: systemd did not start" >&2; exit 1; }
for i in $(seq 1 200); do
	state=$(in_ns systemctl is-system-running 2>/dev/null || true)
	case "$state" in running|degraded) break ;; esac
	sleep 0.1
done
echo "systemd-check: systemd $state as PID 1 of a private namespace"
start() {
	in_ns systemctl daemon-reload
	in_ns systemctl reset-failed dossierd 2>/dev/null || true
	in_ns systemctl restart dossierd 2>/dev/null || true
	for i in $(seq 1 30); do
		[ "$(in_ns systemctl show -p ActiveState --value dossierd)" = active ] && \
			in_ns test -S /run/dossier/dossierd.sock && return 0
		sleep 0.1
	done
	return 1
}
status() {
	in_ns env -i HOME=/nonexistent PATH=/usr/bin:/bin dossier status | head -2
	in_ns useradd -M -G dossier systemd-check-in
	in_ns runuser -u systemd-check-in -- env -i HOME=/nonexistent PATH=/usr/bin:/bin \
		dossier status | head -1
}
if start; then
	echo "systemd-check: systemctl start dossierd: active"
	status
	echo "systemd-check: ok"
	exit 0
fi
code=$(in_ns systemctl show -p ExecMainStatus --value dossierd)
echo "systemd-check: the unit as shipped did not start (status $code)"
[ "$code" = 226 ] || exit 1
# Which sandbox option this machine cannot give inside a namespace.
for opt in PrivateDevices PrivateUsers PrivateTmp ProtectKernelTunables \
	ProtectKernelModules ProtectKernelLogs ProtectControlGroups ProtectClock \
	ProtectHostname ProtectHome; do
	in_ns mkdir -p /etc/systemd/system/dossierd.service.d
	printf '[Service]\n%s=no\n' "$opt" | in_ns tee /etc/systemd/system/dossierd.service.d/check.conf >/dev/null
	if start; then
		echo "systemd-check: started with only $opt=no (this machine cannot give it in a namespace)"
		status
		exit 3
	fi
done
echo "systemd-check: did not start with any one option turned off" >&2
exit 1
