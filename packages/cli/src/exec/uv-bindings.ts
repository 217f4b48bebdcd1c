/**
 * The libuv handles Node's child_process and net modules are built on, reached through
 * `process.binding()` (on its allow-list and not deprecated at run time in Node 20): starting a
 * process and making a socket pair without loading child_process, net and stream. Undefined
 * where they are not available; callers then fall back to the public modules.
 */
export interface UvBindings {
  Process: new () => {
    pid: number;
    onexit: (exitCode: number, signalCode: string) => void;
    spawn(options: object): number;
    kill(signal: number): number;
    close(): void;
  };
  Pipe: new (type: number) => UvPipe;
  pipeSocket: number;
  /** How a handle's `onread` learns how many bytes came (negative: end of file or an error). */
  readState: { state: Int32Array; bytes: number; offset: number };
}

export interface UvPipe {
  fd: number;
  open(fd: number): number;
  setBlocking(blocking: boolean): number;
  /** Called with the bytes read (see UvBindings.readState) once readStart was called. */
  onread: ((buffer: ArrayBuffer) => void) | undefined;
  readStart(): number;
  readStop(): number;
  close(): void;
}

let bindings: UvBindings | null | undefined;

export function uvBindings(): UvBindings | null {
  if (bindings !== undefined) return bindings;
  try {
    const get = (process as unknown as { binding(name: string): Record<string, unknown> }).binding;
    const { Process } = get('process_wrap') as Pick<UvBindings, 'Process'>;
    const pipeWrap = get('pipe_wrap') as {
      Pipe: UvBindings['Pipe'];
      constants: { SOCKET: number };
    };
    const streams = get('stream_wrap') as {
      streamBaseState: Int32Array;
      kReadBytesOrError: number;
      kArrayBufferOffset: number;
    };
    bindings =
      typeof Process === 'function' &&
      typeof pipeWrap.Pipe === 'function' &&
      streams.streamBaseState instanceof Int32Array
        ? {
            Process,
            Pipe: pipeWrap.Pipe,
            pipeSocket: pipeWrap.constants.SOCKET,
            readState: {
              state: streams.streamBaseState,
              bytes: streams.kReadBytesOrError,
              offset: streams.kArrayBufferOffset,
            },
          }
        : null;
  } catch {
    bindings = null;
  }
  return bindings;
}
