// Math.random ids as the OpenTelemetry JS SDK's RandomIdGenerator makes them: trace ids need
// uniqueness, not secrecy, and loading node:crypto would cost start-up time on every hook.
function hex8(): string {
  return ((Math.random() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
}

export function newTraceId(): string {
  const id = hex8() + hex8() + hex8() + hex8();
  return id === '00000000000000000000000000000000' ? newTraceId() : id;
}

export function newSpanId(): string {
  const id = hex8() + hex8();
  return id === '0000000000000000' ? newSpanId() : id;
}
