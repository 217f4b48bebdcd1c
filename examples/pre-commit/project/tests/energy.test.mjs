import assert from 'node:assert/strict';
import test from 'node:test';
import { protonKineticEnergy } from '../src/energy.mjs';

test('kinetic energy of a 400 km/s solar wind proton', () => {
  const joules = protonKineticEnergy(400_000);
  assert.ok(Math.abs(joules - 1.338e-16) < 1e-18, `got ${joules}`);
});
