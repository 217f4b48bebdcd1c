#include "hook_name.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define MAX_NAME_LENGTH 64

struct words {
  char **items;
  size_t len, cap;
  int failed;
};

static void words_push(struct words *w, char *s) {
  if (!s) {
    w->failed = 1;
    return;
  }
  if (w->len == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 8;
    char **items = realloc(w->items, cap * sizeof *items);
    if (!items) {
      free(s);
      w->failed = 1;
      return;
    }
    w->items = items;
    w->cap = cap;
  }
  w->items[w->len++] = s;
}

static void words_free(struct words *w) {
  for (size_t i = 0; i < w->len; i++) free(w->items[i]);
  free(w->items);
  memset(w, 0, sizeof *w);
}

static char *dup_n(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* ---- shell words (only what naming needs: the words of each simple command) ---- */

struct commands {
  struct words *items;
  size_t len, cap;
  int failed;
};

static void commands_push(struct commands *c, struct words *w) {
  if (c->len == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 4;
    struct words *items = realloc(c->items, cap * sizeof *items);
    if (!items) {
      words_free(w);
      c->failed = 1;
      return;
    }
    c->items = items;
    c->cap = cap;
  }
  if (w->failed) c->failed = 1;
  c->items[c->len++] = *w;
  memset(w, 0, sizeof *w);
}

static void commands_free(struct commands *c) {
  for (size_t i = 0; i < c->len; i++) words_free(&c->items[i]);
  free(c->items);
  memset(c, 0, sizeof *c);
}

static int is_assignment(const char *w) {
  if (!(isalpha((unsigned char)w[0]) || w[0] == '_')) return 0;
  size_t i = 1;
  while (isalnum((unsigned char)w[i]) || w[i] == '_') i++;
  return w[i] == '=';
}

static int all_digits(const char *w) {
  if (!*w) return 0;
  for (; *w; w++)
    if (!isdigit((unsigned char)*w)) return 0;
  return 1;
}

static size_t matching_paren(const char *s, size_t n, size_t open) {
  long depth = 0;
  for (size_t i = open; i < n; i++) {
    if (s[i] == '(') depth++;
    else if (s[i] == ')' && --depth == 0) return i + 1;
  }
  return n;
}

/* Splits `cmd` into the words of each simple command (scanShellCommand's `commands`). */
static void scan_shell(const char *cmd, struct commands *out) {
  size_t n = strlen(cmd);
  struct words words = {0};
  struct buf word = {0};
  int in_word = 0;
  size_t i = 0;
#define PUSH()                                     \
  do {                                             \
    if (in_word) {                                 \
      words_push(&words, dup_n(buf_str(&word), word.len)); \
      word.len = 0;                                \
      in_word = 0;                                 \
    }                                              \
  } while (0)
#define ADD(p, k)               \
  do {                          \
    buf_append(&word, (p), (k)); \
    in_word = 1;                \
  } while (0)
  while (i < n) {
    char c = cmd[i];
    if (c == ' ' || c == '\t') {
      PUSH();
      i++;
    } else if (c == '\\') {
      if (i + 1 < n && cmd[i + 1] == '\n') {
        i += 2;
        continue;
      }
      ADD(cmd + i + 1, i + 1 < n ? 1 : 0);
      i += 2;
    } else if (c == '\'') {
      const char *end = memchr(cmd + i + 1, '\'', n - i - 1);
      if (!end) {
        ADD(cmd + i + 1, n - i - 1);
        break;
      }
      ADD(cmd + i + 1, (size_t)(end - (cmd + i + 1)));
      i = (size_t)(end - cmd) + 1;
    } else if (c == '"') {
      size_t j = i + 1;
      in_word = 1;
      while (j < n && cmd[j] != '"') {
        if (cmd[j] == '\\' && j + 1 < n && strchr("$`\"\\\n", cmd[j + 1])) {
          ADD(cmd + j + 1, 1);
          j += 2;
        } else {
          ADD(cmd + j, 1);
          j++;
        }
      }
      i = j + 1;
    } else if (c == '$' && i + 1 < n && cmd[i + 1] == '(') {
      size_t end = matching_paren(cmd, n, i + 1);
      ADD(cmd + i, end - i);
      i = end;
    } else if (c == '`') {
      const char *end = memchr(cmd + i + 1, '`', n - i - 1);
      size_t stop = end ? (size_t)(end - cmd) + 1 : n;
      ADD(cmd + i, stop - i);
      i = stop;
    } else if (c == '#' && !in_word) {
      const char *nl = memchr(cmd + i, '\n', n - i);
      if (!nl) break;
      i = (size_t)(nl - cmd);
    } else if (strchr(";&|()<>\n", c)) {
      PUSH();
      if (c == '<' || c == '>') {
        /* A redirection: skip the operator and its target. */
        while (i < n && strchr("<>&|0123456789", cmd[i])) i++;
        while (i < n && (cmd[i] == ' ' || cmd[i] == '\t')) i++;
        while (i < n && !strchr(" \t;&|<>()\n", cmd[i])) i++;
        if (words.len > 0 && all_digits(words.items[words.len - 1])) {
          free(words.items[--words.len]); /* `2>`: the fd */
        }
        continue;
      }
      if (words.len > 0) commands_push(out, &words);
      i++;
    } else {
      ADD(cmd + i, 1);
      i++;
    }
  }
  PUSH();
  if (words.len > 0) commands_push(out, &words);
  words_free(&words);
  if (word.failed) out->failed = 1;
  buf_free(&word);
#undef PUSH
#undef ADD
}

/* ---- naming ---- */

static const char *const SETUP_COMMANDS[] = {"cd",    "pushd", "export", "set",   "unset",  "source",
                                             ".",     ":",     "true",   "umask", "ulimit", "shopt",
                                             NULL};
static const char *const SHELLS[] = {"sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", NULL};
static const char *const INTERPRETERS[] = {"node", "nodejs", "ruby",    "perl", "php",  "tsx",
                                           "ts-node", "Rscript", "lua", "pwsh", "powershell", NULL};
static const char *const PREFIXES[] = {"env",   "exec",   "command", "builtin", "nohup",
                                       "nice",  "time",   "timeout", "sudo",    "doas",
                                       "stdbuf", "ionice", "chronic", "caffeinate", NULL};
static const char *const OPTIONS_WITH_VALUE[] = {
    "-u",        "-C",          "-S",     "-n",        "-s",        "-k",     "-g",       "-i0",
    "-o",        "-e0",         "-c0",    "-p",        "--package", "-r",     "--require", "--import",
    "--loader",  "-W",          "-X",     "-I",        "--with",    "--from", "--python", "--project",
    "--directory", "--cwd",     "--filter", "-F",      "--workspace", "-w",   NULL};
static const char *const INTERPRETER_INLINE[] = {"-c", "-e", "--eval", "-p", "--print", "-", NULL};
static const char *const SCRIPT_EXTENSIONS[] = {"sh",  "bash", "zsh", "py",  "pyw", "js",
                                                "mjs", "cjs",  "ts",  "mts", "cts", "rb",
                                                "pl",  "php",  "ps1", "lua", "exe", "cmd",
                                                "bat", NULL};

/* Package runners and the subcommands after which the tool comes. */
static const struct {
  const char *runner;
  const char *subcommands[5];
} RUNNERS[] = {
    {"npx", {NULL}},
    {"bunx", {NULL}},
    {"pnpx", {NULL}},
    {"uvx", {NULL}},
    {"npm", {"exec", "x", "run", "run-script", NULL}},
    {"pnpm", {"exec", "dlx", "run", NULL}},
    {"yarn", {"exec", "dlx", "run", NULL}},
    {"bun", {"run", "x", NULL}},
    {"deno", {"run", "task", NULL}},
    {"uv", {"run", "tool", NULL}},
    {"pipx", {"run", NULL}},
    {"poetry", {"run", NULL}},
    {"pdm", {"run", NULL}},
    {"hatch", {"run", NULL}},
    {"rye", {"run", NULL}},
    {"pipenv", {"run", NULL}},
    {"bundle", {"exec", NULL}},
    {"go", {"run", NULL}},
};

static int in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

static int runner_index(const char *s) {
  for (size_t i = 0; i < sizeof RUNNERS / sizeof RUNNERS[0]; i++)
    if (strcmp(RUNNERS[i].runner, s) == 0) return (int)i;
  return -1;
}

/* python[0-9.]* and pypy[0-9.]* */
static int is_python(const char *s) {
  const char *rest = NULL;
  if (strncmp(s, "python", 6) == 0) rest = s + 6;
  else if (strncmp(s, "pypy", 4) == 0) rest = s + 4;
  if (!rest) return 0;
  for (; *rest; rest++)
    if (!isdigit((unsigned char)*rest) && *rest != '.') return 0;
  return 1;
}

static const char *base_name(const char *word) {
  const char *slash = strrchr(word, '/');
  const char *back = strrchr(word, '\\');
  if (back && (!slash || back > slash)) slash = back;
  return slash ? slash + 1 : word;
}

/* A script path or package spec as a name: basename without extension or version. */
static char *script_name(const char *word) {
  size_t n = strlen(word);
  while (n > 0 && word[n - 1] == '/') n--;
  char *trimmed = dup_n(word, n);
  if (!trimmed) return NULL;
  const char *name = base_name(trimmed);
  if (word[0] == '@' && strchr(word, '/')) name = strchr(word, '/') + 1;
  char *out = strdup(name);
  free(trimmed);
  if (!out) return NULL;
  /* prettier@3.1 -> prettier: the first '@' with no '/' after it */
  for (char *at = strchr(out, '@'); at; at = strchr(at + 1, '@')) {
    if (!strchr(at, '/')) {
      *at = '\0';
      break;
    }
  }
  char *dot = strrchr(out, '.');
  if (dot && dot != out) {
    for (const char *const *ext = SCRIPT_EXTENSIONS; *ext; ext++) {
      if (strcasecmp(dot + 1, *ext) == 0) {
        *dot = '\0';
        break;
      }
    }
  } else if (dot && dot == out && out[1]) {
    /* ".sh" alone: the extension is all there is, so the name stays */
  }
  return out;
}

static size_t skip_options(char *const *argv, size_t argc, size_t start, const char *stop_at) {
  size_t i = start;
  while (i < argc && argv[i][0] == '-' && !(stop_at && strcmp(argv[i], stop_at) == 0)) {
    if (strcmp(argv[i], "--") == 0) return i + 1;
    i += in_list(OPTIONS_WITH_VALUE, argv[i]) ? 2 : 1;
  }
  return i;
}

static char *name_from_argv(char *const *argv, size_t argc, size_t start);

static char *name_from_shell(const char *command) {
  struct commands cmds = {0};
  scan_shell(command, &cmds);
  char *name = NULL;
  if (!cmds.failed) {
    const struct words *main = NULL;
    for (size_t i = 0; i < cmds.len && !main; i++)
      if (!in_list(SETUP_COMMANDS, cmds.items[i].items[0])) main = &cmds.items[i];
    if (!main && cmds.len > 0) main = &cmds.items[0];
    if (main) name = name_from_argv(main->items, main->len, 0);
  }
  commands_free(&cmds);
  return name;
}

static char *interpreter_target(char *const *argv, size_t argc, size_t start, const char *interp) {
  size_t i = start;
  while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "-") != 0) {
    const char *opt = argv[i];
    if (strcmp(opt, "-m") == 0) return strdup(i + 1 < argc ? argv[i + 1] : interp);
    if (in_list(INTERPRETER_INLINE, opt)) return strdup(interp);
    i += in_list(OPTIONS_WITH_VALUE, opt) ? 2 : 1;
  }
  return i < argc ? script_name(argv[i]) : strdup(interp);
}

static char *runner_target(char *const *argv, size_t argc, size_t start, int r) {
  const char *runner = RUNNERS[r].runner;
  size_t i = skip_options(argv, argc, start, NULL);
  if (i < argc && in_list(RUNNERS[r].subcommands, argv[i])) {
    if (strcmp(runner, "uv") == 0 && strcmp(argv[i], "tool") == 0) i++; /* uv tool run */
    i = skip_options(argv, argc, i + 1, NULL);
  }
  if (i >= argc) return strdup(runner);
  char *name = name_from_argv(argv, argc, i);
  return name ? name : strdup(runner);
}

static char *name_from_argv(char *const *argv, size_t argc, size_t start) {
  size_t i = start;
  while (i < argc) {
    const char *word = argv[i];
    const char *base = base_name(word);
    if (is_assignment(word)) {
      i++; /* VAR=value before the command */
    } else if (in_list(PREFIXES, base)) {
      int is_timeout = strcmp(base, "timeout") == 0;
      i = skip_options(argv, argc, i + 1, NULL);
      if (is_timeout && i < argc) i++; /* the duration */
    } else if (in_list(SHELLS, base)) {
      size_t j = skip_options(argv, argc, i + 1, "-c");
      if (j < argc && strcmp(argv[j], "-c") == 0)
        return j + 1 < argc ? name_from_shell(argv[j + 1]) : strdup(base);
      return j < argc ? script_name(argv[j]) : strdup(base);
    } else if (is_python(base) || in_list(INTERPRETERS, base)) {
      return interpreter_target(argv, argc, i + 1, base);
    } else if (runner_index(base) >= 0) {
      return runner_target(argv, argc, i + 1, runner_index(base));
    } else {
      return script_name(word);
    }
  }
  return NULL;
}

/* `[A-Za-z0-9._-]`, runs of anything else as one `_`, no leading or trailing `._-`, 64 at most. */
static char *sanitize(char *name) {
  const char *raw = name ? name : "unknown";
  size_t n = strlen(raw);
  char *out = malloc(n + 1 > 8 ? n + 1 : 8);
  if (!out) {
    free(name);
    return NULL;
  }
  size_t k = 0;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)raw[i];
    if (isalnum(c) || c == '.' || c == '_' || c == '-') {
      out[k++] = (char)c;
      i++;
    } else {
      out[k++] = '_';
      while (i < n && !(isalnum((unsigned char)raw[i]) || raw[i] == '.' || raw[i] == '_' || raw[i] == '-'))
        i++;
    }
  }
  out[k] = '\0';
  free(name);
  size_t start = 0;
  while (out[start] && strchr("._-", out[start])) start++;
  size_t end = k;
  while (end > start && strchr("._-", out[end - 1])) end--;
  if (end - start > MAX_NAME_LENGTH) end = start + MAX_NAME_LENGTH;
  memmove(out, out + start, end - start);
  out[end - start] = '\0';
  if (!out[0]) strcpy(out, "unknown");
  return out;
}

char *hook_name_from_argv(char *const *argv, size_t argc) {
  return sanitize(name_from_argv(argv, argc, 0));
}

char *hook_name_from_shell(const char *command) { return sanitize(name_from_shell(command)); }
