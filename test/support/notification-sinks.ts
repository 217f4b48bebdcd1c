import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './ports.js';

/** What a receiver got, with the time it arrived. */
interface Received {
  at: number;
}

export interface SlackMessage extends Received {
  path: string;
  channel: string;
  attachments: { title: string; title_link: string; text: string; color: string }[];
}

export interface Email extends Received {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export interface Sink<T extends Received> {
  received: T[];
  /** The first message (in arrival order) that `match` accepts; waits for it. */
  next(what: string, match: (m: T) => boolean, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

function sink<T extends Received>(received: T[], stop: () => Promise<void>): Sink<T> {
  return {
    received,
    stop,
    next: (what, match, timeoutMs = 30_000) =>
      waitFor(what, () => received.find(match), timeoutMs, 100),
  };
}

/**
 * Stands in for Slack's incoming-webhook endpoint: takes the JSON Alertmanager POSTs and answers
 * like Slack does (200 `ok`).
 */
export async function startSlackSink(): Promise<Sink<SlackMessage> & { url: string }> {
  const received: SlackMessage[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      try {
        const msg = JSON.parse(body) as Omit<SlackMessage, 'at' | 'path'>;
        received.push({ ...msg, at: Date.now(), path: req.url ?? '' });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } catch {
        res.writeHead(400).end('invalid_payload');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...sink(received, () => new Promise((resolve) => server.close(() => resolve()))),
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
  };
}

/**
 * A real SMTP server (the smtp-server library: EHLO, AUTH, MAIL, RCPT, DATA) that keeps each
 * message, parsed. Plain text on loopback, login required: the credentials are checked.
 */
export async function startSmtpSink(login: {
  user: string;
  password: string;
}): Promise<Sink<Email> & { port: number; rejectedLogins: () => number }> {
  const received: Email[] = [];
  let rejected = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === login.user && auth.password === login.password)
        return done(null, { user: auth.username });
      rejected++;
      done(new Error('Invalid username or password'));
    },
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            at: Date.now(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            text: mail.text ?? '',
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    ...sink(received, () => new Promise((resolve) => server.close(() => resolve()))),
    port,
    rejectedLogins: () => rejected,
  };
}
