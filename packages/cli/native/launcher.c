/*
 * The native `hookscope exec`: runs a hook command as a child, passing stdin, stdout, stderr,
 * the exit code and signals through unchanged, and records one span per run to the spool. It
 * implements the contract of the Node wrapper (src/exec/run-exec.ts), documented in
 * docs/exec-and-install.md, at the cost of about one fork and exec: hooks that run on every tool
 * call should not pay a Node.js start-up for being measured.
 *
 * Fails open everywhere: whatever goes wrong with recording, the hook runs exactly as without it.
 * Runs that record content (--capture-content), --help, and commands other than `exec` are handed
 * to the Node implementation (bin/hookscope), which has the secret redaction and the help text.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <dirent.h>
#endif
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

#include "buf.h"
#include "decision.h"
#include "hook_name.h"
#include "json.h"
#include "otlp.h"
#include "payload.h"
#include "spool.h"

#ifndef HOOKSCOPE_VERSION
#define HOOKSCOPE_VERSION "0.0.0"
#endif

extern char **environ;

#define SCOPE "hookscope-exec"
#define TIMEOUT_EXIT_CODE 124
#define KILL_AFTER_MS 3000
#define PAYLOAD_GRACE_MS 25
/* When no --event was given the event comes from the payload alone, and a run without it counts
 * as event "unknown": wait longer for an agent that has not written yet (a busy machine). */
#define PAYLOAD_EVENT_GRACE_MS 250
#define MAX_SNIFF_BYTES (256 * 1024)
#define MAX_TIMEOUT_SECONDS (7 * 24 * 3600)
#define MAX_TREE 256
#define MAX_WARNINGS 32

/* ---- options (src/exec/options.ts) ---- */

struct options {
  const char *agent; /* --agent: the coding agent whose hook this is */
  const char *event;
  const char *name;
  double timeout; /* 0: none */
  const char *timeout_text;
  int capture; /* content capture asked for: the Node wrapper records it */
  int help;
  char **argv; /* the command */
  size_t argc;
  const char *shell_command; /* -c */
  char *sh_argv[4];
  char *warnings[MAX_WARNINGS];
  size_t nwarnings;
};

static void warn(struct options *o, const char *fmt, const char *a, const char *b) {
  if (o->nwarnings >= MAX_WARNINGS) return;
  size_t n = strlen(fmt) + (a ? strlen(a) : 0) + (b ? strlen(b) : 0) + 1;
  char *w = malloc(n);
  if (!w) return;
  snprintf(w, n, fmt, a ? a : "", b ? b : "");
  o->warnings[o->nwarnings++] = w;
}

/* `tool_input,prompt`, `all`, `1`: whether anything is asked for. */
static int capture_asked(const char *raw) {
  if (!raw) return 0;
  for (const char *p = raw; *p; p++)
    if (*p != ',' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') return 1;
  return 0;
}

/* Number(value) as JavaScript reads a decimal or hex number; NAN when it is not one. */
static double js_number(const char *s) {
  const char *p = s;
  while (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;
  if (!*p) return NAN;
  if ((p[0] == 'i' || p[0] == 'I' || p[0] == 'n' || p[0] == 'N') ||
      ((p[0] == '+' || p[0] == '-') && (p[1] == 'i' || p[1] == 'I' || p[1] == 'n' || p[1] == 'N')))
    return NAN; /* strtod's inf and nan are not JavaScript's */
  char *end;
  double v = strtod(p, &end);
  if (end == p) return NAN;
  while (*end == ' ' || (*end >= '\t' && *end <= '\r')) end++;
  return *end ? NAN : v;
}

static void parse_options(struct options *o, int argc, char **argv) {
  o->capture = capture_asked(env_value("HOOKSCOPE_CAPTURE_CONTENT"));
  int i = 0;
  while (i < argc) {
    const char *arg = argv[i];
    if (strcmp(arg, "--") == 0) {
      o->argv = argv + i + 1;
      o->argc = (size_t)(argc - i - 1);
      return;
    }
    if (arg[0] != '-' || strcmp(arg, "-") == 0) {
      o->argv = argv + i;
      o->argc = (size_t)(argc - i);
      return;
    }
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      o->help = 1;
      i++;
      continue;
    }
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    size_t flag_len = eq ? (size_t)(eq - arg) : strlen(arg);
    char flag[32];
    if (flag_len >= sizeof flag) flag_len = sizeof flag - 1;
    memcpy(flag, arg, flag_len);
    flag[flag_len] = '\0';
    int known = strcmp(flag, "--agent") == 0 || strcmp(flag, "--event") == 0 ||
                strcmp(flag, "--name") == 0 ||
                strcmp(flag, "--timeout") == 0 || strcmp(flag, "--capture-content") == 0 ||
                strcmp(flag, "-c") == 0;
    if (!known || (eq && flag_len != (size_t)(eq - arg))) {
      if (eq) {
        /* The flag as written up to '=' (names longer than `flag` holds are never known). */
        char *copy = strndup(arg, (size_t)(eq - arg));
        warn(o, "unknown option %s ignored", copy ? copy : arg, NULL);
        free(copy);
      } else {
        warn(o, "unknown option %s ignored", arg, NULL);
      }
      i++;
      continue;
    }
    const char *value;
    if (eq) {
      value = eq + 1;
      i++;
    } else {
      value = i + 1 < argc ? argv[i + 1] : NULL;
      i += 2;
    }
    if (!value) {
      warn(o, "option %s needs a value", flag, NULL);
      continue;
    }
    if (strcmp(flag, "--agent") == 0) {
      o->agent = value;
    } else if (strcmp(flag, "--event") == 0) {
      o->event = value;
    } else if (strcmp(flag, "--name") == 0) {
      o->name = value;
    } else if (strcmp(flag, "--timeout") == 0) {
      double n = js_number(value);
      if (isfinite(n) && n > 0 && n <= MAX_TIMEOUT_SECONDS) {
        o->timeout = n;
        o->timeout_text = value;
      } else {
        o->timeout = 0;
        warn(o, "--timeout must be a number of seconds (0 < S <= 604800), got '%s': no timeout",
             value, NULL);
      }
    } else if (strcmp(flag, "--capture-content") == 0) {
      o->capture = capture_asked(value);
    } else { /* -c */
      o->shell_command = value;
      o->sh_argv[0] = "/bin/sh";
      o->sh_argv[1] = "-c";
      o->sh_argv[2] = (char *)value;
      o->sh_argv[3] = NULL;
      o->argv = o->sh_argv;
      o->argc = 3;
      if (i < argc) warn(o, "arguments after -c CMD ignored", NULL, NULL);
      return;
    }
  }
}

/* ---- handing over to the Node implementation ---- */

/* This program's own path, resolved. */
static int self_path(char *out, size_t size, const char *argv0) {
#if defined(__linux__)
  if (realpath("/proc/self/exe", out)) return 1;
#elif defined(__APPLE__)
  char raw[PATH_MAX];
  uint32_t n = sizeof raw;
  if (_NSGetExecutablePath(raw, &n) == 0 && realpath(raw, out)) return 1;
#endif
  (void)size;
  return strchr(argv0, '/') && realpath(argv0, out);
}

/*
 * Runs bin/hookscope (the shell launcher of the Node implementation) with these arguments:
 * beside this program in the package (dist/native/ -> bin/), or in @hookscope/cli when this
 * program comes from a per-platform package. Returns only when there is none.
 */
static void hand_over(char **argv) {
  char self[PATH_MAX];
  if (!self_path(self, sizeof self, argv[0])) return;
  char *slash = strrchr(self, '/');
  if (!slash) return;
  *slash = '\0';
  static const char *const CANDIDATES[] = {"/../../bin/hookscope", "/../../cli/bin/hookscope"};
  for (size_t i = 0; i < sizeof CANDIDATES / sizeof CANDIDATES[0]; i++) {
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s%s", self, CANDIDATES[i]) >= sizeof path) continue;
    if (access(path, X_OK) != 0) continue;
    /* bin/hookscope then takes the Node path instead of starting this program again. */
    setenv("HOOKSCOPE_NATIVE_HANDOVER", "1", 1);
    argv[0] = path;
    execv(path, argv);
    unsetenv("HOOKSCOPE_NATIVE_HANDOVER");
  }
}

/* ---- the environment the hook gets ---- */

/* The launcher moves these aside for the Node wrapper; whoever sees them stashed puts them back. */
static void restore_stashed(void) {
  static const char *const NAMES[] = {"NODE_EXTRA_CA_CERTS", "NODE_OPTIONS"};
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
    char stash[64];
    snprintf(stash, sizeof stash, "HOOKSCOPE_STASHED_%s", NAMES[i]);
    const char *v = getenv(stash);
    if (!v) continue;
    setenv(NAMES[i], v, 1);
    unsetenv(stash);
  }
}

/* Ensures fds 0-2 are open (on /dev/null), as Node does at start-up, so that no descriptor this
 * program opens lands on them. */
static void ensure_std_fds(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    int null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) {
      dup2(null, fd);
      close(null);
    }
  }
}

/* ---- trace context (@hookscope/runtime's trace-context.ts) ---- */

struct trace {
  char trace_id[33];
  char span_id[17];
  char parent_span_id[17]; /* empty: a new trace */
  int has_state;           /* the parent came with a tracestate */
  struct buf state;        /* serialized */
};

static int lower_hex(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
  return 1;
}

static int all_zero(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != '0') return 0;
  return 1;
}

/* Random lower-case hex, never all zeros (an invalid id). */
static void random_hex(char *out, size_t bytes) {
  unsigned char raw[16];
  random_bytes(raw, bytes);
  int nonzero = 0;
  for (size_t i = 0; i < bytes; i++) {
    out[2 * i] = "0123456789abcdef"[raw[i] >> 4];
    out[2 * i + 1] = "0123456789abcdef"[raw[i] & 15];
    nonzero |= raw[i];
  }
  if (!nonzero) out[2 * bytes - 1] = '1';
  out[2 * bytes] = '\0';
}

/* W3C tracestate: members `key=value`, trimmed, the first of a key kept, at most 32. */
struct tracestate {
  char *keys[32];
  size_t nkeys;
  struct buf *out;
};

static void tracestate_member(void *ctx, const char *k, size_t klen, const char *v, size_t vlen) {
  struct tracestate *t = ctx;
  for (size_t i = 0; i < t->nkeys; i++)
    if (strlen(t->keys[i]) == klen && memcmp(t->keys[i], k, klen) == 0) return;
  if (t->nkeys >= 32 || !(t->keys[t->nkeys] = strndup(k, klen))) return;
  t->nkeys++;
  if (t->out->len) buf_putc(t->out, ',');
  buf_append(t->out, k, klen);
  buf_putc(t->out, '=');
  buf_append(t->out, v, vlen);
}

static void parse_tracestate(const char *raw, struct buf *out) {
  struct tracestate t = {{0}, 0, out};
  each_pair(raw, tracestate_member, &t);
  for (size_t i = 0; i < t.nkeys; i++) free(t.keys[i]);
}

static void trace_init(struct trace *t) {
  memset(t, 0, sizeof *t);
  const char *tp = env_value("TRACEPARENT");
  if (!tp) tp = env_value("traceparent");
  const char *ts = env_value("TRACESTATE");
  if (!ts) ts = env_value("tracestate");
  int valid = 0;
  if (tp && *tp) {
    while (*tp == ' ' || (*tp >= '\t' && *tp <= '\r')) tp++;
    size_t n = strlen(tp);
    while (n > 0 && (tp[n - 1] == ' ' || (tp[n - 1] >= '\t' && tp[n - 1] <= '\r'))) n--;
    /* vv-<32 hex>-<16 hex>-ff, then nothing (version 00) or "-..." (later versions) */
    if (n >= 55 && lower_hex(tp, 2) && tp[2] == '-' && lower_hex(tp + 3, 32) && tp[35] == '-' &&
        lower_hex(tp + 36, 16) && tp[52] == '-' && lower_hex(tp + 53, 2) &&
        (n == 55 || tp[55] == '-') && memcmp(tp, "ff", 2) != 0 &&
        !(memcmp(tp, "00", 2) == 0 && n > 55) && !all_zero(tp + 3, 32) && !all_zero(tp + 36, 16) &&
        !memchr(tp, '\n', n) && !memchr(tp, '\r', n)) {
      valid = 1;
      memcpy(t->trace_id, tp + 3, 32);
      memcpy(t->parent_span_id, tp + 36, 16);
      if (ts && *ts) {
        t->has_state = 1;
        parse_tracestate(ts, &t->state);
      }
    }
  }
  if (!valid) random_hex(t->trace_id, 16);
  random_hex(t->span_id, 8);
}

/* Sets TRACEPARENT (and the lower-case spelling when the caller used it). */
static void set_trace_env(const char *name, const char *lower, const char *value) {
  if (value) setenv(name, value, 1);
  else unsetenv(name);
  if (getenv(lower)) {
    if (value) setenv(lower, value, 1);
    else unsetenv(lower);
  }
}

/* ---- signals ---- */

static const struct {
  int number;
  const char *name;
} SIGNALS[] = {
    {SIGHUP, "SIGHUP"},     {SIGINT, "SIGINT"},       {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"},   {SIGABRT, "SIGABRT"},     {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
    {SIGKILL, "SIGKILL"},   {SIGUSR1, "SIGUSR1"},     {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"},   {SIGALRM, "SIGALRM"},     {SIGTERM, "SIGTERM"}, {SIGCHLD, "SIGCHLD"},
    {SIGCONT, "SIGCONT"},   {SIGSTOP, "SIGSTOP"},     {SIGTSTP, "SIGTSTP"}, {SIGTTIN, "SIGTTIN"},
    {SIGTTOU, "SIGTTOU"},   {SIGURG, "SIGURG"},       {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
    {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"},   {SIGWINCH, "SIGWINCH"}, {SIGIO, "SIGIO"},
    {SIGSYS, "SIGSYS"},
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT"},
#endif
#ifdef SIGPWR
    {SIGPWR, "SIGPWR"},
#endif
};

static const char *signal_name(int sig, char *scratch, size_t size) {
  for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++)
    if (SIGNALS[i].number == sig) return SIGNALS[i].name;
  snprintf(scratch, size, "SIG%d", sig);
  return scratch;
}

/* Signals sent to the wrapper that it passes on to the hook; and SIGCHLD, which ends the wait. */
static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig) {
  int saved = errno;
  unsigned char b = (unsigned char)sig;
  if (write(signal_pipe[1], &b, 1) < 0) {
    /* The pipe is full of signals already: the loop will see them. */
  }
  errno = saved;
}

struct dispositions {
  int ignored[NSIG];
  sigset_t mask;
};

static void set_handler(int sig, void (*handler)(int), struct dispositions *was) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  if (sigaction(sig, &sa, &old) == 0 && was) was->ignored[sig] = old.sa_handler == SIG_IGN;
}

/* In the child, before exec: the signal set-up the caller gave the wrapper. */
static void restore_signals(const struct dispositions *was) {
  static const int OURS[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGPIPE};
  for (size_t i = 0; i < sizeof OURS / sizeof OURS[0]; i++) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = was->ignored[OURS[i]] ? SIG_IGN : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(OURS[i], &sa, NULL);
  }
  sigprocmask(SIG_SETMASK, &was->mask, NULL);
}

/* ---- time ---- */

static struct timespec start_real, start_mono;

static long long mono_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long start_mono_ns(void) {
  return (long long)start_mono.tv_sec * 1000000000LL + start_mono.tv_nsec;
}

/* Wall-clock time now, from the start's wall clock plus the monotonic clock since. */
static void real_now(long long *sec, long *nsec) {
  long long ns = (long long)start_real.tv_nsec + (mono_ns() - start_mono_ns());
  *sec = (long long)start_real.tv_sec + ns / 1000000000LL;
  *nsec = (long)(ns % 1000000000LL);
}

/* ---- the hook's stdin (src/exec/stdin-relay.ts) ---- */

static char sniff[MAX_SNIFF_BYTES];
static size_t sniffed;

static void keep(const char *data, size_t n) {
  size_t room = MAX_SNIFF_BYTES - sniffed;
  if (n > room) n = room;
  memcpy(sniff + sniffed, data, n);
  sniffed += n;
}

enum stdin_kind { STDIN_INHERIT, STDIN_FILE, STDIN_RELAY };

struct relay {
  enum stdin_kind kind;
  int child_fd; /* what the hook gets as stdin (STDIN_RELAY) */
  int out_fd;   /* the wrapper's end, non-blocking (-1 once closed) */
  int reading;  /* still reading fd 0 */
  char buf[64 * 1024];
  size_t off, len; /* bytes read and not yet passed on */
};

static void set_cloexec(int fd) { fcntl(fd, F_SETFD, FD_CLOEXEC); }

static void prepare_stdin(struct relay *r, const char *agent) {
  /* Field by field: clearing the 64 KiB buffer too would be a third of the launcher's work. */
  r->kind = STDIN_INHERIT;
  r->child_fd = r->out_fd = -1;
  r->reading = 0;
  r->off = r->len = 0;
  struct stat st;
  if (fstat(0, &st) != 0) return;
  if (S_ISREG(st.st_mode)) {
    /* The same open file, same offset: its first bytes are read without moving it. */
    off_t pos = lseek(0, 0, SEEK_CUR);
    if (pos >= 0) {
      ssize_t n = pread(0, sniff, MAX_SNIFF_BYTES, pos);
      if (n > 0) sniffed = (size_t)n;
    }
    r->kind = STDIN_FILE;
    return;
  }
  int fds[2];
  if (S_ISSOCK(st.st_mode)) {
    /* Node (and so Claude Code) passes a socket pair: the hook gets one too. */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return;
    r->child_fd = fds[1];
    r->out_fd = fds[0];
  } else if (S_ISFIFO(st.st_mode) && (agent || env_value("CLAUDE_PROJECT_DIR"))) {
    /* A pipe from a coding agent (named with --agent, or Claude Code's): a new pipe, so
     * `[ -p /dev/stdin ]` stays true for the hook. */
    if (pipe(fds) != 0) return;
    r->child_fd = fds[0];
    r->out_fd = fds[1];
  } else {
    return; /* a terminal, /dev/null, a pipe elsewhere (git hooks): inherited as is */
  }
  set_cloexec(r->child_fd);
  set_cloexec(r->out_fd);
  fcntl(r->out_fd, F_SETFL, fcntl(r->out_fd, F_GETFL) | O_NONBLOCK);
  r->kind = STDIN_RELAY;
  r->reading = 1;
}

static void relay_close(struct relay *r) {
  if (r->out_fd >= 0) close(r->out_fd);
  r->out_fd = -1;
  r->reading = 0;
  r->len = r->off = 0;
}

/* Reads what fd 0 has, into the relay (when the hook runs) or only into the sniff buffer. */
static void relay_read(struct relay *r, int pass_on) {
  ssize_t n = read(0, r->buf, sizeof r->buf);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) {
    /* End of input: the hook reads end of file too. */
    relay_close(r);
    return;
  }
  keep(r->buf, (size_t)n);
  if (pass_on) {
    r->off = 0;
    r->len = (size_t)n;
  }
}

static void relay_write(struct relay *r) {
  while (r->off < r->len) {
    ssize_t w = write(r->out_fd, r->buf + r->off, r->len - r->off);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (w <= 0) {
      /* EPIPE: the hook closed its stdin. Stop passing data on; the writer sees EPIPE when the
       * wrapper exits, as it would when the hook exits. */
      relay_close(r);
      return;
    }
    r->off += (size_t)w;
  }
  r->off = r->len = 0;
}

/* After the hook ended: what stdin holds now (or within a moment, when nothing came yet). */
static void relay_drain(struct relay *r, int event_known) {
  if (r->kind != STDIN_RELAY || !r->reading) return;
  int wait_ms = sniffed > 0 ? 0 : event_known ? PAYLOAD_GRACE_MS : PAYLOAD_EVENT_GRACE_MS;
  while (sniffed < MAX_SNIFF_BYTES && r->reading) {
    struct pollfd p = {0, POLLIN, 0};
    int ready = poll(&p, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    relay_read(r, 0);
    wait_ms = 0;
  }
}

/* ---- the hook's stdout (src/exec/stdout-relay.ts) ---- */

/* The first bytes of the hook's output, to read a deny decision from once it exited. */
static char output[MAX_DECISION_BYTES];
static size_t output_len;
static int output_readable = 1; /* still a candidate for a decision */

struct out_relay {
  int on;       /* the hook writes to child_fd; the wrapper reads in_fd and writes fd 1 */
  int socket;   /* fd 1 is a socket (else a pipe) */
  int child_fd; /* the hook's stdout */
  int in_fd;    /* the wrapper's end, non-blocking (-1 once closed) */
  char buf[64 * 1024];
  size_t off, len; /* bytes read and not yet passed on */
};

/*
 * For a hook of an agent whose deny rules are known, when the caller reads its stdout through a
 * socket or a pipe: a new one of the same kind, relayed. Anything else, or any failure: the hook
 * inherits stdout, and its output is not read.
 */
static void prepare_stdout(struct out_relay *r, const char *rules_agent) {
  r->on = r->socket = 0; /* field by field, as prepare_stdin */
  r->child_fd = r->in_fd = -1;
  r->off = r->len = 0;
  struct stat st;
  if (!rules_agent || fstat(1, &st) != 0) return;
  int fds[2];
  if (S_ISSOCK(st.st_mode)) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) return;
    r->socket = 1;
    r->in_fd = fds[0];
    r->child_fd = fds[1];
  } else if (S_ISFIFO(st.st_mode)) {
    if (pipe(fds) != 0) return;
    r->in_fd = fds[0];
    r->child_fd = fds[1];
  } else {
    return;
  }
  set_cloexec(r->in_fd);
  set_cloexec(r->child_fd);
  fcntl(r->in_fd, F_SETFL, fcntl(r->in_fd, F_GETFL) | O_NONBLOCK);
  r->on = 1;
}

/* Stops relaying: the hook's next write fails as when its caller stops reading. */
static void out_close(struct out_relay *r) {
  if (r->in_fd >= 0) close(r->in_fd);
  r->in_fd = -1;
  r->off = r->len = 0;
}

static void keep_output(const char *data, size_t n) {
  if (!output_readable) return;
  if (n > MAX_DECISION_BYTES - output_len) {
    output_readable = 0; /* too long to be a decision */
    return;
  }
  memcpy(output + output_len, data, n);
  output_len += n;
}

/*
 * Passes pending bytes on to fd 1 without ever blocking (fd 1 is the caller's, shared, so it
 * stays as it is): a socket takes MSG_DONTWAIT; a pipe takes what poll says it has room for,
 * PIPE_BUF bytes at a time. Returns when all is written or fd 1 is full.
 */
static void out_write(struct out_relay *r) {
  while (r->off < r->len) {
    size_t want = r->len - r->off;
    ssize_t w;
    if (r->socket) {
#ifdef MSG_NOSIGNAL
      w = send(1, r->buf + r->off, want, MSG_DONTWAIT | MSG_NOSIGNAL);
#else
      w = send(1, r->buf + r->off, want, MSG_DONTWAIT);
#endif
    } else {
      struct pollfd p = {1, POLLOUT, 0};
      if (poll(&p, 1, 0) <= 0) return;
      w = write(1, r->buf + r->off, want < PIPE_BUF ? want : PIPE_BUF);
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (w <= 0) {
      output_readable = 0;
      out_close(r);
      return;
    }
    r->off += (size_t)w;
  }
  r->off = r->len = 0;
}

/* Reads what the hook wrote (none pending): 1 when data came, 0 when none now, -1 at the end. */
static int out_read(struct out_relay *r) {
  ssize_t n = read(r->in_fd, r->buf, sizeof r->buf);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return 0;
  if (n <= 0) {
    out_close(r);
    return -1;
  }
  keep_output(r->buf, (size_t)n);
  r->off = 0;
  r->len = (size_t)n;
  out_write(r);
  return 1;
}

/*
 * After the hook exited: passes on what its stdout holds now (what it wrote before exiting), then
 * stops; a process it left behind that keeps the stdout open is not waited for. Waits for room
 * in fd 1 as long as the caller reads, unless the caller signals the wrapper meanwhile.
 */
static void out_drain(struct out_relay *r) {
  while (r->in_fd >= 0) {
    if (r->len > 0) {
      struct pollfd p[2] = {{1, POLLOUT, 0}, {signal_pipe[0], POLLIN, 0}};
      int ready = poll(p, 2, -1);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0 || (p[1].revents & POLLIN)) break;
      out_write(r);
      continue;
    }
    if (out_read(r) <= 0) break;
  }
  if (r->len > 0) output_readable = 0; /* not all of it reached the caller */
  out_close(r);
}

/* ---- the hook's process tree (for --timeout) ---- */

static size_t process_tree(pid_t root, pid_t *out, size_t limit) {
  size_t n = 0;
  out[n++] = root;
#if defined(__linux__)
  for (size_t i = 0; i < n && n < limit; i++) {
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)out[i]);
    DIR *tasks = opendir(dir);
    if (!tasks) continue;
    struct dirent *e;
    while ((e = readdir(tasks)) && n < limit) {
      if (e->d_name[0] == '.') continue;
      char path[sizeof dir + sizeof e->d_name + 16];
      snprintf(path, sizeof path, "%s/%s/children", dir, e->d_name);
      FILE *f = fopen(path, "re");
      if (!f) continue;
      int pid;
      while (n < limit && fscanf(f, "%d", &pid) == 1) {
        int seen = 0;
        for (size_t k = 0; k < n; k++) seen |= out[k] == pid;
        if (!seen) out[n++] = pid;
      }
      fclose(f);
    }
    closedir(tasks);
  }
#else
  (void)limit;
#endif
  return n;
}

static void kill_all(const pid_t *pids, size_t n, int sig) {
  for (size_t i = 0; i < n; i++) kill(pids[i], sig);
}

/* ---- the span ---- */

struct ending {
  int code;
  const char *outcome;
  char signal[24];
  char error_type[48];
};

static const struct {
  int number;
  const char *name;
} ERRNOS[] = {
    {ENOENT, "ENOENT"}, {EACCES, "EACCES"},   {EISDIR, "EISDIR"},   {ENOEXEC, "ENOEXEC"},
    {E2BIG, "E2BIG"},   {ENOMEM, "ENOMEM"},   {ELOOP, "ELOOP"},     {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOTDIR, "ENOTDIR"}, {ETXTBSY, "ETXTBSY"}, {EPERM, "EPERM"},   {EIO, "EIO"},
    {EINVAL, "EINVAL"}, {EMFILE, "EMFILE"},   {ENFILE, "ENFILE"},   {EAGAIN, "EAGAIN"},
};

static void errno_name(int err, char *out, size_t size) {
  for (size_t i = 0; i < sizeof ERRNOS / sizeof ERRNOS[0]; i++) {
    if (ERRNOS[i].number == err) {
      snprintf(out, size, "%s", ERRNOS[i].name);
      return;
    }
  }
  snprintf(out, size, "E%d", err);
}

/* The command could not be started: answer as a shell would (127 not found, 126 otherwise). */
static void spawn_failure(const char *command, int err, struct ending *e) {
  char name[32];
  errno_name(err, name, sizeof name);
  int code = 126;
  const char *message;
  char other[PATH_MAX + 64];
  struct stat st;
  if (err == ENOENT) {
    if (!strchr(command, '/')) {
      code = 127;
      message = "command not found";
    } else if (stat(command, &st) == 0) {
      message = "bad interpreter: No such file or directory";
    } else {
      code = 127;
      message = "No such file or directory";
    }
  } else if (err == EACCES) {
    message = "Permission denied";
  } else if (err == EISDIR) {
    message = "Is a directory";
  } else {
    snprintf(other, sizeof other, "spawn %s %s", command, name);
    message = other;
  }
  fprintf(stderr, "hookscope exec: %s: %s\n", command, message);
  e->code = code;
  e->outcome = "error";
  snprintf(e->error_type, sizeof e->error_type, "%s", name);
}

static void exit_ending(int status, struct ending *e) {
  memset(e, 0, sizeof *e);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    char scratch[16];
    e->code = 128 + sig; /* as a shell reports it */
    e->outcome = "signal";
    snprintf(e->signal, sizeof e->signal, "%s", signal_name(sig, scratch, sizeof scratch));
    snprintf(e->error_type, sizeof e->error_type, "%s", e->signal);
    return;
  }
  int c = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  e->code = c;
  if (c == 0) e->outcome = "success";
  else if (c == 2) e->outcome = "blocked";
  else {
    e->outcome = "error";
    snprintf(e->error_type, sizeof e->error_type, "%d", c);
  }
}

struct usage {
  int known;
  long long user_us, system_us, max_rss_bytes;
};

static void write_span(const struct options *o, const char *name, const struct trace *t,
                       const struct ending *e, const struct usage *u, long long spawned_ns,
                       long long exited_ns, const char *spool, int debug) {
  struct payload payload;
  int event_row = payload_read(sniff, sniffed, &payload);
  /* A payload names its event, or comes from an agent named with --agent (Copilot's does not
   * name it). */
  int is_payload = event_row >= 0 || (o->agent && payload.members > 0);
  /* hookscope's own time: its start until the hook started, and after the hook's exit until
   * now (reading the payload, but not the encoding and the spool write that follow). */
  long long overhead_ns = (spawned_ns - start_mono_ns()) + (mono_ns() - exited_ns);
  const char *event = o->event;
  size_t event_len = event ? strlen(event) : 0;
  if (!event && event_row >= 0) {
    event = payload_text(&payload, &payload.values[event_row]);
    event_len = payload.values[event_row].length;
  }
  if (!event) {
    event = "unknown";
    event_len = strlen(event);
  }
  /* An exit 2 that the agent does not take as a block (Copilot's, on most events). */
  const char *outcome = e->outcome;
  const char *error_type = e->error_type;
  if (strcmp(outcome, "blocked") == 0 && e->code == 2 && o->agent &&
      !decision_exit2_blocks(o->agent, event, event_len)) {
    outcome = "error";
    error_type = "2";
  }

  char host[256] = "";
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  struct resource res = {0};
  char pid[24];
  snprintf(pid, sizeof pid, "%ld", (long)getpid());
  resource_set(&res, "process.pid", pid, 1);
  resource_set(&res, "host.name", host, 0);
  resource_set(&res, "telemetry.sdk.name", "hookscope", 0);
  resource_set(&res, "telemetry.sdk.language", "c", 0);
  resource_set(&res, "telemetry.sdk.version", HOOKSCOPE_VERSION, 0);
  resource_parse_env(&res, env_value("OTEL_RESOURCE_ATTRIBUTES"));
  const char *service = getenv("OTEL_SERVICE_NAME");
  int has_service = 0;
  for (size_t i = 0; i < res.n; i++) has_service |= strcmp(res.keys[i], "service.name") == 0;
  if (service) {
    while (*service == ' ' || (*service >= '\t' && *service <= '\r')) service++;
    size_t n = strlen(service);
    while (n > 0 && (service[n - 1] == ' ' || (service[n - 1] >= '\t' && service[n - 1] <= '\r'))) n--;
    char *trimmed = strndup(service, n);
    if (trimmed && n) resource_set(&res, "service.name", trimmed, 0);
    else if (!has_service) resource_set(&res, "service.name", SCOPE, 0);
    free(trimmed);
  } else if (!has_service) {
    resource_set(&res, "service.name", SCOPE, 0);
  }

  struct buf line = {0};
  buf_puts(&line, "{\"resourceSpans\":[{\"resource\":{\"attributes\":");
  resource_write(&line, &res);
  buf_puts(&line, "},\"scopeSpans\":[{\"scope\":{\"name\":\"" SCOPE "\",\"version\":");
  json_string(&line, HOOKSCOPE_VERSION, strlen(HOOKSCOPE_VERSION), 0, 0);
  buf_puts(&line, "},\"spans\":[{\"traceId\":\"");
  buf_puts(&line, t->trace_id);
  buf_puts(&line, "\",\"spanId\":\"");
  buf_puts(&line, t->span_id);
  buf_puts(&line, "\",\"name\":");
  struct buf span_name = {0};
  buf_append(&span_name, event, event_len);
  buf_putc(&span_name, ' ');
  buf_puts(&span_name, name);
  json_string(&line, buf_str(&span_name), span_name.len, 0, 1);
  buf_free(&span_name);
  buf_puts(&line, ",\"kind\":1,\"startTimeUnixNano\":\"");
  otlp_nanos(&line, (long long)start_real.tv_sec, start_real.tv_nsec);
  buf_puts(&line, "\",\"endTimeUnixNano\":\"");
  long long end_sec;
  long end_nsec;
  real_now(&end_sec, &end_nsec);
  otlp_nanos(&line, end_sec, end_nsec);
  buf_puts(&line, "\",\"attributes\":");

  struct kv_list a;
  kv_begin(&a, &line, MAX_ATTRIBUTE_UNITS);
  kv_cstring(&a, "hookscope.kind", "hook");
  kv_cstring(&a, "hookscope.hook.name", name);
  if (o->agent) kv_cstring(&a, "hookscope.hook.agent", o->agent);
  if (is_payload) {
    a.wtf8 = 1;
    for (size_t r = 0; r < PAYLOAD_FIELD_COUNT; r++) {
      const struct payload_value *v = &payload.values[r];
      const char *key = PAYLOAD_FIELDS[r].attribute;
      if (PAYLOAD_FIELDS[r].role != ROLE_ATTRIBUTE) continue;
      if (v->kind == VALUE_STRING) kv_string(&a, key, payload_text(&payload, v), v->length);
      else if (v->kind == VALUE_NUMBER) kv_number(&a, key, v->number);
      else if (v->kind == VALUE_BOOL) kv_bool(&a, key, v->boolean);
    }
  }
  kv_string(&a, "hookscope.hook.event", event, event_len);
  if (is_payload) {
    for (size_t r = 0; r < PAYLOAD_FIELD_COUNT; r++) {
      const struct payload_value *v = &payload.values[r];
      if (PAYLOAD_FIELDS[r].role == ROLE_TOOL && v->kind == VALUE_STRING && v->length > 0) {
        kv_string(&a, "hookscope.hook.tool", payload_text(&payload, v), v->length);
        break;
      }
    }
  }
  a.wtf8 = 0;
  kv_cstring(&a, "hookscope.hook.outcome", outcome);
  kv_int(&a, "process.exit.code", e->code);
  if (e->signal[0]) kv_cstring(&a, "hookscope.hook.signal", e->signal);
  if (error_type[0]) kv_cstring(&a, "error.type", error_type);
  if (o->timeout > 0) kv_number(&a, "hookscope.hook.timeout", o->timeout);
  if (u->known) {
    kv_micros(&a, "hookscope.hook.cpu.user", u->user_us);
    kv_micros(&a, "hookscope.hook.cpu.system", u->system_us);
    kv_int(&a, "hookscope.hook.max_rss", u->max_rss_bytes);
  }
  if (o->nwarnings) kv_string_array(&a, "hookscope.exec.warnings", o->warnings, o->nwarnings);
  kv_micros(&a, "hookscope.hook.overhead", (overhead_ns + 500) / 1000);
  kv_end(&a);
  if (t->has_state) {
    buf_puts(&line, ",\"traceState\":");
    json_string(&line, buf_str((struct buf *)&t->state), t->state.len, 0, 0);
  }
  if (t->parent_span_id[0]) {
    buf_puts(&line, ",\"parentSpanId\":\"");
    buf_puts(&line, t->parent_span_id);
    buf_putc(&line, '"');
  }
  if (strcmp(outcome, "success") != 0 && strcmp(outcome, "blocked") != 0)
    buf_puts(&line, ",\"status\":{\"code\":2}");
  buf_puts(&line, "}]}]}]}\n");

  int err = line.failed ? ENOMEM : spool_write(spool, line.p, line.len, (unsigned long long)start_real.tv_sec * 1000ULL + (unsigned long long)start_real.tv_nsec / 1000000ULL);
  if (debug) {
    for (size_t i = 0; i < o->nwarnings; i++) fprintf(stderr, "hookscope exec: %s\n", o->warnings[i]);
    if (err) fprintf(stderr, "hookscope exec: span not written: %s: %s\n", spool, strerror(err));
  }
  buf_free(&line);
  resource_free(&res);
  buf_free(&payload.strings);
}

/* ---- running the hook ---- */

static void free_options(struct options *o) {
  for (size_t i = 0; i < o->nwarnings; i++) free(o->warnings[i]);
  o->nwarnings = 0;
}

static void report_exec_error(int fd, int err) {
  ssize_t w;
  do {
    w = write(fd, &err, sizeof err);
  } while (w < 0 && errno == EINTR);
}

/* Runs the command in place of this process (telemetry off): nothing to measure or pass on. */
static int run_unmeasured(struct options *o) {
  execvp(o->argv[0], o->argv);
  struct ending e;
  memset(&e, 0, sizeof e);
  spawn_failure(o->argv[0], errno, &e);
  free_options(o);
  return e.code;
}

int main(int argc, char **argv) {
  clock_gettime(CLOCK_REALTIME, &start_real);
  clock_gettime(CLOCK_MONOTONIC, &start_mono);
  if (argc < 2 || strcmp(argv[1], "exec") != 0) {
    hand_over(argv);
    fprintf(stderr, "hookscope: this is the native launcher of `hookscope exec` only, and the "
                    "hookscope command was not found beside it\n");
    return 2;
  }
  ensure_std_fds();
  struct options o;
  memset(&o, 0, sizeof o);
  parse_options(&o, argc - 2, argv + 2);
  if (o.help || o.argc == 0 || o.capture) {
    /* Help, usage errors and content capture (with its secret redaction) are the Node
     * implementation's. */
    hand_over(argv);
    if (o.help || o.argc == 0) {
      fprintf(stderr, "hookscope exec: %s\nusage: hookscope exec [options] -- <command> [args...]\n",
              o.help ? "help is in the Node implementation, which was not found" : "no command given");
      free_options(&o);
      return o.help ? 0 : 2;
    }
    warn(&o, "content capture needs the Node implementation, which was not found: no content recorded",
         NULL, NULL);
  }
  restore_stashed();
  if (env_flag("OTEL_SDK_DISABLED") || env_flag("HOOKSCOPE_DISABLED")) return run_unmeasured(&o);
  int debug = env_flag("HOOKSCOPE_DEBUG");

  struct buf spool = {0};
  spool_dir(&spool);
  char *name = o.name ? strdup(o.name)
               : o.shell_command ? hook_name_from_shell(o.shell_command)
                                 : hook_name_from_argv(o.argv, o.argc);
  if (!name) name = strdup("unknown");
  if (!name || spool.failed || pipe(signal_pipe) != 0) {
    free(name);
    buf_free(&spool);
    return run_unmeasured(&o);
  }
  set_cloexec(signal_pipe[0]);
  set_cloexec(signal_pipe[1]);
  fcntl(signal_pipe[1], F_SETFL, fcntl(signal_pipe[1], F_GETFL) | O_NONBLOCK);

  /* The hook's environment: the caller's, plus the trace context and the hook's labels. */
  struct trace t;
  trace_init(&t);
  char traceparent[64];
  snprintf(traceparent, sizeof traceparent, "00-%s-%s-01", t.trace_id, t.span_id);
  set_trace_env("TRACEPARENT", "traceparent", traceparent);
  set_trace_env("TRACESTATE", "tracestate",
                t.has_state && t.state.len && !t.state.failed ? buf_str(&t.state) : NULL);
  setenv("HOOKSCOPE_EXEC_SPAN_ID", t.span_id, 1);
  if (o.event) setenv("HOOKSCOPE_HOOK_EVENT", o.event, 1);
  else unsetenv("HOOKSCOPE_HOOK_EVENT");
  setenv("HOOKSCOPE_HOOK_NAME", name, 1);

  struct relay relay;
  prepare_stdin(&relay, o.agent);
  /* The agent whose deny rules read the hook's output: the one named, or Claude Code, which sets
   * CLAUDE_PROJECT_DIR for its hooks. */
  const char *rules_agent = o.agent ? o.agent : env_value("CLAUDE_PROJECT_DIR") ? "claude-code" : NULL;
  if (rules_agent && !decision_known_agent(rules_agent)) rules_agent = NULL;
  static struct out_relay out;
  prepare_stdout(&out, rules_agent);

  /* Signals: listened to before the hook starts (none may be lost in between), and handed to
   * the hook as the caller left them. */
  struct dispositions was;
  memset(&was, 0, sizeof was);
  sigset_t block, old;
  sigemptyset(&block);
  for (size_t i = 0; i < sizeof FORWARDED / sizeof FORWARDED[0]; i++) sigaddset(&block, FORWARDED[i]);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old);
  was.mask = old;
  for (size_t i = 0; i < sizeof FORWARDED / sizeof FORWARDED[0]; i++)
    set_handler(FORWARDED[i], on_signal, &was);
  set_handler(SIGCHLD, on_signal, &was);
  struct sigaction ign, old_pipe;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigemptyset(&ign.sa_mask);
  if (sigaction(SIGPIPE, &ign, &old_pipe) == 0) was.ignored[SIGPIPE] = old_pipe.sa_handler == SIG_IGN;

  int exec_pipe[2] = {-1, -1};
  if (pipe(exec_pipe) == 0) {
    set_cloexec(exec_pipe[0]);
    set_cloexec(exec_pipe[1]);
  }
  long long spawned_ns = mono_ns();
  pid_t pid = fork();
  int fork_errno = errno;
  if (pid == 0) {
    restore_signals(&was);
    if (relay.kind == STDIN_RELAY) dup2(relay.child_fd, 0); /* dup2 clears close-on-exec */
    if (out.on) dup2(out.child_fd, 1);
    execvp(o.argv[0], o.argv);
    report_exec_error(exec_pipe[1], errno);
    _exit(127);
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (exec_pipe[1] >= 0) close(exec_pipe[1]);
  if (relay.child_fd >= 0) close(relay.child_fd);
  if (out.child_fd >= 0) close(out.child_fd);

  struct ending ending;
  memset(&ending, 0, sizeof ending);
  struct usage usage = {0, 0, 0, 0};
  int caller_signal = 0;
  int timed_out = 0;
  long long exited_ns;

  /* Whether the command started is learnt after the wait, from the exec pipe: waiting for it
   * here would cost a wake-up (milliseconds on a busy machine) before relaying can begin. */
  int exec_err = pid < 0 ? fork_errno : 0;
  if (pid < 0) {
    exited_ns = mono_ns();
  } else {
    long long deadline = o.timeout > 0 ? spawned_ns + (long long)(o.timeout * 1e9) : 0;
    long long kill_at = 0;
    pid_t tree[MAX_TREE];
    size_t tree_n = 0;
    int reaped = 0;
    int status = 0;
    struct rusage ru;
    while (!reaped) {
      struct pollfd fds[4];
      nfds_t nfds = 0;
      fds[nfds++] = (struct pollfd){signal_pipe[0], POLLIN, 0};
      int in_slot = -1, out_slot = -1, hook_out_slot = -1;
      if (out.in_fd >= 0) {
        /* The hook's output when all it wrote so far was passed on, else room in fd 1. */
        hook_out_slot = (int)nfds;
        fds[nfds++] = (struct pollfd){out.len ? 1 : out.in_fd, out.len ? POLLOUT : POLLIN, 0};
      }
      if (relay.kind == STDIN_RELAY && relay.reading) {
        if (relay.len == 0) {
          in_slot = (int)nfds;
          fds[nfds++] = (struct pollfd){0, POLLIN, 0};
        } else {
          out_slot = (int)nfds;
          fds[nfds++] = (struct pollfd){relay.out_fd, POLLOUT, 0};
        }
      }
      int wait_ms = -1;
      long long now = mono_ns();
      long long next = kill_at ? kill_at : (!timed_out ? deadline : 0);
      if (next) wait_ms = next <= now ? 0 : (int)((next - now) / 1000000 + 1);
      int ready = poll(fds, nfds, wait_ms);
      if (ready < 0 && errno != EINTR) {
        /* poll itself failed: stop relaying and just wait for the hook. */
        relay_close(&relay);
      }
      if (ready > 0 && (fds[0].revents & POLLIN)) {
        unsigned char sigs[64];
        ssize_t n = read(signal_pipe[0], sigs, sizeof sigs);
        for (ssize_t i = 0; i < n; i++) {
          if (sigs[i] == SIGCHLD) continue;
          if (!caller_signal) caller_signal = sigs[i];
          kill(pid, sigs[i]);
        }
      }
      if (ready > 0 && in_slot >= 0 && fds[in_slot].revents) relay_read(&relay, 1);
      if (ready > 0 && out_slot >= 0 && fds[out_slot].revents) relay_write(&relay);
      if (relay.len > 0 && relay.out_fd >= 0 && in_slot >= 0) relay_write(&relay);
      if (ready > 0 && hook_out_slot >= 0 && fds[hook_out_slot].revents) {
        if (out.len) out_write(&out);
        else out_read(&out);
      }
      now = mono_ns();
      if (deadline && !timed_out && now >= deadline) {
        timed_out = 1;
        tree_n = process_tree(pid, tree, MAX_TREE);
        kill_all(tree, tree_n, SIGTERM);
        kill_at = now + (long long)KILL_AFTER_MS * 1000000LL;
      } else if (kill_at && now >= kill_at) {
        kill_all(tree, tree_n, SIGKILL);
        kill_at = 0;
      }
      pid_t w = wait4(pid, &status, WNOHANG, &ru);
      if (w == pid) reaped = 1;
      else if (w < 0 && errno != EINTR) reaped = -1;
    }
    /* A caller that signals the whole process group stops the hook and the wrapper at once: the
     * poll that the signal interrupted (EINTR) did not read the pipe, and wait4 reaped the hook
     * the same signal killed. Its byte is in the pipe by now (the handler ran on the way back from
     * wait4): read what is left, so that the run still counts as stopped by its caller. */
    fcntl(signal_pipe[0], F_SETFL, fcntl(signal_pipe[0], F_GETFL) | O_NONBLOCK);
    for (;;) {
      unsigned char sigs[64];
      ssize_t n = read(signal_pipe[0], sigs, sizeof sigs);
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; i++) {
        if (sigs[i] != SIGCHLD && !caller_signal) caller_signal = sigs[i];
      }
    }
    exited_ns = mono_ns();
    if (exec_pipe[0] >= 0) {
      /* The child wrote errno there before exiting, if exec failed; nothing if it succeeded. */
      fcntl(exec_pipe[0], F_SETFL, O_NONBLOCK);
      if (read(exec_pipe[0], &exec_err, sizeof exec_err) != (ssize_t)sizeof exec_err) exec_err = 0;
    }
    if (exec_err) {
      /* Nothing ran: what stdin held was the command's, not read by it (a file's, unmoved,
       * still counts). */
      if (relay.kind == STDIN_RELAY) sniffed = 0;
    } else if (reaped == 1) {
      exit_ending(status, &ending);
      /* wait4 reports the hook and every descendant it waited for: CPU to the microsecond, and
       * the peak resident memory of the largest of those processes. */
      usage.known = 1;
      usage.user_us = (long long)ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec;
      usage.system_us = (long long)ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
#if defined(__APPLE__)
      usage.max_rss_bytes = (long long)ru.ru_maxrss;
#else
      usage.max_rss_bytes = (long long)ru.ru_maxrss * 1024LL;
#endif
    } else {
      ending.code = 1;
      ending.outcome = "error";
      snprintf(ending.error_type, sizeof ending.error_type, "ECHILD");
    }
    if (timed_out && !exec_err) {
      ending.code = TIMEOUT_EXIT_CODE;
      ending.outcome = "timeout";
      snprintf(ending.error_type, sizeof ending.error_type, "timeout");
    } else if (caller_signal) {
      /* The caller stopped the hook (an agent's own hook timeout sends SIGTERM; a Ctrl-C,
       * SIGINT): not a failure of its own. The exit code stays the hook's. */
      char scratch[16];
      ending.outcome = "timeout";
      snprintf(ending.error_type, sizeof ending.error_type, "%s",
               signal_name(caller_signal, scratch, sizeof scratch));
    }
    if (out.on) out_drain(&out);
    if (!exec_err) relay_drain(&relay, o.event != NULL);
    /* A hook that exits 0 may still have said "deny", in the JSON it printed. */
    if (!exec_err && ending.outcome && strcmp(ending.outcome, "success") == 0 && out.on &&
        output_readable && output_len > 0 && decision_denies(rules_agent, output, output_len))
      ending.outcome = "blocked";
  }
  if (exec_pipe[0] >= 0) close(exec_pipe[0]);
  if (exec_err) {
    relay_close(&relay);
    struct ending failed;
    memset(&failed, 0, sizeof failed);
    spawn_failure(o.argv[0], exec_err, &failed);
    if (ending.outcome && strcmp(ending.outcome, "timeout") == 0 && caller_signal) {
      failed.outcome = "timeout";
      memcpy(failed.error_type, ending.error_type, sizeof failed.error_type);
    }
    ending = failed;
    usage.known = 0;
  }
  write_span(&o, name, &t, &ending, &usage, spawned_ns, exited_ns, buf_str(&spool), debug);
  free(name);
  buf_free(&spool);
  buf_free(&t.state);
  free_options(&o);
  return ending.code;
}
