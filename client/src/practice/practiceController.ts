// Runs practice sessions in VS Code: the due queue across all walkthroughs, rehearsing one
// walkthrough, and mock interviews. The session logic is pure (session.ts, schedule.ts); this class
// fetches step content, opens the code, draws the card and records each rating in the store.
import * as vscode from 'vscode';
import { StepContentRequest, type StepContent, type WalkthroughSummary } from '../../../common/src/protocol';
import type { StepHighlight } from '../decorations';
import type { WalkthroughClient } from '../languageClient';
import type { TourController } from '../tour/tourController';
import type { StepCardView } from '../views/stepCard';
import { pickWalkthrough, primaryFirst } from '../views/pickWalkthrough';
import { stepLocation } from '../views/stepStatus';
import type { WalkthroughList } from '../walkthroughList';
import { cardId, type CardKey, type PracticeRating } from './history';
import { countsAsDue, fingerprint, landedInFunction, practiceOrder, splitForPractice, waitsForConfirmation } from './confirmation';
import type { PracticeCardModel, PracticeMessageType, PracticeSummaryModel } from './practiceCardHtml';
import type { PracticeStore } from './practiceStore';
import { isBuried, isSetAside, isSuspended } from './cardFlags';
import { CardStateCache, clampRetention, DEFAULT_NEW_PER_DAY, formatInterval, practiceToday, previewIntervals, scheduleCards, type PracticeToday, type ScheduledCard } from './schedule';
import {
  canUndo,
  currentCard,
  isFinished,
  pickMockQuestions,
  rate,
  reveal,
  setAside,
  skip,
  startSession,
  summarize,
  type MockCandidate,
  type PracticeSession,
  type SessionCard,
  type SessionKind,
  undoRating,
} from './session';
import { RATING_LABEL, S } from './strings';

export const PRACTISING_CONTEXT = 'walkthroughs.practising';

export interface PracticeEnvironment {
  now(): number;
  random(): number;
}

interface Shown {
  key: CardKey;
  content: StepContent;
}

export class PracticeController implements vscode.Disposable {
  private session: PracticeSession | undefined;
  private shown: Shown | undefined;
  /** True from the first question until the session ends (the summary no longer hides anything). */
  private asking = false;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the due count or the practising state may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly server: WalkthroughClient,
    private readonly list: WalkthroughList,
    private readonly store: PracticeStore,
    private readonly card: StepCardView,
    private readonly highlight: StepHighlight,
    private readonly tour: TourController,
    private readonly env: PracticeEnvironment = { now: Date.now, random: Math.random },
  ) {
    // Due counts change with time and with the history: the status bar and tree follow `changed`,
    // and a summary still in the card redraws its "Practice (N due · M new)" with the same count.
    const refresh = () => {
      this.refreshSummary();
      this.changed.fire();
    };
    const minute = setInterval(refresh, 60_000);
    this.disposables.push(
      list.onDidChange(refresh),
      store.onDidChange(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('walkthroughs.practice')) refresh();
      }),
      { dispose: () => clearInterval(minute) },
    );
    void vscode.commands.executeCommand('setContext', PRACTISING_CONTEXT, false);
  }

  /** While a question is asked: titles, memo headings, hovers and CodeLens stay hidden. */
  get practising(): boolean {
    return this.asking;
  }

  /** Every card's state, recomputed only when the history or the walkthroughs change (the tree asks per row). */
  private cache: { history: unknown; walkthroughs: unknown; confirmed: unknown; retention: number; byId: Map<string, ScheduledCard>; waiting: Set<string> } | undefined;
  private readonly states = new CardStateCache();

  /**
   * The cards that may be practised, the user's own walkthroughs first: steps waiting for
   * confirmation (see confirmation.ts) are left out until the user confirms them.
   */
  private cards(walkthroughs: readonly WalkthroughSummary[] = this.list.walkthroughs): ScheduledCard[] {
    const history = this.store.history;
    const confirmed = this.store.confirmations;
    const all = this.list.walkthroughs;
    const retention = this.retention;
    if (!this.cache || this.cache.history !== history || this.cache.walkthroughs !== all || this.cache.confirmed !== confirmed || this.cache.retention !== retention) {
      const split = splitForPractice(all, confirmed);
      // A never-reviewed card is due from the time of this computation, which is never after `now`.
      this.cache = { history, walkthroughs: all, confirmed, retention, byId: new Map(scheduleCards(history, split.cards, this.env.now(), this.states, retention).map((c) => [cardId(c), c])), waiting: new Set(split.waiting.map(cardId)) };
    }
    const byId = this.cache.byId;
    return practiceOrder(walkthroughs).flatMap((w) => w.steps.map((s) => byId.get(cardId({ walkthroughId: w.id, stepId: s.id }))).filter((c): c is ScheduledCard => c !== undefined));
  }

  /** Cards of the due queue: a landed copy's never-reviewed cards are practised on purpose only. */
  private dueCards(walkthroughs: readonly WalkthroughSummary[] = this.list.walkthroughs): ScheduledCard[] {
    const byId = new Map(walkthroughs.map((w) => [w.id, w]));
    return this.cards(walkthroughs).filter((c) => countsAsDue(byId.get(c.walkthroughId)!, c.reviews.length > 0));
  }

  /** `walkthroughs.practice.desiredRetention`, passed to ts-fsrs as `request_retention`. */
  private get retention(): number {
    return clampRetention(vscode.workspace.getConfiguration('walkthroughs.practice').get<number>('desiredRetention'));
  }

  private get newPerDay(): number {
    const value = vscode.workspace.getConfiguration('walkthroughs.practice').get<number>('newPerDay', DEFAULT_NEW_PER_DAY);
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : DEFAULT_NEW_PER_DAY;
  }

  /**
   * What there is to practise now, over the whole workspace (the new-card limit is one for all
   * walkthroughs): the status bar, the tree, the card and the progress page all count with this.
   */
  today(): PracticeToday {
    // The tree asks per walkthrough row: one computation serves every ask within the same second
    // with the same history, walkthroughs, flags and limit (17 ms on a year of 300 cards' reviews).
    const now = this.env.now();
    const key = [this.store.history, this.list.walkthroughs, this.store.confirmations, this.store.flags, this.newPerDay, this.retention, Math.floor(now / 1000)] as const;
    const hit = this.todayCache;
    if (hit && hit.key.every((v, i) => v === key[i])) return hit.value;
    const value = practiceToday(this.dueCards(), this.store.history, now, { newPerDay: this.newPerDay, flags: this.store.flags });
    this.todayCache = { key, value };
    return value;
  }

  private todayCache: { key: readonly unknown[]; value: PracticeToday } | undefined;

  /** THE due number: reviewed cards due now (one walkthrough's share of it with an id). */
  dueCount(walkthroughId?: string): number {
    const { due } = this.today();
    return walkthroughId ? due.filter((c) => c.walkthroughId === walkthroughId).length : due.length;
  }

  /** New cards still allowed today (one walkthrough's share of the day's limit with an id). */
  newCount(walkthroughId?: string): number {
    const { fresh } = this.today();
    return walkthroughId ? fresh.filter((c) => c.walkthroughId === walkthroughId).length : fresh.length;
  }

  /** Every practisable card (not waiting for confirmation), for the progress page. */
  practisableCards(): ScheduledCard[] {
    return this.dueCards();
  }

  /** How many steps wait for the user's confirmation before they are practised. */
  waitingCount(walkthroughId?: string): number {
    this.cards();
    const waiting = this.cache!.waiting;
    if (!walkthroughId) return waiting.size;
    const walkthrough = this.list.find(walkthroughId);
    return walkthrough ? walkthrough.steps.filter((s) => waiting.has(cardId({ walkthroughId, stepId: s.id }))).length : 0;
  }

  waits(walkthroughId: string, stepId: string): boolean {
    this.cards();
    return this.cache!.waiting.has(cardId({ walkthroughId, stepId }));
  }

  /** "Accept Steps That Landed in Their Function" on a walkthrough: how many were confirmed. */
  async confirmLanded(walkthroughId: string): Promise<number> {
    const walkthrough = this.list.find(walkthroughId);
    if (!walkthrough) return 0;
    const steps = walkthrough.steps.filter((s) => landedInFunction(s) && waitsForConfirmation(walkthroughId, s, this.store.confirmations));
    await this.store.confirmAll(steps.map((s) => ({ key: { walkthroughId, stepId: s.id }, print: fingerprint(s) })));
    return steps.length;
  }

  /** "Looks Right": the user checked the step as it is now; it is practised from now on. */
  async confirm(walkthroughId: string, stepId: string): Promise<boolean> {
    const step = this.list.find(walkthroughId)?.steps.find((s) => s.id === stepId);
    if (!step || !waitsForConfirmation(walkthroughId, step, this.store.confirmations)) return false;
    await this.store.confirm({ walkthroughId, stepId }, fingerprint(step));
    return true;
  }

  /** The tree row's note: the last rating and when the step is due again. */
  stepNote(walkthroughId: string, stepId: string): string {
    const walkthrough = this.list.find(walkthroughId);
    if (!walkthrough) return '';
    const now = this.env.now();
    const key = { walkthroughId, stepId };
    const flags = this.store.flags;
    if (isSuspended(flags, key)) return S.suspendedNote;
    if (isBuried(flags, key, now)) return S.buriedNote;
    const scheduled = this.cards([walkthrough]).find((c) => c.stepId === stepId);
    const last = scheduled?.reviews.at(-1);
    if (!scheduled || !last) return '';
    const due = scheduled.card.due.getTime();
    return `${RATING_LABEL[last.rating]} · ${due <= now ? S.dueNow : S.dueIn(formatInterval(due - now))}`;
  }

  /** "Practice Due Questions": every due card of the workspace, most overdue first, then today's new ones. */
  async practiceDue(): Promise<void> {
    await this.list.ready();
    if (!(await this.mayReplace())) return;
    const now = this.env.now();
    const cards = this.dueCards();
    if (cards.length === 0) {
      const waiting = this.waitingCount();
      void vscode.window.showInformationMessage(waiting > 0 ? S.allWaiting(waiting) : S.noQuestions);
      return;
    }
    const today = this.today();
    const queue = [...today.due, ...today.fresh];
    if (queue.length === 0) {
      const flags = this.store.flags;
      const next = Math.min(...cards.filter((c) => c.reviews.length > 0 && !isSetAside(flags, c, now)).map((c) => c.card.due.getTime()));
      const when = Number.isFinite(next) ? new Date(next).toLocaleString() : undefined;
      void vscode.window.showInformationMessage(today.newLeft > 0 ? `${S.nothingDue(when)} ${S.newLimitReached(today.newLeft)}` : S.nothingDue(when));
      return;
    }
    await this.begin('due', queue);
  }

  /**
   * A session is running (a question is asked): asks whether to go back to it or replace it with
   * the new one. True when the new session may start.
   */
  private async mayReplace(): Promise<boolean> {
    const session = this.session;
    if (!session || isFinished(session) || !this.asking) return true;
    const resume = S.resume;
    const replace = S.replace;
    const choice = await vscode.window.showWarningMessage(S.sessionRunning(session.kind, session.index + 1, session.queue.length), { modal: true }, resume, replace);
    if (choice === replace) return true;
    if (choice === resume) {
      await this.card.show();
      if (this.shown) await this.revealCode(this.shown.content);
    }
    return false;
  }

  /** Rehearses one walkthrough, every step in order (or only the due ones, when some are not). */
  async rehearse(walkthroughId?: string): Promise<void> {
    await this.list.ready();
    if (!(await this.mayReplace())) return;
    const walkthrough = walkthroughId ? this.list.find(walkthroughId) : await this.pickWalkthrough(S.rehearsePick);
    if (!walkthrough || walkthrough.steps.length === 0) return;
    const now = this.env.now();
    const flags = this.store.flags;
    const cards = this.cards([walkthrough]).filter((c) => !isSetAside(flags, c, now));
    if (cards.length === 0) {
      void vscode.window.showInformationMessage(S.allWaiting(this.waitingCount(walkthrough.id)));
      return;
    }
    // "Only the due": the walkthrough's share of the due number and of today's new cards.
    const today = this.today();
    const mine = (c: ScheduledCard) => c.walkthroughId === walkthrough.id;
    const due = [...today.due.filter(mine), ...today.fresh.filter(mine)];
    let queue: SessionCard[] = cards;
    if (due.length > 0 && due.length < cards.length) {
      const onlyDue = S.onlyDue(due.length);
      const all = S.allSteps(cards.length);
      const choice = await vscode.window.showQuickPick([onlyDue, all], { title: `${S.rehearseTitle}: ${walkthrough.title}` });
      if (!choice) return;
      if (choice === onlyDue) queue = due;
    }
    await this.begin('walkthrough', queue);
  }

  /** "Mock Interview": N random questions across topics (or one walkthrough), with follow-ups. */
  async mockInterview(walkthroughId?: string): Promise<void> {
    await this.list.ready();
    if (!(await this.mayReplace())) return;
    const config = vscode.workspace.getConfiguration('walkthroughs.practice');
    let walkthroughs: readonly WalkthroughSummary[] = this.list.walkthroughs;
    if (walkthroughId) {
      walkthroughs = walkthroughs.filter((w) => w.id === walkthroughId);
    } else if (walkthroughs.length > 1) {
      type Item = vscode.QuickPickItem & { id?: string };
      const items: Item[] = [
        { label: S.mockAllTopics, detail: S.mockAllTopicsDetail },
        ...walkthroughs.map((w) => ({ label: w.title, id: w.id, description: `${w.steps.length}` })),
      ];
      const picked = await vscode.window.showQuickPick(items, { title: S.mockScope });
      if (!picked) return;
      if (picked.id) walkthroughs = walkthroughs.filter((w) => w.id === picked.id);
    }
    // Only what may be practised: steps waiting for confirmation are not asked.
    const now = this.env.now();
    const flags = this.store.flags;
    const practisable = new Set(this.cards(walkthroughs).filter((c) => !isSetAside(flags, c, now)).map(cardId));
    const candidates = mockCandidates(practiceOrder(walkthroughs).map((w) => ({ ...w, steps: w.steps.filter((s) => practisable.has(cardId({ walkthroughId: w.id, stepId: s.id }))) })));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(S.noQuestions);
      return;
    }
    const defaultCount = Math.min(candidates.length, Math.max(1, config.get<number>('mockQuestions', 5)));
    const answer = await vscode.window.showInputBox({
      title: S.mockTitle,
      prompt: S.mockCount(config.get<boolean>('followUps', true)),
      value: String(defaultCount),
      validateInput: (value) => (/^\s*\d+\s*$/.test(value) && Number(value) >= 1 && Number(value) <= 50 ? undefined : S.mockCountInvalid),
    });
    if (answer === undefined) return;
    const queue = pickMockQuestions(candidates, Number(answer), () => this.env.random(), config.get<boolean>('followUps', true));
    const targetSeconds = Math.max(10, config.get<number>('targetAnswerSeconds', 120));
    await this.begin('mock', queue, targetSeconds * 1000);
  }

  private async begin(kind: SessionKind, queue: readonly SessionCard[], targetMs?: number): Promise<void> {
    await this.tour.yieldViews(() => void this.stop(false));
    this.session = startSession(kind, queue, this.env.now(), targetMs);
    await this.setAsking(true);
    await this.showCurrent();
  }

  private async setAsking(asking: boolean): Promise<void> {
    if (this.asking === asking) return;
    this.asking = asking;
    await vscode.commands.executeCommand('setContext', PRACTISING_CONTEXT, asking);
    this.server.setQuietCode(asking);
    this.changed.fire();
  }

  /** Opens the current card's code and shows its question; skips steps that no longer exist. */
  private async showCurrent(): Promise<void> {
    const generation = ++this.generation;
    let session = this.session;
    while (session && !isFinished(session)) {
      const key = currentCard(session)!;
      // A card buried or suspended meanwhile (e.g. its repeat after Again) is not asked.
      const content = isSetAside(this.store.flags, key, this.env.now()) ? null : await this.server.request(StepContentRequest, key, null);
      if (generation !== this.generation || this.session !== session) return;
      if (content) {
        this.shown = { key, content };
        this.render();
        await this.card.show();
        await this.revealCode(content);
        return;
      }
      session = this.session = skip(session, this.env.now());
    }
    if (session) await this.finish();
  }

  private async finish(): Promise<void> {
    this.shown = undefined;
    this.highlight.clear();
    await this.setAsking(false);
    this.render();
  }

  /** Card buttons and keys. */
  async handle(type: PracticeMessageType): Promise<void> {
    switch (type) {
      case 'practiceReveal':
        return this.reveal();
      case 'rate1':
      case 'rate2':
      case 'rate3':
      case 'rate4':
        return this.rate(Number(type.slice(4)) as PracticeRating);
      case 'practiceEnd':
        return this.endSession();
      case 'practiceUndo':
        await this.undo();
        return;
      case 'practiceBury':
        return this.setAside('bury');
      case 'practiceSuspend':
        return this.setAside('suspend');
      case 'practiceShowCode':
        if (this.shown) await this.revealCode(this.shown.content);
        return;
      case 'practiceAgain':
        return this.practiseAgain();
      case 'practiceDue':
        return this.practiceDue();
      case 'practiceProgress':
        await vscode.commands.executeCommand('walkthroughs.showPracticeProgress');
        return;
      case 'practiceDone':
        return this.stop(true);
    }
  }

  reveal(): void {
    if (!this.session || !this.shown || this.session.revealed) return;
    this.session = reveal(this.session);
    this.render();
  }

  async rate(rating: PracticeRating): Promise<void> {
    const session = this.session;
    if (!session || !session.revealed || !this.shown) return;
    const result = rate(session, rating, this.env.now());
    if (!result) return;
    this.session = result.session;
    await this.store.add(result.review);
    await this.showCurrent();
  }

  /** Undoes the last rating: its review leaves the history and its card is shown again, revealed. */
  async undo(): Promise<boolean> {
    const session = this.session;
    const undone = session && undoRating(session);
    if (!undone) {
      void vscode.window.showInformationMessage(S.nothingToUndo);
      return false;
    }
    this.session = undone.session;
    await this.store.remove(undone.review);
    await this.setAsking(true);
    await this.showCurrent();
    return true;
  }

  /** Buries (until tomorrow) or suspends (until unsuspended) the card shown, and moves on. */
  async setAside(how: 'bury' | 'suspend'): Promise<void> {
    const session = this.session;
    const card = session && currentCard(session);
    if (!session || !card || !this.shown) return;
    const key = { walkthroughId: card.walkthroughId, stepId: card.stepId };
    this.session = setAside(session, this.env.now());
    if (how === 'bury') await this.store.bury(key);
    else await this.store.suspend(key);
    vscode.window.setStatusBarMessage(how === 'bury' ? S.buried : S.suspended, 5000);
    await this.showCurrent();
  }

  /** Ends the running session early: the summary of what was answered so far. */
  async endSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (session.results.length === 0 || isFinished(session)) return this.stop(true);
    this.session = { ...session, queue: session.queue.slice(0, session.index), index: session.index };
    this.generation++;
    await this.finish();
  }

  private async practiseAgain(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const { toReview } = summarize(session);
    if (toReview.length === 0) return;
    await this.begin(session.kind, toReview, session.targetMs);
  }

  /** Leaves practice; with `reclaim`, the tour's idle card comes back (not when a step opens). */
  async stop(reclaim: boolean): Promise<void> {
    this.generation++;
    this.session = undefined;
    this.shown = undefined;
    await this.setAsking(false);
    if (reclaim) {
      this.highlight.clear();
      this.tour.reclaimViews();
    }
  }

  /** The status bar's text during a session, e.g. "Practice 2 of 5". */
  get sessionStatus(): string | undefined {
    const session = this.session;
    if (!session || isFinished(session)) return undefined;
    return S.sessionStatus(session.kind, session.index + 1, session.queue.length);
  }

  /** Redraws the session summary (not a question: its timer and reveal state must not reset). */
  private refreshSummary(): void {
    if (!this.session || !isFinished(this.session)) return;
    const model = this.model();
    if (model?.kind !== 'practiceSummary' || (this.shownSummary && model.dueLeft === this.shownSummary.dueLeft && model.newLeft === this.shownSummary.newLeft && model.canUndo === this.shownSummary.canUndo)) return;
    this.shownSummary = model;
    this.card.update(model);
  }

  /** The summary last drawn, so that it is redrawn (losing its scroll) only when a count changed. */
  private shownSummary: PracticeSummaryModel | undefined;

  private render(): void {
    const model = this.model();
    this.shownSummary = model?.kind === 'practiceSummary' ? model : undefined;
    if (model) this.card.update(model);
    this.changed.fire();
  }

  private model(): PracticeCardModel | undefined {
    const session = this.session;
    if (!session) return undefined;
    const now = this.env.now();
    if (isFinished(session)) {
      const summary = summarize(session);
      const title = (key: CardKey) => this.list.findStep(key.walkthroughId, key.stepId)?.title ?? key.stepId;
      const topic = (id: string) => this.list.find(id)?.title ?? id;
      return {
        kind: 'practiceSummary',
        mode: session.kind,
        rows: summary.results.map((r) => ({ walkthroughTitle: topic(r.walkthroughId), title: title(r), rating: r.rating, durationMs: r.durationMs, followUp: !!r.followUp })),
        totalMs: summary.totalMs,
        counts: summary.counts,
        weakest: summary.weakest.map((t) => ({ title: topic(t.walkthroughId), mean: t.mean })),
        toReview: summary.toReview.map((k) => ({ walkthroughTitle: topic(k.walkthroughId), title: title(k) })),
        overTarget: summary.overTarget,
        ...(session.targetMs ? { targetMs: session.targetMs } : {}),
        dueLeft: this.dueCount(),
        newLeft: this.newCount(),
        canUndo: canUndo(session),
      };
    }
    const shown = this.shown;
    if (!shown) return undefined;
    const { content } = shown;
    const location = stepLocation(content.step);
    const model: PracticeCardModel = {
      kind: 'practice',
      mode: session.kind,
      walkthroughTitle: content.walkthrough.title,
      position: session.index + 1,
      total: session.queue.length,
      followUp: !!currentCard(session)?.followUp,
      revealed: session.revealed,
      canUndo: canUndo(session),
      elapsedMs: now - session.shownAt,
      ...(content.question ? { question: content.question } : { promptTitle: content.step.title }),
      ...(location ? { location } : {}),
      ...(session.targetMs ? { targetMs: session.targetMs } : {}),
    };
    if (session.revealed) {
      model.answer = { title: content.step.title, ...(content.points ? { points: content.points } : {}), ...(content.section ? { section: content.section.heading } : {}) };
      const scheduled = this.cards(this.list.walkthroughs.filter((w) => w.id === shown.key.walkthroughId)).find((c) => cardId(c) === cardId(shown.key));
      if (scheduled) {
        const intervals = previewIntervals(scheduled.card, now, this.retention);
        model.intervals = { 1: formatInterval(intervals[1]), 2: formatInterval(intervals[2]), 3: formatInterval(intervals[3]), 4: formatInterval(intervals[4]) };
      }
    }
    return model;
  }

  private revealCode(content: StepContent): Promise<void> {
    return this.highlight.reveal(content.step, { preserveFocus: true, cardColumn: this.card.editorColumn });
  }

  private async pickWalkthrough(title: string): Promise<WalkthroughSummary | undefined> {
    if (this.list.walkthroughs.length === 0) {
      void vscode.window.showInformationMessage(S.noQuestions);
      return undefined;
    }
    const picked = await pickWalkthrough(primaryFirst(this.list.walkthroughs), {
      title,
      placeHolder: S.walkthroughPlaceholder,
      describe: (walkthrough) => {
        const due = this.dueCount(walkthrough.id);
        const fresh = this.newCount(walkthrough.id);
        return [due ? S.dueStatus(due) : '', fresh ? S.newStatus(fresh) : '', walkthrough.primary ? S.primary : ''].filter(Boolean).join(' · ');
      },
    });
    return picked === 'extra' ? undefined : picked;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

/** Steps with a question (else every step), each with its walkthrough's next step as follow-up. */
export function mockCandidates(walkthroughs: readonly WalkthroughSummary[]): MockCandidate[] {
  const withQuestions = walkthroughs.some((w) => w.steps.some((s) => s.hasQuestion));
  const candidates: MockCandidate[] = [];
  for (const walkthrough of walkthroughs) {
    const steps = walkthrough.steps;
    steps.forEach((step, i) => {
      if (withQuestions && !step.hasQuestion) return;
      const next = steps[i + 1];
      const followUp = next && (!withQuestions || next.hasQuestion) ? next.id : undefined;
      candidates.push({ walkthroughId: walkthrough.id, stepId: step.id, ...(followUp ? { next: followUp } : {}) });
    });
  }
  return candidates;
}
