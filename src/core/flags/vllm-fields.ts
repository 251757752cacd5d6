// vLLM SamplingParams fields rpv has no flag for, so `/set` can tell a real field from a typo
// (`/set temprature 0.5` used to be sent to the worker, which ignored it).

/** SamplingParams fields beyond the flag table's, as vLLM names them. */
export const OTHER_VLLM_FIELDS: readonly string[] = [
  'length_penalty',
  'early_stopping',
  'min_tokens',
  'ignore_eos',
  'logprobs',
  'prompt_logprobs',
  'stop_token_ids',
  'bad_words',
  'include_stop_str_in_output',
  'skip_special_tokens',
  'spaces_between_special_tokens',
  'truncate_prompt_tokens',
  'logit_bias',
  'allowed_token_ids',
  'detokenize',
  'guided_json',
  'guided_regex',
  'guided_choice',
  'guided_grammar',
  'structured_outputs',
];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = keep;
    }
  }
  return row[b.length]!;
}

/** The closest of `names` to `typed`, when close enough to be a likely typo. */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = distance(typed, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return bestD <= Math.max(2, Math.floor(typed.length / 4)) ? best : undefined;
}
