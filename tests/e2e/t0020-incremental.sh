# Re-running the indexer after the corpus changes.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/c/sub"
printf 'The quick brown fox jumps over the lazy dog.\n\nA second paragraph about elephants.\n' >"$TMP/c/a.txt"
printf 'Zebras graze on the savanna.\n' >"$TMP/c/sub/b.txt"
(cd "$TMP" && idx -q -d db c) || { echo "not ok - first index"; exit 1; }

no_change() {
	cp -r db db.before &&
	run 0 idx -d db c &&
	has "$ERR" "0 added, 0 updated, 0 deleted, 2 unchanged" &&
	has "$ERR" "0 passages written" &&
	# Nothing committed: the index files are byte for byte the same
	# (but the lock file, which names the last indexer).
	diff -r -x indexer.lock db db.before >/dev/null
}
t "a re-run with no change writes nothing" no_change

edit() {
	printf 'The quick brown fox now naps.\n\nA second paragraph about giraffes.\n' >c/a.txt &&
	run 0 idx -d db c && has "$ERR" "0 added, 1 updated, 0 deleted, 1 unchanged" &&
	run 1 srch -d db elephants &&
	run 0 srch -d db --json giraffes && [ "$(jget 1 line)" = 1 ] &&
	[ "$(jget 1 end_line)" = 3 ] &&
	run 1 srch -d db jumps
}
t "an edited file has its passages replaced" edit

add() {
	printf 'Penguins live in the south.\n' >c/sub/new.txt &&
	run 0 idx -d db c && has "$ERR" "1 added, 0 updated, 0 deleted, 2 unchanged" &&
	run 0 srch -d db --json penguins && [ "$(jget 1 path)" = c/sub/new.txt ]
}
t "an added file is found" add

delete() {
	rm c/sub/b.txt &&
	run 0 idx -d db c && has "$ERR" "0 added, 0 updated, 1 deleted" &&
	run 1 srch -d db zebras
}
t "a deleted file disappears from results" delete

no_path() {
	printf 'Walruses bask on ice.\n' >c/walrus.txt &&
	run 0 idx -d db && has "$ERR" "1 added" &&
	run 0 srch -d db --json walruses && [ "$(jget 1 path)" = c/walrus.txt ]
}
t "with no PATH the recorded roots are re-indexed" no_path

no_path_elsewhere() {
	printf 'Narwhals have tusks.\n' >c/narwhal.txt &&
	mkdir -p elsewhere && cd elsewhere &&
	run 0 idx -d ../db && has "$ERR" "1 added, 0 updated, 0 deleted" &&
	run 0 srch -d ../db --json narwhals && [ "$(jget 1 path)" = c/narwhal.txt ]
}
t "a re-run from another directory finds the roots" no_path_elsewhere

touched() {
	touch -d '2001-01-01' c/a.txt &&
	run 0 idx -d db c && has "$ERR" "0 added, 0 updated, 0 deleted, 4 unchanged" &&
	has "$ERR" "0 passages written"
}
t "a file touched but unchanged is not re-indexed" touched

restored() {
	# Same size, older mtime, different content: a restore from a backup.
	printf 'The quick brown cat now naps.\n\nA second paragraph about giraffes.\n' >c/a.txt &&
	touch -d '2000-01-01' c/a.txt &&
	run 0 idx -d db c && has "$ERR" "1 updated" &&
	run 0 srch -d db cat
}
t "a file restored with an older mtime is noticed" restored

second_root() {
	mkdir -p d && printf 'Otters hold hands.\n' >d/o.txt &&
	run 0 idx -d db d && has "$ERR" "1 added, 0 updated, 0 deleted, 0 unchanged" &&
	run 0 srch -d db walruses && run 0 srch -d db otters
}
t "indexing a second root keeps the first" second_root

full() {
	run 0 idx -d db --full && has "$ERR" "5 added, 0 updated, 0 deleted, 0 unchanged" &&
	run 0 srch -d db otters && run 0 srch -d db giraffes
}
t "--full rebuilds every recorded root" full

full_with_path() {
	mkdir -p e && printf 'Beavers build dams.\n' >e/b.txt &&
	run 0 idx -d db --full e && run 0 srch -d db beavers &&
	run 0 srch -d db otters && run 0 srch -d db giraffes
}
t "--full with a PATH still rebuilds every recorded root" full_with_path

same_root_other_spelling() {
	mkdir -p sub && cd sub &&
	run 0 idx -d ../db ../d && has "$ERR" "0 added, 0 updated, 0 deleted, 1 unchanged" &&
	cd .. && run 0 srch -d db --json otters && [ "$(jget 1 path)" = d/o.txt ] && lines "$OUT" 1
}
t "a root given again under another spelling is the same root" same_root_other_spelling

root_gone() {
	rm -r e &&
	run 0 idx -d db && has "$ERR" "'e' no longer exists" && has "$ERR" "1 deleted" &&
	run 1 srch -d db beavers &&
	run 0 idx -d db && hasnt "$ERR" "no longer exists"
}
t "a recorded root that is gone is forgotten and its passages removed" root_gone

missing_path() {
	run 1 idx -d db nosuchdir && has "$ERR" "cannot read 'nosuchdir': No such file or directory" &&
	run 0 idx -d db && hasnt "$ERR" nosuchdir
}
t "a PATH that does not exist is reported and not recorded" missing_path

unreadable_dir_kept() {
	[ "$(id -u)" = 0 ] && { say "skipped: root reads every directory"; return 0; }
	chmod 000 d && run 1 idx -d db && has "$ERR" "cannot read 'd'" &&
	chmod 755 d && run 0 srch -d db otters
}
t "files under an unreadable directory keep their passages" unreadable_dir_kept

hidden_and_index() {
	mkdir -p c/.git && printf 'secretword\n' >c/.git/config &&
	printf 'secretword\n' >c/.hidden.txt &&
	mkdir -p c/db2 &&
	run 0 idx -d c/db2 c && run 1 srch -d c/db2 secretword
}
t "hidden files and the index itself are skipped" hidden_and_index

done_testing
