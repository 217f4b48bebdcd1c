import { basename, posix } from 'node:path';
import { receiverSecretFiles, splitAddress, type HookscopeConfig } from '@hookscope/config';
import { HOOKSCOPE_VERSION } from '@hookscope/catalog';
import {
  ALERTMANAGER_CONFIG_PATH,
  RULES_DIR,
  generatedHeader,
  prometheusFlags,
  renderPrometheusConfig,
  type GeneratedFile,
} from '@hookscope/mixin';
import {
  CONTAINER_DASHBOARDS_DIR,
  DASHBOARDS_DIR,
  PROVISIONING_DIR,
  dashboardArtifacts,
} from '@hookscope/dashboards';
import { stringify } from 'yaml';

/**
 * The docker-compose stack, generated from the same config as everything else: the collector
 * (built from deploy/Dockerfile), Prometheus with the generated rules, Alertmanager with its
 * config and secret files, Grafana with the provisioned datasource and dashboards. Inside the
 * compose network services reach each other by name; on the host every port is published on the
 * address the config gives (loopback by default).
 */

export const COMPOSE_FILE = 'docker-compose.yml';
/** prometheus.yml for the compose network: same jobs and rules, service names as targets. */
export const COMPOSE_PROMETHEUS_CONFIG = 'deploy/prometheus.yml';
export const COLLECTOR_DOCKERFILE = 'deploy/Dockerfile';
/** Where project files are mounted in the containers, keeping their relative layout. */
export const CONTAINER_PROJECT_DIR = '/etc/hookscope';
export const GRAFANA_ADDRESS = '127.0.0.1:3000';
export const GRAFANA_ADMIN_PASSWORD_FILE = 'secrets/grafana-admin-password';

/** Pinned images: upgrade deliberately (and rerun the tests), never by a moving tag. */
export const IMAGES = {
  collector: `hookscope/collector:${HOOKSCOPE_VERSION}`,
  prometheus: 'prom/prometheus:v2.53.5',
  alertmanager: 'prom/alertmanager:v0.28.1',
  grafana: 'grafana/grafana:12.2.0',
} as const;

/** Ports the services listen on inside the compose network. */
export const CONTAINER_PORTS = {
  collector: 9464,
  otlp: 4318,
  prometheus: 9090,
  alertmanager: 9093,
  grafana: 3000,
} as const;

type Service = keyof typeof IMAGES;

/** How one service reaches another inside the compose network. */
export function composeUrl(service: Service, port: number = CONTAINER_PORTS[service]): string {
  return `http://${service}:${port}`;
}

export function publish(address: string, containerPort: number): string {
  const { host, port } = splitAddress(address);
  return `${host.includes(':') ? `[${host}]` : host}:${port}:${containerPort}`;
}

/** `wget --spider` health check (the Prometheus, Alertmanager and Grafana images have busybox). */
export function wgetCheck(url: string) {
  return {
    test: ['CMD', 'wget', '--quiet', '--tries=1', '--spider', url],
    interval: '15s',
    timeout: '5s',
    retries: 3,
    start_period: '20s',
  };
}

/** The secret files the config names (relative to the project), e.g. secrets/slack-webhook-url. */
export function secretFiles(config: HookscopeConfig): string[] {
  const files = receiverSecretFiles(config.alertmanager).map((s) => s.path);
  return [...new Set([GRAFANA_ADMIN_PASSWORD_FILE, ...files])].sort();
}

export const secretName = (file: string) => basename(file).replace(/[^a-zA-Z0-9_-]/g, '_');

/**
 * `projectDir`: the config file's directory relative to the compose file's ('' when the same):
 * the config's secret paths are relative to it.
 */
/**
 * Grafana with the provisioning and dashboards mounted from the given host directories (relative
 * to the compose file), started once `store` (the service it queries) is healthy.
 */
export function grafanaService(provisioning: string, dashboards: string, store: string) {
  return {
    image: IMAGES.grafana,
    restart: 'unless-stopped',
    environment: {
      GF_SECURITY_ADMIN_PASSWORD__FILE: `/run/secrets/${secretName(GRAFANA_ADMIN_PASSWORD_FILE)}`,
      GF_USERS_ALLOW_SIGN_UP: 'false',
      GF_ANALYTICS_REPORTING_ENABLED: 'false',
      GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
      GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: `${CONTAINER_DASHBOARDS_DIR}/hooks-overview.json`,
    },
    volumes: [
      `${provisioning}:/etc/grafana/provisioning:ro`,
      `${dashboards}:${CONTAINER_DASHBOARDS_DIR}:ro`,
      'grafana-data:/var/lib/grafana',
    ],
    secrets: [secretName(GRAFANA_ADMIN_PASSWORD_FILE)],
    ports: [publish(GRAFANA_ADDRESS, CONTAINER_PORTS.grafana)],
    depends_on: { [store]: { condition: 'service_healthy' } },
    healthcheck: wgetCheck(`http://127.0.0.1:${CONTAINER_PORTS.grafana}/api/health`),
  };
}

function composeDocument(config: HookscopeConfig, projectDir: string) {
  const inProject = (path: string) => `${CONTAINER_PROJECT_DIR}/${path}`;
  const alertmanagerSecrets = secretFiles(config).filter((f) => f !== GRAFANA_ADMIN_PASSWORD_FILE);
  const restart = 'unless-stopped';
  return {
    services: {
      collector: {
        build: { context: '.', dockerfile: COLLECTOR_DOCKERFILE },
        image: IMAGES.collector,
        restart,
        command: [
          '--host',
          '0.0.0.0',
          '--port',
          String(CONTAINER_PORTS.collector),
          '--otlp-host',
          '0.0.0.0',
          '--otlp-port',
          String(CONTAINER_PORTS.otlp),
          '--spool-dir',
          '/spool',
          '--state-dir',
          '/var/lib/hookscope',
        ],
        volumes: [
          // Hooks on the host write the spool; the collector reads it (a writer's pid is not
          // visible here, so a file counts as finished once idle; see docs/stack.md).
          '${HOOKSCOPE_SPOOL_DIR:-~/.local/state/hookscope/spool}:/spool',
          'collector-state:/var/lib/hookscope',
        ],
        ports: [
          publish(config.collector.address, CONTAINER_PORTS.collector),
          publish(`${splitAddress(config.collector.address).host}:4318`, CONTAINER_PORTS.otlp),
        ],
        healthcheck: {
          test: [
            'CMD',
            'node',
            '-e',
            `fetch('http://127.0.0.1:${CONTAINER_PORTS.collector}/metrics').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
          ],
          interval: '15s',
          timeout: '5s',
          retries: 3,
          start_period: '20s',
        },
      },
      prometheus: {
        image: IMAGES.prometheus,
        restart,
        command: [
          `--config.file=${inProject(COMPOSE_PROMETHEUS_CONFIG)}`,
          '--storage.tsdb.path=/prometheus',
          `--web.listen-address=0.0.0.0:${CONTAINER_PORTS.prometheus}`,
          ...prometheusFlags(config).filter((f) => !f.startsWith('--web.listen-address=')),
        ],
        volumes: [
          `./${COMPOSE_PROMETHEUS_CONFIG}:${inProject(COMPOSE_PROMETHEUS_CONFIG)}:ro`,
          // rule_files are relative to the config file: rules/*.yml next to it.
          `./${RULES_DIR}:${inProject('deploy/rules')}:ro`,
          'prometheus-data:/prometheus',
        ],
        ports: [publish(config.prometheus.address, CONTAINER_PORTS.prometheus)],
        depends_on: { collector: { condition: 'service_healthy' } },
        healthcheck: wgetCheck(`http://127.0.0.1:${CONTAINER_PORTS.prometheus}/-/ready`),
      },
      alertmanager: {
        image: IMAGES.alertmanager,
        restart,
        command: [
          `--config.file=${inProject(ALERTMANAGER_CONFIG_PATH)}`,
          '--storage.path=/alertmanager',
          `--web.listen-address=0.0.0.0:${CONTAINER_PORTS.alertmanager}`,
          '--cluster.listen-address=',
        ],
        volumes: [
          `./alertmanager:${inProject('alertmanager')}:ro`,
          'alertmanager-data:/alertmanager',
        ],
        // Secret files appear where the config's relative paths point, read-only.
        secrets: alertmanagerSecrets.map((f) => ({ source: secretName(f), target: inProject(f) })),
        // The config's secret paths are relative to the project directory, as on the host.
        working_dir: CONTAINER_PROJECT_DIR,
        ports: [publish(config.alertmanager.address, CONTAINER_PORTS.alertmanager)],
        healthcheck: wgetCheck(`http://127.0.0.1:${CONTAINER_PORTS.alertmanager}/-/ready`),
      },
      grafana: grafanaService(`./${PROVISIONING_DIR}`, `./${DASHBOARDS_DIR}`, 'prometheus'),
    },
    volumes: {
      'collector-state': {},
      'prometheus-data': {},
      'alertmanager-data': {},
      'grafana-data': {},
    },
    secrets: Object.fromEntries(
      secretFiles(config).map((f) => {
        const file = posix.join(projectDir, f);
        return [secretName(f), { file: file.startsWith('../') ? file : `./${file}` }];
      }),
    ),
  };
}

/**
 * docker-compose.yml, deploy/prometheus.yml and Grafana's provisioning and dashboards;
 * `projectDir` as for composeDocument.
 */
export function stackArtifacts(config: HookscopeConfig, projectDir = ''): GeneratedFile[] {
  const inCompose = {
    ...config,
    collector: { ...config.collector, address: `collector:${CONTAINER_PORTS.collector}` },
    prometheus: { ...config.prometheus, address: `localhost:${CONTAINER_PORTS.prometheus}` },
    alertmanager: {
      ...config.alertmanager,
      address: `alertmanager:${CONTAINER_PORTS.alertmanager}`,
    },
  };
  const prometheus = renderPrometheusConfig(inCompose);
  const header = generatedHeader('hookscope.config.yaml', [
    'Start: docker compose up -d (first create the secret files; see docs/stack.md).',
    'Without Docker: hookscope up.',
  ]);
  return [
    {
      path: COMPOSE_FILE,
      content: header + stringify(composeDocument(config, projectDir), { lineWidth: 0 }),
    },
    {
      path: COMPOSE_PROMETHEUS_CONFIG,
      // Same jobs and rules as prometheus/prometheus.yml; its flags are in docker-compose.yml.
      content: prometheus.content.replace(
        /^# Start Prometheus with: .*$/m,
        `# For ${COMPOSE_FILE}: compose service names as targets (prometheus/prometheus.yml is the local one).`,
      ),
    },
    ...dashboardArtifacts(config, {
      prometheusUrl: composeUrl('prometheus'),
      alertmanagerUrl: composeUrl('alertmanager'),
      scrapeInterval: config.prometheus.scrape_interval,
    }),
  ];
}
