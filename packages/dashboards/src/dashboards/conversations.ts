import { DASHBOARD_UIDS } from '@hookscope/mixin';
import {
  CLAUDE_CODE_COST,
  CLAUDE_CODE_HOOK_DURATION,
  CLAUDE_CODE_HOOK_RUNS,
  CLAUDE_CODE_SESSIONS,
  CLAUDE_CODE_TOKENS,
  CLAUDE_CODE_TOOL_DURATION,
  COMPRESSION_DURATION_SECONDS,
  COMPRESSION_RATIO,
  COMPRESSION_SAVED_TOKENS,
  COMPRESSIONS,
  CONVERSATION_CONTEXT_TOKENS,
  CONVERSATION_RESPONSE_SECONDS as R,
  CONVERSATION_RESTARTS,
  CONVERSATION_TOKENS,
  CONVERSATION_TURNS,
} from '@hookscope/catalog';
import type { HookscopeConfig } from '@hookscope/config';
import type { DashboardDef } from '../dashboard.js';
import { runbookLink } from '../links.js';
import { aboveSteps, belowSteps, statPanel, timeSeries, minSteps } from '../panels.js';
import { perHour, plain, quantile, ratio, sumRate } from '../promql.js';

const EXCHANGE = ['process_type', 'model'];

/** Response time per process type and model, tokens, context compression and restarts. */
export function conversations(config: HookscopeConfig): DashboardDef {
  const c = config.conversations;
  // One stat per process type the config sets thresholds for (tactical, strategic, ...).
  const perType = Object.entries(c.response_seconds).map(([type, t]) =>
    statPanel({
      title: `p95 response, ${type}`,
      links: [runbookLink(config, 'ConversationResponseSlow')],
      description: `95th percentile response time of ${type} exchanges. Yellow from ${t.warning} s, red from ${t.critical} s (conversations.response_seconds.${type}).`,
      unit: 's',
      steps: aboveSteps(t),
      queries: [{ expr: quantile(0.95, R, [], { process_type: type }) }],
    }),
  );
  const removed = (labels: string[]) => `1 - ${quantile(0.5, COMPRESSION_RATIO, labels)}`;
  return {
    uid: DASHBOARD_UIDS.conversations,
    file: 'conversations.json',
    title: 'hookscope / Conversations',
    description:
      'Agent conversations: response time per process type and model against the thresholds, turns, tokens, context compression and process restarts.',
    rows: [
      {
        title: 'Response time',
        panels: [
          ...perType,
          statPanel({
            title: 'Compression effectiveness',
            links: [runbookLink(config, 'CompressionIneffective')],
            description: `Median share of context tokens a compression removes (1 - after/before). Yellow below ${c.compression_saved_ratio.warning}, red below ${c.compression_saved_ratio.critical} (conversations.compression_saved_ratio).`,
            unit: 'percentunit',
            decimals: 1,
            steps: belowSteps(c.compression_saved_ratio),
            queries: [{ expr: removed([]) }],
          }),
          timeSeries({
            title: 'p95 response time by process type and model',
            description:
              '95th percentile time from request to complete response, per process type and model. Compare with the per-type thresholds above.',
            unit: 's',
            queries: [{ expr: quantile(0.95, R, EXCHANGE), legend: '{{process_type}} {{model}}' }],
          }),
          timeSeries({
            title: 'Turns by outcome',
            description:
              'Conversation exchanges per second by process type and outcome (success, error).',
            unit: 'ops',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(CONVERSATION_TURNS), ['process_type', 'outcome']),
                legend: '{{process_type}} {{outcome}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Tokens and context',
        panels: [
          timeSeries({
            title: 'Tokens by model',
            description:
              'Tokens per second of conversation exchanges by model and token type (input, output).',
            unit: 'suffix: tokens/s',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(CONVERSATION_TOKENS), ['model', 'token_type']),
                legend: '{{model}} {{token_type}}',
              },
            ],
          }),
          timeSeries({
            title: 'Context size p95',
            description:
              '95th percentile of the context window (tokens) when an exchange was sent, by process type: what compression has to keep small.',
            unit: 'short',
            queries: [
              {
                expr: quantile(0.95, CONVERSATION_CONTEXT_TOKENS, ['process_type']),
                legend: '{{process_type}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Compression and restarts',
        panels: [
          timeSeries({
            title: 'Share of context removed by compression',
            description: `Median share of tokens each compression removes, by process type and trigger; the dashed lines are the ${c.compression_saved_ratio.warning} warning and ${c.compression_saved_ratio.critical} critical minimums.`,
            unit: 'percentunit',
            thresholdLines: true,
            steps: belowSteps(c.compression_saved_ratio),
            queries: [
              {
                expr: removed(['process_type', 'trigger']),
                legend: '{{process_type}} {{trigger}}',
              },
            ],
          }),
          timeSeries({
            title: 'Tokens saved by compression',
            description:
              'Context tokens per second removed by compressions, by process type and trigger.',
            unit: 'suffix: tokens/s',
            queries: [
              {
                expr: sumRate(plain(COMPRESSION_SAVED_TOKENS), ['process_type', 'trigger']),
                legend: '{{process_type}} {{trigger}}',
              },
            ],
          }),
          timeSeries({
            title: 'Compressions and critical information',
            description:
              'Compressions per hour by whether the information the workflow needs survived (preserved, lost, unknown).',
            unit: 'suffix: /h',
            stack: true,
            queries: [
              {
                expr: perHour(sumRate(plain(COMPRESSIONS), ['critical_info'])),
                legend: '{{critical_info}}',
              },
            ],
          }),
          timeSeries({
            title: 'Compression duration p95',
            description: '95th percentile time a compression takes, by process type.',
            unit: 's',
            queries: [
              {
                expr: quantile(0.95, COMPRESSION_DURATION_SECONDS, ['process_type']),
                legend: '{{process_type}}',
              },
            ],
          }),
          timeSeries({
            title: 'Restarts per hour',
            links: [runbookLink(config, 'AgentRestartsFrequent')],
            description: `Agent process restarts (and resumes) per hour by process type and outcome; the dashed lines are ${c.restarts_per_hour.warning} (warning) and ${c.restarts_per_hour.critical} (critical) per hour.`,
            unit: 'suffix: /h',
            thresholdLines: true,
            steps: aboveSteps(c.restarts_per_hour),
            queries: [
              {
                expr: perHour(sumRate(plain(CONVERSATION_RESTARTS), ['process_type', 'outcome'])),
                legend: '{{process_type}} {{outcome}}',
              },
            ],
          }),
          timeSeries({
            title: 'Restart success ratio',
            links: [runbookLink(config, 'AgentRestartsFailing')],
            description: `Share of restarts that succeeded, by process type; the dashed line is the ${c.restart_min_success_ratio} minimum.`,
            unit: 'percentunit',
            thresholdLines: true,
            steps: minSteps(c.restart_min_success_ratio),
            queries: [
              {
                expr: ratio(
                  sumRate(plain(CONVERSATION_RESTARTS), ['process_type'], { outcome: 'success' }),
                  sumRate(plain(CONVERSATION_RESTARTS), ['process_type']),
                ),
                legend: '{{process_type}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Claude Code (its own telemetry over OTLP)',
        panels: [
          statPanel({
            title: 'Claude Code cost per hour',
            description:
              'Estimated cost of Claude Code’s API requests, US dollars per hour at the current rate (claude_code.cost.usage).',
            unit: 'currencyUSD',
            decimals: 2,
            queries: [{ expr: perHour(sumRate(plain(CLAUDE_CODE_COST))) }],
          }),
          timeSeries({
            title: 'Claude Code cost by model',
            description:
              'US dollars per hour by model and query source (main conversation, sub-agents, ...).',
            unit: 'currencyUSD',
            width: 18,
            stack: true,
            queries: [
              {
                expr: perHour(sumRate(plain(CLAUDE_CODE_COST), ['model', 'query_source'])),
                legend: '{{model}} {{query_source}}',
              },
            ],
          }),
          timeSeries({
            title: 'Claude Code tokens',
            description:
              'Tokens per second Claude Code used, by type (input, output, cacheRead, cacheCreation) and model.',
            unit: 'suffix: tokens/s',
            stack: true,
            queries: [
              {
                expr: sumRate(plain(CLAUDE_CODE_TOKENS), ['type', 'model']),
                legend: '{{type}} {{model}}',
              },
            ],
          }),
          timeSeries({
            title: 'Claude Code sessions',
            description:
              'Sessions started per hour by start type: fresh, or resume and continue (restarts of an earlier conversation).',
            unit: 'suffix: /h',
            stack: true,
            queries: [
              {
                expr: perHour(sumRate(plain(CLAUDE_CODE_SESSIONS), ['start_type'])),
                legend: '{{start_type}}',
              },
            ],
          }),
          timeSeries({
            title: 'Claude Code tool duration p95',
            description:
              '95th percentile execution time of Claude Code’s tool calls, by tool (tool_result events).',
            unit: 's',
            queries: [
              { expr: quantile(0.95, CLAUDE_CODE_TOOL_DURATION, ['tool']), legend: '{{tool}}' },
            ],
          }),
          timeSeries({
            title: 'Hooks as Claude Code reports them',
            description:
              'p95 of the time Claude Code waited for all hooks of one event (hook_execution_complete events), by hook event: what the agent experiences, including hooks hookscope does not wrap.',
            unit: 's',
            thresholdLines: true,
            steps: aboveSteps(config.hooks.latency_seconds),
            queries: [
              {
                expr: quantile(0.95, CLAUDE_CODE_HOOK_DURATION, ['hook_event']),
                legend: '{{hook_event}}',
              },
            ],
          }),
          timeSeries({
            title: 'Hook commands by result (Claude Code)',
            description:
              'Hook commands Claude Code ran per second, by result: success, blocking (the hook said no), non_blocking_error, cancelled.',
            unit: 'ops',
            stack: true,
            queries: [
              { expr: sumRate(plain(CLAUDE_CODE_HOOK_RUNS), ['result']), legend: '{{result}}' },
            ],
          }),
        ],
      },
    ],
  };
}
