/*
 * Reading an agent's hook payload (the JSON object written to a hook's stdin) for what hookscope
 * records, from the first bytes of stdin: the same reading as the Node wrapper's
 * (src/exec/payload.ts): top-level members only, nested values skipped unparsed, stopping
 * cleanly where the text ends or stops being valid and keeping what was read.
 *
 * Which members are read, and the span attribute each becomes, is the table PAYLOAD_FIELDS in
 * payload.c (one row per field; other agents' field names are new rows).
 */
#ifndef HOOKSCOPE_PAYLOAD_H
#define HOOKSCOPE_PAYLOAD_H

#include <stddef.h>

#include "buf.h"

enum payload_role {
  ROLE_EVENT,     /* the hook event: a label (when --event is not given) */
  ROLE_TOOL,      /* the tool: a label */
  ROLE_ATTRIBUTE, /* an id, path or setting: a span attribute, never a label */
};

struct payload_field {
  const char *member;    /* the payload's member name */
  enum payload_role role;
  const char *attribute; /* the span attribute (ROLE_ATTRIBUTE) */
};

extern const struct payload_field PAYLOAD_FIELDS[];
extern const size_t PAYLOAD_FIELD_COUNT;

enum value_kind { VALUE_NONE, VALUE_STRING, VALUE_NUMBER, VALUE_BOOL };

struct payload_value {
  enum value_kind kind;
  size_t offset, length; /* VALUE_STRING: decoded text (UTF-8, lone surrogates in 3-byte form) in `strings` */
  double number;
  int boolean;
};

#define PAYLOAD_MAX_FIELDS 32

struct payload {
  struct payload_value values[PAYLOAD_MAX_FIELDS]; /* by PAYLOAD_FIELDS row */
  size_t members;                                  /* top-level members read, known or not */
  struct buf strings;
};

/*
 * Reads the members of PAYLOAD_FIELDS from `text`. Returns the row of the event member when the
 * text is a hook payload (that member is a string), else -1. Free `out->strings` afterwards.
 */
int payload_read(const char *text, size_t n, struct payload *out);

/* A value's decoded text (VALUE_STRING). */
const char *payload_text(const struct payload *p, const struct payload_value *v);

#endif
