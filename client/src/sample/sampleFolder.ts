// Pure helpers for "Open Sample Repository" (no `vscode` import, unit-tested).

export const SAMPLE_FOLDER_NAME = 'code-walkthroughs-sample';

/**
 * The first of `base`, `base-2`, `base-3`, … that can be used: it does not exist, or it is an
 * empty folder. Never a non-empty folder or a file.
 */
export async function chooseFreeFolderName(
  base: string,
  state: (name: string) => Promise<'missing' | 'empty' | 'used'>,
  limit = 100,
): Promise<string | undefined> {
  for (let i = 1; i <= limit; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    const found = await state(name);
    if (found !== 'used') return name;
  }
  return undefined;
}

export interface PendingStart {
  /** `Uri.toString()` of the folder the sample was copied to. */
  folder: string;
  /** Date.now() when it was opened; stale intents are dropped. */
  at: number;
}

export const PENDING_START_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * What to do with a stored intent in a window showing `folders`: `start` (it is for this window),
 * `keep` (it is for another window that may still be opening) or `drop` (malformed or expired).
 */
export function pendingStartAction(pending: unknown, folders: readonly string[], now: number): 'start' | 'keep' | 'drop' {
  if (!pending || typeof pending !== 'object') return 'drop';
  const { folder, at } = pending as { folder?: unknown; at?: unknown };
  if (typeof folder !== 'string' || typeof at !== 'number') return 'drop';
  if (now - at > PENDING_START_MAX_AGE_MS || now < at - 60_000) return 'drop';
  const normalize = (uri: string) => uri.replace(/\/+$/, '');
  return folders.some((f) => normalize(f) === normalize(folder)) ? 'start' : 'keep';
}
