/*
 * xap_words.cc - words as the index holds them: folded, then stemmed
 * (word_stemmer, see xap_internal.hh), and the small string helpers the
 * binding's other files share.
 */
#include "xap_internal.hh"

#include <cstdlib>
#include <new>

#include "fold.h"
#include "utf8.h"

/*
 * Words the writer's word_stemmer holds (stems cached, counts for the
 * spelling table) before it writes the counts and starts again, and words
 * for the spelling table at most among them: Xapian's spelling update
 * takes some 600 bytes per new word at the commit.
 */
#define XAP_CACHED_WORDS 100000
#define XAP_SPELLING_WORDS 25000

bool xap__make_stem(const char *lang, Xapian::Stem &stem)
{
	try {
		stem = Xapian::Stem(lang);
	} catch (const Xapian::InvalidArgumentError &) {
		return false;
	}
	return true;
}

bool xap__is_ascii(const std::string &s)
{
	return utf8_is_ascii(s.data(), s.size());
}

std::string xap__fold(const std::string &s)
{
	size_t n;
	char *f = fold_utf8(s.data(), s.size(), &n);

	if (!f)
		throw std::bad_alloc();
	std::string out(f, n);

	free(f);
	return out;
}

std::string xap__lower(const std::string &s)
{
	std::string out;

	for (Xapian::Utf8Iterator it(s); it != Xapian::Utf8Iterator(); ++it)
		Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
	return out;
}

/*
 * Words worth suggesting: 3 to 32 bytes of letters.  Numbers, hex,
 * identifiers_with_underscores and the like are left out: they were three
 * words in five of Linux's Documentation/, and a spelling table of them
 * suggests nothing useful.
 */
static bool spellable(const std::string &word)
{
	return word.size() >= 3 && word.size() <= 32 &&
		utf8_all_letters(word.data(), word.size());
}

std::string word_stemmer::operator()(const std::string &word)
{
	auto it = words.find(word);

	if (it == words.end()) {
		/* Bounded: start again rather than grow. */
		if (!counting && words.size() >= XAP_CACHED_WORDS)
			words.clear();
		std::string f = xap__is_ascii(word) ? word : xap__fold(word);
		entry e = { base.is_none() ? f : base(f),
			    counting && spellable(word), 0 };

		it = words.emplace(word, std::move(e)).first;
	}
	if (it->second.spell && it->second.count++ == 0)
		spelled++;
	return it->second.stem;
}

std::string word_stemmer::get_description() const
{
	return "word_stemmer(" + base.get_description() + ")";
}

bool word_stemmer::full() const
{
	return words.size() >= XAP_CACHED_WORDS || spelled >= XAP_SPELLING_WORDS;
}

void word_stemmer::flush_spelling(Xapian::WritableDatabase &db,
				  xap_spelling *shared)
{
	if (shared) {
		std::lock_guard<std::mutex> hold(shared->lock);

		for (const auto &w : words)
			if (w.second.count)
				shared->add(w.first, w.second.count);
		/* Bounded as a writer's own words are (XAP_SPELLING_WORDS). */
		if (shared->waiting >= XAP_SPELLING_WORDS)
			shared->commit();
	} else {
		for (const auto &w : words)
			if (w.second.count)
				db.add_spelling(w.first, w.second.count);
	}
	/* The stems stay cached, unless there are too many. */
	if (words.size() >= XAP_CACHED_WORDS)
		words.clear();
	else
		for (auto &w : words)
			w.second.count = 0;
	spelled = 0;
}
