/*
 * The name of a hook derived from its command when none is given, as the Node implementation
 * derives it (@hookscope/runtime's hook-name.ts and shell-words.ts): the script or tool it runs,
 * never its arguments, label-safe. Both are tested against one table of cases
 * (test/fixtures/hook-names.json).
 */
#ifndef HOOKSCOPE_HOOK_NAME_H
#define HOOKSCOPE_HOOK_NAME_H

#include <stddef.h>

/* The name for `argv` (a program and its arguments). Returns a malloc'd string, or NULL. */
char *hook_name_from_argv(char *const *argv, size_t argc);

/* The name for a shell command string (`sh -c` semantics). Returns a malloc'd string, or NULL. */
char *hook_name_from_shell(const char *command);

#endif
