#include "decision.h"

#include <string.h>

#include "buf.h"
#include "deny_rules.h"
#include "json_read.h"

int decision_known_agent(const char *agent) {
  for (size_t r = 0; r < sizeof DENY_RULES / sizeof DENY_RULES[0]; r++)
    if (strcmp(DENY_RULES[r].agent, agent) == 0) return 1;
  return 0;
}

/* Whether the rule holds in valid JSON text whose object starts at s[top]. */
static int holds(const struct deny_rule *rule, const char *s, size_t n, size_t top) {
  size_t at = top;
  for (size_t k = 0; k < 3 && rule->path[k]; k++) {
    at = json_member(s, n, at, rule->path[k]);
    if (!at) return 0;
  }
  if (!rule->value) return n - at >= 5 && memcmp(s + at, "false", 5) == 0;
  if (s[at] != '"') return 0;
  struct buf text = {0};
  json_decode_string(s + at, json_end_of_string(s, n, at) - at, &text);
  size_t len = strlen(rule->value);
  int same = !text.failed && text.len == len && memcmp(text.p ? text.p : "", rule->value, len) == 0;
  buf_free(&text);
  return same;
}

int decision_denies(const char *agent, const char *s, size_t n) {
  size_t top = json_skip_ws(s, n, 0);
  if (top >= n || s[top] != '{' || !json_valid(s, n)) return 0;
  for (size_t r = 0; r < sizeof DENY_RULES / sizeof DENY_RULES[0]; r++) {
    if (strcmp(DENY_RULES[r].agent, agent) == 0 && holds(&DENY_RULES[r], s, n, top)) return 1;
  }
  return 0;
}

int decision_exit2_blocks(const char *agent, const char *event, size_t event_len) {
  int restricted = 0;
  for (const struct exit2_event *r = EXIT2_BLOCKS_ONLY; r->agent; r++) {
    if (strcmp(r->agent, agent) != 0) continue;
    restricted = 1;
    if (strlen(r->event) == event_len && memcmp(r->event, event, event_len) == 0) return 1;
  }
  return !restricted;
}
