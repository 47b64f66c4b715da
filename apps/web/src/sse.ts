import { requestBody, requestHeaders, type TadaDocumentNode } from '@attain/client';
import { ApiError, persisted } from './graphql';

/**
 * Runs a subscription over server-sent events (GraphQL over SSE, the API's transport) and calls
 * `onNext` with each result until the server completes the stream or `signal` aborts it. fetch,
 * not EventSource: EventSource cannot send the Authorization header.
 */
export async function subscribe<Result, Variables>(
  key: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  onNext: (data: Result) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: requestHeaders(key, 'text/event-stream'),
    body: await requestBody(document as TadaDocumentNode<unknown, unknown>, variables, persisted),
    signal,
  });
  if (!response.ok || !response.body) {
    throw new ApiError(
      `The API answered HTTP ${response.status} to the subscription.`,
      'BAD_RESPONSE',
      response.status,
    );
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const event = /^event: *(.*)$/m.exec(block)?.[1]?.trim();
      if (event === 'complete') return;
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      const body = JSON.parse(data) as {
        data?: Result;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const first = body.errors?.[0];
      if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR', response.status);
      if (body.data) onNext(body.data);
    }
  }
}
