import {
  ApiError,
  ApiErrors,
  dataOf,
  type GraphQLBody,
  requestBody,
  requestHeaders,
  request as send,
  type TadaDocumentNode,
} from '@attain/client';

// The operations are @attain/client's; this module only binds them to the signed-in key.
export type { ResultOf, VariablesOf } from '@attain/client';
export { ApiError, ApiErrors };

/**
 * Sends operations by their sha256 only, for an API that runs only registered operations
 * (ATTAIN_TRUSTED_DOCUMENTS_ONLY=1 with @attain/client's manifest): build with
 * VITE_ATTAIN_PERSISTED_OPERATIONS=1.
 */
export const persisted = import.meta.env.VITE_ATTAIN_PERSISTED_OPERATIONS === '1';

/** Sends one operation to /graphql with the key, and returns its data or throws an ApiError. */
export function request<Result, Variables>(
  key: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  return send(document, variables, { key, persisted });
}

/**
 * As `request`, over XMLHttpRequest, which (unlike fetch) reports how much of a large body has
 * been sent: `onUploaded(sent, total)` in bytes. Every error of a refused request is kept
 * (ApiErrors), since an import's refused variables name one record each.
 */
export async function requestWithUploadProgress<Result, Variables>(
  key: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  onUploaded: (sent: number, total: number) => void,
): Promise<Result> {
  const body = await requestBody(document as TadaDocumentNode<unknown, unknown>, variables, persisted);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/graphql');
    for (const [name, value] of Object.entries(requestHeaders(key))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onUploaded(event.loaded, event.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError('The API cannot be reached. Check that it is running, then try again.', 'NETWORK', 0),
      );
    xhr.onload = () => {
      let result: GraphQLBody<Result>;
      try {
        result = JSON.parse(xhr.responseText);
      } catch {
        reject(
          new ApiError(
            `The API answered HTTP ${xhr.status} without a GraphQL result.`,
            'BAD_RESPONSE',
            xhr.status,
          ),
        );
        return;
      }
      if (result.errors?.length && !result.data) {
        reject(
          new ApiErrors(
            result.errors.map((error) => ({
              message: error.message,
              code: error.extensions?.code ?? 'ERROR',
            })),
            xhr.status,
          ),
        );
        return;
      }
      try {
        resolve(dataOf(result, xhr.status));
      } catch (error) {
        reject(error);
      }
    };
    xhr.send(body);
  });
}
