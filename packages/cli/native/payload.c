#include "payload.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/*
 * The payload members hookscope records, in the order their attributes go on the span. Claude
 * Code's names; more agents' names are more rows (several members may map to one attribute).
 * Content (tool_input, prompt, ...) is not here: recording it is opt-in, and the launcher hands
 * such runs to the Node wrapper, which redacts secrets.
 */
const struct payload_field PAYLOAD_FIELDS[] = {
    {"hook_event_name", ROLE_EVENT, NULL},
    {"tool_name", ROLE_TOOL, NULL},
    {"toolName", ROLE_TOOL, NULL}, /* GitHub Copilot's camelCase payloads */
    {"session_id", ROLE_ATTRIBUTE, "session.id"},
    {"tool_use_id", ROLE_ATTRIBUTE, "gen_ai.tool.call.id"},
    {"agent_id", ROLE_ATTRIBUTE, "gen_ai.agent.id"},
    {"agent_type", ROLE_ATTRIBUTE, "gen_ai.agent.name"},
    {"prompt_id", ROLE_ATTRIBUTE, "hookscope.claude.prompt_id"},
    {"cwd", ROLE_ATTRIBUTE, "hookscope.claude.cwd"},
    {"transcript_path", ROLE_ATTRIBUTE, "hookscope.claude.transcript_path"},
    {"permission_mode", ROLE_ATTRIBUTE, "hookscope.claude.permission_mode"},
    {"source", ROLE_ATTRIBUTE, "hookscope.claude.source"},
    {"reason", ROLE_ATTRIBUTE, "hookscope.claude.reason"},
    {"trigger", ROLE_ATTRIBUTE, "hookscope.claude.trigger"},
    {"stop_hook_active", ROLE_ATTRIBUTE, "hookscope.claude.stop_hook_active"},
    {"notification_type", ROLE_ATTRIBUTE, "hookscope.claude.notification_type"},
    {"model", ROLE_ATTRIBUTE, "hookscope.claude.model"},
    {"conversation_id", ROLE_ATTRIBUTE, "gen_ai.conversation.id"}, /* Cursor */
    {"generation_id", ROLE_ATTRIBUTE, "hookscope.claude.generation_id"}, /* Cursor */
    {"turn_id", ROLE_ATTRIBUTE, "hookscope.claude.turn_id"},             /* Codex */
};
const size_t PAYLOAD_FIELD_COUNT = sizeof PAYLOAD_FIELDS / sizeof PAYLOAD_FIELDS[0];

_Static_assert(sizeof PAYLOAD_FIELDS / sizeof PAYLOAD_FIELDS[0] <= PAYLOAD_MAX_FIELDS,
               "PAYLOAD_MAX_FIELDS too small");

static size_t skip_ws(const char *s, size_t n, size_t i) {
  while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
  return i;
}

/* Index just past the string starting at s[i] == '"', or 0 when it does not end. */
static size_t end_of_string(const char *s, size_t n, size_t i) {
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
static size_t end_of_value(const char *s, size_t n, size_t i) {
  if (i >= n) return 0;
  char c = s[i];
  if (c == '"') return end_of_string(s, n, i);
  if (c == '{' || c == '[') {
    size_t depth = 0;
    for (size_t j = i; j < n; j++) {
      char d = s[j];
      if (d == '"') {
        size_t e = end_of_string(s, n, j);
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
static int decode_string(const char *s, size_t n, struct buf *out) {
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
static int is_json_number(const char *s, size_t n) {
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

static int row_of(const char *key, size_t n) {
  for (size_t r = 0; r < PAYLOAD_FIELD_COUNT; r++) {
    if (strlen(PAYLOAD_FIELDS[r].member) == n && memcmp(PAYLOAD_FIELDS[r].member, key, n) == 0)
      return (int)r;
  }
  return -1;
}

int payload_read(const char *s, size_t n, struct payload *out) {
  memset(out, 0, sizeof *out);
  struct buf key = {0};
  size_t i = skip_ws(s, n, 0);
  if (i < n && s[i] == '{') {
    i++;
    for (;;) {
      i = skip_ws(s, n, i);
      if (i >= n || s[i] != '"') break;
      size_t key_end = end_of_string(s, n, i);
      if (key_end == 0) break;
      key.len = 0;
      if (!decode_string(s + i, key_end - i, &key)) break;
      i = skip_ws(s, n, key_end);
      if (i >= n || s[i] != ':') break;
      size_t start = skip_ws(s, n, i + 1);
      size_t end = end_of_value(s, n, start);
      if (end == 0) break;
      const char *raw = s + start;
      size_t raw_len = end - start;
      int row = key.failed ? -1 : row_of(key.p ? key.p : "", key.len);
      struct payload_value v = {VALUE_NONE, 0, 0, 0, 0};
      if (raw[0] == '"') {
        v.kind = VALUE_STRING;
        v.offset = out->strings.len;
        if (!decode_string(raw, raw_len, row >= 0 ? &out->strings : NULL)) break;
        v.length = out->strings.len - v.offset;
      } else if (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
        if (!is_json_number(raw, raw_len)) break;
        char text[64];
        size_t k = raw_len < sizeof text - 1 ? raw_len : sizeof text - 1;
        memcpy(text, raw, k);
        text[k] = '\0';
        v.kind = VALUE_NUMBER;
        v.number = raw_len < sizeof text - 1 ? strtod(text, NULL) : 0;
        if (raw_len >= sizeof text - 1) {
          /* A number longer than 63 characters: read it from a copy of its own size. */
          char *copy = malloc(raw_len + 1);
          if (copy) {
            memcpy(copy, raw, raw_len);
            copy[raw_len] = '\0';
            v.number = strtod(copy, NULL);
            free(copy);
          }
        }
      } else if (raw_len == 4 && memcmp(raw, "true", 4) == 0) {
        v.kind = VALUE_BOOL;
        v.boolean = 1;
      } else if (raw_len == 5 && memcmp(raw, "false", 5) == 0) {
        v.kind = VALUE_BOOL;
      }
      if (row >= 0) out->values[row] = v; /* a repeated member: the last one counts */
      out->members++;
      i = skip_ws(s, n, end);
      if (i >= n || s[i] != ',') break;
      i++;
    }
  }
  buf_free(&key);
  if (out->strings.failed) return -1;
  for (size_t r = 0; r < PAYLOAD_FIELD_COUNT; r++) {
    if (PAYLOAD_FIELDS[r].role == ROLE_EVENT && out->values[r].kind == VALUE_STRING) return (int)r;
  }
  return -1;
}

const char *payload_text(const struct payload *p, const struct payload_value *v) {
  return p->strings.p ? p->strings.p + v->offset : "";
}
