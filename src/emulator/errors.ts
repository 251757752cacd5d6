// The emulator's own error type: it stands alone (imports nothing from the rest of src), so
// `rpv emulate` turns this into its one-line message and exit code 2 itself.

/** A bad option or flag value given to the emulator; `hint` is an optional second line. */
export class EmulatorUsageError extends Error {
  /** Exit code of `rpv emulate` for this error (the CLI's usage-error code). */
  readonly exitCode = 2;
  readonly hint?: string;

  constructor(message: string, options: { hint?: string } = {}) {
    super(message);
    this.name = 'EmulatorUsageError';
    if (options.hint !== undefined) this.hint = options.hint;
  }
}
