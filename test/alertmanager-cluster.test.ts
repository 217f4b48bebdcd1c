import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFlags } from '@hookscope/mixin';
import { freePort, waitFor } from './support/ports.js';
import { generateProject, type GeneratedProject } from './support/alerting.js';
import { startAlertmanager, type AlertmanagerServer } from './support/alertmanager.js';
import { startSlackSink, type SlackMessage } from './support/notification-sinks.js';

/**
 * Two Alertmanagers started with the flags the generated config documents (each names the other
 * as --cluster.peer). Prometheus sends every alert to both; here the test posts to both, as it
 * would. Test-only flag: a 2s peer timeout (default 15s), the time the second peer waits for the
 * first one's notification to arrive by gossip before sending itself.
 */
const PEER_TIMEOUT_MS = 2000;

describe('two clustered Alertmanager peers', () => {
  let slack: Awaited<ReturnType<typeof startSlackSink>>;
  let project: GeneratedProject;
  const peers: AlertmanagerServer[] = [];

  const titled = (title: string) => (m: SlackMessage) => m.attachments[0]?.title === title;
  const critical = (alertname: string) => ({
    labels: { alertname, severity: 'critical', hook_event: 'Stop', hook_name: 'guard' },
    annotations: { summary: `${alertname} fired`, description: 'guard failed' },
  });
  /** Waits past the window in which a duplicate would come, then counts. */
  const settle = () => new Promise((r) => setTimeout(r, 2 * PEER_TIMEOUT_MS + 3000));

  beforeAll(async () => {
    slack = await startSlackSink();
    const [a, ga, b, gb] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const fast = '{ group_wait: 1s, group_interval: 2s, repeat_interval: 1h }';
    project = await generateProject(
      `alertmanager:
  address: 127.0.0.1:${a}
  cluster_address: 127.0.0.1:${ga}
  peers: [{ address: "127.0.0.1:${b}", cluster_address: "127.0.0.1:${gb}" }]
  receivers:
    - { type: slack, name: page, severities: [warning, critical, escalation], channel: "#page", webhook_url_file: secrets/slack }
  timing: { warning: ${fast}, critical: ${fast}, escalation: ${fast} }
`,
      { 'secrets/slack': slack.url },
    );
    const start = (member: number, port: number) =>
      startAlertmanager({
        cwd: project.dir,
        flags: [
          ...alertmanagerFlags(project.config, member),
          `--cluster.peer-timeout=${PEER_TIMEOUT_MS / 1000}s`,
        ],
        port,
      });
    peers.push(...(await Promise.all([start(0, a), start(1, b)])));
    // Formed: each sees both members.
    for (const peer of peers) {
      await waitFor('cluster formed', async () => {
        const status = (await (await fetch(`${peer.url}/api/v2/status`)).json()) as {
          cluster: { status: string; peers: unknown[] };
        };
        return status.cluster.status === 'ready' && status.cluster.peers.length === 2
          ? true
          : undefined;
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const p of peers) await p.stop();
    await slack?.stop();
    project?.cleanup();
  });

  it('notify once for an alert both receive', async () => {
    await Promise.all(peers.map((p) => p.post([critical('ClusterOnce')])));
    await slack.next('the notification', titled('[FIRING:1] ClusterOnce (critical)'));
    await settle();
    expect(slack.received.filter(titled('[FIRING:1] ClusterOnce (critical)'))).toHaveLength(1);
  });

  it('still notify, once, when a peer is killed', async () => {
    // Both peers have notified of nothing else; kill the first outright (no goodbye to the other).
    await peers[0]!.stop('SIGKILL');
    await peers[1]!.post([critical('ClusterSurvivor')]);
    await slack.next(
      'the notification from the survivor',
      titled('[FIRING:1] ClusterSurvivor (critical)'),
    );
    await settle();
    expect(slack.received.filter(titled('[FIRING:1] ClusterSurvivor (critical)'))).toHaveLength(1);
    // And the alert notified before the kill is not sent again by the survivor.
    expect(slack.received.filter(titled('[FIRING:1] ClusterOnce (critical)'))).toHaveLength(1);
  });
});
