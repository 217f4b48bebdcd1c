import { CONFIG_FILE_NAME, type HookscopeConfig } from '@hookscope/config';
import {
  ALERTMANAGER_CONFIG_PATH,
  CENTRAL_DIR,
  centralArtifacts,
  generatedHeader,
  vmalertFlags,
  type GeneratedFile,
} from '@hookscope/mixin';
import { DASHBOARDS_DIR, dashboardProviderYaml, datasourcesYaml } from '@hookscope/dashboards';
import { stringify } from 'yaml';
import {
  CONTAINER_PROJECT_DIR,
  GRAFANA_ADMIN_PASSWORD_FILE,
  IMAGES,
  grafanaService,
  publish,
  secretFiles,
  secretName,
  wgetCheck,
} from './compose.js';

/**
 * The central stack a team runs once, next to the per-machine one: VictoriaMetrics receiving
 * every machine's remote write, vmalert evaluating the host-aware rules against it, two
 * Alertmanager peers (one notification per alert, still sent when a peer is down) and Grafana
 * with the same dashboards (their host and team variables pick machines). Written to central/,
 * with paths relative to it.
 */
export const CENTRAL_COMPOSE_FILE = `${CENTRAL_DIR}/docker-compose.yml`;
const CENTRAL_PROVISIONING_DIR = `${CENTRAL_DIR}/grafana/provisioning`;

/** The versions the tests run (Debian's victoria-metrics package); upgrade deliberately. */
export const CENTRAL_IMAGES = {
  victoriametrics: 'victoriametrics/victoria-metrics:v1.79.5',
  vmalert: 'victoriametrics/vmalert:v1.79.5',
} as const;

export const CENTRAL_PORTS = { victoriametrics: 8428, vmalert: 8880 } as const;
/** Where VictoriaMetrics is published: loopback unless HOOKSCOPE_CENTRAL_ADDRESS says otherwise. */
const STORE_BIND = '${HOOKSCOPE_CENTRAL_ADDRESS:-127.0.0.1}';
const PEERS = ['alertmanager-a', 'alertmanager-b'] as const;
const AM_PORT = 9093;
const GOSSIP_PORT = 9094;

function centralComposeDocument(config: HookscopeConfig) {
  const inProject = (path: string) => `${CONTAINER_PROJECT_DIR}/${path}`;
  const restart = 'unless-stopped';
  const store = `http://victoriametrics:${CENTRAL_PORTS.victoriametrics}`;
  const amSecrets = secretFiles(config).filter((f) => f !== GRAFANA_ADMIN_PASSWORD_FILE);
  const alertmanager = (name: (typeof PEERS)[number], i: number) => ({
    image: IMAGES.alertmanager,
    restart,
    command: [
      `--config.file=${inProject(ALERTMANAGER_CONFIG_PATH)}`,
      '--storage.path=/alertmanager',
      `--web.listen-address=0.0.0.0:${AM_PORT}`,
      `--cluster.listen-address=0.0.0.0:${GOSSIP_PORT}`,
      ...PEERS.filter((p) => p !== name).map((p) => `--cluster.peer=${p}:${GOSSIP_PORT}`),
    ],
    volumes: [`../alertmanager:${inProject('alertmanager')}:ro`, `${name}-data:/alertmanager`],
    secrets: amSecrets.map((f) => ({ source: secretName(f), target: inProject(f) })),
    working_dir: CONTAINER_PROJECT_DIR,
    ports: [publish(`127.0.0.1:${AM_PORT + 2 * i}`, AM_PORT)],
    healthcheck: wgetCheck(`http://127.0.0.1:${AM_PORT}/-/ready`),
  });
  return {
    services: {
      victoriametrics: {
        image: CENTRAL_IMAGES.victoriametrics,
        restart,
        command: [
          '-storageDataPath=/storage',
          `-httpListenAddr=:${CENTRAL_PORTS.victoriametrics}`,
          `-retentionPeriod=${config.prometheus.retention.days}d`,
          // A block a machine sends again after a lost answer is stored once.
          '-dedup.minScrapeInterval=1ms',
        ],
        volumes: ['victoriametrics-data:/storage'],
        // Every machine remote-writes to /api/v1/write here: publish it on an address they reach
        // (HOOKSCOPE_CENTRAL_ADDRESS), behind TLS and authentication (docs/teams.md).
        ports: [`${STORE_BIND}:${CENTRAL_PORTS.victoriametrics}:${CENTRAL_PORTS.victoriametrics}`],
        healthcheck: wgetCheck(`http://127.0.0.1:${CENTRAL_PORTS.victoriametrics}/health`),
      },
      vmalert: {
        image: CENTRAL_IMAGES.vmalert,
        restart,
        command: [
          ...vmalertFlags(config, {
            store,
            alertmanagers: PEERS.map((p) => `http://${p}:${AM_PORT}`),
            rules: '/etc/hookscope/rules/*.yml',
          }),
          `-httpListenAddr=:${CENTRAL_PORTS.vmalert}`,
        ],
        volumes: ['./rules:/etc/hookscope/rules:ro'],
        ports: [publish(`127.0.0.1:${CENTRAL_PORTS.vmalert}`, CENTRAL_PORTS.vmalert)],
        depends_on: { victoriametrics: { condition: 'service_healthy' } },
        healthcheck: wgetCheck(`http://127.0.0.1:${CENTRAL_PORTS.vmalert}/health`),
      },
      ...Object.fromEntries(PEERS.map((p, i) => [p, alertmanager(p, i)])),
      grafana: grafanaService('./grafana/provisioning', `../${DASHBOARDS_DIR}`, 'victoriametrics'),
    },
    volumes: Object.fromEntries(
      ['victoriametrics-data', ...PEERS.map((p) => `${p}-data`), 'grafana-data'].map((v) => [
        v,
        {},
      ]),
    ),
    secrets: Object.fromEntries(
      secretFiles(config).map((f) => [secretName(f), { file: `../${f}` }]),
    ),
  };
}

/** central/: the host-aware rules, a prometheus.yml for a Prometheus center, the compose stack. */
export function centralStackArtifacts(config: HookscopeConfig): GeneratedFile[] {
  const header = generatedHeader(CONFIG_FILE_NAME, [
    'The central stack of a team: every machine remote-writes to VictoriaMetrics here.',
    `Start: cd ${CENTRAL_DIR} && docker compose up -d (secrets first; see docs/teams.md).`,
  ]);
  return [
    ...centralArtifacts(config),
    {
      path: CENTRAL_COMPOSE_FILE,
      content: header + stringify(centralComposeDocument(config), { lineWidth: 0 }),
    },
    {
      path: `${CENTRAL_PROVISIONING_DIR}/datasources/hookscope.yml`,
      // VictoriaMetrics answers the Prometheus query API; Alertmanager: the first peer.
      content: datasourcesYaml({
        prometheusUrl: `http://victoriametrics:${CENTRAL_PORTS.victoriametrics}`,
        alertmanagerUrl: `http://${PEERS[0]}:${AM_PORT}`,
        scrapeInterval: config.prometheus.scrape_interval,
      }),
    },
    {
      path: `${CENTRAL_PROVISIONING_DIR}/dashboards/hookscope.yml`,
      content: dashboardProviderYaml(),
    },
  ];
}
