// Helpers shared by the admin pages: load one API path into state, and show an error.
import { useEffect, useState } from 'preact/hooks';
import { get, ApiError } from '../api';

// Loads `path` (again when it or `query` changes). Returns [data (null while loading), setter, error text].
export function useLoad<T>(path: string, query?: Record<string, string | boolean>): [T | null, (v: T) => void, string] {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  useEffect(() => { setData(null); get<T>(path, query).then(setData).catch((e: ApiError) => setError(e.message)); }, [path, JSON.stringify(query)]);
  return [data, setData, error];
}

export function Err({ error }: { error: string }) { return error ? <p role="alert" class="error">{error}</p> : null; }
