/*
 * Reading JSON text as JSON.parse does, in pieces: the payload reader scans the members of an
 * object that may be cut short (payload.c); the decision reader first checks that a hook's whole
 * output is valid JSON, then looks members up in it (decision.c).
 */
#ifndef HOOKSCOPE_JSON_READ_H
#define HOOKSCOPE_JSON_READ_H

#include <stddef.h>

#include "buf.h"

/* Index of the first byte from `i` that is not JSON whitespace (space, tab, LF, CR). */
size_t json_skip_ws(const char *s, size_t n, size_t i);

/* Index just past the string starting at s[i] == '"', or 0 when it does not end. */
size_t json_end_of_string(const char *s, size_t n, size_t i);

/* Index just past the value starting at s[i], or 0 (cut, or a bare value at the very end).
 * Nested values are matched by their brackets, not checked. */
size_t json_end_of_value(const char *s, size_t n, size_t i);

/*
 * Decodes a JSON string literal s[0..n) (quotes included) as JSON.parse does, into `out` when
 * given (UTF-8; invalid bytes as U+FFFD, lone surrogates in their 3-byte form). Returns 0 when
 * JSON.parse would throw (a raw control character, a bad escape).
 */
int json_decode_string(const char *s, size_t n, struct buf *out);

/* Whether s[0..n) is exactly a JSON number (what JSON.parse accepts). */
int json_is_number(const char *s, size_t n);

/* Whether s[0..n) is one JSON value with only whitespace around it: JSON.parse would accept it. */
int json_valid(const char *s, size_t n);

/*
 * In valid JSON text (json_valid), the value of member `key` of the object starting at s[obj]
 * == '{': its start, or 0 when there is none. A repeated member: the last one, as JSON.parse.
 */
size_t json_member(const char *s, size_t n, size_t obj, const char *key);

#endif
