// The chat's y/N questions (overwrite a /save file, /clear a named session): what the key after
// the question does. Pure.
import type { KeyAction } from './keymap.js';
import { clearNow } from './run-command.js';
import { addItems, same, type ChatState, type ChatStep, type Confirm } from './state.js';

const YES = /^y(es)?$/i;
const NO = /^no?$/i;
const ANSWERS_NO: readonly KeyAction['type'][] = ['submit', 'escape', 'interrupt', 'eof'];

/**
 * The key after a y/N question: y (or yes) does it; n, Enter, Esc, Ctrl-C or Ctrl-D do not. Any
 * other key also answers no and is then passed on (`passOn`) to do what it always does, so
 * nothing typed is lost.
 */
export function answerConfirm(state: ChatState, confirm: Confirm, key: KeyAction): { step: ChatStep; passOn: boolean } {
  const base = { ...state, confirm: undefined };
  const yes = key.type === 'insert' && YES.test(key.text);
  const echoed = addItems(base, { kind: 'notice', tone: 'dim', text: `${confirm.question} ${yes ? 'y' : 'n'}` });
  if (yes) {
    if (confirm.kind === 'clear') return { step: clearNow(echoed), passOn: false };
    const { file, conversation } = confirm;
    const effects = [{ type: 'transcript' as const, file, conversation, overwrite: true }];
    return { step: { state: echoed, effects }, passOn: false };
  }
  const declined = addItems(echoed, {
    kind: 'notice',
    tone: 'info',
    text: confirm.kind === 'clear' ? 'not cleared' : 'not saved',
  });
  const answersNo = (key.type === 'insert' && NO.test(key.text)) || ANSWERS_NO.includes(key.type);
  return { step: same(declined), passOn: !answersNo };
}
