// Turns what Ink's useInput reports into editing intents. Pure, so every key binding is a table
// test. Pasted text keeps its newlines: a bracketed paste, or any multi-character input that
// holds a newline inside it, is inserted and never submitted. Keys typed ahead and read in one
// chunk (text, Ctrl-U, Backspace, ..., then Enter) are typing: each is applied in order.
import type { Key } from 'ink';

/** What a key press asks for. */
export type KeyAction =
  | { type: 'insert'; text: string }
  | {
      type:
        | 'newline'
        | 'submit'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'home'
        | 'end'
        | 'up'
        | 'down'
        | 'word-left'
        | 'word-right'
        | 'kill-start'
        | 'kill-end'
        | 'kill-word'
        | 'tab'
        | 'interrupt'
        | 'eof'
        | 'escape';
    };

/** Result of one key: the action (if any) and whether a bracketed paste is in progress. */
export interface MappedKey {
  action?: KeyAction;
  pasting: boolean;
}

/** Ink reports the bracketed-paste markers ESC[200~ / ESC[201~ with the ESC stripped. */
const PASTE_START = '[200~';
const PASTE_END = '[201~';

/** Pasted or typed text made safe for the box: CR/CRLF to LF, other controls dropped. */
export function normalizeTyped(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

const CTRL_KEYS: Record<string, KeyAction['type']> = {
  c: 'interrupt',
  d: 'eof',
  a: 'home',
  e: 'end',
  b: 'left',
  f: 'right',
  p: 'up',
  n: 'down',
  u: 'kill-start',
  k: 'kill-end',
  w: 'kill-word',
};

function mapPasting(input: string, key: Key): KeyAction | undefined {
  if (key.return) return { type: 'insert', text: '\n' };
  if (key.tab) return { type: 'insert', text: '\t' };
  const text = normalizeTyped(input);
  return text ? { type: 'insert', text } : undefined;
}

function action(type: Exclude<KeyAction['type'], 'insert'>): KeyAction {
  return { type } as KeyAction;
}

/** Maps one useInput callback to an action; `pasting` is the state from the previous call. */
export function mapKey(input: string, key: Key, pasting: boolean): MappedKey {
  if (input === PASTE_START) return { pasting: true };
  if (input === PASTE_END) return { pasting: false };
  if (pasting) return { action: mapPasting(input, key), pasting };
  const done = (a?: KeyAction): MappedKey => ({ action: a, pasting: false });

  if (key.return) return done(action(key.meta ? 'newline' : 'submit'));
  if (input === '\n') return done(action('newline'));
  if (key.ctrl && !key.meta) {
    if (key.leftArrow) return done(action('word-left'));
    if (key.rightArrow) return done(action('word-right'));
    const mapped = CTRL_KEYS[input];
    return done(mapped ? action(mapped as Exclude<KeyAction['type'], 'insert'>) : undefined);
  }
  if (key.backspace || key.delete) return done(action(key.meta && input === '' ? 'kill-word' : 'backspace'));
  if (key.upArrow) return done(action('up'));
  if (key.downArrow) return done(action('down'));
  if (key.leftArrow) return done(action(key.meta ? 'word-left' : 'left'));
  if (key.rightArrow) return done(action(key.meta ? 'word-right' : 'right'));
  if (key.home) return done(action('home'));
  if (key.end) return done(action('end'));
  if (key.tab) return done(key.shift ? undefined : action('tab'));
  if (key.escape) return done(action('escape'));
  if (key.meta && input.length === 1) {
    if (input === 'b') return done(action('word-left'));
    if (input === 'f') return done(action('word-right'));
    return done();
  }
  const text = normalizeTyped(input);
  return done(text ? { type: 'insert', text } : undefined);
}

/** Every action of one useInput callback, and whether a bracketed paste is in progress. */
export interface MappedInput {
  actions: KeyAction[];
  pasting: boolean;
}

/** The key a control character typed inside a run of text stands for (Ctrl-U, Backspace, ...). */
function controlKey(code: number): Exclude<KeyAction['type'], 'insert'> | undefined {
  if (code === 0x08 || code === 0x7f) return 'backspace';
  if (code >= 1 && code <= 26) return CTRL_KEYS[String.fromCharCode(code + 96)] as Exclude<KeyAction['type'], 'insert'>;
  return undefined;
}

function isText(code: number): boolean {
  return code === 0x09 || (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f));
}

/** Keys typed ahead and read as one chunk, in order: text, control keys, and a final Enter. */
function typedRun(input: string): KeyAction[] {
  const actions: KeyAction[] = [];
  let text = '';
  const flush = () => {
    if (text) actions.push({ type: 'insert', text });
    text = '';
  };
  for (const ch of input) {
    const code = ch.codePointAt(0) ?? 0;
    if (isText(code)) {
      text += ch;
      continue;
    }
    const type = ch === '\r' ? 'submit' : controlKey(code);
    if (!type) continue;
    flush();
    actions.push(action(type));
  }
  flush();
  return actions;
}

/**
 * Maps one useInput callback to its actions. Keys typed while the process is busy or over a slow
 * link reach it in one read (Ink already splits escape sequences such as arrows off): `yes\r` is
 * text and then Enter, so it is inserted and sent; `abc\x15xyz` is abc, Ctrl-U, xyz. A trailing
 * \n is Ctrl-J, a new line. A chunk with a line break anywhere else is a paste from a terminal
 * without bracketed paste: inserted, never sent.
 */
export function mapInput(input: string, key: Key, pasting: boolean): MappedInput {
  const marker = input === PASTE_START || input === PASTE_END;
  const body = input.endsWith('\r') ? input.slice(0, -1) : input;
  if (!pasting && !marker && !key.meta && !key.ctrl && input.length > 1 && !/[\r\n]/.test(body)) {
    return { actions: typedRun(input), pasting: false };
  }
  const mapped = mapKey(input, key, pasting);
  return { actions: mapped.action ? [mapped.action] : [], pasting: mapped.pasting };
}
