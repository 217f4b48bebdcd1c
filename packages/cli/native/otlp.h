/*
 * The spool line of one hook span: an OTLP/JSON ExportTraceServiceRequest, byte for byte as
 * @hookscope/telemetry encodes it (otlp-json.ts), so the collector reads both implementations'
 * lines alike.
 */
#ifndef HOOKSCOPE_OTLP_H
#define HOOKSCOPE_OTLP_H

#include <stddef.h>

#include "buf.h"

/* Longest string attribute value, in UTF-16 code units, as the library's span limits cut it. */
#define MAX_ATTRIBUTE_UNITS 4096

/* A list of key/values being written: `first` tells whether a comma is due. */
struct kv_list {
  struct buf *out;
  int first;
  size_t max_units; /* string values cut to this many UTF-16 units (0: not cut) */
  int wtf8;         /* string values may hold lone surrogates (payload text) */
};

void kv_begin(struct kv_list *l, struct buf *out, size_t max_units);
void kv_end(struct kv_list *l);
void kv_string(struct kv_list *l, const char *key, const char *value, size_t len);
void kv_cstring(struct kv_list *l, const char *key, const char *value);
void kv_int(struct kv_list *l, const char *key, long long value);
void kv_bool(struct kv_list *l, const char *key, int value);
/* A JavaScript number: intValue when it is an integer, else doubleValue. */
void kv_number(struct kv_list *l, const char *key, double value);
/* Seconds, to the microsecond (an intValue when whole, as JavaScript numbers are written). */
void kv_micros(struct kv_list *l, const char *key, long long micros);
void kv_string_array(struct kv_list *l, const char *key, char *const *values, size_t n);

/* Nanoseconds since the epoch as OTLP writes them (a decimal string). */
void otlp_nanos(struct buf *out, long long sec, long nsec);

/* A key/value list of resource attributes: `key=value` pairs, in order, keys unique. */
struct resource {
  char *keys[64];
  char *values[64];
  int is_int[64];
  size_t n;
};

void resource_set(struct resource *r, const char *key, const char *value, int is_int);
void resource_free(struct resource *r);
/*
 * Calls `each` for every `key=value` member of a comma-separated list (OTEL_RESOURCE_ATTRIBUTES,
 * W3C tracestate), key and value trimmed of white space; members without a key are skipped.
 */
typedef void (*pair_fn)(void *ctx, const char *key, size_t key_len, const char *value,
                        size_t value_len);
void each_pair(const char *raw, pair_fn each, void *ctx);

/* Adds OTEL_RESOURCE_ATTRIBUTES (`k=v,k2=v2`, values percent-encoded; bad pairs skipped). */
void resource_parse_env(struct resource *r, const char *raw);
void resource_write(struct buf *out, const struct resource *r);

#endif
