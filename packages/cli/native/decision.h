/*
 * Reading a deny decision from what a hook printed on stdout, as the Node wrapper does
 * (src/exec/decision.ts): the whole output must be one JSON object (JSON.parse would accept
 * it), and one of the hook's agent's rules must hold. The rules are generated from the agent
 * adapters into deny_rules.h.
 */
#ifndef HOOKSCOPE_DECISION_H
#define HOOKSCOPE_DECISION_H

#include <stddef.h>

/* At most this much output is kept to read a decision from: longer output is none. */
#define MAX_DECISION_BYTES (64 * 1024)

struct deny_rule {
  const char *agent;
  const char *path[3]; /* outermost first; NULL after the last */
  const char *value;   /* the string that means deny; NULL: the value false */
};

struct exit2_event {
  const char *agent;
  const char *event;
};

/* Whether exit code 2 blocks for this agent on this event (for every agent but Copilot, always). */
int decision_exit2_blocks(const char *agent, const char *event, size_t event_len);

/* Whether the agent has deny rules (otherwise its hooks' stdout is not read). */
int decision_known_agent(const char *agent);

/* Whether `output` (a hook's whole stdout) says deny by one of the agent's rules. */
int decision_denies(const char *agent, const char *output, size_t n);

#endif
