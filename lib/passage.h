/*
 * passage.h - splitting a text into passages.
 *
 * A passage is a paragraph: the text between blank lines (lines holding
 * only white space count as blank).  Two refinements:
 *  - In a block whose lines are long (at least half of its lines are
 *    longer than PASSAGE_LONG_LINE bytes: one paragraph per line, as in
 *    the seed corpus), each non-blank line is a paragraph of its own.
 *  - A paragraph longer than PASSAGE_MAX bytes is cut into pieces of
 *    similar size (about total / ceil(total / PASSAGE_TARGET) bytes each),
 *    each cut made at a sentence end (". ", "! ", "? ", also followed by a
 *    newline or closing quote) nearest that size; failing that at a line
 *    end, then at white space, and as a last resort at a UTF-8 character
 *    boundary, so no piece is ever larger than PASSAGE_MAX.
 *  - A paragraph shorter than PASSAGE_MIN bytes (a heading, a list item,
 *    a line of code) is joined with the paragraphs after it, blank lines
 *    and all, until the passage reaches PASSAGE_MIN bytes, as long as it
 *    stays within PASSAGE_MAX.  The lines of a long-line block are not
 *    joined to each other.  (Linux's Documentation/ splits into 248,000 paragraphs, 40%
 *    under 64 bytes: alone they are poor results, and a document each
 *    costs the index as much as a longer one.)
 * Passage text is the paragraph with leading and trailing white space
 * (including CR of CRLF line ends) trimmed; inner text, including inner
 * newlines, is kept as is.  Lines are counted by LF, 1-based.
 */
#ifndef PASSAGE_H
#define PASSAGE_H

#include <stddef.h>

#define PASSAGE_LONG_LINE 120
#define PASSAGE_MIN 200
#define PASSAGE_TARGET 1000
#define PASSAGE_MAX 2000

struct passage {
	const char *text;	/* points into the text given to the splitter */
	size_t len;
	unsigned line;		/* first line, 1-based */
	unsigned end_line;	/* last line, 1-based */
};

/*
 * Called once per passage, in order; 'ordinal' is 1-based.  Return 0 to go
 * on, anything else to stop the split (passage_split then returns that
 * value).
 */
typedef int (*passage_fn)(const struct passage *p, unsigned ordinal,
			  void *ctx);

/*
 * Splits text[0..len) (UTF-8, not necessarily NUL-terminated) into
 * passages, calling fn for each.  Empty or all-blank input yields no
 * passage.  Returns 0, or the first non-zero value fn returned.  Uses no
 * heap memory: passages point into 'text', so memory stays bounded
 * whatever the size of the input.
 */
int passage_split(const char *text, size_t len, passage_fn fn, void *ctx);

/* passage_split() joining paragraphs shorter than 'min' (0: none). */
int passage_split_min(const char *text, size_t len, size_t min,
		      passage_fn fn, void *ctx);

/*
 * The title of a text, if it has one: its first line holding a letter or
 * digit (after lines of punctuation only, such as an overline, and
 * without a Markdown heading's '#' marks), when it is at most
 * PASSAGE_TITLE_MAX bytes and stands alone: followed by a blank line, a
 * line of punctuation only (an underline), or the end; and, unless it is
 * over- or underlined or a '#' heading, does not end as a sentence or a
 * clause does ('.', '!', '?', ',', ';', ':', '。').  Sets *title to its start in
 * text and returns its length; returns 0 when there is none.
 */
#define PASSAGE_TITLE_MAX 120
size_t passage_title(const char *text, size_t len, const char **title);

#endif /* PASSAGE_H */
