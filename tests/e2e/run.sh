# run.sh - runs the end-to-end test files given and totals their results.
# Usage: BIN=build [WRAP=...] sh tests/e2e/run.sh tests/e2e/t*.sh
passed=0
failed=0
for f in "$@"; do
	out=$(sh "$f" 2>&1)
	status=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok - ')
	n=$(printf '%s\n' "$out" | grep -c '^not ok - ')
	if [ "$status" -ne 0 ] && [ "$n" -eq 0 ]; then
		echo "not ok - $f exited $status"
		n=1
	fi
	passed=$((passed + p))
	failed=$((failed + n))
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
