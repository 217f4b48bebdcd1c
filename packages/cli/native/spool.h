/*
 * Where and how a hook span is written: the environment variables and the spool file, by the
 * same rules as the Node implementation (@hookscope/runtime's env.ts, spool-file-name.ts and
 * spool-writer.ts). Both are tested against the same tables of cases.
 */
#ifndef HOOKSCOPE_SPOOL_H
#define HOOKSCOPE_SPOOL_H

#include <stddef.h>

#include "buf.h"

/* A variable's value; NULL when it is unset, empty or only blanks (spaces and tabs). */
const char *env_value(const char *name);

/* Whether a variable is 1, true, yes or on (any case, surrounding white space ignored). */
int env_flag(const char *name);

/* The spool directory: HOOKSCOPE_SPOOL_DIR, else $XDG_STATE_HOME/hookscope/spool, else
 * ~/.local/state/hookscope/spool. Appends it to `out`. */
void spool_dir(struct buf *out);

/* One component of a spool file name made safe (see spool-file-name.ts): each byte outside
 * `A-Z a-z 0-9 . -` becomes `-`, cut to 64, empty becomes `unknown`. Appends it to `out`. */
void spool_name_component(struct buf *out, const char *value);

/* hs_<pid>_<ms base 36>_<random base 36>@<host>.jsonl */
void spool_file_name(struct buf *out, long pid, const char *host, unsigned long long ms,
                     unsigned random32);

/*
 * Appends `line` (which ends with a newline) to a new spool file of this process in `dir`,
 * created 0600, exclusively (O_EXCL), never through a symlink (O_NOFOLLOW), with one
 * O_APPEND write(2). Creates the directory (0700) when missing. Returns 0, or an errno value.
 */
int spool_write(const char *dir, const char *line, size_t len, unsigned long long ms);

/* 32 bits from the system's random source (getrandom, arc4random). */
unsigned random_u32(void);
void random_bytes(void *out, size_t n);

#endif
