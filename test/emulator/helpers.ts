// Shared helpers of the emulator tests: HTTP calls with global fetch, job polling, SSE parsing.
import { expect } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';

/** A harmless fake key. */
export const KEY = 'emu-test-key';
export const AUTH = { authorization: `Bearer ${KEY}` };

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when not JSON); loosely typed on purpose: tests probe it. */
  json: any;
}

/** One HTTP call against the emulator; `path` is relative to the server root. */
export async function call(
  emu: Emulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = AUTH,
): Promise<Reply> {
  const res = await fetch(emu.url + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Submits a job with /run and returns its ID. */
export async function submit(
  emu: Emulator,
  input: unknown,
  ep = 'ep1',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await call(emu, 'POST', `/v2/${ep}/run`, { input, ...extra });
  expect(r.status).toBe(200);
  expect(r.json.status).toBe('IN_QUEUE');
  return r.json.id as string;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

/** Waits for a terminal /status (status-sync long-poll) and returns the status object. */
export async function finalStatus(emu: Emulator, id: string, ep = 'ep1'): Promise<any> {
  for (let i = 0; i < 20; i++) {
    const r = await call(emu, 'GET', `/v2/${ep}/status-sync/${id}?wait=5000`);
    expect(r.status).toBe(200);
    if (TERMINAL.has(r.json.status)) return r.json;
  }
  throw new Error(`job ${id} never ended`);
}

/** Drains /stream until terminal with an empty stream; returns every item and each reply. */
export async function drainAll(
  emu: Emulator,
  id: string,
  ep = 'ep1',
): Promise<{ items: unknown[]; replies: { status: string; count: number }[] }> {
  const items: unknown[] = [];
  const replies: { status: string; count: number }[] = [];
  for (let i = 0; i < 500; i++) {
    const r = await call(emu, 'GET', `/v2/${ep}/stream/${id}?wait=2000`);
    expect(r.status).toBe(200);
    const stream = r.json.stream as { output: unknown }[];
    items.push(...stream.map((s) => s.output));
    replies.push({ status: r.json.status, count: stream.length });
    if (TERMINAL.has(r.json.status) && stream.length === 0) return { items, replies };
  }
  throw new Error('stream never ended');
}

/** Parses SSE text into JSON payloads; `done` tells whether [DONE] ended it. */
export function parseSse(text: string): { events: any[]; done: boolean } {
  const events: any[] = [];
  let done = false;
  for (const block of text.split('\n\n')) {
    if (block === '') continue;
    expect(block.startsWith('data: ')).toBe(true);
    const data = block.slice(6);
    if (data === '[DONE]') done = true;
    else events.push(JSON.parse(data));
  }
  return { events, done };
}

/** Joins the text deltas of parsed chunks per choice index (completion or chat chunks). */
export function textsFromChunks(
  events: { choices: { index: number; text?: string; delta?: { content?: string } }[] }[],
): string[] {
  const out: string[] = [];
  for (const e of events) {
    for (const c of e.choices) out[c.index] = (out[c.index] ?? '') + (c.text ?? c.delta?.content ?? '');
  }
  return out;
}

/** Resolves after ms. */
export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
