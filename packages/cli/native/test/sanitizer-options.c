/*
 * Linked into the ASan+UBSan build of the launcher that the exec tests run once: any report
 * ends the launcher with exit code 86, which no test expects, so a finding fails the tests.
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void) { return "exitcode=86:detect_leaks=1:abort_on_error=0"; }
const char *__ubsan_default_options(void) { return "halt_on_error=1:exitcode=86:print_stacktrace=1"; }
