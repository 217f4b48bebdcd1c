/*
 * JSON text as the Node implementation writes it (JSON.stringify of JavaScript strings and
 * numbers), so that both implementations of `hookscope exec` write the same spool lines.
 */
#ifndef HOOKSCOPE_JSON_H
#define HOOKSCOPE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * One code point of UTF-8 text, decoded as a WHATWG decoder (Node's Buffer#toString) does:
 * an invalid or cut sequence (its maximal subpart) gives U+FFFD. Returns the bytes used (>= 1).
 * `wtf8` also accepts the 3-byte form of a lone surrogate (U+D800..U+DFFF), which the payload
 * reader writes for `\ud800`-style escapes, as JavaScript strings can hold them.
 */
size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp, int wtf8);

/* Appends the UTF-8 of one code point (surrogates in their 3-byte form). */
void utf8_put(struct buf *b, uint32_t cp);

/*
 * Appends `s` (n bytes of UTF-8) as a JSON string literal, escaped as JSON.stringify escapes it,
 * cut after `max_units` UTF-16 code units as String#slice would (0: no limit). `wtf8`: see
 * utf8_next.
 */
void json_string(struct buf *b, const char *s, size_t n, size_t max_units, int wtf8);

/* Appends a number as JSON (shortest text that reads back the same; null if not finite). */
void json_double(struct buf *b, double v);

#endif
