/*
 * A growable byte buffer. Allocation failures are remembered (`failed`) rather than reported at
 * each call: whoever uses the result checks once, and the launcher then records nothing (it
 * fails open) while the hook runs as usual.
 */
#ifndef HOOKSCOPE_BUF_H
#define HOOKSCOPE_BUF_H

#include <stddef.h>

struct buf {
  char *p;
  size_t len;
  size_t cap;
  int failed;
};

void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* A NUL-terminated copy of the contents (the buffer keeps one spare byte for it). */
const char *buf_str(struct buf *b);
void buf_free(struct buf *b);

#endif
