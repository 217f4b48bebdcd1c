#!/usr/bin/env bash
# Installs what hookscope and its tests need on a fresh machine: npm packages, the real servers
# `hookscope up` and the tests run (Debian's prometheus, prometheus-alertmanager, victoria-metrics;
# chromium, which opens the HTML report), docker-compose to validate docker-compose.yml, and the
# coding agents' CLIs the real-agent tests run (pinned in scripts/agent-clis.json, cached outside
# the repository). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=()
need() { command -v "$1" >/dev/null 2>&1 || DEBIAN_PACKAGES+=("$2"); }
need prometheus prometheus
need promtool prometheus
need prometheus-alertmanager prometheus-alertmanager
need amtool prometheus-alertmanager
need chromium chromium
need docker-compose docker-compose
# Hooks in the hookscope exec / install tests are bash and Python scripts that read payloads with jq.
need python3 python3
need jq jq
# The native `hookscope exec` launcher: a C compiler builds it (npm run build; without one, hooks
# run through the Node wrapper); the tests fuzz it with clang's libFuzzer and run it under
# AddressSanitizer and UBSan (sanitizer runtimes: libclang-rt for clang, libasan/libubsan for gcc).
need cc gcc
if ! command -v clang >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(clang libclang-rt-14-dev libfuzzer-14-dev)
elif ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' |
  clang -x c -fsanitize=fuzzer,address,undefined - -o /dev/null >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(libclang-rt-14-dev libfuzzer-14-dev)
fi
# The team topology: a central VictoriaMetrics, vmalert, and vmagent as each machine's
# remote-write agent (one Debian package ships all three).
need victoria-metrics victoria-metrics
need vmagent victoria-metrics
need vmalert victoria-metrics

if [ ${#DEBIAN_PACKAGES[@]} -gt 0 ]; then
  mapfile -t DEBIAN_PACKAGES < <(printf '%s\n' "${DEBIAN_PACKAGES[@]}" | sort -u)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Debian packages: ${DEBIAN_PACKAGES[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}" >/dev/null
  else
    echo "bootstrap: missing ${DEBIAN_PACKAGES[*]}; install them with:" >&2
    echo "  sudo apt-get install ${DEBIAN_PACKAGES[*]}" >&2
    exit 1
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

node scripts/install-agent-clis.mjs
