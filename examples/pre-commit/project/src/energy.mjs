import { square } from './units.mjs';

/**
 * Kinetic energy of a proton moving at speed v.
 * @units v: m/s -> J
 */
export function protonKineticEnergy(v) {
  const protonMass = 1.67262192e-27; // kg
  return 0.5 * protonMass * square(v);
}
