import type { TadaDocumentNode } from '@attain/client';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, request } from './graphql';
import { useSession } from './session';

export type QueryState<Result> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError }
  | { status: 'done'; data: Result; error?: undefined };

/** Runs a query with the session's key when the variables change; `reload` runs it again. */
export function useQuery<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): QueryState<Result> & { reload: () => void } {
  const { key } = useSession();
  const [state, setState] = useState<QueryState<Result>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const variablesKey = JSON.stringify(variables);
  // biome-ignore lint/correctness/useExhaustiveDependencies: variablesKey stands for variables, generation for reload.
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    request(key, document, variables).then(
      (data) => current && setState({ status: 'done', data }),
      (error: unknown) =>
        current &&
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(String(error), 'ERROR', 0),
        }),
    );
    return () => {
      current = false;
    };
  }, [key, document, variablesKey, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}
