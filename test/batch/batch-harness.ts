// Shared by the spawned-binary batch tests: input files in the suite's home, result parsing, and
// the expected text of a result from the emulator's own generator.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Harness } from '../cli/harness.js';

/** One parsed output line. */
export interface OutLine {
  id: string | null;
  custom_id: string;
  response: {
    status_code: number;
    request_id: string;
    body: { object: string; choices: Record<string, unknown>[]; usage?: Record<string, number> };
  } | null;
  error: { code: string; message: string } | null;
  rpv?: Record<string, unknown>;
}

/** Writes JSON lines (strings are written as they are, values JSON-encoded) into the home folder. */
export function writeInput(h: Harness, name: string, lines: unknown[]): string {
  const file = join(h.home.dir, name);
  writeFileSync(
    file,
    `${lines.map((l) => (typeof l === 'string' && l.startsWith('RAW:') ? l.slice(4) : JSON.stringify(l))).join('\n')}\n`,
  );
  return file;
}

/** Parses a JSON-lines text; every non-empty line must be JSON (no torn or stray lines). */
export function parseLines(text: string): OutLine[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as OutLine);
}

/** Reads an output file (empty list when missing). */
export function readOut(file: string): OutLine[] {
  return existsSync(file) ? parseLines(readFileSync(file, 'utf8')) : [];
}

/** The generated text of a result line (choice 0). */
function textOf(line: OutLine): string {
  const c = line.response?.body.choices[0] as { text?: string; message?: { content?: string } } | undefined;
  return c?.text ?? c?.message?.content ?? '';
}

/** Checks each result's text against what the emulator generates for the job's input. */
export function expectExactTexts(h: Harness, endpoint: string, lines: OutLine[]): void {
  const jobs = new Map(h.jobsOn(endpoint).map((j) => [j.id, j]));
  for (const line of lines) {
    expect(line.error, `custom_id ${line.custom_id}`).toBeNull();
    const job = jobs.get(line.id ?? '');
    expect(job, `job of custom_id ${line.custom_id}`).toBeDefined();
    expect(textOf(line), `text of custom_id ${line.custom_id}`).toBe(h.emu.generate(job!.input)[0]);
  }
}

/** custom_ids in output order. */
export const ids = (lines: OutLine[]): string[] => lines.map((l) => l.custom_id);

/** Input lines `{custom_id: "p<i>", prompt}` for i in 1..n. */
export function prompts(n: number, maxTokens?: (i: number) => number): unknown[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const line: Record<string, unknown> = { custom_id: `p${i}`, prompt: `prompt number ${i}` };
    if (maxTokens) line.sampling_params = { max_tokens: maxTokens(i) };
    return line;
  });
}
