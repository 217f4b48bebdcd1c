/*
 * Generated from the agent adapters' deny rules (packages/cli/src/agents/) by deny-rules.mjs:
 * do not edit, run `npm run native:rules` after changing them. One row per rule: the agent,
 * the member's path (outermost first), and the string it holds (NULL: the value false).
 */
#ifndef HOOKSCOPE_DENY_RULES_H
#define HOOKSCOPE_DENY_RULES_H

#include "decision.h"

static const struct deny_rule DENY_RULES[] = {
    {"claude-code", {"decision", NULL, NULL}, "block"},
    {"claude-code", {"hookSpecificOutput", "permissionDecision", NULL}, "deny"},
    {"claude-code", {"hookSpecificOutput", "decision", "behavior"}, "deny"},
    {"claude-code", {"continue", NULL, NULL}, NULL},
    {"gemini-cli", {"decision", NULL, NULL}, "deny"},
    {"gemini-cli", {"decision", NULL, NULL}, "block"},
    {"gemini-cli", {"continue", NULL, NULL}, NULL},
    {"codex", {"decision", NULL, NULL}, "block"},
    {"codex", {"hookSpecificOutput", "permissionDecision", NULL}, "deny"},
    {"codex", {"hookSpecificOutput", "decision", "behavior"}, "deny"},
    {"codex", {"continue", NULL, NULL}, NULL},
    {"cursor", {"permission", NULL, NULL}, "deny"},
    {"cursor", {"continue", NULL, NULL}, NULL},
    {"copilot", {"permissionDecision", NULL, NULL}, "deny"},
    {"copilot", {"behavior", NULL, NULL}, "deny"},
    {"copilot", {"decision", NULL, NULL}, "block"},
};

/* Agents for which exit code 2 blocks on these events only (elsewhere it is an error). */
static const struct exit2_event EXIT2_BLOCKS_ONLY[] = {
    {"copilot", "permissionRequest"},
    {"copilot", "PermissionRequest"},
    {NULL, NULL},
};

#endif
