import { describe, expect, it } from 'vitest';
import * as catalog from '../src/index.js';
import {
  AGENT_DURATION_SECONDS,
  COMPRESSION_RATIO,
  CONVERSATION_RESPONSE_SECONDS,
  looksLikeId,
  METRICS,
  TEST_RUN_DURATION_SECONDS,
  TEST_SELECTION_RATIO,
} from '../src/index.js';

describe('catalog: the work inside hooks', () => {
  it('puts the default thresholds on bucket boundaries', () => {
    // Tactical response warning and critical; the hook budget; 60-80% faster test selection;
    // compression ratio thresholds read either as the share kept or the share removed.
    for (const t of [1.5, 3]) expect(CONVERSATION_RESPONSE_SECONDS.buckets).toContain(t);
    for (const t of [1.5, 3, 30]) expect(AGENT_DURATION_SECONDS.buckets).toContain(t);
    expect(TEST_RUN_DURATION_SECONDS.buckets).toContain(30);
    for (const t of [0.2, 0.4]) expect(TEST_SELECTION_RATIO.buckets).toContain(t);
    for (const t of [0.3, 0.5, 0.7]) expect(COMPRESSION_RATIO.buckets).toContain(t);
  });

  it('lists every domain metric for the collector', () => {
    for (const group of [
      catalog.AGENT_METRICS,
      catalog.VALIDATION_METRICS,
      catalog.TESTING_METRICS,
      catalog.CACHE_METRICS,
      catalog.CONVERSATION_METRICS,
    ]) {
      for (const m of group) expect(METRICS, m.name).toContain(m);
    }
  });

  it('names each span attribute once, with OpenTelemetry namespaces where they exist', () => {
    const keys = Object.entries(catalog)
      .filter(([name]) => name.startsWith('ATTR_'))
      .map(([, v]) => v as string);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, key] of Object.entries(catalog)) {
      if (name.startsWith('ATTR_GEN_AI_')) expect(key).toMatch(/^gen_ai\./);
      if (name.startsWith('ATTR_TEST_SUITE_')) expect(key).toMatch(/^test\.suite\./);
    }
  });

  it('tells ids from names', () => {
    for (const id of [
      '3f2a9c1e-1111-2222-3333-444455556666',
      'session-deadbeefcafebabe0123',
      'run-1732147200123',
    ]) {
      expect(looksLikeId(id), id).toBe(true);
    }
    for (const name of [
      'claude-sonnet-4-5-20250929',
      'code-reviewer',
      'unit',
      'tactical',
      'gpt-4o',
    ]) {
      expect(looksLikeId(name), name).toBe(false);
    }
  });
});
