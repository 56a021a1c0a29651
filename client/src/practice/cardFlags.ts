// Suspended and buried cards (pure, no `vscode` import, unit-tested), as Anki has them: a buried
// card is hidden until the next local day, a suspended one until the user unsuspends it.
//
// Stored next to the practice history, in `globalState` synced with Settings Sync (practiceStore.ts),
// but under a key of its own: like the reviews, it is the user's decision about a card, so it
// follows them to every machine and every clone of the repository (cards are keyed by walkthrough
// and step ids, not by path); unlike the reviews it is mutable state, not an append-only log, so it
// stays out of the history's export/import/merge format.
import { cardId, type CardKey } from './history';

export interface CardFlags {
  /** card id → when it was suspended (ms). */
  suspended: Readonly<Record<string, number>>;
  /** card id → the time it comes back (the next local midnight after it was buried). */
  buried: Readonly<Record<string, number>>;
}

export const NO_FLAGS: CardFlags = { suspended: {}, buried: {} };

/** Reads the stored value defensively: anything malformed is dropped, never thrown on. */
export function parseFlags(value: unknown): CardFlags {
  const read = (field: unknown): Record<string, number> => {
    const out: Record<string, number> = {};
    if (!field || typeof field !== 'object' || Array.isArray(field)) return out;
    for (const [id, at] of Object.entries(field)) if (typeof at === 'number' && Number.isFinite(at)) out[id] = at;
    return out;
  };
  const raw = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { suspended: read(raw.suspended), buried: read(raw.buried) };
}

/** Midnight (local time) of the day after the one containing `ms` (by calendar: DST-safe). */
export function nextLocalMidnight(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** Buries a card: hidden from every queue and count until tomorrow. */
export function bury(flags: CardFlags, key: CardKey, now: number): CardFlags {
  return { ...flags, buried: { ...withoutExpired(flags.buried, now), [cardId(key)]: nextLocalMidnight(now) } };
}

/** Suspends a card: hidden until unsuspended (its reviews and schedule are kept). */
export function suspend(flags: CardFlags, key: CardKey, now: number): CardFlags {
  return { ...flags, suspended: { ...flags.suspended, [cardId(key)]: now } };
}

/** Unsuspends and unburies a card. */
export function restore(flags: CardFlags, key: CardKey): CardFlags {
  const id = cardId(key);
  const { [id]: _s, ...suspended } = flags.suspended;
  const { [id]: _b, ...buried } = flags.buried;
  return { suspended, buried };
}

export function isSuspended(flags: CardFlags | undefined, key: CardKey): boolean {
  return !!flags && Object.hasOwn(flags.suspended, cardId(key));
}

export function isBuried(flags: CardFlags | undefined, key: CardKey, now: number): boolean {
  const until = flags && Object.hasOwn(flags.buried, cardId(key)) ? flags.buried[cardId(key)]! : undefined;
  return until !== undefined && now < until;
}

/** Suspended, or buried until later than `now`: left out of practice. */
export function isSetAside(flags: CardFlags | undefined, key: CardKey, now: number): boolean {
  return isSuspended(flags, key) || isBuried(flags, key, now);
}

/** Burials that have run out are dropped whenever the flags are written, so the map stays small. */
function withoutExpired(buried: Readonly<Record<string, number>>, now: number): Record<string, number> {
  return Object.fromEntries(Object.entries(buried).filter(([, until]) => until > now));
}
