// The examples at the end of each subcommand's `--help`, kept apart from the option wiring so
// they read as a page of their own.
const EXAMPLES: Record<string, readonly string[]> = {
  complete: [
    'rpv complete "Write a haiku about GPUs"',
    'git diff | rpv complete "Write a commit message for this diff:"',
    'rpv complete --max-tokens 200 --temperature 0 "2+2="',
    'rpv complete --json "2+2=" | jq -r .text',
    'id=$(rpv complete --detach "Long job") && rpv status "$id" --wait --text',
  ],
  chat: [
    'rpv chat                              interactive, saved after every turn',
    'rpv chat -s "Answer in French" "Hello"  one turn',
    'rpv chat -c                           continue the most recent conversation',
    'rpv chat --session work               load and append to the session "work"',
  ],
  status: [
    'rpv status                            the recent jobs',
    'rpv status <job-id> --wait --text      wait, then print only its text',
    'rpv status <job-id> --json',
  ],
  cancel: ['rpv cancel <job-id>', 'rpv cancel <id1> <id2>'],
  health: ['rpv health', 'rpv health --watch --interval 5s', 'rpv health --json | jq .workers'],
  config: [
    'rpv config set api-key                asks with hidden input',
    'rpv config set endpoint abc123',
    'rpv config set --profile work endpoint def456',
    'rpv config list',
  ],
  sessions: ['rpv sessions', 'rpv sessions show <name>', 'rpv sessions delete <name>', 'rpv sessions path'],
  completion: [
    'source <(rpv completion bash)         in ~/.bashrc',
    'source <(rpv completion zsh)          in ~/.zshrc',
    'rpv completion fish > ~/.config/fish/completions/rpv.fish',
  ],
  emulate: [
    'rpv emulate --port 0',
    'rpv emulate --cold-start 3s --token-delay 20ms',
    'rpv emulate --reply-file reply.md',
  ],
};

/** The "Examples:" block of `rpv <command> --help`, or '' for a command without one. */
export function examplesFor(command: string): string {
  const lines = EXAMPLES[command];
  return lines === undefined ? '' : `\nExamples:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}
