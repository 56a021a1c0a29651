/**
 * The `walkthroughs` settings: read with workspace/configuration (never waiting more than a
 * second for a client that does not answer), or taken from initializationOptions and
 * didChangeConfiguration payloads.
 */
import type { Connection } from 'vscode-languageserver';
import type { CodeLensMode, WalkthroughsSettings } from '../../../common/src/protocol';
import { describeError, type Logger } from './log';
import type { Settings } from './workspace';

export const CONFIGURATION_TIMEOUT_MS = 1000;

export function toSettings(settings: WalkthroughsSettings | undefined): Settings {
  const files = Array.isArray(settings?.files) ? settings.files.filter((glob): glob is string => typeof glob === 'string') : undefined;
  const mode = settings?.codeLens?.mode;
  const codeLensMode: CodeLensMode = mode === 'summary' || mode === 'activeTour' || mode === 'off' ? mode : 'all';
  return {
    codeLensEnabled: settings?.codeLens?.enabled !== false,
    codeLensMode,
    hoverEnabled: settings?.hover?.enabled !== false,
    showConvertedTours: settings?.codeTour?.showConvertedTours === true,
    ...(files ? { files } : {}),
  };
}

/** The client's `walkthroughs` section; undefined when it has none, fails or does not answer in time. */
export async function fetchSettings(connection: Connection, logger: Logger): Promise<WalkthroughsSettings | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CONFIGURATION_TIMEOUT_MS);
    });
    const answer = (await Promise.race([connection.workspace.getConfiguration('walkthroughs'), timeout])) as WalkthroughsSettings | null | undefined | 'timeout';
    if (answer === 'timeout') {
      logger.error(`[configuration] the client did not answer workspace/configuration within ${CONFIGURATION_TIMEOUT_MS} ms; keeping the current settings`);
      return undefined;
    }
    // A client that knows no such section answers null: keep what initializationOptions said.
    return answer ?? undefined;
  } catch (error) {
    logger.error(`[configuration] ${describeError(error)}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
