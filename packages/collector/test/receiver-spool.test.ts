// The receiver's own spool files, read back by the spool reader: rotation, removal once
// consumed, and no lost line when a file grows and is closed while a scan is reading it.
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ReceiverSpool } from '../src/receiver-spool.js';
import { SpoolReader } from '../src/spool-reader.js';
import { tempDir } from '../../../test/support/paths.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup(rotateBytes: number) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const spool = new ReceiverSpool(dir, 4096, rotateBytes);
  const reader = new SpoolReader({
    dir,
    maxLineBytes: 4096,
    maxBytesPerScan: 1 << 20,
    retainSeconds: 0,
    foreignIdleSeconds: 600,
    closedFiles: spool.closedFiles,
  });
  const lines: string[] = [];
  const rejects: string[] = [];
  const handlers = {
    line: (text: string) => lines.push(text),
    reject: (reason: string) => rejects.push(reason),
  };
  const scan = async () => reader.remove(await reader.scan(handlers));
  return { dir, spool, reader, lines, rejects, handlers, scan };
}

const request = (name: string) => ({
  resourceSpans: [{ scopeSpans: [{ spans: [{ name: name.padEnd(200, '.') }] }] }],
});

describe('receiver spool', () => {
  it('rotates its file, and the reader removes each closed file once it has read it', async () => {
    const { dir, spool, lines, rejects, scan } = setup(2000);
    for (let i = 0; i < 100; i++) {
      expect(spool.append(request(`r${i}`))).toBeUndefined();
      if (i % 7 === 0) await scan();
    }
    await scan();
    expect(lines).toHaveLength(100);
    expect(rejects).toEqual([]);
    expect(spool.closedFiles.size).toBeGreaterThan(5);
    // Only the file still being written is left.
    expect(readdirSync(dir)).toEqual([spool.currentFile]);
  });

  it('loses no line appended while a scan reads the file that is then closed', async () => {
    const { spool, reader, lines, scan } = setup(1 << 30);
    spool.append(request('first'));
    let grown = false;
    const racing = {
      line: (text: string) => {
        lines.push(text);
        if (grown) return;
        grown = true;
        // After the reader's stat, before it decides whether the file is finished.
        spool.append(request('second'));
        spool.rotate();
      },
      reject: () => undefined,
    };
    await reader.remove(await reader.scan(racing));
    await scan();
    expect(
      lines.map((l) =>
        JSON.parse(l).resourceSpans[0].scopeSpans[0].spans[0].name.replace(/\.+$/, ''),
      ),
    ).toEqual(['first', 'second']);
  });

  it('refuses a single item longer than a spool line', () => {
    const { spool } = setup(1 << 30);
    expect(spool.append(request('x'.repeat(5000)))).toMatch(/longer than the spool line limit/);
  });
});
