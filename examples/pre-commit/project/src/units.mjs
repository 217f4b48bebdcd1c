/**
 * Converts a speed to SI.
 * @units value: km/s -> m/s
 */
export function kmPerSecondToSI(value) {
  return value * 1000;
}

/**
 * Squares a quantity.
 * @units any -> any^2
 */
export function square(x) {
  return x * x;
}
