// The text of a streamed Runpod vLLM job as the bench's reference clients print it: the new
// worker's SSE strings (cut anywhere, so parsed from their concatenation) or legacy token batches.
/** Returns a function that takes each `/stream` item's output and writes its text with `write`. */
export function textWriter(write) {
  let sse = '';
  return (output) => {
    if (typeof output !== 'string') {
      for (const tokens of output?.choices?.[0]?.tokens ?? []) write(tokens);
      return;
    }
    sse += output;
    let end;
    while ((end = sse.indexOf('\n\n')) !== -1) {
      const event = sse.slice(0, end);
      sse = sse.slice(end + 2);
      const data = event.startsWith('data: ') ? event.slice(6) : '';
      if (data === '' || data === '[DONE]') continue;
      const text = JSON.parse(data).choices?.[0]?.text;
      if (text) write(text);
    }
  };
}
