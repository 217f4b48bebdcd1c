#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp, int wtf8) {
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t need;
  uint32_t v;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    v = c & 0x0F;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED && !wtf8) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    v = c & 0x07;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    *cp = 0xFFFD;
    return 1;
  }
  size_t i = 1;
  for (; i <= need; i++) {
    if (i >= n || s[i] < lo || s[i] > hi) {
      *cp = 0xFFFD;
      return i;
    }
    v = (v << 6) | (s[i] & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  *cp = v;
  return i;
}

void utf8_put(struct buf *b, uint32_t cp) {
  char out[4];
  size_t n;
  if (cp < 0x80) {
    out[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  buf_append(b, out, n);
}

static void escape_unit(struct buf *b, uint32_t unit) {
  static const char HEX[] = "0123456789abcdef";
  char esc[6] = {'\\', 'u', HEX[(unit >> 12) & 15], HEX[(unit >> 8) & 15], HEX[(unit >> 4) & 15],
                 HEX[unit & 15]};
  buf_append(b, esc, sizeof esc);
}

void json_string(struct buf *b, const char *str, size_t n, size_t max_units, int wtf8) {
  const unsigned char *s = (const unsigned char *)str;
  size_t units = 0;
  buf_putc(b, '"');
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t used = utf8_next(s + i, n - i, &cp, wtf8);
    size_t width = cp >= 0x10000 ? 2 : 1;
    if (max_units && units + width > max_units) {
      // String#slice can cut a surrogate pair: the high half stays, alone.
      if (units < max_units) escape_unit(b, 0xD800 + ((cp - 0x10000) >> 10));
      break;
    }
    units += width;
    i += used;
    switch (cp) {
      case '"': buf_append(b, "\\\"", 2); continue;
      case '\\': buf_append(b, "\\\\", 2); continue;
      case '\b': buf_append(b, "\\b", 2); continue;
      case '\f': buf_append(b, "\\f", 2); continue;
      case '\n': buf_append(b, "\\n", 2); continue;
      case '\r': buf_append(b, "\\r", 2); continue;
      case '\t': buf_append(b, "\\t", 2); continue;
      default: break;
    }
    if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF)) escape_unit(b, cp);
    else if (cp < 0x80) buf_putc(b, (char)cp);
    else utf8_put(b, cp);
  }
  buf_putc(b, '"');
}

void json_double(struct buf *b, double v) {
  if (!isfinite(v)) {
    buf_puts(b, "null");
    return;
  }
  if (v == 0) {
    buf_putc(b, '0'); /* JSON.stringify(-0) is 0 */
    return;
  }
  char text[40];
  for (int precision = 1; precision <= 17; precision++) {
    snprintf(text, sizeof text, "%.*g", precision, v);
    if (strtod(text, NULL) == v) break;
  }
  buf_puts(b, text);
}
