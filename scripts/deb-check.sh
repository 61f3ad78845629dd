#!/bin/sh
# deb-check.sh DEB: installs the Debian package in a throwaway copy of this
# machine (an overlay of / in a private mount namespace; needs root) and
# checks what it can where systemd does not run: dpkg -i, the user and
# group, the files and manual pages, the daemon started as the unit starts
# it (by hand, as user dossier), `dossier status` finding the service's
# socket by itself (as root, as a member of the group dossier, refused to
# a user outside it), and dpkg -r.  The machine itself is left unchanged.
set -e
deb=$(readlink -f "$1")
[ -f "$deb" ] || { echo "usage: scripts/deb-check.sh build/dossier_VERSION_amd64.deb" >&2; exit 2; }
tmp=$(mktemp -d)
mkdir -p "$tmp/upper" "$tmp/work" "$tmp/root"
cp "$deb" "$tmp/upper/dossier.deb"
rc=0
unshare -m sh -c '
set -e
tmp=$1
mount -t overlay overlay -o lowerdir=/,upperdir=$tmp/upper,workdir=$tmp/work $tmp/root
mount -t proc proc $tmp/root/proc
mount --bind /dev $tmp/root/dev
mount -t tmpfs tmpfs $tmp/root/run
chroot $tmp/root sh -c "
set -e
dpkg -i /dossier.deb
dpkg -s dossier | grep -E \"^(Status|Version|Depends):\"
getent passwd dossier && getent group dossier
man -w dossier dossierd
mkdir -p /var/lib/dossier /run/dossier
chown dossier:dossier /var/lib/dossier /run/dossier && chmod 0750 /run/dossier
runuser -u dossier -- /usr/bin/dossierd --data /var/lib/dossier \
	--socket /run/dossier/dossierd.sock --socket-mode 0660 2>/tmp/dossierd.log &
pid=\$!
sleep 1
env -i HOME=/nonexistent PATH=/usr/bin:/bin dossier status | head -3
useradd -m -G dossier deb-check-in && useradd -m deb-check-out
runuser -u deb-check-in -- env -i HOME=/home/deb-check-in PATH=/usr/bin:/bin dossier status | head -1
if runuser -u deb-check-out -- env -i HOME=/home/deb-check-out PATH=/usr/bin:/bin dossier status; then
	echo a user outside the group dossier reached the service >&2; exit 1
fi
kill \$pid; wait \$pid || true
dpkg -r dossier
! test -e /usr/bin/dossier
echo deb-check: ok
"
' sh "$tmp" || rc=$?
rm -rf "$tmp"
exit $rc
