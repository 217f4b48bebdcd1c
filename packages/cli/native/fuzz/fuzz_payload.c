/*
 * libFuzzer target for what the native launcher reads from input it does not control: the
 * payload reader (payload.c) and the JSON it writes from what it read (json.c, otlp.c), and the
 * hook name derived from a command string (hook_name.c), and the deny decision read from a hook's
 * output (decision.c, json_read.c). Whatever the bytes, the output must be
 * well-formed JSON in valid UTF-8, the name label-safe; AddressSanitizer and UBSan watch memory.
 *
 *   clang -fsanitize=fuzzer,address,undefined ... (see packages/cli/test/native-fuzz.test.ts)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "hook_name.h"
#include "json.h"
#include "otlp.h"
#include "payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- a strict JSON checker (RFC 8259), for the output ---- */

struct reader {
  const unsigned char *s;
  size_t n, i;
  int depth;
};

static void ws(struct reader *r) {
  while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\n' || r->s[r->i] == '\r' || r->s[r->i] == '\t'))
    r->i++;
}

static int value(struct reader *r);

static int string(struct reader *r) {
  if (r->i >= r->n || r->s[r->i] != '"') return 0;
  r->i++;
  while (r->i < r->n) {
    unsigned char c = r->s[r->i];
    if (c == '"') {
      r->i++;
      return 1;
    }
    if (c < 0x20) return 0;
    if (c == '\\') {
      if (r->i + 1 >= r->n) return 0;
      unsigned char e = r->s[r->i + 1];
      if (e == 'u') {
        if (r->i + 5 >= r->n) return 0;
        for (int k = 2; k < 6; k++) {
          unsigned char h = r->s[r->i + (size_t)k];
          if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return 0;
        }
        r->i += 6;
      } else if (strchr("\"\\/bfnrt", e) && e) {
        r->i += 2;
      } else {
        return 0;
      }
      continue;
    }
    uint32_t cp;
    size_t used = utf8_next(r->s + r->i, r->n - r->i, &cp, 0);
    /* U+FFFD that is not the 3 bytes EF BF BD: the output was not valid UTF-8. */
    if (cp == 0xFFFD && !(used == 3 && r->s[r->i] == 0xEF)) return 0;
    r->i += used;
  }
  return 0;
}

static int number(struct reader *r) {
  size_t start = r->i;
  if (r->i < r->n && r->s[r->i] == '-') r->i++;
  if (r->i >= r->n) return 0;
  if (r->s[r->i] == '0') r->i++;
  else if (r->s[r->i] >= '1' && r->s[r->i] <= '9')
    while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9') r->i++;
  else return 0;
  if (r->i < r->n && r->s[r->i] == '.') {
    r->i++;
    size_t d = r->i;
    while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9') r->i++;
    if (d == r->i) return 0;
  }
  if (r->i < r->n && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
    r->i++;
    if (r->i < r->n && (r->s[r->i] == '+' || r->s[r->i] == '-')) r->i++;
    size_t d = r->i;
    while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9') r->i++;
    if (d == r->i) return 0;
  }
  return r->i > start;
}

static int literal(struct reader *r, const char *word) {
  size_t k = strlen(word);
  if (r->n - r->i < k || memcmp(r->s + r->i, word, k) != 0) return 0;
  r->i += k;
  return 1;
}

static int container(struct reader *r, char open, char close) {
  if (++r->depth > 64) return 0;
  r->i++;
  ws(r);
  if (r->i < r->n && r->s[r->i] == (unsigned char)close) {
    r->i++;
    r->depth--;
    return 1;
  }
  for (;;) {
    ws(r);
    if (open == '{') {
      if (!string(r)) return 0;
      ws(r);
      if (r->i >= r->n || r->s[r->i] != ':') return 0;
      r->i++;
    }
    if (!value(r)) return 0;
    ws(r);
    if (r->i >= r->n) return 0;
    if (r->s[r->i] == ',') {
      r->i++;
      continue;
    }
    if (r->s[r->i] != (unsigned char)close) return 0;
    r->i++;
    r->depth--;
    return 1;
  }
}

static int value(struct reader *r) {
  ws(r);
  if (r->i >= r->n) return 0;
  switch (r->s[r->i]) {
    case '{': return container(r, '{', '}');
    case '[': return container(r, '[', ']');
    case '"': return string(r);
    case 't': return literal(r, "true");
    case 'f': return literal(r, "false");
    case 'n': return literal(r, "null");
    default: return number(r);
  }
}

static int json_valid(const char *s, size_t n) {
  struct reader r = {(const unsigned char *)s, n, 0, 0};
  if (!value(&r)) return 0;
  ws(&r);
  return r.i == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct payload p;
  int event = payload_read((const char *)data, size, &p);
  struct buf out = {0};
  buf_puts(&out, "{\"event\":");
  if (event >= 0) json_string(&out, payload_text(&p, &p.values[event]), p.values[event].length, MAX_ATTRIBUTE_UNITS, 1);
  else buf_puts(&out, "null");
  buf_puts(&out, ",\"attributes\":");
  struct kv_list l;
  kv_begin(&l, &out, MAX_ATTRIBUTE_UNITS);
  l.wtf8 = 1;
  for (size_t r = 0; r < PAYLOAD_FIELD_COUNT; r++) {
    const struct payload_value *v = &p.values[r];
    const char *key = PAYLOAD_FIELDS[r].attribute ? PAYLOAD_FIELDS[r].attribute : PAYLOAD_FIELDS[r].member;
    if (v->kind == VALUE_STRING) kv_string(&l, key, payload_text(&p, v), v->length);
    else if (v->kind == VALUE_NUMBER) kv_number(&l, key, v->number);
    else if (v->kind == VALUE_BOOL) kv_bool(&l, key, v->boolean);
  }
  kv_end(&l);
  /* The raw bytes as a string value too: the writer must cope with any input, not only what
   * the reader decoded. */
  buf_puts(&out, ",\"raw\":");
  json_string(&out, (const char *)data, size, 0, 0);
  buf_puts(&out, ",\"raw_cut\":");
  json_string(&out, (const char *)data, size, 7, 1);
  buf_putc(&out, '}');
  if (!out.failed && !json_valid(out.p, out.len)) abort();
  buf_free(&out);
  buf_free(&p.strings);

  /* The same bytes as what a hook printed: any agent's rules read them safely. */
  static const char *const AGENTS[] = {"claude-code", "gemini-cli", "codex", "cursor", "copilot"};
  for (size_t k = 0; k < sizeof AGENTS / sizeof AGENTS[0]; k++)
    (void)decision_denies(AGENTS[k], (const char *)data, size);

  /* The same bytes as a hook command string. */
  char *command = malloc(size + 1);
  if (!command) return 0;
  memcpy(command, data, size);
  command[size] = '\0';
  char *name = hook_name_from_shell(command);
  free(command);
  if (name) {
    size_t n = strlen(name);
    if (n == 0 || n > 64) abort();
    for (size_t i = 0; i < n; i++) {
      char c = name[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
        abort();
    }
    free(name);
  }
  return 0;
}
