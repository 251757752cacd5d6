// A small virtual terminal: replays what a program wrote to a pseudo-terminal onto a grid of
// cells, so tests can look at the screen as a person sees it (the last frame, not every frame
// Ink ever drew) and the README can show a real 80x24 capture. It knows the sequences Ink and
// the chat write: text with wide characters and auto-wrap, CR/LF/BS/TAB, cursor moves, erase
// line/display; colours and modes are read and ignored.

const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

const ZERO_RANGES: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
];

const inRanges = (cp: number, ranges: readonly (readonly [number, number])[]) =>
  ranges.some(([a, b]) => cp >= a && cp <= b);

/** Columns a code point takes on a terminal: 0, 1 or 2. */
export function cellWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || inRanges(cp, ZERO_RANGES)) return 0;
  return inRanges(cp, WIDE_RANGES) ? 2 : 1;
}

/** A terminal screen fed with raw output. */
export class VtScreen {
  private grid: string[][] = [];
  private row = 0;
  private col = 0;
  private wrapPending = false;
  private pending = '';
  /** Lines scrolled off the top, oldest first. */
  readonly scrollback: string[] = [];

  constructor(
    private cols: number,
    private rows: number,
  ) {
    for (let r = 0; r < rows; r++) this.grid.push(this.blankRow());
  }

  private blankRow(): string[] {
    return Array.from({ length: this.cols }, () => ' ');
  }

  /** Changes the size like xterm without reflow: blank rows under the cursor go first, then rows at the top. */
  resize(cols: number, rows: number): void {
    this.grid = this.grid.map((line) =>
      cols <= line.length ? line.slice(0, cols) : [...line, ...Array.from({ length: cols - line.length }, () => ' ')],
    );
    this.cols = cols;
    while (
      this.grid.length > rows &&
      this.grid.length - 1 > this.row &&
      this.rowText(this.grid[this.grid.length - 1] ?? []) === ''
    )
      this.grid.pop();
    while (this.grid.length > rows && this.row > 0) {
      this.scrollback.push(this.rowText(this.grid.shift() ?? []));
      this.row--;
    }
    this.grid = this.grid.slice(0, rows);
    while (this.grid.length < rows) this.grid.push(this.blankRow());
    this.rows = rows;
    this.row = Math.min(this.row, rows - 1);
    this.col = Math.min(this.col, cols - 1);
    this.wrapPending = false;
  }

  /** Feeds raw output; an escape sequence split across calls is held until it is complete. */
  write(data: string): void {
    const text = this.pending + data;
    this.pending = '';
    let i = 0;
    while (i < text.length) {
      const ch = text[i] ?? '';
      if (ch === '\u001b') {
        const used = this.escape(text, i);
        if (used === 0) {
          this.pending = text.slice(i);
          return;
        }
        i += used;
        continue;
      }
      const cp = text.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(cp);
      i += char.length;
      this.control(char, cp) || this.print(char, cp);
    }
  }

  private control(char: string, cp: number): boolean {
    if (char === '\r') this.moveTo(this.row, 0);
    else if (char === '\n') this.lineFeed();
    else if (char === '\b') this.moveTo(this.row, this.col - 1);
    else if (char === '\t') this.moveTo(this.row, Math.min(this.cols - 1, (Math.floor(this.col / 8) + 1) * 8));
    else return cp < 0x20 || cp === 0x7f;
    return true;
  }

  private print(char: string, cp: number): void {
    const width = cellWidth(cp);
    if (width === 0) return;
    if (this.wrapPending || this.col + width > this.cols) {
      this.lineFeed();
      this.col = 0;
    }
    this.wrapPending = false;
    const line = this.grid[this.row] ?? [];
    line[this.col] = char;
    if (width === 2) line[this.col + 1] = '';
    this.col += width;
    if (this.col >= this.cols) {
      this.col = this.cols - 1;
      this.wrapPending = true;
    }
  }

  private lineFeed(): void {
    this.wrapPending = false;
    if (this.row < this.rows - 1) {
      this.row++;
      return;
    }
    this.scrollback.push(this.rowText(this.grid.shift() ?? []));
    this.grid.push(this.blankRow());
  }

  private moveTo(row: number, col: number): void {
    this.row = Math.max(0, Math.min(this.rows - 1, row));
    this.col = Math.max(0, Math.min(this.cols - 1, col));
    this.wrapPending = false;
  }

  /** Handles the escape sequence at `at`; returns its length, or 0 when it is not complete yet. */
  private escape(text: string, at: number): number {
    const next = text[at + 1];
    if (next === undefined) return 0;
    if (next === '[') {
      const match = /^\u001b\[([0-?]*)([ -/]*)([@-~])/.exec(text.slice(at, at + 64));
      if (!match) return text.length - at < 64 ? 0 : 2;
      this.csi(match[1] ?? '', match[3] ?? '');
      return match[0].length;
    }
    if (next === ']') {
      const rest = text.slice(at);
      const end = /\u0007|\u001b\\/.exec(rest);
      return end ? end.index + end[0].length : 0;
    }
    return 2;
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?') || params.startsWith('>') || params.startsWith('<')) return;
    const nums = params.split(';').map((p) => (p === '' ? undefined : Number(p)));
    const n = nums[0] ?? 1;
    switch (final) {
      case 'A':
        return this.moveTo(this.row - n, this.col);
      case 'B':
        return this.moveTo(this.row + n, this.col);
      case 'C':
        return this.moveTo(this.row, this.col + n);
      case 'D':
        return this.moveTo(this.row, this.col - n);
      case 'G':
        return this.moveTo(this.row, n - 1);
      case 'd':
        return this.moveTo(n - 1, this.col);
      case 'H':
      case 'f':
        return this.moveTo((nums[0] ?? 1) - 1, (nums[1] ?? 1) - 1);
      case 'J':
        return this.eraseDisplay(nums[0] ?? 0);
      case 'K':
        return this.eraseLine(this.row, nums[0] ?? 0);
      default:
        return;
    }
  }

  private eraseLine(row: number, mode: number): void {
    const line = this.grid[row];
    if (!line) return;
    const [from, to] = mode === 0 ? [this.col, this.cols] : mode === 1 ? [0, this.col + 1] : [0, this.cols];
    for (let c = from; c < to; c++) line[c] = ' ';
  }

  private eraseDisplay(mode: number): void {
    if (mode === 3) {
      this.scrollback.length = 0;
      return;
    }
    this.eraseLine(this.row, mode === 2 ? 2 : mode);
    const rows = mode === 0 ? [this.row + 1, this.rows] : mode === 1 ? [0, this.row] : [0, this.rows];
    for (let r = rows[0] ?? 0; r < (rows[1] ?? 0); r++) this.grid[r] = this.blankRow();
  }

  private rowText(line: string[]): string {
    return line.join('').replace(/\s+$/, '');
  }

  /** The visible rows, trailing spaces removed. */
  lines(): string[] {
    return this.grid.map((line) => this.rowText(line));
  }

  /** The visible screen as text, trailing blank rows removed. */
  text(): string {
    return this.lines().join('\n').replace(/\n+$/, '');
  }

  /** Where the cursor is (0-based). */
  cursor(): { row: number; col: number } {
    return { row: this.row, col: this.col };
  }
}
