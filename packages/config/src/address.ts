/** `host:port` addresses of the stack's servers (IPv6 hosts in brackets, as Prometheus writes them). */
export const ADDRESS_PATTERN =
  /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Splits a valid address; the port is checked by the schema to lie in 1-65535. */
export function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Whether an address is only reachable from this machine. */
export function isLoopback(address: string): boolean {
  return LOOPBACK.test(splitAddress(address).host);
}
