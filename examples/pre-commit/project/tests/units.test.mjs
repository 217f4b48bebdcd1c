import assert from 'node:assert/strict';
import test from 'node:test';
import { kmPerSecondToSI } from '../src/units.mjs';

test('km/s to m/s', () => {
  assert.equal(kmPerSecondToSI(400), 400_000);
});
