#include "spool.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#define MAX_NAME_COMPONENT 64
#define CREATE_ATTEMPTS 5

const char *env_value(const char *name) {
  const char *v = getenv(name);
  if (!v) return NULL;
  for (const char *p = v; *p; p++)
    if (*p != ' ' && *p != '\t') return v;
  return NULL;
}

int env_flag(const char *name) {
  const char *v = getenv(name);
  if (!v) return 0;
  while (*v && isspace((unsigned char)*v)) v++;
  size_t n = strlen(v);
  while (n > 0 && isspace((unsigned char)v[n - 1])) n--;
  static const char *const TRUE_WORDS[] = {"1", "true", "yes", "on"};
  for (size_t i = 0; i < sizeof TRUE_WORDS / sizeof TRUE_WORDS[0]; i++) {
    if (strlen(TRUE_WORDS[i]) == n && strncasecmp(v, TRUE_WORDS[i], n) == 0) return 1;
  }
  return 0;
}

void spool_dir(struct buf *out) {
  const char *dir = env_value("HOOKSCOPE_SPOOL_DIR");
  if (dir) {
    buf_puts(out, dir);
    return;
  }
  const char *state = env_value("XDG_STATE_HOME");
  if (state) {
    buf_puts(out, state);
  } else {
    const char *home = getenv("HOME");
    if (!home || !*home) {
      struct passwd *pw = getpwuid(getuid());
      home = pw && pw->pw_dir ? pw->pw_dir : "/";
    }
    buf_puts(out, home);
    buf_puts(out, "/.local/state");
  }
  buf_puts(out, "/hookscope/spool");
}

void spool_name_component(struct buf *out, const char *value) {
  size_t n = strlen(value);
  if (n == 0) {
    buf_puts(out, "unknown");
    return;
  }
  if (n > MAX_NAME_COMPONENT) n = MAX_NAME_COMPONENT;
  for (size_t i = 0; i < n; i++) {
    char c = value[i];
    int safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-';
    buf_putc(out, safe ? c : '-');
  }
}

static void base36(struct buf *out, unsigned long long v) {
  char digits[16];
  size_t k = 0;
  do {
    digits[k++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
    v /= 36;
  } while (v);
  while (k) buf_putc(out, digits[--k]);
}

void spool_file_name(struct buf *out, long pid, const char *host, unsigned long long ms,
                     unsigned random32) {
  char num[32];
  snprintf(num, sizeof num, "hs_%ld_", pid);
  buf_puts(out, num);
  base36(out, ms);
  buf_putc(out, '_');
  struct buf random = {0};
  base36(&random, random32);
  spool_name_component(out, buf_str(&random));
  buf_free(&random);
  buf_putc(out, '@');
  spool_name_component(out, host);
  buf_puts(out, ".jsonl");
}

/* mkdir -p, each directory created 0700. */
static int make_dirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    int r = mkdir(path, 0700);
    *p = '/';
    if (r != 0 && errno != EEXIST) return errno;
  }
  if (mkdir(path, 0700) != 0 && errno != EEXIST) return errno;
  return 0;
}

int spool_write(const char *dir, const char *line, size_t len, unsigned long long ms) {
  char host[256] = "";
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  host[sizeof host - 1] = '\0';
  int err = 0;
  for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
    struct buf path = {0};
    buf_puts(&path, dir);
    buf_putc(&path, '/');
    spool_file_name(&path, (long)getpid(), host, ms, random_u32());
    if (path.failed) {
      buf_free(&path);
      return ENOMEM;
    }
    int fd = open(buf_str(&path), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND | O_CLOEXEC,
                  0600);
    err = fd < 0 ? errno : 0;
    buf_free(&path);
    if (fd >= 0) {
      size_t off = 0;
      while (off < len) {
        ssize_t w = write(fd, line + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          err = w < 0 ? errno : EIO;
          break;
        }
        off += (size_t)w;
      }
      close(fd);
      return err;
    }
    if (err == ENOENT && attempt == 0) {
      /* The directory exists on every run but the first: create it only when missing. */
      char *copy = strdup(dir);
      if (!copy) return ENOMEM;
      int made = make_dirs(copy);
      free(copy);
      if (made) return made;
    } else if (err != EEXIST) {
      return err;
    }
  }
  return err;
}

void random_bytes(void *out, size_t n) {
#if defined(__linux__)
  unsigned char *p = out;
  while (n > 0) {
    ssize_t got = getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    p += got;
    n -= (size_t)got;
  }
  if (n > 0) {
    /* No getrandom (old kernel, seccomp): the clock and pid still make ids unlikely to repeat. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long x = (unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 20) ^
                           ((unsigned long long)getpid() << 40);
    for (size_t i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      p[i] = (unsigned char)x;
    }
  }
#else
  arc4random_buf(out, n);
#endif
}

unsigned random_u32(void) {
  unsigned v = 0;
  random_bytes(&v, sizeof v);
  return v;
}
