// Math.random ids as the OpenTelemetry JS SDK's RandomIdGenerator makes them: trace ids need
// uniqueness, not secrecy, and loading node:crypto would cost start-up time on every hook.
// Hex digits come from a table of bytes: Number#toString(16) costs several times as much.
const HEX = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1));

function hex8(): string {
  const n = (Math.random() * 0x100000000) >>> 0;
  return HEX[n >>> 24]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
}

export function newTraceId(): string {
  const id = hex8() + hex8() + hex8() + hex8();
  return id === '00000000000000000000000000000000' ? newTraceId() : id;
}

export function newSpanId(): string {
  const id = hex8() + hex8();
  return id === '0000000000000000' ? newSpanId() : id;
}
