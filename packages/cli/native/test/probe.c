/*
 * Runs single parts of the native launcher on given input, for the tests that hold both
 * implementations of `hookscope exec` to the same tables of cases (hook names, spool file name
 * components, environment variables, payload reading and its JSON). Not shipped.
 *
 *   probe name-shell <command>     the hook name of a shell command string
 *   probe name-argv <word>...      the hook name of a program and its arguments
 *   probe spool-name <value>       a spool file name component
 *   probe env <NAME>               what the launcher reads from a variable (JSON, null: unset)
 *   probe payload < text           the payload's event, tool and span attributes (JSON)
 *   probe decision <agent> < text  1 when a hook's output is a deny decision of that agent, else 0
 *   probe exit2 <agent> <event>    1 when exit code 2 blocks for that agent on that event, else 0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decision.h"
#include "hook_name.h"
#include "json.h"
#include "otlp.h"
#include "payload.h"
#include "spool.h"

static void print_json_string(const char *s, size_t n, size_t max_units, int wtf8) {
  struct buf b = {0};
  json_string(&b, s, n, max_units, wtf8);
  fwrite(b.p, 1, b.len, stdout);
  buf_free(&b);
}

static int payload(void) {
  static char text[256 * 1024];
  size_t n = 0;
  ssize_t got;
  while (n < sizeof text && (got = read(0, text + n, sizeof text - n)) > 0) n += (size_t)got;
  struct payload p;
  int event = payload_read(text, n, &p);
  struct buf out = {0};
  buf_puts(&out, "{\"event\":");
  if (event >= 0) json_string(&out, payload_text(&p, &p.values[event]), p.values[event].length, 0, 1);
  else buf_puts(&out, "null");
  buf_puts(&out, ",\"tool\":");
  int tool = 0;
  for (size_t r = 0; r < PAYLOAD_FIELD_COUNT && event >= 0; r++) {
    const struct payload_value *v = &p.values[r];
    if (PAYLOAD_FIELDS[r].role == ROLE_TOOL && v->kind == VALUE_STRING) {
      json_string(&out, payload_text(&p, v), v->length, 0, 1);
      tool = 1;
      break;
    }
  }
  if (!tool) buf_puts(&out, "null");
  buf_puts(&out, ",\"attributes\":");
  struct kv_list l;
  kv_begin(&l, &out, MAX_ATTRIBUTE_UNITS);
  l.wtf8 = 1;
  for (size_t r = 0; r < PAYLOAD_FIELD_COUNT && event >= 0; r++) {
    const struct payload_value *v = &p.values[r];
    if (PAYLOAD_FIELDS[r].role != ROLE_ATTRIBUTE) continue;
    if (v->kind == VALUE_STRING) kv_string(&l, PAYLOAD_FIELDS[r].attribute, payload_text(&p, v), v->length);
    else if (v->kind == VALUE_NUMBER) kv_number(&l, PAYLOAD_FIELDS[r].attribute, v->number);
    else if (v->kind == VALUE_BOOL) kv_bool(&l, PAYLOAD_FIELDS[r].attribute, v->boolean);
  }
  kv_end(&l);
  buf_puts(&out, "}\n");
  fwrite(out.p, 1, out.len, stdout);
  buf_free(&out);
  buf_free(&p.strings);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *cmd = argv[1];
  if (strcmp(cmd, "name-shell") == 0 && argc == 3) {
    char *name = hook_name_from_shell(argv[2]);
    printf("%s\n", name ? name : "(null)");
    free(name);
    return 0;
  }
  if (strcmp(cmd, "name-argv") == 0) {
    char *name = hook_name_from_argv(argv + 2, (size_t)(argc - 2));
    printf("%s\n", name ? name : "(null)");
    free(name);
    return 0;
  }
  if (strcmp(cmd, "spool-name") == 0 && argc == 3) {
    struct buf b = {0};
    spool_name_component(&b, argv[2]);
    printf("%s\n", buf_str(&b));
    buf_free(&b);
    return 0;
  }
  if (strcmp(cmd, "env") == 0 && argc == 3) {
    const char *v = env_value(argv[2]);
    if (v) print_json_string(v, strlen(v), 0, 0);
    else fputs("null", stdout);
    fputc('\n', stdout);
    return 0;
  }
  if (strcmp(cmd, "payload") == 0) return payload();
  if (strcmp(cmd, "exit2") == 0 && argc == 4) {
    printf("%d\n", decision_exit2_blocks(argv[2], argv[3], strlen(argv[3])));
    return 0;
  }
  if (strcmp(cmd, "decision") == 0 && argc == 3) {
    static char text[MAX_DECISION_BYTES];
    size_t n = 0;
    ssize_t got;
    while (n < sizeof text && (got = read(0, text + n, sizeof text - n)) > 0) n += (size_t)got;
    printf("%d\n", decision_denies(argv[2], text, n));
    return 0;
  }
  return 2;
}
