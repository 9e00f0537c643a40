// One read of the API for a component (a wizard's choices, a details
// section): its result, its failure, and a way to ask again. A newer read
// wins over an older one still on its way; `key` '' asks nothing.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiMethod, ApiParams, ApiResult } from '../../../shared/contract/api.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { api } from './instance.ts';

export interface ReadState<T> {
  data: T | null;
  error: ErrorInfo | null;
  loading: boolean;
  reload(): void;
}

/** Calls `method` with `params` whenever `key` changes (a string that names the params). */
export function useRead<M extends ApiMethod>(method: M, params: ApiParams<M>, key: string): ReadState<ApiResult<M>> {
  const [data, setData] = useState<ApiResult<M> | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;
  const load = useCallback(async () => {
    if (key === '') return;
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    const out = await api().call(method, paramsRef.current);
    if (mine !== seq.current) return;
    setLoading(false);
    if (out.ok) setData(out.result);
    else setError(out.error);
  }, [method, key]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: () => void load() };
}
