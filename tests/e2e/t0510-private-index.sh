# An index holds the text of files other users may not read: it is made
# readable by its owner only, whatever the umask, unless --shared-index
# says otherwise.  --check works on an index its user may read but not
# write.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c"
cd "$TMP" || exit 1
printf 'The secret recipe uses cardamom.\n' >c/a.txt

# Runs a command as user nobody (root only; 1 otherwise).
as_nobody() {
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null || return 1
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# Lists what under DIR others could read or enter.
open_to_others() { find "$1" -perm /077 -print; }

private() {
	(umask 022 && idx -q -d priv c) &&
	[ "$(stat -c %a priv)" = 700 ] &&
	[ -z "$(open_to_others priv)" ] &&
	[ "$(stat -c %a priv/XAPIANDB)" = 600 ] &&
	[ "$(stat -c %a "priv/$(sed 's/^glass //' priv/XAPIANDB)/postlist.glass")" = 600 ] &&
	(umask 000 && idx -q -d priv --full) && [ -z "$(open_to_others priv)" ] &&
	if as_nobody true; then
		chmod 755 "$TMP" &&
		as_nobody "$BIN/searcher" -d "$TMP/priv" cardamom >nobody.out 2>&1
		[ $? = 2 ] && has nobody.out "priv"
	fi
}
t "a new index and its files are private to their owner, whatever the umask" private

shared() {
	(umask 022 && idx -q -d shared --shared-index c) &&
	[ "$(stat -c %a shared)" = 755 ] &&
	[ "$(stat -c %a shared/XAPIANDB)" = 644 ] &&
	[ "$(stat -c %a "shared/$(sed 's/^glass //' shared/XAPIANDB)/postlist.glass")" = 644 ] &&
	# A later run without the option keeps it shared.
	(umask 077 && idx -q -d shared --full) &&
	[ "$(stat -c %a "shared/$(sed 's/^glass //' shared/XAPIANDB)/postlist.glass")" = 644 ] &&
	if as_nobody true; then
		chmod 755 "$TMP" &&
		as_nobody "$BIN/searcher" -d "$TMP/shared" cardamom >nobody.out 2>&1 &&
		has nobody.out "c/a.txt"
	fi
}
t "--shared-index makes the index readable by others as the umask allows" shared

# A private index shared later: its existing files become readable too.
share_later() {
	(umask 022 && idx -q -d later c && idx -q -d later --shared-index c) &&
	[ "$(stat -c %a later)" = 755 ] && [ -z "$(find later -perm 600)" ]
}
t "--shared-index on a private index shares the files already there" share_later

# Xapian's check opens the tables for writing: a reader who may not
# write is checked on a copy.
check_read_only() {
	idx -q -d ro c && chmod -R a+rX ro &&
	if as_nobody true; then
		chmod 755 "$TMP" &&
		as_nobody "$BIN/indexer" -d "$TMP/ro" --check >nobody.out 2>&1 &&
		has nobody.out "index '$TMP/ro' is consistent"
	else
		db="ro/$(sed 's/^glass //' ro/XAPIANDB)" &&
		chmod a-w "$db"/* && run 0 idx -d ro --check &&
		has "$ERR" "is consistent" && chmod u+w "$db"/*
	fi
}
t "--check checks an index its user may read but not write" check_read_only

done_testing
