#include "json_read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

size_t json_skip_ws(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
  return i;
}

/* Index just past the string starting at s[i] == '"', or 0 when it does not end. */
size_t json_end_of_string(const char *s, size_t n, size_t i) {
  for (size_t j = i + 1; j < n; j++) {
    if (s[j] == '\\') j++;
    else if (s[j] == '"') return j + 1;
  }
  return 0;
}

static int ends_bare_value(char c) {
  return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Index just past the value starting at s[i], or 0 (cut, or a bare value at the very end). */
size_t json_end_of_value(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  char c = s[i];
  if (c == '"') return json_end_of_string(s, n, i);
  if (c == '{' || c == '[') {
    size_t depth = 0;
    for (size_t j = i; j < n; j++) {
      char d = s[j];
      if (d == '"') {
        size_t e = json_end_of_string(s, n, j);
        if (e == 0) return 0;
        j = e - 1;
      } else if (d == '{' || d == '[') {
        depth++;
      } else if ((d == '}' || d == ']') && --depth == 0) {
        return j + 1;
      }
    }
    return 0;
  }
  size_t j = i;
  while (j < n && !ends_bare_value(s[j])) j++;
  return j < n && j > i ? j : 0;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/*
 * Decodes a JSON string literal s[0..n) (quotes included) as JSON.parse does, into `out` when
 * given. Returns 0 when JSON.parse would throw (a raw control character, a bad escape).
 */
int json_decode_string(const char *s, size_t n, struct buf *out) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t pending_high = 0; /* a \ud800-style escape waiting for its low half */
  for (size_t i = 1; i + 1 < n;) {
    uint32_t cp;
    if (u[i] == '\\') {
      if (i + 2 >= n) return 0;
      char e = s[i + 1];
      i += 2;
      switch (e) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u': {
          if (i + 4 >= n) return 0;
          cp = 0;
          for (int k = 0; k < 4; k++) {
            int h = hex_digit(s[i + (size_t)k]);
            if (h < 0) return 0;
            cp = cp * 16 + (uint32_t)h;
          }
          i += 4;
          break;
        }
        default: return 0;
      }
      if (!out) continue;
      if (pending_high && cp >= 0xDC00 && cp <= 0xDFFF) {
        utf8_put(out, 0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00));
        pending_high = 0;
        continue;
      }
      if (pending_high) utf8_put(out, pending_high);
      pending_high = 0;
      if (cp >= 0xD800 && cp <= 0xDBFF) pending_high = cp;
      else utf8_put(out, cp);
      continue;
    }
    if (u[i] < 0x20) return 0;
    size_t used = utf8_next(u + i, n - 1 - i, &cp, 0);
    i += used;
    if (!out) continue;
    if (pending_high) utf8_put(out, pending_high);
    pending_high = 0;
    utf8_put(out, cp);
  }
  if (out && pending_high) utf8_put(out, pending_high);
  return 1;
}

/* Whether s[0..n) is exactly a JSON number (what JSON.parse accepts). */
int json_is_number(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && s[i] == '-') i++;
  if (i >= n) return 0;
  if (s[i] == '0') {
    i++;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
  } else {
    return 0;
  }
  if (i < n && s[i] == '.') {
    size_t start = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == start) return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == start) return 0;
  }
  return i == n;
}

/* The end of a bare number token: the characters a JSON number may hold. */
static size_t end_of_number(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == '-' || s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
                   (s[i] >= '0' && s[i] <= '9')))
    i++;
  return i;
}

static size_t end_of_literal(const char *s, size_t n, size_t i) {
  static const char *const LITERALS[] = {"true", "false", "null"};
  for (size_t k = 0; k < 3; k++) {
    size_t len = strlen(LITERALS[k]);
    if (n - i >= len && memcmp(s + i, LITERALS[k], len) == 0) return i + len;
  }
  return 0;
}

/* One string literal at s[i], checked: the index past it, or 0. */
static size_t valid_string(const char *s, size_t n, size_t i) {
  size_t e = json_end_of_string(s, n, i);
  return e && json_decode_string(s + i, e - i, NULL) ? e : 0;
}

int json_valid(const char *s, size_t n) {
  /* Without recursion: the open containers are a stack of '{' and '[', at most one per byte. */
  char *open = malloc(n + 1);
  if (!open) return 0;
  size_t depth = 0;
  int ok = 0;
  size_t i = json_skip_ws(s, n, 0);
  enum { VALUE, KEY, AFTER } state = VALUE;
  for (;;) {
    if (state == KEY) {
      if (i >= n || s[i] != '"' || !(i = valid_string(s, n, i))) break;
      i = json_skip_ws(s, n, i);
      if (i >= n || s[i] != ':') break;
      i = json_skip_ws(s, n, i + 1);
      state = VALUE;
    } else if (state == VALUE) {
      if (i >= n) break;
      char c = s[i];
      if (c == '{' || c == '[') {
        open[depth++] = c;
        i = json_skip_ws(s, n, i + 1);
        if (i < n && s[i] == (c == '{' ? '}' : ']')) {
          depth--;
          i++;
          state = AFTER;
        } else {
          state = c == '{' ? KEY : VALUE;
        }
        continue;
      }
      size_t e;
      if (c == '"') {
        e = valid_string(s, n, i);
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        e = end_of_number(s, n, i);
        if (!json_is_number(s + i, e - i)) e = 0;
      } else {
        e = end_of_literal(s, n, i);
      }
      if (!e) break;
      i = e;
      state = AFTER;
    } else {
      i = json_skip_ws(s, n, i);
      if (depth == 0) {
        ok = i == n;
        break;
      }
      char top = open[depth - 1];
      if (i < n && s[i] == ',') {
        i = json_skip_ws(s, n, i + 1);
        state = top == '{' ? KEY : VALUE;
      } else if (i < n && s[i] == (top == '{' ? '}' : ']')) {
        depth--;
        i++;
      } else {
        break;
      }
    }
  }
  free(open);
  return ok;
}

size_t json_member(const char *s, size_t n, size_t obj, const char *key) {
  if (obj >= n || s[obj] != '{') return 0;
  size_t found = 0;
  size_t key_len = strlen(key);
  struct buf name = {0};
  size_t i = json_skip_ws(s, n, obj + 1);
  while (i < n && s[i] == '"') {
    size_t key_end = json_end_of_string(s, n, i);
    name.len = 0;
    json_decode_string(s + i, key_end - i, &name);
    size_t start = json_skip_ws(s, n, json_skip_ws(s, n, key_end) + 1);
    size_t end = json_end_of_value(s, n, start);
    if (!end) break;
    if (!name.failed && name.len == key_len && memcmp(name.p ? name.p : "", key, key_len) == 0)
      found = start;
    i = json_skip_ws(s, n, end);
    if (i >= n || s[i] != ',') break;
    i = json_skip_ws(s, n, i + 1);
  }
  buf_free(&name);
  return found;
}
