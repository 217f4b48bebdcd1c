#include "otlp.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void kv_begin(struct kv_list *l, struct buf *out, size_t max_units) {
  l->out = out;
  l->first = 1;
  l->max_units = max_units;
  l->wtf8 = 0;
  buf_putc(out, '[');
}

void kv_end(struct kv_list *l) { buf_putc(l->out, ']'); }

static void key_open(struct kv_list *l, const char *key) {
  if (!l->first) buf_putc(l->out, ',');
  l->first = 0;
  buf_puts(l->out, "{\"key\":");
  json_string(l->out, key, strlen(key), 0, 0);
  buf_puts(l->out, ",\"value\":");
}

void kv_string(struct kv_list *l, const char *key, const char *value, size_t len) {
  key_open(l, key);
  buf_puts(l->out, "{\"stringValue\":");
  json_string(l->out, value, len, l->max_units, l->wtf8);
  buf_puts(l->out, "}}");
}

void kv_cstring(struct kv_list *l, const char *key, const char *value) {
  kv_string(l, key, value, strlen(value));
}

void kv_int(struct kv_list *l, const char *key, long long value) {
  char text[32];
  snprintf(text, sizeof text, "%lld", value);
  key_open(l, key);
  buf_puts(l->out, "{\"intValue\":\"");
  buf_puts(l->out, text);
  buf_puts(l->out, "\"}}");
}

void kv_bool(struct kv_list *l, const char *key, int value) {
  key_open(l, key);
  buf_puts(l->out, value ? "{\"boolValue\":true}}" : "{\"boolValue\":false}}");
}

void kv_number(struct kv_list *l, const char *key, double value) {
  key_open(l, key);
  if (isfinite(value) && value == floor(value)) {
    /* `${v}` of an integer: its digits (exponent form from 1e21 on); -0 is "0". */
    char text[40];
    if (value == 0) snprintf(text, sizeof text, "0");
    else if (fabs(value) < 1e21) snprintf(text, sizeof text, "%.0f", value);
    else {
      struct buf b = {0};
      json_double(&b, value);
      snprintf(text, sizeof text, "%s", buf_str(&b));
      buf_free(&b);
    }
    buf_puts(l->out, "{\"intValue\":\"");
    buf_puts(l->out, text);
    buf_puts(l->out, "\"}}");
    return;
  }
  buf_puts(l->out, "{\"doubleValue\":");
  json_double(l->out, value);
  buf_puts(l->out, "}}");
}

void kv_micros(struct kv_list *l, const char *key, long long micros) {
  if (micros < 0) micros = 0;
  if (micros % 1000000 == 0) kv_int(l, key, micros / 1000000);
  else kv_number(l, key, (double)micros / 1e6);
}

void kv_string_array(struct kv_list *l, const char *key, char *const *values, size_t n) {
  key_open(l, key);
  buf_puts(l->out, "{\"arrayValue\":{\"values\":[");
  for (size_t i = 0; i < n; i++) {
    if (i) buf_putc(l->out, ',');
    buf_puts(l->out, "{\"stringValue\":");
    json_string(l->out, values[i], strlen(values[i]), 0, 0);
    buf_putc(l->out, '}');
  }
  buf_puts(l->out, "]}}}");
}

void otlp_nanos(struct buf *out, long long sec, long nsec) {
  char text[48];
  if (sec == 0) snprintf(text, sizeof text, "%ld", nsec);
  else snprintf(text, sizeof text, "%lld%09ld", sec, nsec);
  buf_puts(out, text);
}

void resource_set(struct resource *r, const char *key, const char *value, int is_int) {
  for (size_t i = 0; i < r->n; i++) {
    if (strcmp(r->keys[i], key) == 0) {
      char *v = strdup(value);
      if (!v) return;
      free(r->values[i]);
      r->values[i] = v;
      r->is_int[i] = is_int;
      return;
    }
  }
  if (r->n >= sizeof r->keys / sizeof r->keys[0]) return;
  char *k = strdup(key);
  char *v = strdup(value);
  if (!k || !v) {
    free(k);
    free(v);
    return;
  }
  r->keys[r->n] = k;
  r->values[r->n] = v;
  r->is_int[r->n] = is_int;
  r->n++;
}

void resource_free(struct resource *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->keys[i]);
    free(r->values[i]);
  }
  r->n = 0;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int is_js_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* Whether `run` (bytes from %XX escapes) is whole, well-formed UTF-8 characters. */
static int utf8_whole(const unsigned char *run, size_t n) {
  for (size_t k = 0; k < n;) {
    uint32_t cp;
    size_t used = utf8_next(run + k, n - k, &cp, 0);
    size_t lead = run[k] >= 0xF0 ? 4 : run[k] >= 0xE0 ? 3 : run[k] >= 0xC0 ? 2 : 1;
    if (used != lead || (cp == 0xFFFD && !(used == 3 && run[k] == 0xEF))) return 0;
    k += used;
  }
  return 1;
}

/* decodeURIComponent: 0 when it would throw (a bad escape, escaped bytes that are not UTF-8). */
static int uri_decode(const char *s, size_t n, struct buf *out) {
  struct buf run = {0};
  int ok = 1;
  for (size_t i = 0; ok && i <= n; i++) {
    int escaped = i < n && s[i] == '%';
    if (escaped) {
      int hi = i + 2 < n ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < n ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        ok = 0;
        break;
      }
      buf_putc(&run, (char)(hi * 16 + lo));
      i += 2;
      continue;
    }
    if (run.len) {
      ok = utf8_whole((const unsigned char *)buf_str(&run), run.len);
      buf_append(out, buf_str(&run), run.len);
      run.len = 0;
    }
    if (i < n) buf_putc(out, s[i]);
  }
  ok = ok && !run.failed && !out->failed;
  buf_free(&run);
  return ok;
}

void each_pair(const char *raw, pair_fn each, void *ctx) {
  const char *p = raw;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (eq && eq > p) {
      size_t ks = 0, ke = (size_t)(eq - p);
      while (ks < ke && is_js_space(p[ks])) ks++;
      while (ke > ks && is_js_space(p[ke - 1])) ke--;
      size_t vs = (size_t)(eq - p) + 1, ve = len;
      while (vs < ve && is_js_space(p[vs])) vs++;
      while (ve > vs && is_js_space(p[ve - 1])) ve--;
      each(ctx, p + ks, ke - ks, p + vs, ve - vs);
    }
    if (!comma) break;
    p = comma + 1;
  }
}

static void resource_pair(void *ctx, const char *k, size_t klen, const char *v, size_t vlen) {
  struct buf key = {0}, value = {0};
  buf_append(&key, k, klen);
  if (uri_decode(v, vlen, &value) && !key.failed && !value.failed)
    resource_set(ctx, buf_str(&key), buf_str(&value), 0);
  buf_free(&key);
  buf_free(&value);
}

void resource_parse_env(struct resource *r, const char *raw) {
  if (raw && *raw) each_pair(raw, resource_pair, r);
}

void resource_write(struct buf *out, const struct resource *r) {
  struct kv_list l;
  kv_begin(&l, out, 0);
  for (size_t i = 0; i < r->n; i++) {
    if (r->is_int[i]) kv_int(&l, r->keys[i], strtoll(r->values[i], NULL, 10));
    else kv_cstring(&l, r->keys[i], r->values[i]);
  }
  kv_end(&l);
}
