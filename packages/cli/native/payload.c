#include "payload.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "json_read.h"

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
  size_t i = json_skip_ws(s, n, 0);
  if (i < n && s[i] == '{') {
    i++;
    for (;;) {
      i = json_skip_ws(s, n, i);
      if (i >= n || s[i] != '"') break;
      size_t key_end = json_end_of_string(s, n, i);
      if (key_end == 0) break;
      key.len = 0;
      if (!json_decode_string(s + i, key_end - i, &key)) break;
      i = json_skip_ws(s, n, key_end);
      if (i >= n || s[i] != ':') break;
      size_t start = json_skip_ws(s, n, i + 1);
      size_t end = json_end_of_value(s, n, start);
      if (end == 0) break;
      const char *raw = s + start;
      size_t raw_len = end - start;
      int row = key.failed ? -1 : row_of(key.p ? key.p : "", key.len);
      struct payload_value v = {VALUE_NONE, 0, 0, 0, 0};
      if (raw[0] == '"') {
        v.kind = VALUE_STRING;
        v.offset = out->strings.len;
        if (!json_decode_string(raw, raw_len, row >= 0 ? &out->strings : NULL)) break;
        v.length = out->strings.len - v.offset;
      } else if (raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
        if (!json_is_number(raw, raw_len)) break;
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
      i = json_skip_ws(s, n, end);
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
